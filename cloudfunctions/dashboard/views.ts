/**
 * `home` and `drill`: every figure read from counters by `_id` (a region's children by an `_id` pattern), all
 * sent at once. When the input names the region or department, serve sends these reads beside the caller's
 * lookup (`prefetch`), and an action answers in one round trip; without it, the caller's own key is read
 * once the caller is known, in a second. The department axis of a drill reads the region's departments
 * first and their counters after: two round trips.
 *
 * Nothing read early is answered before serve has checked the caller's roles and the region's scope, and a
 * department's reach is checked here before its figures are put together.
 */
import type { DashboardFigures, Department, OpportunityCounts, Region, RequestRates, Stats } from '@config/documents'
import { opportunityCountsId } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import type { Axis, DashboardKey, DashboardRow, Figures, MemberOpportunities } from '@shared/contracts/dashboard'
import { AppError } from '@shared/errors'
import type { RegionLevel } from '@shared/region'
import { levelOf, normaliseRegion, regionPrefix } from '@shared/region'
import { chinaMonth, now } from '@shared/time'
import { reachesDepartment } from '@fn/access'
import type { Db } from '@fn/db'
import { PAGE, collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import type { RateCounters, Sources } from './domain/figures'
import { figuresOf, sumCounters } from './domain/figures'
import { currentLike, isMonth, previousPeriod, quarterOf } from './domain/periods'
import { NOW, figuresId, needsId, statsId } from './keys'
import { withContactTarget } from './phases'

export interface Whose {
  region?: string
  departmentId?: string
  period?: string
}

/** The periods a view compares: the one asked for (the current month by default) and the one before. */
export function periodsFor(input: Whose, at = now()): { period: string; previous: string; current: boolean } {
  const period = input.period ?? chinaMonth(at)
  return { period, previous: previousPeriod(period), current: period === currentLike(period, at) }
}

type Found<T> = Promise<T[]>
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Digits after a level's prefix that name a child, and the zeros that pad it (as requests' rates read them). */
const CHILD: Partial<Record<RegionLevel, [number, number]>> = { prefecture: [2, 6], county: [3, 3], township: [3, 0] }

function childCodes(code: string): string | undefined {
  const level = levelOf(code)
  const digits = level && CHILD[level]
  return digits ? `${regionPrefix(code)}\\d{${digits[0]}}${'0'.repeat(digits[1])}` : undefined
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** What one key's figures need, for the periods a view compares; `codes`: an `_id` pattern of keys or ids. */
export function readCounters(db: Db, axis: Axis, keys: { ids?: string[]; pattern?: string }, periods: string[]) {
  const _ = db.command
  const prefix = axis === 'region' ? 'r' : 'd'
  const gaugePeriods = [...periods, NOW]
  const ids = (make: (key: string, period: string) => string, list: string[]) =>
    (keys.ids ?? []).flatMap((key) => list.map((p) => make(key, p)))
  const byPattern = (pattern: string) => db.RegExp({ regexp: pattern })
  const alt = (list: string[]) => `(${list.map(escape).join('|')})`
  const select = (make: (key: string, period: string) => string, list: string[], pattern: string) =>
    keys.pattern ? { _id: byPattern(pattern) } : { _id: _.in(ids(make, list)) }
  const rates = collection(db, 'requestRates')
  // a pattern is sent once per period, so that each begins with its own literal `p:<period>:…`, which the
  // database reads as a range of ids; one pattern for every period would begin with `p:` alone, every rate
  // counter there is
  const ratesRead: Found<RequestRates> =
    axis === 'region' && !keys.pattern
      ? (rates.find(
          { _id: _.in(ids((key, p) => needsId(p, `region:${key}`), periods)) },
          { limit: PAGE },
        ) as Found<RequestRates>)
      : Promise.all(
          periods.map(
            (p) =>
              rates.find(
                {
                  _id: byPattern(
                    axis === 'region'
                      ? `^p:${escape(p)}:region:${keys.pattern}$`
                      : `^p:${escape(p)}:unit:department:${alt(keys.ids ?? [])}:`,
                  ),
                },
                { limit: PAGE },
              ) as Found<RequestRates>,
          ),
        ).then((pages) => pages.flat())
  return Promise.all([
    collection(db, 'stats').find(
      select((key, p) => statsId(axis, key, p), gaugePeriods, `^${prefix}:${keys.pattern}:${alt(gaugePeriods)}$`),
      { limit: PAGE },
    ) as Found<Stats>,
    collection(db, 'dashboardFigures').find(
      select((key, p) => figuresId(axis, key, p), gaugePeriods, `^${prefix}:${keys.pattern}:${alt(gaugePeriods)}$`),
      { limit: PAGE },
    ) as Found<DashboardFigures>,
    ratesRead,
  ])
}

type Counted = Awaited<ReturnType<typeof readCounters>>

/** The periods read for a view: the period, the one before and, for a month, its quarter and the quarter
 * before that. */
function periodsRead(period: string, previous: string): string[] {
  if (!isMonth(period)) return [period, previous]
  const quarter = quarterOf(period)
  return [period, previous, quarter, previousPeriod(quarter)]
}

function readHome(input: Whose, db: Db) {
  const { period, previous } = periodsFor(input)
  const periods = periodsRead(period, previous)
  if (input.region !== undefined) {
    const code = normaliseRegion(input.region)
    return Promise.all([
      collection(db, 'regions').get(code, ['name', 'level']),
      readCounters(db, 'region', { ids: [code] }, periods),
      // the phases' contact targets (three documents), sent with the counters
      collection(db, 'phases').find({}),
      // opportunities for members, the period's and the one before's, kept on write by the exchange
      collection(db, 'opportunityCounts').find(
        { _id: db.command.in([opportunityCountsId(code, period), opportunityCountsId(code, previous)]) },
        { limit: 2 },
      ),
    ])
  }
  if (input.departmentId !== undefined)
    return Promise.all([
      collection(db, 'departments').get(input.departmentId, ['name', 'regionPath']),
      readCounters(db, 'department', { ids: [input.departmentId] }, periods),
      collection(db, 'phases').find({}),
    ])
  return undefined
}

function readRegionDrill(db: Db, code: string, periods: string[]) {
  const pattern = childCodes(code)
  return Promise.all([
    collection(db, 'regions').get(code, ['name', 'level']),
    pattern
      ? (collection(db, 'regions').find({ parent: code }, { fields: ['name', 'level'], limit: PAGE }) as Found<
          Pick<Region, '_id' | 'name' | 'level'>
        >)
      : Promise.resolve([]),
    pattern ? readCounters(db, 'region', { pattern }, periods) : Promise.resolve(undefined),
  ])
}

/**
 * The region's departments: the prefecture's own departments at the prefecture, a county's own at a county
 * (a prefecture department's figures are the whole prefecture's, so a county does not list them, and the
 * prefecture does not list the counties' hundreds, which a call's 100 KB would not hold); townships and
 * villages have none.
 */
function readDepartments(db: Db, code: string) {
  const level = levelOf(code)
  const filter =
    level === 'prefecture'
      ? { level: 'prefecture', regionPath: code }
      : level === 'county'
        ? { regionPath: code }
        : undefined
  return Promise.all([
    collection(db, 'regions').get(code, ['name', 'level']),
    filter
      ? (collection(db, 'departments').find(filter, { fields: ['name', 'regionPath'], limit: PAGE }) as Found<
          Pick<Department, '_id' | 'name' | 'regionPath'>
        >)
      : Promise.resolve([]),
  ])
}

function readDrill(input: Whose & { axis: Axis }, db: Db) {
  if (input.region === undefined) return undefined
  const code = normaliseRegion(input.region)
  if (input.axis === 'department') return { departments: readDepartments(db, code) }
  const { period, previous } = periodsFor(input)
  return { regions: readRegionDrill(db, code, [period, previous]) }
}

/** What each action reads beside the caller's lookup, before serve has checked who it is. */
export const prefetch = { home: readHome, drill: readDrill }

// ---------------------------------------------------------------------------------------------------
// Putting figures together

function byId<T extends { _id: string }>(docs: readonly T[]): Map<string, T> {
  return new Map(docs.map((d) => [d._id, d]))
}

/** One key's figures for a period from what was read. */
export function figuresFrom(
  axis: Axis,
  key: string,
  period: string,
  current: boolean,
  counted: Counted,
  ownPeriodic = true,
): Figures {
  const [stats, own, rates] = counted.map((docs) => byId(docs as { _id: string }[])) as [
    Map<string, Stats>,
    Map<string, DashboardFigures>,
    Map<string, RequestRates>,
  ]
  const gaugeKey = current ? NOW : period
  const needs: RateCounters | undefined =
    axis === 'region'
      ? rates.get(needsId(period, `region:${key}`))?.counters
      : sumCounters(
          [...rates.values()]
            .filter((d) => d._id.startsWith(`${needsId(period, `unit:department:${key}`)}:`))
            .map((d) => d.counters),
        )
  const sources: Sources = {
    axis,
    stats: stats.get(statsId(axis, key, period)),
    // contacts' gauges (a region's risk and overdue, a department's overdue): a current period reads the present
    gauges: stats.get(statsId(axis, key, gaugeKey)) ?? stats.get(statsId(axis, key, period)),
    own: ownPeriodic ? own.get(figuresId(axis, key, period)) : undefined,
    ownGauges: own.get(figuresId(axis, key, gaugeKey)) ?? own.get(figuresId(axis, key, period)),
    needs,
    target: null,
  }
  return figuresOf(sources)
}

function countedAt(counted: Counted, axis: Axis, key: string): string | null {
  const doc = (counted[1] as DashboardFigures[]).find((d) => d._id === figuresId(axis, key, NOW))
  return doc?.countedAt ?? null
}

export type Named = { _id: string; name: Bilingual; level?: string } | undefined

export function keyOf(axis: Axis, key: string, doc: Named): DashboardKey {
  if (!doc) throw new AppError('NOT_FOUND', 'dashboard.error.notFound')
  return { axis, key, name: doc.name, level: axis === 'department' ? 'department' : (doc.level as RegionLevel) }
}

/** The key a call is about: the one it names, else the caller's own office region or department. */
export function whoseKey(input: Whose, ctx: ActionContext<unknown>): Whose {
  if (input.region !== undefined && input.departmentId !== undefined)
    throw new AppError('INVALID_ARGUMENT', 'validation.invalid')
  if (input.region !== undefined) {
    if (!levelOf(normaliseRegion(input.region))) throw new AppError('INVALID_ARGUMENT', 'validation.invalid')
    return input
  }
  if (input.departmentId !== undefined) return input
  for (const g of ctx.scope.grants) {
    if (g.role === 'office') return { ...input, region: normaliseRegion(g.region) }
    if (g.role === 'department') return { ...input, departmentId: g.departmentId }
  }
  // an administrator names what they want to see
  throw new AppError('INVALID_ARGUMENT', 'validation.required')
}

/** A department's figures are its own staff's, its office's above it, and administrators'. */
export function checkDepartment(
  ctx: ActionContext<unknown>,
  doc: Pick<Department, '_id' | 'regionPath'> | undefined,
): void {
  const grants = ctx.scope.grants
  if (!doc) throw new AppError(grants.some((g) => g.role === 'admin') ? 'NOT_FOUND' : 'FORBIDDEN')
  if (!reachesDepartment(grants, doc)) throw new AppError('FORBIDDEN', 'dashboard.error.department')
}

type HomeRead = NonNullable<ReturnType<typeof readHome>>

/** A period's opportunities for members from its counters; a period nobody recommended in has none stored. */
function memberOpportunities(docs: readonly OpportunityCounts[] | undefined, id: string): MemberOpportunities {
  const c = docs?.find((d) => d._id === id)?.counters
  return {
    recommended: c?.recommended ?? 0,
    applied: c?.applied ?? 0,
    hired: c?.hired ?? 0,
    enrolled: c?.enrolled ?? 0,
  }
}

export async function home(input: Whose, ctx: ActionContext<unknown>) {
  const whose = whoseKey(input, ctx)
  const named = input.region !== undefined || input.departmentId !== undefined
  const read = (named && (ctx.prefetched as ReturnType<typeof readHome>)) || readHome(whose, ctx.db)
  const [doc, counted, phases, opportunityCounts] = await (read as HomeRead)
  const axis: Axis = whose.region !== undefined ? 'region' : 'department'
  const key = whose.region !== undefined ? normaliseRegion(whose.region) : (whose.departmentId as string)
  if (axis === 'department') checkDepartment(ctx, doc as Pick<Department, '_id' | 'regionPath'> | undefined)
  const named_ = keyOf(axis, key, doc as Named)
  const { period, previous, current } = periodsFor(whose)
  const quarter = isMonth(period) ? quarterOf(period) : null
  const at = now()
  const figures = (p: string, isCurrent: boolean) =>
    withContactTarget(figuresFrom(axis, key, p, isCurrent, counted), p, phases, at)
  const quarterFigures = quarter ? figures(quarter, current) : null
  const quarterBefore = quarter ? previousPeriod(quarter) : null
  return {
    ...named_,
    period,
    previousPeriod: previous,
    current: figures(period, current),
    previous: figures(previous, false),
    quarter:
      quarter && quarterFigures && quarterBefore
        ? {
            period: quarter,
            householdsContacted: quarterFigures.householdsContacted,
            target: quarterFigures.target,
            previousPeriod: quarterBefore,
            previous: figuresFrom(axis, key, quarterBefore, false, counted).householdsContacted,
          }
        : null,
    countedAt: countedAt(counted, axis, key),
    opportunities:
      axis === 'region'
        ? {
            current: memberOpportunities(opportunityCounts, opportunityCountsId(key, period)),
            previous: memberOpportunities(opportunityCounts, opportunityCountsId(key, previous)),
          }
        : null,
  }
}

type DrillRead = NonNullable<ReturnType<typeof readDrill>>

export async function drill(input: Whose & { axis: Axis }, ctx: ActionContext<unknown>) {
  const whose = whoseKey(input, ctx)
  // a department's figures go one level down nowhere: it sees its own on its home
  if (whose.region === undefined) throw new AppError('FORBIDDEN', 'dashboard.error.department')
  const code = normaliseRegion(whose.region)
  const read =
    (input.region !== undefined && (ctx.prefetched as ReturnType<typeof readDrill>)) ||
    (readDrill({ ...whose, axis: input.axis }, ctx.db) as DrillRead)
  const { period, previous, current } = periodsFor(whose)
  const row = (axis: Axis, key: string, doc: Named, counted: Counted): DashboardRow => ({
    ...keyOf(axis, key, doc),
    current: figuresFrom(axis, key, period, current, counted),
    previous: figuresFrom(axis, key, previous, false, counted),
  })
  if (read.regions) {
    const [parent, children, counted] = await read.regions
    const rows = counted
      ? children.map((child) => row('region', child._id, child, counted)).sort((a, b) => (a.key < b.key ? -1 : 1))
      : []
    return { parent: keyOf('region', code, parent), axis: input.axis, period, previousPeriod: previous, rows }
  }
  const [parent, departments] = await (read.departments as NonNullable<DrillRead['departments']>)
  const ids = departments.map((d) => d._id)
  const counted = ids.length
    ? await readCounters(ctx.db, 'department', { ids }, [period, previous])
    : ([[], [], []] as unknown as Counted)
  const rows = departments
    .map((d) => row('department', d._id, { ...d, level: 'department' }, counted))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
  return { parent: keyOf('region', code, parent), axis: input.axis, period, previousPeriod: previous, rows }
}
