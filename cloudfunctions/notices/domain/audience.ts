/**
 * Who a notice reaches. An audience is a set of region subtrees × roles; a reader is reached when one
 * of the audience regions is on the reader's regionPath [prefecture, county, township, village].
 * Because the match is "audience region ∈ reader's path", the feed is one indexed query
 * (`audienceRegions in <the reader's 4 codes>`) and publishing writes nothing per household.
 */
import type { ReaderKind } from '@config/documents'
import { kindsOf } from '@fn/notice-draft'
import type { Audience } from '@shared/contracts/notices'
import type { Instant } from '@shared/time'

export type { ReaderKind } from '@config/documents'

export interface Reader {
  kind: ReaderKind
  /** household or official id */
  id: string
  regionPath: string[]
}

// the draft's derived fields use these too, so they live with it (cloudfunctions/_shared/notice-draft.ts)
export { NEVER, commonAncestor, kindsOf, normaliseRegions } from '@fn/notice-draft'

export function reaches(audience: Audience, reader: Pick<Reader, 'kind' | 'regionPath'>): boolean {
  if (!kindsOf(audience.roles).includes(reader.kind)) return false
  return audience.regions.some((code) => reader.regionPath.includes(code))
}

/** Published, started and not expired at `now` (instants in one form compare as strings). */
export function isLive(notice: { status: string; publishAt: Instant; expireAt: Instant }, now: Instant): boolean {
  return notice.status === 'published' && notice.publishAt <= now && now < notice.expireAt
}
