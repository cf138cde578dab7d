/**
 * Coverage from the database's groups must give the figures coverage() gives from every document: the
 * coverage screen's numbers do not change when the function stops reading the whole prefecture.
 */
import type { CoverageHousehold, CoverageOfficial } from '@functions/registry/domain/coverage'
import type { ListingGroup } from '@functions/registry/domain/coverage'
import {
  coverage,
  coverageFromGroups,
  householdGroups,
  listingLoads,
  notCounted,
} from '@functions/registry/domain/coverage'

const P = '513300000000'
const villages = ['513301100201', '513301100202', '513301200201', '513322100201']
const path = (village: string): string[] => [P, village.slice(0, 6) + '000000', village.slice(0, 9) + '000', village]

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** A region as the database would see it: officials (some inactive, some above village level), households. */
function world(seed: number) {
  const r = lcg(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const officials: CoverageOfficial[] = Array.from({ length: 30 }, (_x, i) => {
    const p = path(pick(villages))
    return {
      id: `o${String(i).padStart(2, '0')}`,
      regionPath: r() < 0.1 ? p.slice(0, 2) : p,
      departmentId: pick(['edu', 'health', 'farm', '']),
      active: r() > 0.15,
    }
  })
  // some listings name officials of no record (another region's) or twice the same one
  const ids = [...officials.map((o) => o.id), 'outside-1', 'outside-2']
  const households: CoverageHousehold[] = Array.from({ length: 120 }, (_x, i) => {
    const n = r() < 0.2 ? 0 : r() < 0.7 ? 1 : r() < 0.9 ? 2 : 3
    const listed = Array.from({ length: n }, () => pick(ids))
    return { id: `h${String(i).padStart(3, '0')}`, regionPath: path(pick(villages)), officialIds: listed }
  })
  return { officials, households }
}

/** What the registry's pipelines answer for these documents. */
function grouped(officials: CoverageOfficial[], households: CoverageHousehold[]) {
  const loads = new Map<string, number>()
  for (const h of households) for (const id of h.officialIds ?? []) loads.set(id, (loads.get(id) ?? 0) + 1)
  const ignored = new Set(notCounted(officials, loads.keys()))
  const groups = new Map<string, { regionPath: string[]; households: number; unpaired: number; pairings: number }>()
  const unpaired: string[] = []
  for (const h of households) {
    const k = (h.officialIds ?? []).filter((id) => !ignored.has(id)).length
    const key = h.regionPath.join('/')
    const g = groups.get(key) ?? { regionPath: [...h.regionPath], households: 0, unpaired: 0, pairings: 0 }
    groups.set(key, g)
    g.households++
    g.pairings += k
    if (k === 0) {
      g.unpaired++
      unpaired.push(h.id)
    }
  }
  return {
    officials,
    loads,
    households: [...groups.values()],
    shared: households.filter((h) => (h.officialIds ?? []).length >= 2).map((h) => h.officialIds ?? []),
    unpairedHouseholdIds: unpaired.sort(),
  }
}

test.each([1, 2, 3, 4, 5, 6])('the same figures as from every document (world %i)', (seed) => {
  const { officials, households } = world(seed)
  const expected = coverage(officials, households)
  const actual = coverageFromGroups(grouped(officials, households))
  expect(actual.total).toEqual(expected.total)
  expect(actual.byRegion).toEqual(expected.byRegion)
  expect(actual.byDepartment).toEqual(expected.byDepartment)
  expect([actual.minLoad, actual.maxLoad]).toEqual([expected.minLoad, expected.maxLoad])
  expect(actual.unpairedHouseholdIds).toEqual([...expected.unpairedHouseholdIds].sort())
  expect(actual.underOfficialIds).toEqual([...expected.underOfficialIds].sort())
  expect(actual.overOfficialIds).toEqual([...expected.overOfficialIds].sort())
})

/** The households counted by region path and list of officials, as the registry's coverage pipeline answers. */
function listings(households: CoverageHousehold[]): ListingGroup[] {
  const byPath = new Map<string, Map<string, { officialIds: string[]; households: number }>>()
  for (const h of households) {
    const lists = byPath.get(h.regionPath.join('/')) ?? new Map()
    byPath.set(h.regionPath.join('/'), lists)
    const ids = [...(h.officialIds ?? [])]
    const list = lists.get(ids.join(',')) ?? { officialIds: ids, households: 0 }
    lists.set(ids.join(','), list)
    list.households++
  }
  return [...byPath].map(([key, lists]) => ({ regionPath: key.split('/'), lists: [...lists.values()] }))
}

test.each([1, 2, 3])(
  'listing groups give the loads, household groups and shared lists of every document (world %i)',
  (seed) => {
    const { officials, households } = world(seed)
    const expected = grouped(officials, households)
    const groups = listings(households)
    const loads = listingLoads(groups)
    expect(loads).toEqual(expected.loads)
    const found = householdGroups(groups, new Set(notCounted(officials, loads.keys())))
    const byPath = (g: { regionPath: readonly string[] }) => g.regionPath.join('/')
    expect([...found.households].sort((a, b) => (byPath(a) < byPath(b) ? -1 : 1))).toEqual(
      [...expected.households].sort((a, b) => (byPath(a) < byPath(b) ? -1 : 1)),
    )
    const key = (ids: readonly string[]) => ids.join(',')
    expect(found.shared.map(key).sort()).toEqual(expected.shared.map(key).sort())
    const actual = coverageFromGroups({
      ...found,
      officials,
      loads,
      unpairedHouseholdIds: expected.unpairedHouseholdIds,
    })
    expect(actual.total).toEqual(coverage(officials, households).total)
  },
)

test('a household served by two officials of one department counts once for it, by two departments once for each', () => {
  const officials = [
    { id: 'a', regionPath: path(villages[0]!), departmentId: 'edu' },
    { id: 'b', regionPath: path(villages[0]!), departmentId: 'edu' },
    { id: 'c', regionPath: path(villages[0]!), departmentId: 'health' },
  ]
  const households = [
    { id: 'h1', regionPath: path(villages[0]!), officialIds: ['a', 'b'] },
    { id: 'h2', regionPath: path(villages[0]!), officialIds: ['a', 'c'] },
    { id: 'h3', regionPath: path(villages[0]!), officialIds: ['c'] },
  ]
  const c = coverageFromGroups(grouped(officials, households))
  expect(c.byDepartment.edu).toMatchObject({ households: 2, pairings: 3, officials: 2 })
  expect(c.byDepartment.health).toMatchObject({ households: 2, pairings: 2, officials: 1 })
})

test('listings of officials who left or live outside the region are not pairings', () => {
  const officials = [
    { id: 'a', regionPath: path(villages[0]!), departmentId: 'edu' },
    { id: 'gone', regionPath: path(villages[0]!), departmentId: 'edu', active: false },
  ]
  expect(notCounted(officials, ['a', 'gone', 'elsewhere'])).toEqual(['elsewhere', 'gone'])
  const households = [
    { id: 'h1', regionPath: path(villages[0]!), officialIds: ['gone'] },
    { id: 'h2', regionPath: path(villages[0]!), officialIds: ['elsewhere', 'a'] },
  ]
  const c = coverageFromGroups(grouped(officials, households))
  expect(c.total).toMatchObject({ households: 2, unpairedHouseholds: 1, officials: 1, pairings: 1 })
  expect(c.unpairedHouseholdIds).toEqual(['h1'])
})
