/**
 * The auto-pairing planner (re-pairing when one official leaves is reassign.ts).
 *
 * How the planner works, and why it is fast and fair:
 * 1. Loads first. Each official's share of the households that need an official is fixed before anyone
 *    is matched, by "water-filling" inside the balance scope (the county by default): the least-loaded
 *    officials are raised first, so loads in a scope differ by at most one — and therefore by at most one
 *    inside every township. Demand a scope cannot absorb (no officials there, or above
 *    `targetPerOfficial`) spills to the enclosing scope, up to the prefecture.
 * 2. Then places. With every official's quota known, households are matched bottom-up along the region
 *    tree: inside each village first, what is left inside its township, then the county, then the
 *    prefecture. On a tree this greedy order moves the fewest pairings across each boundary, so it is the
 *    most local assignment the quotas allow.
 * 3. Officials left with nothing (more officials than households somewhere) take one household from the
 *    most-loaded official nearby; if no official has a spare, they join a nearby household as a second
 *    official, so every official still has one where any household exists.
 * Existing pairings with active officials are kept unless `keepExisting` is false, and they count in the
 * loads. Everything is sorted by id first, so the same input gives the same plan.
 *
 * Complexity is O((H + O) log O); the full prefecture (264,974 × 65,457) plans in about a second.
 */
import type { PlanCounts, PlanException, PlanOp } from '@config/documents'
import type { RegionLevel } from '@shared/region'
import { LEVELS } from '@shared/region'
import { groupBy, keyAt, levelAt, NumberHeap, sharedDepth, sortedById } from './tree'

export type { PlanCounts, PlanException } from '@config/documents'

export interface PlannerOfficial {
  id: string
  /** home region: [prefecture, county, township, village]; shorter paths are allowed */
  regionPath: readonly string[]
  /** inactive officials (transferred, retired) are never given households; defaults to true */
  active?: boolean
}

export interface PlannerHousehold {
  id: string
  regionPath: readonly string[]
  /** current pairings */
  officialIds?: readonly string[]
}

export interface PlanOptions {
  /** keep current pairings with active officials (default true) */
  keepExisting?: boolean
  /** a soft ceiling: loads fill up to it locally before spilling to a wider scope; exceeded only if unavoidable */
  targetPerOfficial?: number
  /** the scope inside which loads are balanced (default 'county') */
  balanceScope?: Exclude<RegionLevel, 'village'>
  /** let officials with no household join an already paired one (default true) */
  share?: boolean
}

export interface PlannedPairing {
  officialId: string
  householdId: string
  /** the narrowest region both share: 'village' is best */
  level: RegionLevel
}

/** What a plan changes, and its figures; the function stores it as a `Plan` document for review. */
export interface PlanResult {
  added: PlannedPairing[]
  /** current pairings the plan ends: with inactive officials, or every replaced one when not keeping */
  removed: { officialId: string; householdId: string }[]
  /** households per active official after the plan */
  loads: Record<string, number>
  exceptions: PlanException[]
  counts: PlanCounts
}

// ---------------------------------------------------------------------------------------------------

/**
 * Raises the lowest loads first by `amount` in total, none above `ceiling`. `order` breaks ties (lower
 * first). Returns how much could not be placed. Loads inside `members` that differed by ≤ 1 still do.
 */
function waterFill(
  members: readonly number[],
  load: Int32Array,
  quota: Int32Array,
  amount: number,
  ceiling: number,
  order: Float64Array,
): number {
  if (amount <= 0 || members.length === 0) return amount
  const sorted = [...members].sort((a, b) => load[a]! - load[b]! || order[a]! - order[b]! || a - b)
  const n = sorted.length
  let k = 0
  let level = load[sorted[0]!]!
  let used = 0
  if (level >= ceiling) return amount
  for (;;) {
    while (k < n && load[sorted[k]!]! <= level) k++
    const next = Math.min(k < n ? load[sorted[k]!]! : Infinity, ceiling)
    const cost = (next - level) * k
    if (next !== Infinity && used + cost <= amount) {
      used += cost
      level = next
      if (level >= ceiling) break
      continue
    }
    const raise = Math.floor((amount - used) / k)
    level += raise
    used += raise * k
    break
  }
  let extra = level < ceiling ? Math.min(amount - used, k) : 0
  for (let j = 0; j < k; j++) {
    const i = sorted[j]!
    const add = level - load[i]! + (extra > 0 ? 1 : 0)
    if (extra > 0) extra--
    quota[i]! += add
    load[i]! += add
  }
  const placed = used + Math.min(amount - used, level < ceiling ? k : 0)
  return amount - placed
}

// ---------------------------------------------------------------------------------------------------

export function plan(
  officialsIn: readonly PlannerOfficial[],
  householdsIn: readonly PlannerHousehold[],
  options: PlanOptions = {},
): PlanResult {
  const keepExisting = options.keepExisting ?? true
  const share = options.share ?? true
  const ceiling = options.targetPerOfficial ?? Infinity
  const scopeDepth = LEVELS.indexOf(options.balanceScope ?? 'county')

  const officials = sortedById(officialsIn.filter((o) => o.active !== false))
  const households = sortedById(householdsIn)
  const O = officials.length
  const H = households.length
  const officialIndex = new Map<string, number>()
  officials.forEach((o, i) => officialIndex.set(o.id, i))

  const load = new Int32Array(O)
  const quota = new Int32Array(O)
  const removed: PlanResult['removed'] = []
  const exceptions: PlanException[] = []
  /** officials per household after the plan (a count: one array per household costs seconds of GC) */
  const assigned = new Int32Array(H)
  let kept = 0
  const needing: number[] = []
  // Officials absent from the input (e.g. from another county when one county is planned) are outside
  // the plan's view: their pairings are kept and cover the household, but add no load here. Officials
  // given as inactive have left: their pairings end.
  const inactive = new Set(officialsIn.filter((o) => o.active === false).map((o) => o.id))
  households.forEach((h, hi) => {
    const ids = h.officialIds ?? []
    ids.forEach((oid, k) => {
      if (ids.indexOf(oid) !== k) return // listed twice
      const oi = officialIndex.get(oid)
      if (keepExisting && !inactive.has(oid)) {
        assigned[hi]!++
        if (oi !== undefined) load[oi]!++
        kept++
      } else {
        removed.push({ officialId: oid, householdId: h.id })
      }
    })
    if (assigned[hi] === 0) needing.push(hi)
  })

  // ---- 1. loads: water-fill from the balance scope outwards
  // Ties go to officials whose village has the most unmet demand per resident official, so the extra
  // household lands where it can stay in the village.
  const villageDemand = new Map<string, number>()
  for (const hi of needing) {
    const v = keyAt(households[hi]!.regionPath, 3)
    villageDemand.set(v, (villageDemand.get(v) ?? 0) + 1)
  }
  const villageOfficials = new Map<string, number>()
  for (const o of officials) {
    const v = keyAt(o.regionPath, 3)
    villageOfficials.set(v, (villageOfficials.get(v) ?? 0) + 1)
  }
  const order = new Float64Array(O)
  officials.forEach((o, i) => {
    const v = keyAt(o.regionPath, 3)
    order[i] = v === '' ? 0 : -(villageDemand.get(v) ?? 0) / (villageOfficials.get(v) ?? 1)
  })

  const officialsAt: Map<string, number[]>[] = LEVELS.map((_, d) =>
    groupBy(
      officials.map((_, i) => i),
      (i) => keyAt(officials[i]!.regionPath, d),
    ),
  )
  // the parent scope of a key at depth d, learned from the paths that contain it
  const parentIndex = new Map<string, string>()
  for (const path of [...households.map((h) => h.regionPath), ...officials.map((o) => o.regionPath)]) {
    for (let d = 1; d < path.length; d++) parentIndex.set(path[d]!, path[d - 1]!)
  }
  const parentOf = (key: string, d: number): string => (key === '' || d === 0 ? '' : (parentIndex.get(key) ?? ''))

  /** Demand climbing the tree, remembering the scope it came from so a second pass can start there again. */
  type Flow = { origin: string; amount: number }
  const place = (pending: Map<string, Flow[]>, cap: number): Flow[] => {
    for (let d = scopeDepth; d >= 0; d--) {
      const next = new Map<string, Flow[]>()
      for (const key of [...pending.keys()].sort()) {
        const flows = pending.get(key)!
        const amount = flows.reduce((a, f) => a + f.amount, 0)
        const members = key === '' ? [] : (officialsAt[d]!.get(key) ?? [])
        let placed = amount - waterFill(members, load, quota, amount, cap, order)
        const rest: Flow[] = []
        for (const f of flows) {
          const take = Math.min(placed, f.amount)
          placed -= take
          if (f.amount > take) rest.push({ origin: f.origin, amount: f.amount - take })
        }
        if (rest.length === 0) continue
        const target = d > 0 ? parentOf(key, d) : key
        const list = next.get(target)
        if (list) list.push(...rest)
        else next.set(target, rest)
      }
      pending = next
    }
    return [...pending.values()].flat()
  }
  const byOrigin = (flows: Flow[]): Map<string, Flow[]> => {
    const sums = new Map<string, number>()
    for (const f of flows) sums.set(f.origin, (sums.get(f.origin) ?? 0) + f.amount)
    return new Map([...sums].map(([origin, amount]) => [origin, [{ origin, amount }]]))
  }
  let unplaced = place(
    byOrigin(needing.map((hi) => ({ origin: keyAt(households[hi]!.regionPath, scopeDepth), amount: 1 }))),
    ceiling,
  )
  // above the target only where no scope had room: start again from each household's own scope
  if (ceiling !== Infinity && unplaced.length > 0) unplaced = place(byOrigin(unplaced), Number.MAX_SAFE_INTEGER)
  // households with no official anywhere on their path (or with no region) go to the least loaded of all
  const homeless = unplaced.reduce((a, f) => a + f.amount, 0)
  if (homeless > 0) {
    const all = officials.map((_, i) => i)
    waterFill(all, load, quota, homeless, Number.MAX_SAFE_INTEGER, order)
  }

  // regions with demand but no resident official, at the township and county levels
  for (const d of [1, 2]) {
    const demand = new Map<string, number>()
    for (const hi of needing) {
      const k = keyAt(households[hi]!.regionPath, d)
      if (k !== '' && !officialsAt[d]!.has(k)) demand.set(k, (demand.get(k) ?? 0) + 1)
    }
    for (const [region, count] of [...demand].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      exceptions.push({ kind: 'noOfficials', level: LEVELS[d]!, region, households: count })
    }
  }

  // ---- 3a. idle officials take one quota unit from the most-loaded official nearby
  const idle = officials.map((_, i) => i).filter((i) => load[i] === 0)
  if (idle.length > 0) {
    // max-heap through a min-heap: key = (MAX − load) · PACK + index
    const PACK = 2 ** 20
    const MAX = 2 ** 20
    const key = (i: number): number => (MAX - load[i]!) * PACK + i
    const donors = new Map<string, NumberHeap>()
    const heapFor = (scope: string): NumberHeap => {
      let heap = donors.get(scope)
      if (!heap) {
        heap = new NumberHeap()
        const members = scope === '*' ? officials.map((_, i) => i) : (officialsAt[1]!.get(scope) ?? [])
        for (const i of members) if (quota[i]! > 0 && load[i]! >= 2) heap.push(key(i))
        donors.set(scope, heap)
      }
      return heap
    }
    for (const i of idle) {
      for (const scope of [keyAt(officials[i]!.regionPath, 1), '*']) {
        const heap = heapFor(scope)
        let taken = false
        while (heap.size > 0) {
          const top = heap.pop()!
          const j = top % PACK
          if (MAX - Math.floor(top / PACK) !== load[j] || quota[j]! <= 0 || load[j]! < 2) {
            if (quota[j]! > 0 && load[j]! >= 2) heap.push(key(j))
            continue
          }
          quota[j]!--
          load[j]!--
          quota[i]!++
          load[i]!++
          if (quota[j]! > 0 && load[j]! >= 2) heap.push(key(j))
          taken = true
          break
        }
        if (taken) break
      }
    }
  }

  // ---- 2. places: match quotas to households bottom-up along the tree
  const added: PlannedPairing[] = []
  const byLevel: Record<RegionLevel, number> = { prefecture: 0, county: 0, township: 0, village: 0 }
  let pendingHouseholds = groupBy(needing, (hi) => keyAt(households[hi]!.regionPath, 3))
  let pendingOfficials = groupBy(
    officials.map((_, i) => i).filter((i) => quota[i]! > 0),
    (i) => keyAt(officials[i]!.regionPath, 3),
  )
  for (let d = 3; d >= 0; d--) {
    const nextHouseholds = new Map<string, number[]>()
    const nextOfficials = new Map<string, number[]>()
    const up = (map: Map<string, number[]>, key: string, items: number[]): void => {
      if (items.length === 0) return
      const parent = d === 0 ? '' : parentOf(key, d)
      const list = map.get(parent)
      if (list) for (const x of items) list.push(x)
      else map.set(parent, items)
    }
    const keys = new Set([...pendingHouseholds.keys(), ...pendingOfficials.keys()])
    for (const key of [...keys].sort()) {
      const hs = pendingHouseholds.get(key) ?? []
      const os = pendingOfficials.get(key) ?? []
      let h = 0
      let o = 0
      if (key !== '' || d === 0) {
        while (h < hs.length && o < os.length) {
          const oi = os[o]!
          const hi = hs[h++]!
          assigned[hi]!++
          const depth = sharedDepth(officials[oi]!.regionPath, households[hi]!.regionPath)
          const level = levelAt(depth)
          byLevel[level]++
          added.push({ officialId: officials[oi]!.id, householdId: households[hi]!.id, level })
          if (--quota[oi]! === 0) o++
        }
      }
      if (d > 0) {
        up(nextHouseholds, key, hs.slice(h))
        up(nextOfficials, key, os.slice(o))
      }
    }
    pendingHouseholds = nextHouseholds
    pendingOfficials = nextOfficials
  }

  // ---- 3b. officials still idle join the nearest household with the fewest officials
  const idleAfter = officials.map((_, i) => i).filter((i) => load[i] === 0)
  if (idleAfter.length > 0 && share && H > 0) {
    const householdsAt = LEVELS.map((_, d) =>
      groupBy(
        households.map((_, hi) => hi),
        (hi) => keyAt(households[hi]!.regionPath, d),
      ),
    )
    for (const i of idleAfter) {
      let best = -1
      for (let d = 3; d >= 0 && best < 0; d--) {
        const key = keyAt(officials[i]!.regionPath, d)
        const candidates = key === '' ? [] : (householdsAt[d]!.get(key) ?? [])
        for (const hi of candidates) if (best < 0 || assigned[hi]! < assigned[best]!) best = hi
      }
      if (best < 0) best = households.reduce((b, _, hi) => (assigned[hi]! < assigned[b]! ? hi : b), 0)
      assigned[best]!++
      load[i]!++
      const level = levelAt(sharedDepth(officials[i]!.regionPath, households[best]!.regionPath))
      byLevel[level]++
      added.push({ officialId: officials[i]!.id, householdId: households[best]!.id, level })
      exceptions.push({ kind: 'sharedHousehold', officialId: officials[i]!.id, householdId: households[best]!.id })
    }
  }
  for (let i = 0; i < O; i++) if (load[i] === 0) exceptions.push({ kind: 'idleOfficial', officialId: officials[i]!.id })

  // when re-planning from scratch, a pairing that comes back is neither removed nor added: it is kept
  let finalAdded = added
  let finalRemoved = removed
  if (!keepExisting && removed.length > 0) {
    const pair = (o: string, h: string): string => `${o}\u0000${h}`
    const before = new Set(removed.map((r) => pair(r.officialId, r.householdId)))
    const again = new Set<string>()
    finalAdded = added.filter((a) => {
      const k = pair(a.officialId, a.householdId)
      if (!before.has(k)) return true
      again.add(k)
      byLevel[a.level]--
      kept++
      return false
    })
    finalRemoved = removed.filter((r) => !again.has(pair(r.officialId, r.householdId)))
  }
  if (ceiling !== Infinity) {
    for (let i = 0; i < O; i++) {
      if (load[i]! > ceiling) exceptions.push({ kind: 'overTarget', officialId: officials[i]!.id, load: load[i]! })
    }
  }

  const loads: Record<string, number> = {}
  officials.forEach((o, i) => (loads[o.id] = load[i]!))
  const spreads = townshipSpreads(officials, loads)
  let maxTownshipSpread = 0
  for (const [region, spread] of spreads) {
    maxTownshipSpread = Math.max(maxTownshipSpread, spread)
    if (spread > 1) exceptions.push({ kind: 'unbalanced', region, spread })
  }
  let coveredHouseholds = 0
  for (let hi = 0; hi < H; hi++) if (assigned[hi]! > 0) coveredHouseholds++
  let coveredOfficials = 0
  for (let i = 0; i < O; i++) if (load[i]! > 0) coveredOfficials++

  return {
    added: finalAdded,
    removed: finalRemoved,
    loads,
    exceptions,
    counts: {
      households: H,
      officials: O,
      coveredHouseholds,
      coveredOfficials,
      kept,
      added: finalAdded.length,
      removed: finalRemoved.length,
      byLevel,
      maxTownshipSpread,
    },
  }
}

/** max − min households per official among the active officials living in each township. */
export function townshipSpreads(
  officials: readonly PlannerOfficial[],
  loads: Readonly<Record<string, number>>,
): Map<string, number> {
  const range = new Map<string, [number, number]>()
  for (const o of officials) {
    if (o.active === false) continue
    const t = keyAt(o.regionPath, 2)
    if (t === '') continue
    const l = loads[o.id] ?? 0
    const r = range.get(t)
    if (r) {
      if (l < r[0]) r[0] = l
      if (l > r[1]) r[1] = l
    } else range.set(t, [l, l])
  }
  const spreads = new Map<string, number>()
  for (const [t, [min, max]] of range) spreads.set(t, max - min)
  return spreads
}

export function maxTownshipSpread(
  officials: readonly PlannerOfficial[],
  loads: Readonly<Record<string, number>>,
): number {
  let max = 0
  for (const s of townshipSpreads(officials, loads).values()) max = Math.max(max, s)
  return max
}

/** A plan's changes per household (officials gained, officials whose pairing ends), in household id order. */
export function planOps(result: Pick<PlanResult, 'added' | 'removed'>): PlanOp[] {
  const ops = new Map<string, PlanOp>()
  const op = (householdId: string): PlanOp => {
    let found = ops.get(householdId)
    if (!found) ops.set(householdId, (found = { householdId, add: [], remove: [] }))
    return found
  }
  for (const a of result.added) op(a.householdId).add.push(a.officialId)
  for (const r of result.removed) op(r.householdId).remove.push(r.officialId)
  return [...ops.values()].sort((a, b) => (a.householdId < b.householdId ? -1 : 1))
}

/** Households per official → how many officials carry that many, lightest first. */
export function loadHistogram(loads: Readonly<Record<string, number>>): { load: number; officials: number }[] {
  const histogram = new Map<number, number>()
  for (const load of Object.values(loads)) histogram.set(load, (histogram.get(load) ?? 0) + 1)
  return [...histogram].sort((a, b) => a[0] - b[0]).map(([load, officials]) => ({ load, officials }))
}
