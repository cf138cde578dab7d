/**
 * Re-pairing when an official transfers, retires or leaves: who takes each of their households, and who
 * inherits the open work they leave on each. Pure rules; the registry function loads their inputs and
 * writes what they answer.
 */
import type { Pairing, PairingEndReason, PairingReason } from '@config/documents'
import { pairingId } from '@config/documents'
import type { RegionLevel } from '@shared/region'
import { LEVELS } from '@shared/region'
import type { Day } from '@shared/time'
import type { PlannerHousehold, PlannerOfficial } from './planner'
import { byId, groupBy, keyAt, levelAt, sharedDepth } from './tree'

export interface ReassignInput {
  /** the official who transfers or leaves */
  leavingOfficialId: string
  /** the leaving official's open pairings (`to` null); these are closed */
  pairings: readonly Pairing[]
  /** at least the households in `pairings`, with their current `officialIds` and regions */
  households: readonly PlannerHousehold[]
  /** candidate successors (the leaving official is skipped if present) */
  officials: readonly PlannerOfficial[]
  /** current households per candidate; counted from `households` when omitted */
  loads?: Readonly<Record<string, number>>
  /** the China day the old pairings end and the new ones start */
  date: Day
  endReason: PairingEndReason
  /** by hand: give every household to this official instead of planning */
  toOfficialId?: string
  /** only households left with no other official get a successor (default false: all of them do) */
  onlyUncovered?: boolean
  reason?: PairingReason
}

export interface Reassignment {
  /** the old pairings with `to` and `endReason` set */
  closed: Pairing[]
  /** new pairings starting on `date` */
  opened: Pairing[]
  /** each affected household's `officialIds` after the change */
  households: { id: string; officialIds: string[] }[]
  /** household → successor, for moving open requests and scheduled contacts */
  moves: { householdId: string; from: string; to: string; level: RegionLevel }[]
  /** households that found no successor (no active official anywhere) */
  unassigned: string[]
}

/**
 * Re-pairs a leaving official's households: each goes to the least-loaded active official in the nearest
 * scope (village → township → county → prefecture) who is not already paired with it. History is kept:
 * the old pairing is closed with a date and a reason, never deleted.
 */
export function reassign(input: ReassignInput): Reassignment {
  const leaving = input.leavingOfficialId
  const candidates = input.officials.filter((o) => o.active !== false && o.id !== leaving).sort(byId)
  const load = new Map<string, number>()
  if (input.loads) {
    for (const o of candidates) load.set(o.id, input.loads[o.id] ?? 0)
  } else {
    for (const o of candidates) load.set(o.id, 0)
    for (const h of input.households) {
      for (const id of h.officialIds ?? []) if (load.has(id)) load.set(id, load.get(id)! + 1)
    }
  }
  const householdById = new Map(input.households.map((h) => [h.id, h]))
  const open = input.pairings
    .filter((p) => p.officialId === leaving && p.to === null)
    .sort((a, b) => (a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0))
  const candidatesAt = LEVELS.map((_, d) =>
    groupBy(
      candidates.map((_, i) => i),
      (i) => keyAt(candidates[i]!.regionPath, d),
    ),
  )
  const result: Reassignment = { closed: [], opened: [], households: [], moves: [], unassigned: [] }
  for (const p of open) {
    result.closed.push({ ...p, to: input.date, endReason: input.endReason })
    const h = householdById.get(p.householdId)
    const others = (h?.officialIds ?? []).filter((id) => id !== leaving)
    if (!h || (input.onlyUncovered && others.length > 0)) {
      result.households.push({ id: p.householdId, officialIds: others })
      continue
    }
    let chosen: PlannerOfficial | undefined
    let level: RegionLevel = 'prefecture'
    if (input.toOfficialId !== undefined) {
      chosen = candidates.find((o) => o.id === input.toOfficialId)
      if (chosen) level = levelAt(sharedDepth(chosen.regionPath, h.regionPath))
    } else {
      for (let d = 3; d >= 0 && !chosen; d--) {
        const key = keyAt(h.regionPath, d)
        for (const i of key === '' ? [] : (candidatesAt[d]!.get(key) ?? [])) {
          const o = candidates[i]!
          if (others.includes(o.id)) continue
          if (!chosen || load.get(o.id)! < load.get(chosen.id)!) chosen = o
        }
        if (chosen) level = levelAt(d)
      }
    }
    if (!chosen || others.includes(chosen.id)) {
      if (!chosen && others.length === 0) result.unassigned.push(h.id)
      result.households.push({ id: h.id, officialIds: others })
      continue
    }
    load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1)
    result.opened.push({
      _id: pairingId(chosen.id, h.id, input.date),
      officialId: chosen.id,
      householdId: h.id,
      from: input.date,
      to: null,
      reason: input.reason ?? 'reassign',
      endReason: null,
    })
    result.households.push({ id: h.id, officialIds: [...others, chosen.id] })
    result.moves.push({ householdId: h.id, from: leaving, to: chosen.id, level })
  }
  return result
}

/**
 * Where successors are looked for: the leaving official's county (their prefecture when they are recorded
 * there), so the re-pairing reads one county's officials and households, not the prefecture's.
 */
export function successorRegion(leavingRegionPath: readonly string[]): string | undefined {
  return leavingRegionPath[1] ?? leavingRegionPath[0]
}

/** Households per official over the given households' `officialIds`: the loads successors are compared by. */
export function loadsOf(households: readonly { officialIds: readonly string[] }[]): Record<string, number> {
  const loads: Record<string, number> = {}
  for (const h of households) for (const id of h.officialIds) loads[id] = (loads[id] ?? 0) + 1
  return loads
}

/** The `from` of a pairing no record tells the start of. */
export const UNRECORDED = 'unrecorded'

/**
 * The leaving official's open pairings, completed: a household that lists the official without a pairing
 * record (data from before history was kept) gets one starting `UNRECORDED`, so ending it leaves a trace too.
 */
export function withUnrecorded(
  leavingOfficialId: string,
  open: readonly Pairing[],
  listingHouseholdIds: readonly string[],
): Pairing[] {
  const recorded = new Set(open.map((p) => p.householdId))
  const missing = listingHouseholdIds.filter((id) => !recorded.has(id))
  return [
    ...open,
    ...[...new Set(missing)].map((householdId) => ({
      _id: pairingId(leavingOfficialId, householdId, UNRECORDED),
      officialId: leavingOfficialId,
      householdId,
      from: UNRECORDED,
      to: null,
      reason: 'manual' as const,
      endReason: null,
    })),
  ]
}

/**
 * The heir of each re-paired household: the official who takes over the leaving official's open work on
 * it (requests, scheduled contacts). The successor re-pairing chose; else, when the official asked for by
 * hand was already paired with the household, that one; else the first official the household still has.
 * A household left with nobody has no heir: its work stays where it is and the household is listed as
 * unassigned. Answers heir → their households, in the order re-pairing met them.
 */
export function heirs(
  result: Pick<Reassignment, 'households' | 'moves'>,
  toOfficialId?: string,
): Map<string, string[]> {
  const successor = new Map(result.moves.map((m) => [m.householdId, m.to]))
  const out = new Map<string, string[]>()
  for (const h of result.households) {
    const heir =
      successor.get(h.id) ??
      (toOfficialId !== undefined && h.officialIds.includes(toOfficialId) ? toOfficialId : h.officialIds[0])
    if (heir === undefined) continue
    const list = out.get(heir)
    if (list) list.push(h.id)
    else out.set(heir, [h.id])
  }
  return out
}
