/**
 * A nomination's photos and recording for the offices that review it. The 公示 and the lists carry only the
 * story's words and counts of its files; the files themselves are a family's (or a studio's members') pictures
 * and voice, so they are opened one nomination at a time, by a township, county or prefecture office over it
 * that did not nominate it, once the household has said yes, each read audited like any look at personal data.
 * The temporary URLs are made for that caller only after those checks, and only for files of the nomination's
 * own folder (`temporaryUrls`).
 *
 * Round trips (∥ = sent together): caller → the nomination → the audit record ∥ the files' temporary URLs.
 */
import type { Nomination } from '@config/documents'
import { writeAudit } from '@fn/audit'
import { collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import { temporaryUrls } from '@fn/storage'
import type { NominationState, StoryMedia } from '@shared/contracts/exchange'
import { REVIEW_STAGES } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { madeBy, reviewingOffice } from './domain/selection'

/** before the household's yes, or after its no, nobody but the nominator has seen the story's files */
const UNSEEN: readonly NominationState[] = ['consent', 'refused']

/** Whether the caller reads the nomination's files: an office of a review level over it, not its nominator. */
export function readsMedia(
  nomination: Pick<Nomination, 'regionPath' | 'nominator' | 'state'>,
  ctx: Pick<ActionContext, 'caller' | 'scope'>,
): boolean {
  const grants = ctx.scope.grants
  return (
    !UNSEEN.includes(nomination.state) &&
    REVIEW_STAGES.some((stage) => reviewingOffice(grants, stage, nomination.regionPath) !== undefined) &&
    !madeBy(nomination, grants, ctx.caller.openid)
  )
}

export async function media(input: { nominationId: string }, ctx: ActionContext): Promise<StoryMedia> {
  const nomination = await collection(ctx.db, 'nominations').get(input.nominationId, [
    'householdId',
    'unitId',
    'regionPath',
    'nominator',
    'state',
    'story',
  ])
  // refused alike whether the nomination exists or not, so ids cannot be probed
  if (!nomination || !readsMedia(nomination, ctx)) throw new AppError('FORBIDDEN', 'exchange.notYourMedia')
  const files = [...nomination.story.photos, ...(nomination.story.voice ? [nomination.story.voice] : [])]
  const owner = { kind: 'nominationMedia' as const, id: nomination._id }
  const [urls] = await Promise.all([
    temporaryUrls(
      ctx.cloud,
      files.map((fileId) => ({ fileId, owner })),
    ),
    writeAudit(ctx.db, {
      kind: 'view',
      actor: ctx.caller.openid,
      subject: nomination.householdId ?? nomination.unitId ?? nomination._id,
      fields: ['nomination.photos', 'nomination.voice'],
      action: ctx.action,
      details: nomination._id,
    }),
  ])
  const file = (fileId: string) => ({ fileId, url: urls.get(fileId) ?? '' })
  return {
    photos: nomination.story.photos.map(file),
    voice: nomination.story.voice ? file(nomination.story.voice) : null,
  }
}
