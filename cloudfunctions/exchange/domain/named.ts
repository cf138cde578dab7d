/**
 * When a named family's or studio's annual review falls due: a year after it was named or last kept at a
 * review, on the China calendar (named on 10 March, due on 10 March next year; named on 29 February, due
 * on 1 March, the first day a full year has passed). Nothing stores the due day: it is read from the
 * instants the record already keeps, so a review moves it at once and no timer is needed.
 */
import type { Named } from '@config/documents'
import type { Day, Instant } from '@shared/time'
import { addDays, chinaDay, dayStart } from '@shared/time'

/** The same China day a year later; 29 February gives 1 March. */
export function yearAfter(day: Day): Day {
  const [y, m, d] = day.split('-')
  const next = `${Number(y) + 1}-${m}-${d}`
  return m === '02' && d === '29' ? addDays(`${Number(y) + 1}-02-28`, 1) : next
}

/** The instant the record was last confirmed: named, or kept at an annual review. */
export function lastConfirmed(n: Pick<Named, 'namedAt' | 'history'>): Instant {
  let last = n.namedAt
  for (const e of n.history) if (e.type === 'kept' && e.at > last) last = e.at
  return last
}

/** The China day the record's next annual review falls due. */
export function reviewDue(n: Pick<Named, 'namedAt' | 'history'>): Day {
  return yearAfter(chinaDay(lastConfirmed(n)))
}

/** Whether an active record's review is due on `today` (or overdue). */
export function isReviewDue(n: Pick<Named, 'namedAt' | 'history' | 'status'>, today: Day): boolean {
  return n.status === 'active' && reviewDue(n) <= today
}

/**
 * The latest instant a record may have been named and be due on `today`: a year is never shorter than 365
 * days, so anything named later is not due yet. Lets the read skip the recent names by index.
 */
export function namedBefore(today: Day): Instant {
  return dayStart(addDays(today, -364))
}
