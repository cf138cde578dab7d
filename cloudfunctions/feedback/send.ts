/**
 * Sending feedback, and what the sender reads back. Round trips:
 * - send: caller ∥ the feedback stored under the phone's id (a resend is answered here) → the day's
 *   allowance (1 request; 2 or 3 on the first send of a day) → the insert.
 * - mine: caller → the newest page → the fresh answers marked seen (only when there are some).
 * - unread: caller → one count.
 */
import type { Feedback } from '@config/documents'
import { ROLES } from '@shared/contract'
import type { FeedbackInput, MyFeedback } from '@shared/contracts/feedback'
import { FEEDBACK_PAGE, FEEDBACK_PER_DAY } from '@shared/contracts/feedback'
import { AppError } from '@shared/errors'
import { chinaDay, now } from '@shared/time'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import { senderOf } from './domain/rules'

type Stored = Pick<Feedback, '_id' | 'openid' | 'createdAt'>

function readStored(db: Db, id: string): Promise<Stored | undefined> {
  return collection(db, 'feedback').get(id, ['openid', 'createdAt'])
}

/** Read beside the caller's lookup. serve quiets the promise a prefetch answers, not the ones inside it. */
export function prefetchSend(input: FeedbackInput, db: Db) {
  const stored = readStored(db, input.id)
  stored.catch(() => undefined)
  return { stored }
}

/** A resend is the sender's own feedback answered again; an id someone else's feedback holds is refused. */
function resent(stored: Stored, openid: string) {
  if (stored.openid !== openid) throw new AppError('CONFLICT', 'feedback.idTaken')
  return { id: stored._id, createdAt: stored.createdAt, status: 'duplicate' as const }
}

/**
 * Takes one send from the sender's allowance for `day`; false when it is spent. The quota document is the
 * sender's alone and every step is a conditional write, so concurrent sends cannot pass the limit: this
 * day's count below the limit is raised; else a first quota is made; else an earlier day's is restarted.
 * A restart another send made meanwhile leaves the first step to try once more.
 */
async function takeAllowance(db: Db, openid: string, day: string): Promise<boolean> {
  const quotas = collection(db, 'feedbackQuotas')
  const _ = db.command
  const raise = async () =>
    (await quotas.updateWhere({ _id: openid, day, count: _.lt(FEEDBACK_PER_DAY) }, { count: _.inc(1) })) === 1
  if (await raise()) return true
  if (await quotas.addOnce({ _id: openid, day, count: 1 })) return true
  if ((await quotas.updateWhere({ _id: openid, day: _.neq(day) }, { day, count: 1 })) === 1) return true
  return raise()
}

export async function send(
  input: FeedbackInput,
  ctx: ActionContext<ReturnType<typeof prefetchSend>>,
): Promise<{ id: string; createdAt: string; status: 'created' | 'duplicate' }> {
  const { db, caller } = ctx
  const stored = await ctx.prefetched.stored
  if (stored) return resent(stored, caller.openid)
  const createdAt = now()
  if (!(await takeAllowance(db, caller.openid, chinaDay(createdAt))))
    throw new AppError('RATE_LIMITED', 'feedback.tooMany', { max: FEEDBACK_PER_DAY })
  const doc: Feedback = {
    _id: input.id,
    openid: caller.openid,
    kind: input.kind,
    text: input.text,
    ...(input.screen ? { screen: input.screen } : {}),
    ...senderOf(caller.roles, ROLES),
    lang: ctx.lang,
    state: 'new',
    createdAt,
    unseen: false,
  }
  const feedback = collection(db, 'feedback')
  if (await feedback.addOnce(doc)) return { id: doc._id, createdAt, status: 'created' }
  // the same id stored meanwhile by a send racing this one
  const raced = await readStored(db, input.id)
  if (!raced) throw new AppError('UNAVAILABLE')
  return resent(raced, caller.openid)
}

export async function mine(_input: unknown, ctx: ActionContext): Promise<{ items: MyFeedback[] }> {
  const feedback = collection(ctx.db, 'feedback')
  const docs = await feedback.find(
    { openid: ctx.caller.openid },
    {
      fields: ['kind', 'text', 'screen', 'createdAt', 'state', 'answer', 'unseen'],
      orderBy: [['createdAt', 'desc']],
      limit: FEEDBACK_PAGE,
    },
  )
  const fresh = docs.filter((d) => d.unseen).map((d) => d._id)
  if (fresh.length)
    await feedback.updateWhere({ _id: ctx.db.command.in(fresh), openid: ctx.caller.openid }, { unseen: false })
  return {
    items: docs.map((d) => ({
      id: d._id,
      kind: d.kind,
      text: d.text,
      ...(d.screen ? { screen: d.screen } : {}),
      createdAt: d.createdAt,
      state: d.state,
      ...(d.answer ? { answer: { text: d.answer.text, at: d.answer.at } } : {}),
      fresh: d.unseen,
    })),
  }
}

export async function unread(_input: unknown, ctx: ActionContext): Promise<{ answers: number }> {
  return { answers: await collection(ctx.db, 'feedback').count({ openid: ctx.caller.openid, unseen: true }) }
}
