/**
 * The review rules (先审后发) as pure transitions over a notice document:
 *
 *   draft → submitted → approved → published → retracted (reason; the document stays, for audit)
 *                    ↘ returned (comment) → (edit) draft → submitted …
 *
 * Whoever edited a version cannot approve it, nor can a reviewer whom its author or the author's office
 * appointed (the reviewer grant records who made it): an office must not review its own notices through a
 * reviewer it controls, nor an author through a second identity it made a reviewer. Editing a published notice leaves the published text
 * in place and starts a pending revision, which goes through the same review before it replaces it.
 * Every transition bumps `seq`, which the function uses to refuse a write that raced another one.
 */
import type { Notice, NoticeEvent, PendingRevision, VersionStatus } from '@config/documents'
import type { Office } from '@fn/notice-draft'
import { checkAudienceWithin, derive, normaliseDraft, reviewedVersion } from '@fn/notice-draft'
import type { NoticeDraft } from '@shared/contracts/notices'
import { AppError } from '@shared/errors'
import { normaliseRegion } from '@shared/region'
import type { Instant } from '@shared/time'

// a new draft and the derived query fields are shared with the trip report (cloudfunctions/_shared/notice-draft.ts)
export type { Office } from '@fn/notice-draft'
export { checkAudienceWithin, createNotice, derive, reviewedVersion } from '@fn/notice-draft'

function conflict(): AppError {
  return new AppError('CONFLICT', 'notice.wrongState')
}

/** An office reaches the notices of its region and below (the author and the offices above). */
export function officeCovers(doc: Notice, region: string): boolean {
  return doc.officePath.includes(region)
}

/**
 * Only the office that wrote a notice changes it (edits, submits, publishes, retracts): an office above
 * sees it and its read rates, but a county's notice stays the county's.
 */
export function officeOwns(doc: Pick<Notice, 'officeRegion'>, region: string): boolean {
  return normaliseRegion(doc.officeRegion) === normaliseRegion(region)
}

function checkOwner(doc: Notice, office: Office): void {
  if (!officeOwns(doc, office.region)) throw new AppError('FORBIDDEN', 'notice.notOwnOffice')
}

/** A reviewer reaches a version whose whole audience lies in the reviewer's region. */
export function reviewerCovers(doc: Notice, region: string): boolean {
  return doc.reviewPath.includes(region)
}

function touch(doc: Notice, event: NoticeEvent): Notice {
  return derive({ ...doc, seq: doc.seq + 1, updatedAt: event.at, history: [...doc.history, event] })
}

function addEditor(editors: string[], openid: string): string[] {
  return editors.includes(openid) ? editors : [...editors, openid]
}

/**
 * Edits the draft. A draft or returned notice is edited in place (a returned one becomes a draft
 * again). A published notice gets a pending revision; its readers keep seeing the published text.
 * A version under review (submitted or approved) cannot change: it would be published unreviewed.
 */
export function editNotice(doc: Notice, input: NoticeDraft, office: Office, now: Instant): Notice {
  checkOwner(doc, office)
  const draft = normaliseDraft(input)
  checkAudienceWithin(draft, office)
  if (doc.status === 'draft' || doc.status === 'returned') {
    return touch(
      { ...doc, status: 'draft', draft, editors: addEditor(doc.editors, office.openid) },
      { at: now, by: office.openid, action: 'edit', revision: doc.revision },
    )
  }
  if (doc.status === 'published') {
    const pending = doc.pending
    if (pending && (pending.status === 'submitted' || pending.status === 'approved')) throw conflict()
    const next: PendingRevision = pending
      ? { ...pending, status: 'draft', draft, editors: addEditor(pending.editors, office.openid) }
      : { revision: doc.revision + 1, status: 'draft', draft, editors: [office.openid], returnComment: null }
    return touch({ ...doc, pending: next }, { at: now, by: office.openid, action: 'edit', revision: next.revision })
  }
  throw conflict()
}

export function submitNotice(doc: Notice, office: Office, now: Instant): Notice {
  checkOwner(doc, office)
  if (doc.pending) {
    if (doc.pending.status !== 'draft' && doc.pending.status !== 'returned') throw conflict()
    return touch(
      { ...doc, pending: { ...doc.pending, status: 'submitted' } },
      { at: now, by: office.openid, action: 'submit', revision: doc.pending.revision },
    )
  }
  if (doc.status !== 'draft' && doc.status !== 'returned') throw conflict()
  return touch(
    { ...doc, status: 'submitted' },
    { at: now, by: office.openid, action: 'submit', revision: doc.revision },
  )
}

/** Whether the reviewer was appointed by one of the version's authors (its editors, the notice's creator)
 * or by an openid holding the office the notice was written in. */
export function appointedByAuthor(
  doc: Pick<Notice, 'officeRegion' | 'history'>,
  editors: readonly string[],
  reviewer: Pick<Office, 'appointedBy'>,
): boolean {
  const by = reviewer.appointedBy
  if (!by) return false
  const authors = new Set([...editors, ...doc.history.filter((e) => e.action === 'create').map((e) => e.by)])
  if (by.openid !== undefined && authors.has(by.openid)) return true
  const office = normaliseRegion(doc.officeRegion)
  return (by.offices ?? []).some((region) => normaliseRegion(region) === office)
}

function checkReviewer(doc: Notice, reviewer: Office): { status: VersionStatus; editors: string[] } {
  const version = reviewedVersion(doc)
  if (!version || version.status !== 'submitted') throw conflict()
  if (!reviewerCovers(doc, reviewer.region)) throw new AppError('FORBIDDEN', 'notice.outsideReviewRegion')
  if (version.editors.includes(reviewer.openid)) throw new AppError('FORBIDDEN', 'notice.selfApproval')
  if (appointedByAuthor(doc, version.editors, reviewer)) throw new AppError('FORBIDDEN', 'notice.appointedByAuthor')
  return version
}

export function approveNotice(doc: Notice, reviewer: Office, now: Instant): Notice {
  checkReviewer(doc, reviewer)
  if (doc.pending) {
    return touch(
      { ...doc, pending: { ...doc.pending, status: 'approved', returnComment: null } },
      { at: now, by: reviewer.openid, action: 'approve', revision: doc.pending.revision },
    )
  }
  return touch(
    { ...doc, status: 'approved', returnComment: null },
    { at: now, by: reviewer.openid, action: 'approve', revision: doc.revision },
  )
}

export function returnNotice(doc: Notice, reviewer: Office, comment: string, now: Instant): Notice {
  checkReviewer(doc, reviewer)
  if (doc.pending) {
    return touch(
      { ...doc, pending: { ...doc.pending, status: 'returned', returnComment: comment } },
      { at: now, by: reviewer.openid, action: 'return', revision: doc.pending.revision, comment },
    )
  }
  return touch(
    { ...doc, status: 'returned', returnComment: comment },
    { at: now, by: reviewer.openid, action: 'return', revision: doc.revision, comment },
  )
}

/**
 * Publishes the approved version. A first publication queues the push to subscribers; an approved
 * revision replaces the published text under the same id (receipts already recorded stay valid).
 */
export function publishNotice(doc: Notice, office: Office, now: Instant): Notice {
  checkOwner(doc, office)
  if (doc.pending) {
    if (doc.pending.status !== 'approved') throw conflict()
    const { revision, draft, editors } = doc.pending
    return touch(
      { ...doc, revision, draft, editors, pending: null, returnComment: null },
      { at: now, by: office.openid, action: 'publish', revision },
    )
  }
  if (doc.status !== 'approved') throw conflict()
  const publishAt = doc.draft.publishAt
  const publishedAt = publishAt !== null && publishAt > now ? publishAt : now
  return touch(
    {
      ...doc,
      status: 'published',
      publishedAt,
      push: { state: 'waiting', cursor: '', sent: 0, noSubscription: 0, failed: 0 },
    },
    { at: now, by: office.openid, action: 'publish', revision: doc.revision },
  )
}

/** Takes a published notice out of every feed; the document, its receipts and its history remain. */
export function retractNotice(doc: Notice, office: Office, reason: string, now: Instant): Notice {
  checkOwner(doc, office)
  if (doc.status !== 'published') throw conflict()
  const push = doc.push && doc.push.state !== 'done' ? { ...doc.push, state: 'done' as const } : doc.push
  return touch(
    { ...doc, status: 'retracted', retractReason: reason, pending: null, push },
    { at: now, by: office.openid, action: 'retract', revision: doc.revision, comment: reason },
  )
}
