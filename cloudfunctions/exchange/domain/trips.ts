/**
 * The rules of an exchange trip's places, as plain functions over its events. The organising office sets
 * the order of the named families and studios; places are offered down that order while slots are free;
 * each offer is confirmed or declined by its due instant, or expires then; a declined or expired place is
 * offered to the next one. Where each candidate stands is never stored on its own: it is folded from the
 * events, so a timer run, an answer and a second run at once all compute the same next events from the same
 * trip, and the write that lands is the one made from the trip as it was (cloudfunctions/exchange/trips.ts).
 */
import type { Trip, TripCandidate, TripEvent, ExchangeActor } from '@config/documents'
import type { TripAnswer, TripOfferState } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import type { Instant } from '@shared/time'
import { addTime, dayStart, epochMs } from '@shared/time'

/** no offer is open: the timer's index reads trips whose `nextDue` has come */
export const NO_DUE: Instant = '3000-01-01T00:00:00.000Z'

export interface Standing {
  state: TripOfferState
  /** the open offer's due instant, or the offer's when it expired */
  due?: Instant
  offeredAt?: Instant
  answeredAt?: Instant
  /** an official answered for the household during a visit */
  onBehalf?: boolean
}

/** Where every candidate stands, by named id, folded from the events in order. */
export function standings(trip: Pick<Trip, 'candidates' | 'events'>): Map<string, Standing> {
  const out = new Map<string, Standing>(trip.candidates.map((c) => [c.namedId, { state: 'waiting' }]))
  for (const event of trip.events) {
    const now = out.get(event.namedId)
    if (!now) continue
    switch (event.type) {
      case 'offer':
        if (now.state === 'waiting') out.set(event.namedId, { state: 'offered', due: event.due, offeredAt: event.at })
        break
      case 'confirm':
      case 'decline':
        if (now.state === 'offered')
          out.set(event.namedId, {
            ...now,
            state: event.type === 'confirm' ? 'confirmed' : 'declined',
            answeredAt: event.at,
            onBehalf: event.onBehalf,
          })
        break
      case 'expire':
        if (now.state === 'offered') out.set(event.namedId, { ...now, state: 'expired' })
        break
    }
  }
  return out
}

export function counts(trip: Pick<Trip, 'candidates' | 'events'>): { confirmed: number; offered: number } {
  let confirmed = 0
  let offered = 0
  for (const s of standings(trip).values()) {
    if (s.state === 'confirmed') confirmed++
    if (s.state === 'offered') offered++
  }
  return { confirmed, offered }
}

/** When an offer made at `at` must be answered: after the office's reply days, and before the trip leaves. */
export function dueOf(trip: Pick<Trip, 'replyDays' | 'startDay'>, at: Instant): Instant {
  const due = addTime(at, trip.replyDays, 'day')
  const leaves = dayStart(trip.startDay)
  return epochMs(due) < epochMs(leaves) ? due : leaves
}

/**
 * The events that bring the trip up to `now`: each open offer past its due expires (at its due, so every
 * run writes the same event), then the free places go to the next waiting candidates in the office's order,
 * until the trip leaves. Running it again on its own result adds nothing.
 */
export function advance(trip: Pick<Trip, 'candidates' | 'events' | 'slots' | 'replyDays' | 'startDay'>, now: Instant) {
  const events: TripEvent[] = []
  const standing = standings(trip)
  for (const c of trip.candidates) {
    const s = standing.get(c.namedId)
    if (s?.state === 'offered' && s.due && epochMs(s.due) <= epochMs(now)) {
      events.push({ type: 'expire', namedId: c.namedId, at: s.due })
      standing.set(c.namedId, { ...s, state: 'expired' })
    }
  }
  if (epochMs(now) < epochMs(dayStart(trip.startDay))) {
    let taken = [...standing.values()].filter((s) => s.state === 'confirmed' || s.state === 'offered').length
    for (const c of trip.candidates) {
      if (taken >= trip.slots) break
      if (standing.get(c.namedId)?.state !== 'waiting') continue
      events.push({ type: 'offer', namedId: c.namedId, at: now, due: dueOf(trip, now) })
      standing.set(c.namedId, { state: 'offered' })
      taken++
    }
  }
  return events
}

/** The earliest due of an open offer after `events`, or NO_DUE. */
export function nextDue(trip: Pick<Trip, 'candidates' | 'events'>): Instant {
  let next = NO_DUE
  for (const s of standings(trip).values())
    if (s.state === 'offered' && s.due && epochMs(s.due) < epochMs(next)) next = s.due
  return next
}

/**
 * The events an answer adds: the trip brought up to now first (an offer past its due has expired, whatever
 * the timer has done yet), then the answer to an open offer, then the place a decline frees offered on.
 * The same answer again is `duplicate` and adds nothing; any other answer to a closed offer is refused.
 */
export function answerEvents(
  trip: Pick<Trip, 'candidates' | 'events' | 'slots' | 'replyDays' | 'startDay'>,
  namedId: string,
  answer: TripAnswer,
  by: ExchangeActor,
  onBehalf: boolean,
  now: Instant,
): { events: TripEvent[]; status: 'done' | 'duplicate' } {
  const caught = advance(trip, now)
  const upToNow = { ...trip, events: [...trip.events, ...caught] }
  const s = standings(upToNow).get(namedId)
  const reached = answer === 'confirm' ? 'confirmed' : 'declined'
  if (s?.state === reached) return { events: caught, status: 'duplicate' }
  if (s?.state !== 'offered')
    throw new AppError(
      'CONFLICT',
      s?.state === 'expired' ? 'exchange.trips.offerExpired' : 'exchange.trips.offerClosed',
    )
  const answered: TripEvent = { type: answer, namedId, at: now, by, onBehalf }
  const after = { ...upToNow, events: [...upToNow.events, answered] }
  return { events: [...caught, answered, ...advance(after, now)], status: 'done' }
}

/** The candidate a named record is on the trip, or undefined. */
export function candidateOf(trip: Pick<Trip, 'candidates'>, namedId: string): TripCandidate | undefined {
  return trip.candidates.find((c) => c.namedId === namedId)
}
