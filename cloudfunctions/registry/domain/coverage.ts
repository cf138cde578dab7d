/**
 * Coverage: who is not paired, who carries too few or too many households, grouped by region (every
 * level at once) and by department — the office's coverage screen and the second axis of every report.
 */

export interface CoverageOfficial {
  id: string
  regionPath: readonly string[]
  departmentId: string
  active?: boolean
}

export interface CoverageHousehold {
  id: string
  regionPath: readonly string[]
  officialIds?: readonly string[]
}

export interface CoverageOptions {
  /** fewer households than this is under load (default 1: an official with none) */
  minLoad?: number
  /** more than this is over load (default: the prefecture-wide mean rounded up, plus one) */
  maxLoad?: number
}

export interface CoverageRow {
  households: number
  /** households with no active official */
  unpairedHouseholds: number
  /** active officials */
  officials: number
  officialsUnder: number
  officialsOver: number
  /** current pairings of these officials (by region: of households there) */
  pairings: number
}

export interface Coverage {
  minLoad: number
  maxLoad: number
  total: CoverageRow
  /** keyed by region code at every level: prefecture, county, township, village */
  byRegion: Record<string, CoverageRow>
  /** officials by employer; `households` counts the distinct households their officials serve */
  byDepartment: Record<string, CoverageRow>
  /** ids, capped, for the lists under the counts */
  unpairedHouseholdIds: string[]
  underOfficialIds: string[]
  overOfficialIds: string[]
}

const emptyRow = (): CoverageRow => ({
  households: 0,
  unpairedHouseholds: 0,
  officials: 0,
  officialsUnder: 0,
  officialsOver: 0,
  pairings: 0,
})

export function coverage(
  officials: readonly CoverageOfficial[],
  households: readonly CoverageHousehold[],
  options: CoverageOptions & { listLimit?: number } = {},
): Coverage {
  const listLimit = options.listLimit ?? 1000
  const active = new Map<string, CoverageOfficial>()
  for (const o of officials) if (o.active !== false) active.set(o.id, o)
  const load = new Map<string, number>()
  for (const id of active.keys()) load.set(id, 0)
  let pairings = 0
  for (const h of households) {
    for (const id of h.officialIds ?? []) {
      const l = load.get(id)
      if (l !== undefined) {
        load.set(id, l + 1)
        pairings++
      }
    }
  }
  const minLoad = options.minLoad ?? 1
  const maxLoad = options.maxLoad ?? (active.size > 0 ? Math.ceil(pairings / active.size) + 1 : 0)

  const total = emptyRow()
  const byRegion: Record<string, CoverageRow> = {}
  const byDepartment: Record<string, CoverageRow> = {}
  const row = (table: Record<string, CoverageRow>, key: string): CoverageRow => (table[key] ??= emptyRow())
  const result: Coverage = {
    minLoad,
    maxLoad,
    total,
    byRegion,
    byDepartment,
    unpairedHouseholdIds: [],
    underOfficialIds: [],
    overOfficialIds: [],
  }

  const departmentHouseholds = new Map<string, Set<string>>()
  for (const h of households) {
    let paired = 0
    for (const id of h.officialIds ?? []) {
      const o = active.get(id)
      if (!o) continue
      paired++
      let set = departmentHouseholds.get(o.departmentId)
      if (!set) departmentHouseholds.set(o.departmentId, (set = new Set()))
      set.add(h.id)
    }
    const rows = [total, ...h.regionPath.map((code) => row(byRegion, code))]
    for (const r of rows) {
      r.households++
      r.pairings += paired
      if (paired === 0) r.unpairedHouseholds++
    }
    if (paired === 0 && result.unpairedHouseholdIds.length < listLimit) result.unpairedHouseholdIds.push(h.id)
  }
  for (const o of active.values()) {
    const l = load.get(o.id) ?? 0
    const under = l < minLoad
    const over = l > maxLoad
    const rows = [total, row(byDepartment, o.departmentId), ...o.regionPath.map((code) => row(byRegion, code))]
    for (const r of rows) {
      r.officials++
      if (under) r.officialsUnder++
      if (over) r.officialsOver++
    }
    row(byDepartment, o.departmentId).pairings += l
    if (under && result.underOfficialIds.length < listLimit) result.underOfficialIds.push(o.id)
    if (over && result.overOfficialIds.length < listLimit) result.overOfficialIds.push(o.id)
  }
  for (const [dept, set] of departmentHouseholds) row(byDepartment, dept).households = set.size
  return result
}

// ---------------------------------------------------------------------------------------------------
// The same figures from what the database groups for us

/** Households of one region path, as the database counts them. */
export interface HouseholdGroup {
  regionPath: readonly string[]
  households: number
  /** households none of whose listed officials is an active official of the region */
  unpaired: number
  /** listings of active officials of the region, summed over the group's households */
  pairings: number
}

export interface GroupedCoverageInput {
  /** every official of the region, active or not */
  officials: readonly CoverageOfficial[]
  /** official id → how many of the region's households list them (any official, once per listing) */
  loads: ReadonlyMap<string, number>
  /** the region's households, grouped by region path */
  households: readonly HouseholdGroup[]
  /** the `officialIds` of every household of the region that lists two officials or more */
  shared: readonly (readonly string[])[]
  /** the first unpaired households (the database sorts them by id) */
  unpairedHouseholdIds: readonly string[]
}

/** A region path's households counted by their list of officials, as the database groups them. */
export interface ListingGroup {
  regionPath: readonly string[]
  lists: readonly { officialIds: readonly string[]; households: number }[]
}

/** Official id → how many households list them (any official, once per listing). */
export function listingLoads(groups: readonly ListingGroup[]): Map<string, number> {
  const loads = new Map<string, number>()
  for (const g of groups)
    for (const l of g.lists) for (const id of l.officialIds) loads.set(id, (loads.get(id) ?? 0) + l.households)
  return loads
}

/**
 * The household groups `coverageFromGroups` counts, from the listing groups: a listing of an official in
 * `ignored` (`notCounted`) is not a pairing, so a household listing only such officials is unpaired; and
 * the lists of every household listing two officials or more.
 */
export function householdGroups(
  groups: readonly ListingGroup[],
  ignored: ReadonlySet<string>,
): { households: HouseholdGroup[]; shared: (readonly string[])[] } {
  const shared: (readonly string[])[] = []
  const households = groups.map((g) => {
    const group: HouseholdGroup = { regionPath: g.regionPath, households: 0, unpaired: 0, pairings: 0 }
    for (const l of g.lists) {
      const counted = l.officialIds.filter((id) => !ignored.has(id)).length
      group.households += l.households
      group.pairings += counted * l.households
      if (counted === 0) group.unpaired += l.households
      if (l.officialIds.length >= 2) for (let i = 0; i < l.households; i++) shared.push(l.officialIds)
    }
    return group
  })
  return { households, shared }
}

/**
 * The ids an aggregation must not count as pairings: officials the region's households list who are not
 * active officials of the region (they left, or live outside it). Usually none.
 */
export function notCounted(officials: readonly CoverageOfficial[], listed: Iterable<string>): string[] {
  const active = new Set<string>()
  for (const o of officials) if (o.active !== false) active.add(o.id)
  return [...listed].filter((id) => !active.has(id)).sort()
}

/**
 * `coverage()` for a whole prefecture without holding its households: the database counts households by
 * region path and listings by official, and hands over only the households with two officials or more
 * (to count each department's households once). The figures are those `coverage()` gives for the same
 * data; the lists come in id order (officials by id; households as the database sorted them).
 */
export function coverageFromGroups(
  input: GroupedCoverageInput,
  options: CoverageOptions & { listLimit?: number } = {},
): Coverage {
  const listLimit = options.listLimit ?? 1000
  const active = new Map<string, CoverageOfficial>()
  for (const o of [...input.officials].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    if (o.active !== false) active.set(o.id, o)
  let pairings = 0
  for (const id of active.keys()) pairings += input.loads.get(id) ?? 0
  const minLoad = options.minLoad ?? 1
  const maxLoad = options.maxLoad ?? (active.size > 0 ? Math.ceil(pairings / active.size) + 1 : 0)

  const total = emptyRow()
  const byRegion: Record<string, CoverageRow> = {}
  const byDepartment: Record<string, CoverageRow> = {}
  const row = (table: Record<string, CoverageRow>, key: string): CoverageRow => (table[key] ??= emptyRow())
  for (const g of input.households) {
    for (const r of [total, ...g.regionPath.map((code) => row(byRegion, code))]) {
      r.households += g.households
      r.pairings += g.pairings
      r.unpairedHouseholds += g.unpaired
    }
  }

  // a department's households: each single-official household once for its official, and each shared
  // household once per department among its active officials
  const sharedListings = new Map<string, number>()
  const departmentShared = new Map<string, number>()
  for (const ids of input.shared) {
    const departments = new Set<string>()
    for (const id of ids) {
      const o = active.get(id)
      if (!o) continue
      sharedListings.set(id, (sharedListings.get(id) ?? 0) + 1)
      departments.add(o.departmentId)
    }
    for (const d of departments) departmentShared.set(d, (departmentShared.get(d) ?? 0) + 1)
  }

  const result: Coverage = {
    minLoad,
    maxLoad,
    total,
    byRegion,
    byDepartment,
    unpairedHouseholdIds: input.unpairedHouseholdIds.slice(0, listLimit),
    underOfficialIds: [],
    overOfficialIds: [],
  }
  for (const o of active.values()) {
    const l = input.loads.get(o.id) ?? 0
    const under = l < minLoad
    const over = l > maxLoad
    const department = row(byDepartment, o.departmentId)
    for (const r of [total, department, ...o.regionPath.map((code) => row(byRegion, code))]) {
      r.officials++
      if (under) r.officialsUnder++
      if (over) r.officialsOver++
    }
    department.pairings += l
    department.households += l - (sharedListings.get(o.id) ?? 0)
    if (under && result.underOfficialIds.length < listLimit) result.underOfficialIds.push(o.id)
    if (over && result.overOfficialIds.length < listLimit) result.overOfficialIds.push(o.id)
  }
  for (const [d, n] of departmentShared) row(byDepartment, d).households += n
  return result
}
