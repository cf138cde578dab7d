/**
 * Subscription messages about a request: which are owed, to whom, and what `told` records once they are
 * claimed. Pure: the timer (timer.ts) reads the request, claims the messages by writing `told` and sends
 * them after.
 *
 * - assigned: the staff of the unit a request was assigned to (the latest assignment, while the unit still
 *   has it), so a new request is seen before its clock runs down.
 * - warn: the staff of the unit handling it (or of the dispatching office while it is back there), at
 *   75 % of the running deadline.
 * - escalated: for every level reached and not yet told, the staff of that level's work office (it now
 *   watches the request), the unit handling it, and the household (its request is late and who watches it).
 * - resolved: the household, which is asked whether its difficulty is solved.
 *
 * The household is not told of an assignment: routing happens while it reports, on its own screen, and
 * its one-time subscriptions are better kept for the two messages it has to act on or should know about.
 * Staff are the users holding a grant for the unit (a department grant for its department, an office grant
 * for its region): exactly those the inbox lets act on it (work.ts `unitsFor`).
 *
 * Each message is owed once: `told` counts the assignments and resolutions told and, as clocks.ts defines,
 * the warning and escalations. An escalation told late still reaches every level it passed; an assignment or
 * resolution overtaken by a later event (returned, answered) is marked told without being sent.
 */
import type { Request, RequestEvent, UnitRef } from '@config/documents'
import type { Instant } from '@shared/time'
import type { ClockStatus } from './clocks'
import { alerts, toldAfter } from './clocks'
import { officeAt, sameUnit, unitKey } from './units'

export const MESSAGE_KINDS = ['assigned', 'warn', 'escalated', 'resolved'] as const
export type MessageKind = (typeof MESSAGE_KINDS)[number]

export type Recipient = { to: 'unit'; unit: UnitRef } | { to: 'household'; householdId: string }

export interface Message {
  kind: MessageKind
  recipient: Recipient
  /** the deadline now running (warn, escalated, assigned) or the resolution's time */
  at: Instant
}

/** What was told about a request; the counts and outcomes are absent on requests stored before them. */
export type Told = Request['told']

type Messaged = Pick<Request, 'state' | 'events' | 'unit' | 'dispatcher' | 'householdId' | 'regionPath' | 'told'>

function count(events: readonly RequestEvent[], type: RequestEvent['type']): number {
  return events.reduce((n, e) => n + (e.type === type ? 1 : 0), 0)
}

function last<T extends RequestEvent['type']>(
  events: readonly RequestEvent[],
  type: T,
): Extract<RequestEvent, { type: T }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!
    if (e.type === type) return e as Extract<RequestEvent, { type: T }>
  }
  return undefined
}

/** Removes a unit named twice (the handling unit may be the office an escalation reached). */
function distinct(recipients: Recipient[]): Recipient[] {
  const key = (r: Recipient) => (r.to === 'unit' ? unitKey(r.unit) : `household:${r.householdId}`)
  return recipients.filter((r, i) => recipients.findIndex((x) => key(x) === key(r)) === i)
}

/** The messages owed at this status, given what `told` holds. */
export function owed(request: Messaged, clocks: ClockStatus | null, told: Told = request.told): Message[] {
  const messages: Message[] = []
  const place = request.regionPath[request.regionPath.length - 1] ?? ''
  const household: Recipient = { to: 'household', householdId: request.householdId }
  const handling = request.unit ?? request.dispatcher

  const assign = last(request.events, 'assign')
  const stillThere = request.state === 'assigned' && assign && sameUnit(assign.unit, request.unit)
  if (assign && stillThere && count(request.events, 'assign') > (told.assigned ?? 0))
    messages.push({ kind: 'assigned', recipient: { to: 'unit', unit: assign.unit }, at: clocks?.due ?? assign.at })

  for (const alert of alerts(clocks, told)) {
    if (alert.kind === 'warn') {
      messages.push({ kind: 'warn', recipient: { to: 'unit', unit: handling }, at: clocks!.due })
      continue
    }
    const office = officeAt(alert.level, place)
    const to = distinct([...(office ? [{ to: 'unit' as const, unit: office }] : []), { to: 'unit', unit: handling }])
    for (const recipient of to) messages.push({ kind: 'escalated', recipient, at: clocks!.due })
  }
  // a household told several escalations at once hears of the highest only
  const escalatedToHousehold = messages.some((m) => m.kind === 'escalated')
  if (escalatedToHousehold) messages.push({ kind: 'escalated', recipient: household, at: clocks!.due })

  const resolve = last(request.events, 'resolve')
  if (resolve && request.state === 'resolved' && count(request.events, 'resolve') > (told.resolved ?? 0))
    messages.push({ kind: 'resolved', recipient: household, at: resolve.at })
  return dedupe(messages)
}

/** One message per kind and recipient: the handling unit told of two escalations in one run hears once. */
function dedupe(messages: Message[]): Message[] {
  const key = (m: Message) =>
    `${m.kind}:${m.recipient.to === 'unit' ? unitKey(m.recipient.unit) : m.recipient.householdId}`
  return messages.filter((m, i) => messages.findIndex((x) => key(x) === key(m)) === i)
}

/**
 * What `told` holds once the owed messages are claimed: every assignment and resolution so far counted
 * (sent now, or overtaken and never to be sent), the warning and escalations as clocks.ts counts them.
 * Outcomes are added after sending, so they are kept.
 */
export function toldAfterClaim(request: Messaged, clocks: ClockStatus | null, told: Told = request.told): Told {
  return {
    ...told,
    ...toldAfter(clocks, { warned: told.warned, escalations: told.escalations }),
    assigned: count(request.events, 'assign'),
    resolved: count(request.events, 'resolve'),
  }
}

/** Whether the event just written owes a message that should not wait for the next clock check. */
export function owesAtOnce(event: RequestEvent | undefined): boolean {
  return event?.type === 'assign' || event?.type === 'resolve'
}
