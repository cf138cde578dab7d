/**
 * A new notice as a draft of its office, and the query fields every version of a notice derives from its
 * text. The notices function's `save` makes a draft with it, and so does the exchange function's trip report:
 * a function never imports another's code, so the one way a draft is built lives here, and a report's draft
 * goes through the notices' review exactly as one written in the editor.
 *
 * Who a notice reaches: an audience is a set of region subtrees × roles; a reader is reached when one of the
 * audience regions is on the reader's regionPath, so the feed is one indexed query on `audienceRegions`.
 */
import type { Notice, ReaderKind, VersionStatus } from '@config/documents'
import type { AudienceRoles, NoticeDraft } from '@shared/contracts/notices'
import { AppError } from '@shared/errors'
import { covers, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'

/** No expiry is stored as this far-future instant, so "not yet expired" stays one range condition. */
export const NEVER: Instant = '3000-01-01T00:00:00.000Z'

export interface Office {
  openid: string
  /** the region of the caller's office role */
  region: string
  /** reviewers: who made the reviewer grant, and the office regions that openid held then (absent on
   * grants stored before it was recorded) */
  appointedBy?: { openid?: string; offices?: string[] }
}

/** The lowest region containing all of `codes` (the prefecture at worst). */
export function commonAncestor(codes: string[]): string {
  const paths = codes.map(pathOf)
  const first = paths[0] ?? []
  let common = first[0] ?? ''
  for (let i = 0; i < first.length; i++) {
    const code = first[i] as string
    if (paths.every((p) => p[i] === code)) common = code
    else break
  }
  return common
}

export function kindsOf(roles: AudienceRoles): ReaderKind[] {
  return roles === 'both' ? ['household', 'official'] : roles === 'households' ? ['household'] : ['official']
}

/** Drops regions already covered by another one in the list (a village under a chosen county), keeping order. */
export function normaliseRegions(regions: string[]): string[] {
  const unique = [...new Set(regions)]
  return unique.filter((code) => !unique.some((other) => other !== code && covers(other, code)))
}

/** The version a reviewer acts on: the pending revision of a published notice, else the notice itself. */
export function reviewedVersion(
  doc: Pick<Notice, 'status' | 'pending' | 'editors' | 'draft'>,
): { status: VersionStatus; editors: string[]; draft: NoticeDraft } | null {
  if (doc.pending) return doc.pending
  if (doc.status === 'draft' || doc.status === 'submitted' || doc.status === 'approved' || doc.status === 'returned') {
    return { status: doc.status, editors: doc.editors, draft: doc.draft }
  }
  return null
}

/** An office may write for regions inside its own subtree only. */
export function checkAudienceWithin(draft: NoticeDraft, office: Office): void {
  if (!draft.audience.regions.every((code) => covers(office.region, code))) {
    throw new AppError('FORBIDDEN', 'notice.audienceOutsideRegion')
  }
}

export function normaliseDraft(draft: NoticeDraft): NoticeDraft {
  return { ...draft, audience: { ...draft.audience, regions: normaliseRegions(draft.audience.regions) } }
}

/** Recomputes the query fields from the live draft and the reviewed version. */
export function derive(doc: Notice): Notice {
  const live = doc.draft
  const reviewed = reviewedVersion(doc)
  return {
    ...doc,
    audienceRegions: live.audience.regions,
    audienceKinds: kindsOf(live.audience.roles),
    publishAt: live.publishAt ?? doc.publishedAt ?? NEVER,
    expireAt: live.expireAt ?? NEVER,
    reviewState: reviewed?.status === 'submitted' ? 'submitted' : null,
    reviewPath: pathOf(commonAncestor((reviewed?.draft ?? live).audience.regions)),
  }
}

/** A new notice: a draft of the office, written by the caller, for an audience within the office's region. */
export function createNotice(id: string, input: NoticeDraft, office: Office, now: Instant): Notice {
  const draft = normaliseDraft(input)
  checkAudienceWithin(draft, office)
  return derive({
    _id: id,
    seq: 1,
    status: 'draft',
    revision: 1,
    draft,
    editors: [office.openid],
    returnComment: null,
    pending: null,
    officeRegion: office.region,
    officePath: pathOf(office.region),
    audienceRegions: [],
    audienceKinds: [],
    publishAt: NEVER,
    expireAt: NEVER,
    reviewState: null,
    reviewPath: [],
    publishedAt: null,
    retractReason: null,
    createdAt: now,
    updatedAt: now,
    history: [{ at: now, by: office.openid, action: 'create', revision: 1 }],
    push: null,
  })
}
