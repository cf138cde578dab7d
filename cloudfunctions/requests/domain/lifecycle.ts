/**
 * A request's life as a log of events: `apply(request, event)` either answers the request after the event
 * (its state, its units, the event appended, and whom to tell) or refuses with a typed error that
 * changes nothing. The state is always what replaying the events gives (`replay`), so a recount can
 * check the stored one.
 *
 * submitted → assigned → accepted → resolved → confirmed when the household answers "solved"; "partly
 * solved" and "not solved" reopen it for the same unit and the level above is told. A resolution left
 * unanswered past its window (clocks.ts `answerDue`) stays resolved but leaves the open work (`unanswered`,
 * written by the timer at the window's end); the household's answer is still taken after it. Side exits: a unit
 * returns it to the dispatcher with a reason (the clock keeps running), it is merged into another
 * request as a duplicate, or closed as not valid with a reason the household sees. A poverty-return risk
 * lead ends instead when the county's team records the national monitoring system's result (`identify`).
 *
 * The first unit that receives a request stays responsible for coordinating it (首接负责): it is told
 * when the request comes back, whoever handles it after a return.
 */
import type { Request, RequestEvent, RequestState, UnitRef } from '@config/documents'
import { AppError } from '@shared/errors'
import type { MessageKey } from '@shared/i18n'
import type { Instant } from '@shared/time'
import { epochMs } from '@shared/time'
import type { WorkingCalendar } from './calendar'
import { answerDue, overallDue } from './clocks'
import { rank, sameUnit, unitAbove } from './units'

/** What the rules read and write of a request; the stored document carries more and keeps it. */
export type Life = Pick<
  Request,
  'state' | 'dispatcher' | 'firstUnit' | 'unit' | 'deadlineDays' | 'events' | 'mergedInto' | 'open'
>

export type SubmitEvent = Extract<RequestEvent, { type: 'submit' }>

/** Whom a message is owed after an event (subscription messages, within quotas, are the function's). */
export type Tell = { to: 'household' } | { to: 'unit'; unit: UnitRef }

export type Applied<R extends Life> = { ok: true; request: R; tell: Tell[] } | { ok: false; refusal: AppError }

export const FINISHED: readonly RequestState[] = ['confirmed', 'merged', 'closed']
/** States in which a unit is working on the request. */
const WORKING: readonly RequestState[] = ['accepted', 'reopened']
/** Longest extension one request may be granted in one go, in working days. */
export const MAX_EXTENSION_DAYS = 30
export const MAX_DEADLINE_DAYS = 60
export const MAX_REASON_LENGTH = 500

/** A new request, with the work office that will route it. */
export function begin(event: SubmitEvent): Life {
  return {
    state: 'submitted',
    dispatcher: event.dispatcher,
    firstUnit: null,
    unit: null,
    deadlineDays: 0,
    events: [event],
    mergedInto: null,
    open: true,
  }
}

function refuse(code: AppError['code'], reason: MessageKey): { ok: false; refusal: AppError } {
  return { ok: false, refusal: new AppError(code, reason) }
}

function hasText(text: string): boolean {
  return text.trim().length > 0 && text.length <= MAX_REASON_LENGTH
}

function isDays(days: number, max: number): boolean {
  return Number.isInteger(days) && days >= 1 && days <= max
}

/** The extension asked and not yet answered, if any. */
export function pendingExtension(events: readonly RequestEvent[]): Extract<RequestEvent, { type: 'extendAsk' }> | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]
    if (!e) continue
    if (e.type === 'extendGrant' || e.type === 'extendRefuse') return null
    if (e.type === 'extendAsk') return e
  }
  return null
}

function tellUnit(unit: UnitRef | null | undefined): Tell[] {
  return unit ? [{ to: 'unit', unit }] : []
}

export function apply<R extends Life>(request: R, event: RequestEvent, calendar: WorkingCalendar): Applied<R> {
  if (event.type === 'submit') return refuse('CONFLICT', 'requests.exists')
  if (FINISHED.includes(request.state)) return refuse('CONFLICT', 'requests.finished')
  if (request.events.length > 0 && epochMs(event.at) < epochMs(request.events[request.events.length - 1]!.at))
    return refuse('CONFLICT', 'requests.outOfOrder')
  const events = [...request.events, event]
  const next = (changes: Partial<Life>, tell: Tell[]): Applied<R> => ({
    ok: true,
    request: { ...request, ...changes, events },
    tell,
  })
  const fromUnit = (unit: UnitRef) => sameUnit(unit, request.unit)
  /** merging a duplicate or closing an invalid request: the dispatcher, the first unit or the unit handling it */
  const mayWindUp = (unit: UnitRef) =>
    sameUnit(unit, request.dispatcher) || sameUnit(unit, request.firstUnit) || fromUnit(unit)

  switch (event.type) {
    case 'assign': {
      if (request.state !== 'submitted' && request.state !== 'returned')
        return refuse('CONFLICT', 'requests.wrongState')
      if (!isDays(event.deadlineDays, MAX_DEADLINE_DAYS)) return refuse('INVALID_ARGUMENT', 'requests.daysInvalid')
      return next(
        {
          state: 'assigned',
          unit: event.unit,
          firstUnit: request.firstUnit ?? event.unit,
          deadlineDays: event.deadlineDays,
        },
        [...tellUnit(event.unit), { to: 'household' }],
      )
    }
    case 'accept': {
      if (request.state !== 'assigned') return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      return next({ state: 'accepted' }, [])
    }
    case 'progress': {
      if (!WORKING.includes(request.state)) return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!hasText(event.note) && event.photos.length === 0) return refuse('INVALID_ARGUMENT', 'requests.noteRequired')
      return next({}, [{ to: 'household' }])
    }
    case 'return': {
      if (request.state !== 'assigned' && !WORKING.includes(request.state))
        return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!hasText(event.reason)) return refuse('INVALID_ARGUMENT', 'requests.reasonRequired')
      const told = [request.dispatcher, request.firstUnit].filter(
        (unit, i, all): unit is UnitRef =>
          !!unit && !sameUnit(unit, event.unit) && all.findIndex((u) => sameUnit(u, unit)) === i,
      )
      return next(
        { state: 'returned', unit: null },
        told.map((unit) => ({ to: 'unit', unit })),
      )
    }
    case 'extendAsk': {
      if (request.state !== 'assigned' && !WORKING.includes(request.state))
        return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!isDays(event.days, MAX_EXTENSION_DAYS)) return refuse('INVALID_ARGUMENT', 'requests.daysInvalid')
      if (!hasText(event.reason)) return refuse('INVALID_ARGUMENT', 'requests.reasonRequired')
      if (pendingExtension(request.events)) return refuse('CONFLICT', 'requests.extendPending')
      const due = overallDue(request.events, calendar)
      if (due && epochMs(event.at) >= epochMs(due)) return refuse('CONFLICT', 'requests.extendLate')
      return next({}, tellUnit(unitAbove(event.unit)))
    }
    case 'extendGrant':
    case 'extendRefuse': {
      const asked = pendingExtension(request.events)
      if (!asked) return refuse('CONFLICT', 'requests.extendNone')
      if (rank(event.unit.level) <= rank(asked.unit.level)) return refuse('FORBIDDEN', 'requests.notAbove')
      if (event.type === 'extendGrant' && !isDays(event.days, asked.days))
        return refuse('INVALID_ARGUMENT', 'requests.daysInvalid')
      if (event.type === 'extendRefuse' && !hasText(event.reason))
        return refuse('INVALID_ARGUMENT', 'requests.reasonRequired')
      return next({}, tellUnit(asked.unit))
    }
    case 'resolve': {
      if (request.state === 'assigned') return refuse('CONFLICT', 'requests.notAccepted')
      if (!WORKING.includes(request.state)) return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!hasText(event.note)) return refuse('INVALID_ARGUMENT', 'requests.noteRequired')
      return next({ state: 'resolved' }, [{ to: 'household' }])
    }
    case 'confirm': {
      if (request.state !== 'resolved') return refuse('CONFLICT', 'requests.notResolved')
      if (event.by.role !== 'household' && !(event.by.role === 'official' && event.onBehalf))
        return refuse('FORBIDDEN', 'requests.notHousehold')
      if (!fromUnit(event.unit)) return refuse('CONFLICT', 'requests.wrongState')
      if (event.answer === 'solved') return next({ state: 'confirmed', open: false }, tellUnit(request.unit))
      const above = request.unit ? unitAbove(request.unit) : undefined
      // a late "not solved" brings a request the window had let go back into the open work
      return next({ state: 'reopened', open: true }, [...tellUnit(request.unit), ...tellUnit(above)])
    }
    case 'merge': {
      if (!mayWindUp(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!event.into) return refuse('INVALID_ARGUMENT', 'requests.mergeTarget')
      return next({ state: 'merged', open: false, mergedInto: event.into, unit: null }, [{ to: 'household' }])
    }
    case 'close': {
      if (!mayWindUp(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      if (!hasText(event.reason)) return refuse('INVALID_ARGUMENT', 'requests.reasonRequired')
      return next({ state: 'closed', open: false, unit: null }, [{ to: 'household' }])
    }
    case 'unanswered': {
      const due = answerDue(request, calendar)
      if (!due) return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('CONFLICT', 'requests.wrongState')
      // written at the window's end, never earlier: the household had the whole window to answer
      if (epochMs(event.at) !== epochMs(due)) return refuse('CONFLICT', 'requests.wrongState')
      return next({ open: false }, [])
    }
    case 'identify': {
      // a risk lead ends with the team's result, not with the household's answer: the household never saw it
      if (request.state !== 'accepted' && request.state !== 'reopened') return refuse('CONFLICT', 'requests.wrongState')
      if (!fromUnit(event.unit)) return refuse('FORBIDDEN', 'requests.notYourUnit')
      return next({ state: 'confirmed', open: false }, [])
    }
  }
}

/** The `unanswered` step owed at `now`, once the resolution's answer window is over: dated at the window's
 * end, so a timer that runs late writes the same step as one on time. */
export function lapseOf(
  request: Pick<Life, 'state' | 'events' | 'unit'>,
  now: Instant,
  calendar: WorkingCalendar,
): RequestEvent | null {
  const due = answerDue(request, calendar)
  if (!due || epochMs(due) > epochMs(now)) return null
  const resolved = [...request.events].reverse().find((e) => e.type === 'resolve')
  const unit = request.unit ?? (resolved?.type === 'resolve' ? resolved.unit : null)
  if (!unit) return null
  return { type: 'unanswered', at: due, by: { id: 'routing', role: 'office' }, unit }
}

/** The request its events make, or the refusal of the first event that does not apply. */
export function replay(
  events: readonly RequestEvent[],
  calendar: WorkingCalendar,
): { ok: true; request: Life } | { ok: false; refusal: AppError; at: number } {
  const [first, ...rest] = events
  if (!first || first.type !== 'submit')
    return { ok: false, refusal: new AppError('CONFLICT', 'requests.wrongState'), at: 0 }
  let request = begin(first)
  for (const [i, event] of rest.entries()) {
    const result = apply(request, event, calendar)
    if (!result.ok) return { ok: false, refusal: result.refusal, at: i + 1 }
    request = result.request
  }
  return { ok: true, request }
}
