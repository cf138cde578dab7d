/**
 * Push: after publication, a subscription message goes to every subscribed user in the audience.
 * One-time subscriptions allow one message each; WeChat answers 43101 when the user has none left,
 * which is counted as "no subscription", not as a failure. Dispatch runs from the function's timer in
 * batches, resuming after the last subscription it handled, so a long audience spans several runs.
 */
import type { Lang } from '../../../src/shared/i18n'
import type { NoticeDraft } from '../../../src/shared/contracts/notices'
import { pickText } from '../../../src/shared/contracts/notices'
import type { ReaderKind } from './audience'
import type { PushState } from './review'

/** the WeChat error code for "the user has no subscription left for this template" */
export const NO_SUBSCRIPTION = 43101

/** One user's notice subscriptions, kept as the user accepts them (`noticeSubscriptions/<openid>`). */
export interface Subscription {
  _id: string
  kind: ReaderKind
  lang: Lang
  regionPath: string[]
  /** one-time acceptances not yet used, as far as we know; WeChat's 43101 corrects it */
  remaining: number
  updatedAt: number
}

export type SendOutcome = 'sent' | 'noSubscription' | 'failed'

export function outcomeOf(errCode: number | undefined): SendOutcome {
  if (errCode === undefined || errCode === 0) return 'sent'
  return errCode === NO_SUBSCRIPTION ? 'noSubscription' : 'failed'
}

export function tally(push: PushState, outcomes: SendOutcome[], cursor: string, exhausted: boolean): PushState {
  const next = { ...push, cursor, state: exhausted ? ('done' as const) : ('running' as const) }
  for (const o of outcomes) next[o] += 1
  return next
}

/** Ask again once nothing is left: a one-time subscription is spent by the message it allowed. */
export function shouldAsk(remaining: number): boolean {
  return remaining <= 0
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(text: string): string {
  const chars = [...text]
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`
}

/** The template's fields: thing1 title, date2 publication date (UTC+8), thing3 the sender's line. */
export function messageData(draft: NoticeDraft, lang: Lang, publishedAt: number, sender: string) {
  const date = new Date(publishedAt + 8 * 3600_000).toISOString().slice(0, 10)
  return {
    thing1: { value: thing(pickText(draft, lang).title) },
    date2: { value: date },
    thing3: { value: thing(sender) },
  }
}
