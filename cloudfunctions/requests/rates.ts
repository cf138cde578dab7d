/**
 * The rates as offices and departments read them (`rates`), and the recount that checks the stored
 * counters against the requests' own events (`recount`).
 *
 * rates — round trips (∥ = sent together):
 * - an office naming its region: caller ∥ the region ∥ its regions one level down ∥ their counters and the
 *   counters of the units at the region ∥ the departments that may act there. 1.
 * - an office without a region: caller → the same reads for its own region. 2.
 * - department staff: caller → their units' counters ∥ their departments ∥ the county and township names. 2.
 * Counters documents are found by their `_id` (`region:<code>`, `unit:<unitKey>`), anchored regular
 * expressions over a collection of a few thousand documents, never by reading requests.
 *
 * recount — an administrator's repair tool, one county per call so that a call reads a county's requests
 * (a few thousand at full scale) within the function's time and memory; the prefecture's own counters are
 * then checked against the sum of its counties', which holds exactly because every household's path passes
 * through one county.
 */
import type { Department, Region, RequestRates } from '@config/documents'
import type { RatesRow } from '@shared/contracts/requests'
import type { Bilingual } from '@shared/bilingual'
import type { ActionContext, Db } from '@fn/handler'
import { PAGE, collection } from '@fn/db'
import { isAdmin, reachesRegion } from '@fn/access'
import { AppError } from '@shared/errors'
import { periodsOf } from '@shared/time'
import { covers, levelOf, normaliseRegion, pathOf, regionPrefix } from '@shared/region'
import type { RateCounters } from './domain/rates'
import { RATE_COUNTERS, addCounters, emptyCounters, rates, recount as recountEvents } from './domain/rates'
import { periodRatesId, regionRatesId, unitRatesId } from './counting'
import { prefetchCalendar } from './menu'

type NameOnly = Pick<Region, '_id' | 'name' | 'level'>
type DepartmentName = Pick<Department, '_id' | 'name'>

const UNNAMED: Bilingual = { 'zh-Hans': '', bo: '' }

/** digits the codes one level down add to a region's prefix, and the zeros after them */
const CHILD_DIGITS: Record<string, [number, number]> = { prefecture: [2, 6], county: [3, 3], township: [3, 0] }

/** `region:<code>` of the region and each region one level down (a village has none). */
function childPattern(code: string): string {
  const level = levelOf(code) ?? 'village'
  const digits = CHILD_DIGITS[level]
  if (!digits) return `^region:${code}$`
  return `^region:${regionPrefix(code)}\\d{${digits[0]}}${'0'.repeat(digits[1])}$`
}

function countersOf(doc: Pick<RequestRates, 'counters'> | undefined): RateCounters {
  return addCounters(emptyCounters(), doc?.counters ?? {})
}

function row(
  key: string,
  kind: RatesRow['kind'],
  name: Bilingual,
  counters: RateCounters,
  place?: Bilingual,
): RatesRow {
  return { key, kind, name, ...(place ? { place } : {}), counters, rates: rates(counters) }
}

/** What one region's view reads, all at once. */
function readRegionView(db: Db, code: string) {
  const _ = db.command
  const regions = collection(db, 'regions')
  const counters = collection(db, 'requestRates')
  const county = pathOf(code)[1]
  return Promise.all([
    regions.get(code, ['name', 'level']),
    regions.find({ parent: code }, { fields: ['name', 'level'], limit: PAGE }),
    counters.find({ _id: db.RegExp({ regexp: childPattern(code) }) }, { limit: PAGE }),
    counters.find({ _id: db.RegExp({ regexp: `^unit:(department:[^:]+|office:office):${code}$` }) }, { limit: PAGE }),
    // the departments that may act at this region: the prefecture's, and the county's own
    collection(db, 'departments').find(_.or([{ level: 'prefecture' }, ...(county ? [{ regionPath: county }] : [])]), {
      fields: ['name'],
      limit: PAGE,
    }),
  ])
}

export function prefetchRates(
  input: { region?: string },
  db: Db,
): { view: ReturnType<typeof readRegionView> | undefined } {
  return { view: input.region && levelOf(input.region) ? readRegionView(db, input.region) : undefined }
}

type View = Awaited<ReturnType<typeof readRegionView>>

function regionAnswer(code: string, [region, children, regionDocs, unitDocs, departments]: View) {
  if (!region) throw new AppError('NOT_FOUND')
  const byId = new Map(regionDocs.map((d) => [d._id, d]))
  const names = new Map<string, Bilingual>(departments.map((d: DepartmentName) => [d._id, d.name]))
  const byRegion = (children as NameOnly[])
    .map((child) => row(child._id, 'region', child.name, countersOf(byId.get(regionRatesId(child._id)))))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  const byUnit = unitDocs
    .map((doc) => {
      const [, kind, id] = doc._id.split(':')
      return kind === 'office'
        ? row(`office:${code}`, 'office', region.name, countersOf(doc))
        : row(`department:${id}`, 'department', names.get(id ?? '') ?? UNNAMED, countersOf(doc))
    })
    .sort((a, b) => (a.kind === b.kind ? (a.key < b.key ? -1 : 1) : a.kind === 'office' ? -1 : 1))
  return {
    region: { code, name: region.name, level: region.level },
    total: row(code, 'region', region.name, countersOf(byId.get(regionRatesId(code)))),
    byRegion,
    byUnit,
  }
}

/** A department's units wherever it acts (its county seat and township stations), each named by its place. */
async function departmentAnswer(db: Db, departmentIds: string[]) {
  const _ = db.command
  const escaped = departmentIds.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const [unitDocs, departments, places] = await Promise.all([
    collection(db, 'requestRates').findAll({ _id: db.RegExp({ regexp: `^unit:department:(${escaped.join('|')}):` }) }),
    collection(db, 'departments').find({ _id: _.in(departmentIds) }, { fields: ['name'], limit: PAGE }),
    collection(db, 'regions').find({ level: _.in(['county', 'township']) }, { fields: ['name'], limit: PAGE }),
  ])
  const names = new Map<string, Bilingual>(departments.map((d: DepartmentName) => [d._id, d.name]))
  const placeNames = new Map<string, Bilingual>(places.map((p: Pick<Region, '_id' | 'name'>) => [p._id, p.name]))
  let total = emptyCounters()
  const byUnit = unitDocs
    .map((doc) => {
      const [, , id, region] = doc._id.split(':') as [string, string, string, string]
      const counters = countersOf(doc)
      total = addCounters(total, counters)
      return row(`department:${id}:${region}`, 'department', names.get(id) ?? UNNAMED, counters, placeNames.get(region))
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  const name = departmentIds.length === 1 ? (names.get(departmentIds[0]!) ?? UNNAMED) : UNNAMED
  return { total: row(`department:${departmentIds.join(',')}`, 'department', name, total), byRegion: [], byUnit }
}

export async function ratesOf(input: { region?: string }, ctx: ActionContext<ReturnType<typeof prefetchRates>>) {
  const grants = ctx.scope.grants
  const offices = grants.flatMap((g) => (g.role === 'office' ? [normaliseRegion(g.region)] : []))
  if (input.region) {
    // the same refusal whether the region exists or not
    if (!reachesRegion(grants, input.region)) throw new AppError('FORBIDDEN')
    return regionAnswer(input.region, await (ctx.prefetched.view ?? readRegionView(ctx.db, input.region)))
  }
  const own = offices[0] ?? (isAdmin(grants) ? await prefectureOf(ctx.db) : undefined)
  if (own) return regionAnswer(own, await readRegionView(ctx.db, own))
  const departments = grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  if (departments.length === 0) throw new AppError('FORBIDDEN')
  return departmentAnswer(ctx.db, departments)
}

async function prefectureOf(db: Db): Promise<string | undefined> {
  const [top] = await collection(db, 'regions').find({ level: 'prefecture' }, { fields: ['_id'], limit: 1 })
  return top?._id
}

// ---------------------------------------------------------------------------------------------------
// The recount

export interface Difference {
  id: string
  counter: string
  stored: number
  actual: number
}

function compare(stored: Map<string, RateCounters>, expected: Map<string, RateCounters>): Difference[] {
  const differences: Difference[] = []
  for (const id of [...new Set([...stored.keys(), ...expected.keys()])].sort()) {
    const a = stored.get(id) ?? emptyCounters()
    const b = expected.get(id) ?? emptyCounters()
    for (const counter of RATE_COUNTERS)
      if (a[counter] !== b[counter]) differences.push({ id, counter, stored: a[counter], actual: b[counter] })
  }
  return differences
}

async function repair(db: Db, expected: Map<string, RateCounters>, differences: Difference[]): Promise<void> {
  const docs = collection(db, 'requestRates')
  const ids = [...new Set(differences.map((d) => d.id))]
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(ids.slice(i, i + 20).map((id) => docs.set(id, { counters: expected.get(id) ?? emptyCounters() })))
  }
}

/** The counters every request under `county` adds up to, per counters document of the county. */
async function recountCounty(db: Db, county: string, periods: boolean): Promise<Map<string, RateCounters>> {
  const [calendar, requests] = await Promise.all([
    prefetchCalendar(db),
    collection(db, 'requests').findAll({ regionPath: county }, ['regionPath', 'events']),
  ])
  const expected = new Map<string, RateCounters>()
  const add = (id: string, counters: Partial<RateCounters>) =>
    expected.set(id, addCounters(expected.get(id) ?? emptyCounters(), counters))
  // each event's changes go to the counters of all time and of the month and quarter it happened in: what
  // the events before it add up to, taken from what it and they add up to
  const ids = (id: string, at: string) =>
    periods ? [id, ...periodsOf(at).map((period) => periodRatesId(period, id))] : [id]
  for (const request of requests) {
    let before = recountEvents([], calendar)
    for (let i = 0; i < request.events.length; i++) {
      const event = request.events[i]!
      const after = recountEvents(request.events.slice(0, i + 1), calendar)
      const total = subtract(after.total, before.total)
      for (const code of request.regionPath)
        if (code !== pathOf(county)[0]) for (const id of ids(regionRatesId(code), event.at)) add(id, total)
      for (const [key, counters] of after.byUnit)
        for (const id of ids(unitRatesId(key), event.at)) add(id, subtract(counters, before.byUnit.get(key)))
      before = after
    }
  }
  return expected
}

function subtract(a: RateCounters, b: RateCounters | undefined): Partial<RateCounters> {
  return Object.fromEntries(RATE_COUNTERS.map((name) => [name, a[name] - (b?.[name] ?? 0)]))
}

/** Whether a counters document belongs to the county: a region inside it, or a unit acting inside it (of all
 * time or of a period). */
function inCounty(id: string, county: string): boolean {
  if (id.startsWith('p:')) return inCounty(id.split(':').slice(2).join(':'), county)
  if (id.startsWith('region:')) return covers(county, id.slice('region:'.length))
  const region = id.split(':').pop() ?? ''
  return covers(county, region)
}

export async function recountRates(
  input: { county?: string; fix: boolean; periods?: boolean },
  ctx: ActionContext<unknown>,
): Promise<{ checked: number; differences: Difference[]; counties: string[] }> {
  const { db } = ctx
  const docs = collection(db, 'requestRates')
  const counties = (await collection(db, 'regions').findAll({ level: 'county' }, ['_id'])).map((r) => r._id).sort()
  if (input.county) {
    const county = input.county
    if (levelOf(county) !== 'county') throw new AppError('INVALID_ARGUMENT', 'validation.invalid')
    const prefix = regionPrefix(county)!
    const [expected, stored] = await Promise.all([
      recountCounty(db, county, input.periods ?? false),
      docs.findAll({
        _id: db.RegExp({ regexp: `^${input.periods ? '(p:[^:]+:)?' : ''}(region:${prefix}|unit:.*:${prefix})` }),
      }),
    ])
    const storedMap = new Map(stored.filter((d) => inCounty(d._id, county)).map((d) => [d._id, countersOf(d)]))
    const differences = compare(storedMap, expected)
    if (input.fix) await repair(db, expected, differences)
    return { checked: new Set([...storedMap.keys(), ...expected.keys()]).size, differences, counties }
  }
  // the prefecture: its counters against the sum of its counties' (recounted first, one call each)
  // of all time and of each period (`p:<period>:region:<code>`)
  const prefectures = [...new Set(counties.map((c) => pathOf(c)[0]!))]
  const stored = await docs.findAll({
    _id: db.RegExp({
      regexp: `^${input.periods ? '(p:[^:]+:)?' : ''}region:(${[...prefectures, ...counties].join('|')})$`,
    }),
  })
  const top = new Set(prefectures)
  const expected = new Map<string, RateCounters>()
  const storedMap = new Map<string, RateCounters>()
  for (const doc of stored) {
    const code = doc._id.split(':').pop()!
    if (top.has(code)) {
      storedMap.set(doc._id, countersOf(doc))
      continue
    }
    const id = `${doc._id.slice(0, doc._id.length - code.length)}${pathOf(code)[0]!}`
    expected.set(id, addCounters(expected.get(id) ?? emptyCounters(), countersOf(doc)))
  }
  const differences = compare(storedMap, expected)
  if (input.fix) await repair(db, expected, differences)
  return { checked: storedMap.size, differences, counties }
}
