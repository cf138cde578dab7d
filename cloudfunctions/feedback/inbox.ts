/**
 * The prefecture office's inbox and its answers. Round trips:
 * - inbox: caller → one page (newest first, by state and kind on their indexes) → the senders' region names.
 * - answer: caller → the feedback → the update (after moderation: the sender reads the answer).
 */
import type { Feedback } from '@config/documents'
import type { ActionInput } from '@shared/contract'
import type { InboxItem, feedback as contract } from '@shared/contracts/feedback'
import { FEEDBACK_PAGE, readsInbox } from '@shared/contracts/feedback'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { now } from '@shared/time'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import { passesModeration } from '@fn/moderation'
import { maskNumbersInText } from '@shared/mask'

type InboxInput = ActionInput<typeof contract, 'inbox'>
type AnswerInput = ActionInput<typeof contract, 'answer'>

function prefectureOnly(ctx: ActionContext): void {
  if (!readsInbox(ctx.scope.grants)) throw new AppError('FORBIDDEN', 'feedback.notPrefecture')
}

export async function inbox(input: InboxInput, ctx: ActionContext): Promise<{ items: InboxItem[]; more: boolean }> {
  prefectureOnly(ctx)
  const filter: Partial<Pick<Feedback, 'state' | 'kind'>> = {}
  if (input.state) filter.state = input.state
  if (input.kind) filter.kind = input.kind
  const docs = await collection(ctx.db, 'feedback').find(filter, {
    fields: ['kind', 'text', 'screen', 'createdAt', 'state', 'answer', 'roles', 'regionPath'],
    orderBy: [
      ['createdAt', 'desc'],
      ['_id', 'desc'],
    ],
    skip: (input.page ?? 0) * FEEDBACK_PAGE,
    limit: FEEDBACK_PAGE + 1,
  })
  const page = docs.slice(0, FEEDBACK_PAGE)
  // named from the county down: every sender is in the one prefecture
  const codes = [...new Set(page.flatMap((d) => d.regionPath.slice(1)))]
  const regions = codes.length
    ? await collection(ctx.db, 'regions').find(
        { _id: ctx.db.command.in(codes) },
        { fields: ['name'], limit: codes.length },
      )
    : []
  const names = new Map(regions.map((r) => [r._id, r.name]))
  return {
    items: page.map((d) => ({
      id: d._id,
      kind: d.kind,
      text: maskNumbersInText(d.text),
      ...(d.screen ? { screen: d.screen } : {}),
      createdAt: d.createdAt,
      state: d.state,
      ...(d.answer ? { answer: { text: d.answer.text, at: d.answer.at } } : {}),
      roles: d.roles,
      regionNames: d.regionPath.slice(1).flatMap((code) => {
        const name = names.get(code)
        return name ? [name] : []
      }),
    })),
    more: docs.length > FEEDBACK_PAGE,
  }
}

export async function answer(input: AnswerInput, ctx: ActionContext): Promise<{ id: string; answeredAt: string }> {
  prefectureOnly(ctx)
  const feedback = collection(ctx.db, 'feedback')
  const doc = await feedback.get(input.id, ['answer'])
  if (!doc) throw new AppError('NOT_FOUND', 'feedback.notFound')
  // the same answer sent again (a tap twice, a lost reply) changes nothing and leaves it unread or read as it is
  if (doc.answer?.text === input.text) return { id: doc._id, answeredAt: doc.answer.at }
  if (!(await passesModeration(ctx.cloud, [input.text], ctx.caller.openid, 2)))
    throw new AppError('INVALID_ARGUMENT', 'feedback.answerHeld', undefined, [
      { path: 'text', message: t(ctx.lang, 'feedback.answerHeld') },
    ])
  const at = now()
  await feedback.update(input.id, {
    state: 'answered',
    answer: { text: input.text, at, by: ctx.caller.openid },
    unseen: true,
  })
  return { id: doc._id, answeredAt: at }
}
