/**
 * Push: after publication, a subscription message goes to every subscribed user in the audience.
 * One-time subscriptions allow one message each; WeChat answers 43101 when the user has none left,
 * which is counted as "no subscription", not as a failure. Dispatch runs from the function's timer in
 * batches, resuming after the last subscription it handled, so a long audience spans several runs.
 *
 * A batch is claimed before it is sent: the notice's cursor moves past the batch only if it still stands
 * where the dispatcher read it, so two timer runs at once never send the same batch; a run that dies
 * after its claim leaves that batch unsent rather than sent twice.
 */
import type { NoticeSubscription, PushState } from '@config/documents'
import type { NoticeDraft } from '@shared/contracts/notices'
import type { Lang } from '@shared/i18n'
import type { Instant } from '@shared/time'
import { chinaDay } from '@shared/time'
import { pickText } from '@shared/contracts/notices'

/** the WeChat error code for "the user has no subscription left for this template" */
export const NO_SUBSCRIPTION = 43101

export type SendOutcome = 'sent' | 'noSubscription' | 'failed'

export function outcomeOf(errCode: number | undefined): SendOutcome {
  if (errCode === undefined || errCode === 0) return 'sent'
  return errCode === NO_SUBSCRIPTION ? 'noSubscription' : 'failed'
}

/** The push state once a batch ending at `cursor` is claimed; the last batch (`exhausted`) ends it. */
export function claim(push: PushState, cursor: string, exhausted: boolean): PushState {
  return { ...push, cursor, state: exhausted ? 'done' : 'running' }
}

/** A batch's outcomes as the counts added to the notice's push state. */
export function tally(outcomes: SendOutcome[]): Record<SendOutcome, number> {
  const counts: Record<SendOutcome, number> = { sent: 0, noSubscription: 0, failed: 0 }
  for (const o of outcomes) counts[o] += 1
  return counts
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

/** The template's fields: thing1 title, date2 publication date (China day), thing3 the sender's line. */
export function messageData(draft: NoticeDraft, lang: Lang, publishedAt: Instant, sender: string) {
  return {
    thing1: { value: thing(pickText(draft, lang).title) },
    date2: { value: chinaDay(publishedAt) },
    thing3: { value: thing(sender) },
  }
}

export type { NoticeSubscription }
