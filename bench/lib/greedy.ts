/**
 * The benchmark's baseline for the planner: the naive nearest-first greedy assignment, measured beside
 * `plan` in `npm run bench -- pairing` to show what balancing buys. Not used by the function.
 */
import type { PlanCounts } from '@config/documents'
import type { RegionLevel } from '@shared/region'
import { LEVELS } from '@shared/region'
import type { PlannedPairing, PlannerHousehold, PlannerOfficial, PlanResult } from '@functions/registry/domain/planner'
import { keyAt, levelAt, NumberHeap, sharedDepth, sortedById } from '@functions/registry/domain/tree'

/**
 * The naive baseline: walk households in id order and give each to the least-loaded active official in
 * the nearest region that has any (village, else township, else county, else prefecture). Local, but
 * blind to balance: a village with one resident official hands them every household.
 */
export function greedyPlan(
  officialsIn: readonly PlannerOfficial[],
  householdsIn: readonly PlannerHousehold[],
): Pick<PlanResult, 'added' | 'loads'> & {
  counts: Pick<PlanCounts, 'coveredHouseholds' | 'coveredOfficials' | 'byLevel'>
} {
  const officials = sortedById(officialsIn.filter((o) => o.active !== false))
  const households = sortedById(householdsIn)
  const PACK = 2 ** 20
  const load = new Int32Array(officials.length)
  const heaps: Map<string, NumberHeap>[] = LEVELS.map(() => new Map())
  officials.forEach((o, i) => {
    for (let d = 0; d < 4; d++) {
      const key = keyAt(o.regionPath, d)
      if (key === '') continue
      let heap = heaps[d]!.get(key)
      if (!heap) heaps[d]!.set(key, (heap = new NumberHeap()))
      heap.push(i)
    }
  })
  const added: PlannedPairing[] = []
  const byLevel: Record<RegionLevel, number> = { prefecture: 0, county: 0, township: 0, village: 0 }
  let coveredHouseholds = 0
  for (const h of households) {
    for (let d = 3; d >= 0; d--) {
      const key = keyAt(h.regionPath, d)
      const heap = key === '' ? undefined : heaps[d]!.get(key)
      if (!heap || heap.size === 0) continue
      let i = -1
      while (heap.size > 0) {
        const top = heap.pop()!
        const j = top % PACK
        if (Math.floor(top / PACK) === load[j]) {
          i = j
          break
        }
        heap.push(load[j]! * PACK + j)
      }
      if (i < 0) continue
      load[i]!++
      heap.push(load[i]! * PACK + i)
      const level = levelAt(sharedDepth(officials[i]!.regionPath, h.regionPath))
      byLevel[level]++
      added.push({ officialId: officials[i]!.id, householdId: h.id, level })
      coveredHouseholds++
      break
    }
  }
  const loads: Record<string, number> = {}
  let coveredOfficials = 0
  officials.forEach((o, i) => {
    loads[o.id] = load[i]!
    if (load[i]! > 0) coveredOfficials++
  })
  return { added, loads, counts: { coveredHouseholds, coveredOfficials, byLevel } }
}
