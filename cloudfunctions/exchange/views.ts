/**
 * What lists read of the selection: campaigns as offices list them, named families and studios with their
 * village named. Nothing here carries a personal number.
 */
import type { Campaign, Named } from '@config/documents'
import type { Db } from '@fn/handler'
import { collection } from '@fn/db'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { CampaignItem, NamedItem } from '@shared/contracts/exchange'
import type { Day } from '@shared/time'
import { stageOn } from './domain/stages'

/** Region names by code, read in one round trip. */
export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, Bilingual>> {
  const unique = [...new Set(codes.filter(Boolean))]
  if (!unique.length) return new Map()
  const docs = await collection(db, 'regions').find(
    { _id: db.command.in(unique) },
    { fields: ['name'], limit: unique.length },
  )
  return new Map(docs.map((r) => [r._id, r.name]))
}

/** The lowest region of a path: a household's village, a studio's township or county. */
export const placeOf = (path: readonly string[]): string => path[path.length - 1] ?? ''

export function campaignItem(c: Campaign, today: Day): CampaignItem {
  return {
    id: c._id,
    year: c.year,
    kind: c.kind,
    title: c.title,
    state: c.state,
    stage: stageOn(c, today),
    deadlines: c.deadlines,
    publicity: c.publicity,
    createdAt: c.createdAt,
  }
}

export function namedItem(n: Named, places: Map<string, Bilingual>): NamedItem {
  const kept = n.history.filter((e) => e.type === 'kept' && e.year !== undefined).map((e) => e.year!)
  const revoked = n.status === 'revoked' ? n.history.filter((e) => e.type === 'revoked').at(-1) : undefined
  return {
    id: n._id,
    campaignId: n.campaignId,
    year: n.year,
    kind: n.kind,
    name: n.name,
    village: places.get(placeOf(n.regionPath)) ?? EMPTY_BILINGUAL,
    status: n.status,
    ...(kept.length ? { reviewedYear: Math.max(...kept) } : {}),
    ...(revoked?.reason ? { reason: revoked.reason } : {}),
    namedAt: n.namedAt,
  }
}
