/**
 * A request's clocks, derived from its events and the calendar every time they are needed and never
 * stored, so no "overdue" flag can drift from the truth.
 *
 * - The overall clock starts when the request is first assigned, not when a unit accepts it: a unit
 *   cannot hold the clock back by leaving a request unaccepted or by returning it. Returning,
 *   reassigning and reopening never restart it; only extensions granted by the level above move it.
 * - Each lapsed deadline escalates the request one level (township → county → prefecture) from the level
 *   of the unit that first received it, and the level it reached gets a clock of its own (the per-level
 *   clock, `levelDays` working days from the lapse), whose lapse escalates it again, up to the top.
 * - While a resolution waits for the household's answer, and once the request is finished, the clocks
 *   stand still where the resolution found them; a reopened request runs on its original deadline.
 *
 * `status(request, now)` is a pure function of the events and `now`, so a timer that missed runs and one
 * that ran every minute compute the same answer; `alerts` tells a timer which messages are still owed.
 */
import type { ReliefLevel, Request, RequestEvent } from '@config/documents'
import { ANSWER_DAYS } from '@shared/contracts/requests'
import type { Instant } from '@shared/time'
import { epochMs } from '@shared/time'
import type { WorkingCalendar } from './calendar'
import { addWorkingDays, atWorkingTime } from './calendar'
import { levelAbove, rank } from './units'

export type Clocked = Pick<Request, 'state' | 'events'>

/** The share of a deadline after which the unit is warned. */
export const WARN_SHARE = 0.75

export interface ClockStatus {
  /** the first assignment: when the overall clock started */
  startedAt: Instant
  /** the overall deadline: the end of the last working day, extensions included */
  overallDue: Instant
  /** the deadline running now: the overall one, or that of the level the request escalated to */
  due: Instant
  /** 75 % into the running deadline's window */
  warnAt: Instant
  /** the overall deadline has passed (at the moment the clocks stopped, for a resolved or finished request) */
  overdue: boolean
  /** past the warning of the overall deadline */
  warned: boolean
  /** the level of the unit that first received it, where escalation starts */
  baseLevel: ReliefLevel
  /** lapsed deadlines that moved the request up, at most up to the prefecture */
  escalations: number
  /** the level watching it now */
  escalationLevel: ReliefLevel
  /** working days granted as extensions */
  extensionDays: number
  /** when the clocks stopped (the resolution being answered, or the last event of a finished request) */
  stoppedAt: Instant | null
  /** the next moment this status changes by time alone; null when nothing more will */
  nextCheckAt: Instant | null
}

type Assign = Extract<RequestEvent, { type: 'assign' }>

const STOPPED = new Set<Request['state']>(['resolved', 'confirmed', 'merged', 'closed'])

/** The overall deadline: first assignment plus its working days and every granted extension. */
export function overallDue(events: readonly RequestEvent[], calendar: WorkingCalendar): Instant | null {
  const first = events.find((e): e is Assign => e.type === 'assign')
  if (!first) return null
  return addWorkingDays(calendar, first.at, first.deadlineDays + extensionDays(events))
}

function extensionDays(events: readonly RequestEvent[]): number {
  return events.reduce((sum, e) => sum + (e.type === 'extendGrant' ? e.days : 0), 0)
}

export interface ClockOptions {
  /** working days each escalated level gets before the next escalation; default: the first deadline's days */
  levelDays?: number
}

/** The clocks of a request at `now`; null before its first assignment. */
export function status(
  request: Clocked,
  now: Instant,
  calendar: WorkingCalendar,
  options: ClockOptions = {},
): ClockStatus | null {
  const first = request.events.find((e): e is Assign => e.type === 'assign')
  if (!first) return null
  const extension = extensionDays(request.events)
  const budget = first.deadlineDays + extension
  const levelDays = options.levelDays ?? first.deadlineDays
  const baseLevel = first.unit.level
  const room = rank('prefecture') - rank(baseLevel)

  const stoppedAt = STOPPED.has(request.state) ? stopTime(request) : null
  const at = stoppedAt !== null && epochMs(stoppedAt) < epochMs(now) ? stoppedAt : now
  const t = epochMs(at)

  const overall = addWorkingDays(calendar, first.at, budget)
  // a level's window counts from the day after the lapsed deadline's last day: the day of the lapse is its first
  let windowFrom: Instant = first.at
  let windowDays = budget
  let due = overall
  let escalations = 0
  while (t >= epochMs(due) && escalations < room) {
    escalations++
    windowFrom = lastMoment(due)
    windowDays = levelDays
    due = addWorkingDays(calendar, windowFrom, levelDays)
  }
  const warnAt = atWorkingTime(calendar, windowFrom, windowDays * WARN_SHARE)
  const firstWarn = escalations === 0 ? warnAt : atWorkingTime(calendar, first.at, budget * WARN_SHARE)

  let nextCheckAt: Instant | null = null
  if (stoppedAt === null) {
    if (t < epochMs(warnAt)) nextCheckAt = warnAt
    else if (t < epochMs(due)) nextCheckAt = due
  }
  return {
    startedAt: first.at,
    overallDue: overall,
    due,
    warnAt,
    overdue: t >= epochMs(overall),
    warned: t >= epochMs(firstWarn),
    baseLevel,
    escalations,
    escalationLevel: levelAbove(baseLevel, escalations),
    extensionDays: extension,
    stoppedAt,
    nextCheckAt,
  }
}

/** The last moment before a deadline: on the deadline's own last day. */
function lastMoment(deadline: Instant): Instant {
  return new Date(epochMs(deadline) - 1).toISOString()
}

/** A resolved request stopped at its latest resolution; a finished one at its last event. */
function stopTime(request: Clocked): Instant {
  const events = request.events
  if (request.state === 'resolved') {
    for (let i = events.length - 1; i >= 0; i--) if (events[i]?.type === 'resolve') return events[i]!.at
  }
  return events[events.length - 1]!.at
}

/**
 * Working days a household has to answer a resolution (回访). A 12345 desk calls back within a few days and
 * lets an unreachable citizen's case close; here the answer often comes through the paired official's next
 * visit, and pastoral households may be out of signal for days, so the window is two working weeks. Past
 * it the request leaves the open work as "resolved, not confirmed by the household": never counted as
 * solved (that is only the household's word) nor as unsatisfied, and the household's later answer counts.
 */
export { ANSWER_DAYS }

/**
 * When the household's answer to the latest resolution is no longer waited for: `ANSWER_DAYS` working days
 * after it. Null unless the request is resolved and that resolution has not already lapsed.
 */
export function answerDue(request: Clocked, calendar: WorkingCalendar): Instant | null {
  if (request.state !== 'resolved') return null
  for (let i = request.events.length - 1; i >= 0; i--) {
    const e = request.events[i]!
    if (e.type === 'unanswered') return null
    if (e.type === 'resolve') return addWorkingDays(calendar, e.at, ANSWER_DAYS)
  }
  return null
}

/** The messages a timer has sent for a request: whether the unit was warned, how many escalations were told. */
export interface Told {
  warned: boolean
  escalations: number
}

export type Alert = { kind: 'warn' } | { kind: 'escalate'; level: ReliefLevel }

/**
 * The messages still owed at this status, given what was already told: a warning once, and one message
 * for every level reached and not yet told (a run after a long gap tells each skipped level, so the
 * county learns of a request that went on to the prefecture). Sending them and storing `toldAfter`
 * makes the next run owe nothing until the status moves again.
 */
export function alerts(current: ClockStatus | null, told: Told): Alert[] {
  if (!current || current.stoppedAt !== null) return []
  const owed: Alert[] = []
  if (current.warned && !told.warned && current.escalations === 0) owed.push({ kind: 'warn' })
  for (let n = told.escalations + 1; n <= current.escalations; n++)
    owed.push({ kind: 'escalate', level: levelAbove(current.baseLevel, n) })
  return owed
}

/** What has been told once `alerts` were sent; never less than before (an extension does not un-tell). */
export function toldAfter(current: ClockStatus | null, told: Told): Told {
  if (!current || current.stoppedAt !== null) return told
  return {
    warned: told.warned || current.warned,
    escalations: Math.max(told.escalations, current.escalations),
  }
}
