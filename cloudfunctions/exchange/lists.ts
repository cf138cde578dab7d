/**
 * The lists offices read: a prefecture's campaigns, and the named families and studios of a region.
 *
 * Round trips:
 * - campaigns: caller → the prefecture's campaigns.
 * - named: caller → the region's named → their villages named.
 */
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import type { CampaignItem, NamedItem } from '@shared/contracts/exchange'
import { pathOf } from '@shared/region'
import { chinaDay } from '@shared/time'
import { campaignItem, namedItem, placeOf, regionNames } from './views'

/** campaigns a prefecture keeps on one screen: one or two a year */
const CAMPAIGNS_MAX = 100
/** named families and studios a region lists at once */
const NAMED_MAX = 500

export async function campaigns(input: { region: string }, ctx: ActionContext): Promise<{ items: CampaignItem[] }> {
  const prefecture = pathOf(input.region)[0] ?? input.region
  const docs = await collection(ctx.db, 'campaigns').find(
    { region: prefecture },
    {
      orderBy: [
        ['year', 'desc'],
        ['createdAt', 'desc'],
      ],
      limit: CAMPAIGNS_MAX,
    },
  )
  const today = chinaDay()
  return { items: docs.map((c) => campaignItem(c, today)) }
}

export async function named(
  input: { region: string; year?: number },
  ctx: ActionContext,
): Promise<{ items: NamedItem[] }> {
  const docs = await collection(ctx.db, 'named').find(
    { regionPath: input.region, ...(input.year ? { year: input.year } : {}) },
    {
      orderBy: [
        ['year', 'desc'],
        ['namedAt', 'desc'],
      ],
      limit: NAMED_MAX,
    },
  )
  const places = await regionNames(
    ctx.db,
    docs.map((n) => placeOf(n.regionPath)),
  )
  return { items: docs.map((n) => namedItem(n, places)) }
}
