/**
 * Who a notice reaches. An audience is a set of region subtrees × roles; a reader is reached when one
 * of the audience regions is on the reader's regionPath [prefecture, county, township, village].
 * Because the match is "audience region ∈ reader's path", the feed is one indexed query
 * (`audienceRegions in <the reader's 4 codes>`) and publishing writes nothing per household.
 */
import type { ReaderKind } from '@config/documents'
import type { Audience, AudienceRoles } from '@shared/contracts/notices'
import { covers, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'

export type { ReaderKind } from '@config/documents'

export interface Reader {
  kind: ReaderKind
  /** household or official id */
  id: string
  regionPath: string[]
}

/** No expiry is stored as this far-future instant, so "not yet expired" stays one range condition. */
export const NEVER: Instant = '3000-01-01T00:00:00.000Z'

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

export function reaches(audience: Audience, reader: Pick<Reader, 'kind' | 'regionPath'>): boolean {
  if (!kindsOf(audience.roles).includes(reader.kind)) return false
  return audience.regions.some((code) => reader.regionPath.includes(code))
}

/** Published, started and not expired at `now` (instants in one form compare as strings). */
export function isLive(notice: { status: string; publishAt: Instant; expireAt: Instant }, now: Instant): boolean {
  return notice.status === 'published' && notice.publishAt <= now && now < notice.expireAt
}
