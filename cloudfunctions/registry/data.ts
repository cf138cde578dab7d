/**
 * The registry's reads and write helpers, shared by its actions. Production's limits shape them: a `get()`
 * returns at most 1,000 documents, so whole-region reads go township by township (a township holds at
 * most a few thousand households), each paged; there is no bulk update of different values, so
 * per-document writes run a few at a time in parallel; batch inserts are one request.
 */
import type { CollectionName, Documents, Household, Official } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { levelOf, normaliseRegion } from '@shared/region'
import type { Collection, Db, Patch, Path, Projected } from '@fn/db'
import { collection, PAGE } from '@fn/db'
import type { HouseholdFacts } from '@fn/figures'
import { isFieldName } from './domain/pairings'

/** parallel requests for per-document writes and per-township reads */
export const PARALLEL = 8

/** How long one call keeps starting batches of a long job (applying a plan, an import) before it answers
 * with its progress and is called again: well inside the function's 60 s timeout. */
export const BUDGET_MS = 25_000

/** Runs `work` over `items` with at most `parallel` in flight. */
export async function eachLimit<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const runners = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await work(item)
    }
  })
  await Promise.all(runners)
}

/** Documents by `_id`, 1,000 to a request, keyed by id (ids not found are absent). */
export async function byIds<N extends CollectionName>(
  db: Db,
  name: N,
  ids: readonly string[],
): Promise<Map<string, Documents[N]>>
export async function byIds<N extends CollectionName, F extends Path<Documents[N]>>(
  db: Db,
  name: N,
  ids: readonly string[],
  fields: readonly F[],
): Promise<Map<string, Projected<Documents[N], F>>>
export async function byIds<N extends CollectionName>(
  db: Db,
  name: N,
  ids: readonly string[],
  fields?: readonly Path<Documents[N]>[],
): Promise<Map<string, { _id: string }>> {
  const wanted = [...new Set(ids)]
  const _ = db.command
  // typed by the overloads above: inside, any collection's documents are `{ _id }` at least
  const docs = collection(db, name) as unknown as Collection<{ _id: string }>
  const out = new Map<string, { _id: string }>()
  for (let i = 0; i < wanted.length; i += PAGE) {
    const filter = { _id: _.in(wanted.slice(i, i + PAGE)) }
    const page = await docs.find(filter, { fields: fields as readonly '_id'[] | undefined, limit: PAGE })
    for (const d of page) out.set(d._id, d)
  }
  return out
}

/** The names of regions by code. */
export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, Bilingual>> {
  const regions = await byIds(db, 'regions', codes, ['name'])
  return new Map([...regions].map(([code, r]) => [code, r.name]))
}

/** The townships under a county or the prefecture. */
async function townshipsUnder(db: Db, region: string): Promise<string[]> {
  const regions = collection(db, 'regions')
  if (levelOf(region) === 'county') return (await regions.findAll({ parent: region }, ['_id'])).map((r) => r._id)
  const all = await regions.findAll({ level: 'township' }, ['path'])
  return all.filter((r) => r.path.includes(region)).map((r) => r._id)
}

/** A query for the documents of one region, or (with `regionPath.n` absent) of those that stop at it.
 * A type, not an interface, so that it fits any collection's `Filter` (implicit index signature). */
export type RegionFilter = {
  regionPath: string
  'regionPath.1'?: unknown
  'regionPath.2'?: unknown
}

/**
 * Every document `read` finds whose `regionPath` lies in `region`'s subtree. A county or the prefecture
 * is read township by township (one index lookup per request, never a skip past tens of thousands of
 * documents). Households always sit in a village; officials may be recorded at a county or the
 * prefecture itself, so with `aboveTownship` those are read per county as well. A malformed code reaches
 * nothing.
 */
export async function readRegion<T>(
  db: Db,
  region: string,
  read: (filter: RegionFilter) => Promise<T[]>,
  options: { aboveTownship: boolean },
): Promise<T[]> {
  const code = normaliseRegion(region)
  const level = levelOf(code)
  if (!level) return []
  if (level === 'township' || level === 'village') return read({ regionPath: code })
  const _ = db.command
  const townships = await townshipsUnder(db, code)
  const parts: T[][] = []
  await eachLimit(townships, PARALLEL, async (township) => {
    parts.push(await read({ regionPath: township }))
  })
  if (!options.aboveTownship) return parts.flat()
  // documents above township level: a regionPath of one or two codes
  const counties =
    level === 'county' ? [code] : (await collection(db, 'regions').findAll({ parent: code }, ['_id'])).map((r) => r._id)
  await eachLimit(counties, PARALLEL, async (county) => {
    parts.push(await read({ regionPath: county, 'regionPath.2': _.exists(false) }))
  })
  if (level === 'prefecture') parts.push(await read({ regionPath: code, 'regionPath.1': _.exists(false) }))
  return parts.flat()
}

/** The departments of these officials ('' for an official without one or not found). */
export async function departmentsOf(db: Db, officialIds: Iterable<string>): Promise<Map<string, string>> {
  const found = await byIds(db, 'officials', [...new Set(officialIds)], ['departmentId'])
  return new Map([...found].map(([id, o]) => [id, o.departmentId]))
}

/**
 * The update that gives a household its current officials: `officialIds`, and beside it every current
 * official's department (rewritten whole, so a household paired before the map existed gets it filled) with
 * the entries of officials no longer paired removed.
 */
export function pairedUpdate(
  _: Db['command'],
  before: readonly string[],
  after: readonly string[],
  departments: ReadonlyMap<string, string>,
): Patch<Household> {
  const data: Record<string, unknown> = { officialIds: _.set([...after]) }
  for (const id of after) if (isFieldName(id)) data[`officialDepartments.${id}`] = departments.get(id) ?? ''
  for (const id of before) {
    if (!after.includes(id) && isFieldName(id)) data[`officialDepartments.${id}`] = _.remove()
  }
  return data
}

export function newId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 10)
  return `${prefix}${Date.now().toString(36)}${random}`
}

/** What a household's gauges on the dashboard depend on (cloudfunctions/_shared/figures.ts). */
export const HOUSEHOLD_FACTS = ['regionPath', 'villageCode', 'officialIds', 'officialDepartments'] as const
export type StoredHousehold = Pick<Household, '_id' | (typeof HOUSEHOLD_FACTS)[number]>
/** What an official's gauges depend on. */
export const OFFICIAL_FACTS = ['regionPath', 'departmentId', 'active'] as const
export type StoredOfficial = Pick<Official, '_id' | (typeof OFFICIAL_FACTS)[number]>

/** A household's gauges stand while its village and whether it is paired do. */
export const householdStands = {
  where: (_: Db['command'], h: Pick<Household, 'villageCode' | 'officialIds'>) => ({
    villageCode: h.villageCode,
    ...((h.officialIds ?? []).length > 0 ? { 'officialIds.0': _.exists(true) } : { officialIds: _.size(0) }),
  }),
  key: (h: Pick<Household, 'villageCode' | 'officialIds'>) => `${h.villageCode}:${(h.officialIds ?? []).length > 0}`,
}

/** An official's gauges stand while their home region, department and being active do. */
export const officialStands = {
  where: (_: Db['command'], o: Pick<Official, 'regionPath' | 'departmentId' | 'active'>) => {
    const path = o.regionPath ?? []
    return {
      ...(path.length === 0
        ? { 'regionPath.0': _.exists(false) }
        : { [`regionPath.${path.length - 1}`]: path[path.length - 1], [`regionPath.${path.length}`]: _.exists(false) }),
      departmentId: o.departmentId,
      active: o.active === false ? false : _.neq(false),
    }
  },
  key: (o: Pick<Official, 'regionPath' | 'departmentId' | 'active'>) =>
    `${(o.regionPath ?? []).join('/')}:${o.departmentId}:${o.active !== false}`,
}

/** how often a write is tried again when its record changed between the read and the write */
const RETRIES = 5

/**
 * Writes over a stored record only while what its gauges depend on is still as read (`stands.where`), so that
 * a concurrent import or pairing that moved it first is counted once: the write is tried again from the
 * record as it is now. Answers what the record was when this write changed it, or undefined when this write
 * changed nothing the figures count: the record was gone, or already held what it writes (another call wrote
 * the same first and counted it), or kept moving (then it is written anyway, and the daily count repairs the
 * figures).
 */
export async function writeWhileUnchanged<S extends { _id: string }>(
  _: Db['command'],
  was: S,
  stands: { where: (_: Db['command'], s: S) => object; key: (s: S) => string },
  write: (filter: object) => Promise<number>,
  reread: () => Promise<S | undefined>,
): Promise<S | undefined> {
  let current = was
  for (let i = 0; i < RETRIES; i++) {
    if ((await write({ ...stands.where(_, current), _id: current._id })) === 1) return current
    const found = await reread()
    if (!found || stands.key(found) === stands.key(current)) return undefined
    current = found
  }
  await write({ _id: current._id })
  return undefined
}

/** A household's officials and their departments after `pairedUpdate(_, before, after, departments)`. */
export function pairedFacts(
  h: Pick<Household, 'regionPath' | 'officialDepartments'>,
  before: readonly string[],
  after: readonly string[],
  departments: ReadonlyMap<string, string>,
): HouseholdFacts {
  const officialDepartments: Record<string, string> = { ...h.officialDepartments }
  for (const id of before) if (!after.includes(id)) delete officialDepartments[id]
  for (const id of after) if (isFieldName(id)) officialDepartments[id] = departments.get(id) ?? ''
  return { regionPath: h.regionPath, officialIds: [...after], officialDepartments }
}
