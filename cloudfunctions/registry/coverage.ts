/**
 * Coverage of a region of any size in a few database requests: unpaired households and officials over or
 * under load, by region (one level down) and by department. The figures are domain/coverage.ts's; the
 * database does the counting.
 */
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import { normaliseRegion } from '@shared/region'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import type { CoverageOfficial, CoverageRow, ListingGroup } from './domain/coverage'
import { coverageFromGroups, householdGroups, listingLoads, notCounted } from './domain/coverage'
import { aggregate, AGGREGATIONS, COUNTY_OF_PATH, GROUPS, partMatch, partsOf } from './aggregate'
import { byIds, eachLimit, regionNames } from './data'
import type { HouseholdRowSource } from './views'
import { HOUSEHOLD_ROW, householdRow } from './views'

const LIST_SHOWN = 20

/** The first unpaired households of the region by id: listing nobody, or only officials in `ignored`. */
async function firstUnpaired(db: Db, region: string, ignored: readonly string[]): Promise<HouseholdRowSource[]> {
  const listed = { $ifNull: ['$officialIds', []] }
  const counted =
    ignored.length === 0
      ? { $size: listed }
      : { $size: { $filter: { input: listed, as: 'o', cond: { $not: [{ $in: ['$$o', [...ignored]] }] } } } }
  return aggregate<HouseholdRowSource>(db, 'households', [
    { $match: { regionPath: region } },
    { $addFields: { counted_: counted } },
    { $match: { counted_: 0 } },
    { $sort: { _id: 1 } },
    { $limit: LIST_SHOWN },
    { $project: Object.fromEntries(HOUSEHOLD_ROW.map((f) => [f, 1])) },
  ])
}

/**
 * The region's households counted by region path and list of officials: one aggregation per county (two
 * at a time), grouped by village and the villages by township, so each answer stays small.
 */
async function listingGroups(db: Db, region: string): Promise<ListingGroup[]> {
  const out: ListingGroup[][] = []
  await eachLimit(await partsOf(db, region), AGGREGATIONS, async (part) => {
    const groups = await aggregate<{ g: { p: string[]; l: { o: string[]; n: number }[] }[] }>(db, 'households', [
      { $match: partMatch(db, part) },
      { $project: { _id: 0, p: '$regionPath', o: { $ifNull: ['$officialIds', []] } } },
      { $group: { _id: { p: '$p', o: '$o' }, n: { $sum: 1 } } },
      { $group: { _id: '$_id.p', l: { $push: { o: '$_id.o', n: '$n' } } } },
      { $group: { _id: { $arrayElemAt: ['$_id', 2] }, g: { $push: { p: '$_id', l: '$l' } } } },
      { $limit: GROUPS },
    ])
    out.push(
      groups.flatMap((c) =>
        c.g.map((g) => ({
          regionPath: g.p ?? [],
          lists: g.l.map((l) => ({ officialIds: l.o, households: l.n })),
        })),
      ),
    )
  })
  return out.flat()
}

/** The region's officials grouped by region path (and the paths by county): one request. */
async function regionOfficials(db: Db, region: string): Promise<CoverageOfficial[]> {
  const groups = await aggregate<{ g: { p: string[]; i: string[]; d: string[]; a: boolean[] }[] }>(db, 'officials', [
    { $match: { regionPath: region } },
    {
      $group: {
        _id: '$regionPath',
        i: { $push: '$_id' },
        d: { $push: { $ifNull: ['$departmentId', ''] } },
        a: { $push: { $ne: ['$active', false] } },
      },
    },
    { $group: { _id: COUNTY_OF_PATH('$_id'), g: { $push: { p: '$_id', i: '$i', d: '$d', a: '$a' } } } },
    { $limit: GROUPS },
  ])
  return groups.flatMap((c) =>
    c.g.flatMap((g) =>
      g.i.map((id, n) => ({ id, regionPath: g.p ?? [], departmentId: g.d[n] ?? '', active: g.a[n] !== false })),
    ),
  )
}

/**
 * One pass over the region's households (a county per request): the database counts them by region path
 * and list of officials (officials serve households of one village, so a village holds a few hundred
 * distinct lists at most), grouped by village and the villages by county. One over its officials, grouped
 * by region path. From these the domain knows every official's load, every village's unpaired households
 * and the households listing two officials or more. Only when households are unpaired are the first of
 * them asked for. Listings of officials who are not active officials of the region are not pairings.
 */
export async function coverageOf(input: { region: string }, ctx: ActionContext) {
  const { db } = ctx
  const region = normaliseRegion(input.region)
  const [officials, lists] = await Promise.all([regionOfficials(db, region), listingGroups(db, region)])
  const loads = listingLoads(lists)
  const ignored = notCounted(officials, loads.keys())
  const { households, shared } = householdGroups(lists, new Set(ignored))
  const unpaired = households.reduce((n, g) => n + g.unpaired, 0)
  const unpairedDocs = unpaired > 0 ? await firstUnpaired(db, region, ignored) : []
  const result = coverageFromGroups(
    { officials, loads, households, shared, unpairedHouseholdIds: unpairedDocs.map((h) => h._id) },
    { listLimit: LIST_SHOWN },
  )
  const departmentIds = Object.keys(result.byDepartment)
  const [children, departments, names, named] = await Promise.all([
    collection(db, 'regions').find({ parent: region }, { fields: ['name'] }),
    byIds(db, 'departments', departmentIds, ['name']),
    regionNames(db, [region, ...unpairedDocs.map((h) => h.villageCode)]),
    byIds(db, 'officials', [...result.overOfficialIds, ...result.underOfficialIds], ['name']),
  ])
  const empty: CoverageRow = {
    households: 0,
    unpairedHouseholds: 0,
    officials: 0,
    officialsUnder: 0,
    officialsOver: 0,
    pairings: 0,
  }
  const row = (key: string, name: Bilingual, r: CoverageRow = result.total) => ({
    key,
    name,
    households: r.households,
    unpairedHouseholds: r.unpairedHouseholds,
    officials: r.officials,
    officialsUnder: r.officialsUnder,
    officialsOver: r.officialsOver,
  })
  const person = (id: string) => ({ id, name: named.get(id)?.name ?? EMPTY_BILINGUAL, load: loads.get(id) ?? 0 })
  return {
    minLoad: result.minLoad,
    maxLoad: result.maxLoad,
    total: row(region, names.get(region) ?? EMPTY_BILINGUAL),
    byRegion: children
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((c) => row(c._id, c.name, result.byRegion[c._id] ?? empty)),
    byDepartment: departmentIds
      .sort()
      .map((id) => row(id, departments.get(id)?.name ?? EMPTY_BILINGUAL, result.byDepartment[id] ?? empty)),
    unpairedHouseholds: unpairedDocs.map((h) => ({
      ...householdRow(h),
      village: names.get(h.villageCode) ?? EMPTY_BILINGUAL,
    })),
    overOfficials: result.overOfficialIds.map(person),
    underOfficials: result.underOfficialIds.map(person),
  }
}
