/**
 * Guessing invitation codes: an openid that fails OPENID_MAX_FAILURES times, each within
 * OPENID_LOCK_MINUTES of the one before, is locked for OPENID_LOCK_MINUTES; a failure after a longer pause
 * starts the count again. A code whose handle collects CODE_MAX_FAILURES wrong secrets is locked for good
 * (codes.ts explains the handle).
 *
 * Both counts are kept with `inc` on the stored document, never by writing back a count read earlier: two
 * wrong tries at once count two. Whether a try starts a new count is decided from the guard as read
 * (`startsNewCount`), and the restart is conditional on nobody having counted since.
 */
import type { InviteGuard } from '@config/documents'
import type { Instant } from '@shared/time'
import { addTime, epochMs } from '@shared/time'

export const OPENID_MAX_FAILURES = 5
export const OPENID_LOCK_MINUTES = 15
export const CODE_MAX_FAILURES = 5

export type GuardState = Omit<InviteGuard, '_id'>

/** Whole minutes (at least 1) until `until`. */
export function minutesUntil(until: Instant, now: Instant): number {
  return Math.max(1, Math.ceil((epochMs(until) - epochMs(now)) / 60_000))
}

/** The minutes an openid must still wait before trying a code, or undefined when it may try now. */
export function lockedFor(guard: GuardState | undefined, now: Instant): number | undefined {
  if (!guard?.lockedUntil || epochMs(guard.lockedUntil) <= epochMs(now)) return undefined
  return minutesUntil(guard.lockedUntil, now)
}

/** Whether a failed try at `now` starts the count again (no guard, or the last failure is too long ago). */
export function startsNewCount(guard: Pick<GuardState, 'lastFailureAt'> | undefined, now: Instant): boolean {
  return !guard || epochMs(now) - epochMs(guard.lastFailureAt) > OPENID_LOCK_MINUTES * 60_000
}

/** The guard after one more failed try at `now`; `lockedUntil` is set when this try locks the openid. */
export function afterFailure(guard: GuardState | undefined, now: Instant): GuardState {
  const window = OPENID_LOCK_MINUTES * 60_000
  const fresh = !guard || epochMs(now) - epochMs(guard.lastFailureAt) > window
  const failures = fresh ? 1 : guard.failures + 1
  const lockedUntil = failures >= OPENID_MAX_FAILURES ? addTime(now, OPENID_LOCK_MINUTES, 'minute') : null
  return { failures, lastFailureAt: now, lockedUntil }
}

/** Whether a code has taken as many wrong secrets as it may. */
export function codeLocked(invite: { failures: number }): boolean {
  return invite.failures >= CODE_MAX_FAILURES
}
