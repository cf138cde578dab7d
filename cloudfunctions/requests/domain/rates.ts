/**
 * What offices are judged on: requests collected and solved, solved on time, and the three rates of the
 * 12345 hotlines (response, solution, satisfaction), computed from counters that every event moves by
 * an exact amount. The function adds `increments` to the stats of the household's region path (all four
 * levels) and of the unit each change names, in the same write as the event; `recount` replays a
 * request's events into the same changes, so the stored counters can be rebuilt and checked.
 *
 * Each counter counts a request at most once, except the rating, which follows the household's latest
 * answer (a new rating takes the old one back). "Solved" is only ever the household's own word: a unit
 * resolving a request, or closing it as not valid, is not a solution.
 */
import type { Rating, RequestEvent, UnitRef } from '@config/documents'
import { epochMs } from '@shared/time'
import type { WorkingCalendar } from './calendar'
import { overallDue } from './clocks'
import type { Life } from './lifecycle'
import { apply, begin } from './lifecycle'
import { unitKey } from './units'

export const RATE_COUNTERS = [
  /** requests received */
  'collected',
  /** requests assigned to a unit (counted for the first unit, which stays responsible) */
  'assigned',
  /** requests a unit accepted */
  'responded',
  /** requests the household answered at least once */
  'answered',
  /** requests the household confirmed solved */
  'solved',
  /** of those, the ones whose confirmed resolution came by the overall deadline */
  'solvedOnTime',
  /** requests whose latest answer carries a rating, and of those the satisfied */
  'rated',
  'satisfied',
  /** side exits */
  'merged',
  'closed',
  /** requests whose latest step is a resolution the household left unanswered past its window: neither
   * solved nor unsatisfied, and out of this count again with the next step (the household's late answer) */
  'unconfirmed',
] as const
export type RateCounter = (typeof RATE_COUNTERS)[number]
export type RateCounters = Record<RateCounter, number>

/** Counter changes for one unit (null: the region's figures only, no unit had it yet). */
export interface RateChange {
  unit: UnitRef | null
  inc: Partial<RateCounters>
}

export function emptyCounters(): RateCounters {
  return Object.fromEntries(RATE_COUNTERS.map((name) => [name, 0])) as RateCounters
}

function latestRating(events: readonly RequestEvent[]): { rating: Rating; unit: UnitRef } | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]
    if (e?.type === 'confirm') return e.rating ? { rating: e.rating, unit: e.unit } : null
  }
  return null
}

/**
 * The counter changes one applied event causes. `before` is the request the event applied to (null for
 * the submission that created it); `after` is what `apply` answered.
 */
export function increments(
  before: Life | null,
  event: RequestEvent,
  after: Life,
  calendar: WorkingCalendar,
): RateChange[] {
  const lapsed = before?.events.at(-1)
  const changes = eventIncrements(before, event, after, calendar)
  if (lapsed?.type !== 'unanswered') return changes
  return merge([{ unit: lapsed.unit, inc: { unconfirmed: -1 } }, ...changes])
}

function eventIncrements(
  before: Life | null,
  event: RequestEvent,
  after: Life,
  calendar: WorkingCalendar,
): RateChange[] {
  const previous = before?.events ?? []
  switch (event.type) {
    case 'submit':
      return [{ unit: null, inc: { collected: 1 } }]
    case 'assign':
      return previous.some((e) => e.type === 'assign') ? [] : [{ unit: event.unit, inc: { assigned: 1 } }]
    case 'accept':
      return previous.some((e) => e.type === 'accept') ? [] : [{ unit: event.unit, inc: { responded: 1 } }]
    case 'merge':
      return [{ unit: after.firstUnit, inc: { merged: 1 } }]
    case 'close':
      return [{ unit: after.firstUnit, inc: { closed: 1 } }]
    case 'unanswered':
      return [{ unit: event.unit, inc: { unconfirmed: 1 } }]
    case 'confirm': {
      const changes: RateChange[] = []
      const inc: Partial<RateCounters> = {}
      if (!previous.some((e) => e.type === 'confirm')) inc.answered = 1
      if (event.answer === 'solved') {
        inc.solved = 1
        const resolvedAt = [...previous].reverse().find((e) => e.type === 'resolve')?.at
        const due = overallDue(previous, calendar)
        if (resolvedAt && due && epochMs(resolvedAt) < epochMs(due)) inc.solvedOnTime = 1
      }
      const old = latestRating(previous)
      if (old) changes.push({ unit: old.unit, inc: { rated: -1, satisfied: old.rating === 'satisfied' ? -1 : 0 } })
      if (event.rating) {
        inc.rated = 1
        inc.satisfied = event.rating === 'satisfied' ? 1 : 0
      }
      changes.push({ unit: event.unit, inc })
      return merge(changes)
    }
    default:
      return []
  }
}

/** Changes for the same unit folded into one, and zeros dropped, so a write touches each document once. */
export function merge(changes: readonly RateChange[]): RateChange[] {
  const byUnit = new Map<string, RateChange>()
  for (const change of changes) {
    const key = change.unit ? unitKey(change.unit) : ''
    const into = byUnit.get(key) ?? { unit: change.unit, inc: {} }
    for (const [name, amount] of Object.entries(change.inc) as [RateCounter, number][])
      into.inc[name] = (into.inc[name] ?? 0) + amount
    byUnit.set(key, into)
  }
  return [...byUnit.values()]
    .map((c) => ({ unit: c.unit, inc: Object.fromEntries(Object.entries(c.inc).filter(([, n]) => n !== 0)) }))
    .filter((c) => Object.keys(c.inc).length > 0)
}

/** The counters one request's events add up to: the whole, and per unit (by `unitKey`). */
export function recount(
  events: readonly RequestEvent[],
  calendar: WorkingCalendar,
): { total: RateCounters; byUnit: Map<string, RateCounters> } {
  const total = emptyCounters()
  const byUnit = new Map<string, RateCounters>()
  const add = (changes: RateChange[]) => {
    for (const change of changes) {
      const unit = change.unit ? unitKey(change.unit) : null
      const counters = unit ? (byUnit.get(unit) ?? emptyCounters()) : null
      for (const [name, amount] of Object.entries(change.inc) as [RateCounter, number][]) {
        total[name] += amount
        if (counters) counters[name] += amount
      }
      if (unit && counters) byUnit.set(unit, counters)
    }
  }
  const [first, ...rest] = events
  if (!first || first.type !== 'submit') return { total, byUnit }
  let request = begin(first)
  add(increments(null, first, request, calendar))
  for (const event of rest) {
    const result = apply(request, event, calendar)
    // a stored timeline holds only applied events; one that no longer applies is left for the check to report
    if (!result.ok) break
    add(increments(request, event, result.request, calendar))
    request = result.request
  }
  return { total, byUnit }
}

/** Counters of several requests (or stats documents) summed. */
export function addCounters(a: RateCounters, b: Partial<RateCounters>): RateCounters {
  const sum = { ...a }
  for (const name of RATE_COUNTERS) sum[name] += b[name] ?? 0
  return sum
}

/**
 * The three rates of the 12345 hotlines (三率), as this programme counts them:
 * - 响应率 response: of the requests assigned to a unit, the share a unit accepted (签收). A request returned
 *   and re-assigned still counts once: the first unit that received it stays responsible (首接负责).
 * - 解决率 solution: of the requests the household answered, the share it confirmed solved (the hotlines'
 *   解决率 is the citizen's word at the return visit, not the unit's "办结"). A request no one has
 *   answered yet is in neither figure, so a unit cannot raise its rate by resolving without asking.
 * - 满意率 satisfaction: of the requests whose latest answer carries a rating, the share rated satisfied
 *   (a later answer replaces the earlier rating).
 * Besides them, on time (按期解决率): of the solved, those whose confirmed resolution came by the overall
 * deadline (extensions included).
 */
export interface Rates {
  /** accepted of assigned */
  response: number | null
  /** confirmed solved of those the household answered */
  solution: number | null
  /** solved by the deadline of those solved */
  onTime: number | null
  /** satisfied of those rated */
  satisfaction: number | null
}

/** The rates as fractions (0–1); null where nothing is counted yet, so a screen shows "—", not 0 %. */
export function rates(counters: RateCounters): Rates {
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : null)
  return {
    response: share(counters.responded, counters.assigned),
    solution: share(counters.solved, counters.answered),
    onTime: share(counters.solvedOnTime, counters.solved),
    satisfaction: share(counters.satisfied, counters.rated),
  }
}
