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
