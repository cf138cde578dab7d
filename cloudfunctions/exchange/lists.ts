/**
 * The lists offices read: a prefecture's campaigns, and the named families and studios of a region.
 *
 * Round trips:
 * - campaigns: caller → the prefecture's campaigns.
 * - named: caller → the region's named → their villages named.
 * - unitNominating: caller ∥ the department → its prefecture's open studio campaigns ∥ its region's studios →
 *   the unit's nominations in them ∥ the studios' places named.
 */
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import { AppError } from '@shared/errors'
import type { CampaignItem, NamedItem, UnitNominating } from '@shared/contracts/exchange'
import { pathOf } from '@shared/region'
import { chinaDay } from '@shared/time'
import { campaignItem, namedItem, placeOf, regionNames } from './views'

/** campaigns a prefecture keeps on one screen: one or two a year */
const CAMPAIGNS_MAX = 100
/** named families and studios a region lists at once */
const NAMED_MAX = 500
/** studios a unit's region holds: a county has a few dozen, the prefecture a few hundred */
const STUDIOS_MAX = 500
/** a unit's nominations listed at once: a handful a year */
const UNIT_NOMINATIONS_MAX = 200

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

/**
 * What a unit (department) nominates from: the studio campaigns of its prefecture before their 公示 (those past
 * the nomination deadline show where the unit's nominations stand), the studios of its own region, and the
 * nominations the unit made in those campaigns (read by the campaign and region index, narrowed to the unit). No
 * household is listed: department staff never reach households (cloudfunctions/_shared/access.ts).
 */
export async function unitNominating(input: { departmentId: string }, ctx: ActionContext): Promise<UnitNominating> {
  const department = ctx.scope.department
  const region = department ? placeOf(department.regionPath) : ''
  // serve's department scope has checked the grant; a department without a region reaches nothing
  if (!department || !region) throw new AppError('FORBIDDEN')
  const today = chinaDay()
  const [campaigns, studios] = await Promise.all([
    collection(ctx.db, 'campaigns').find(
      { region: department.regionPath[0] ?? region, kind: 'studio', state: 'open' },
      { orderBy: [['createdAt', 'desc']], limit: CAMPAIGNS_MAX },
    ),
    collection(ctx.db, 'units').find(
      { regionPath: region, kind: 'studio' },
      { fields: ['name', 'regionPath'], limit: STUDIOS_MAX },
    ),
  ])
  const [nominations, places] = await Promise.all([
    campaigns.length
      ? collection(ctx.db, 'nominations').find(
          {
            campaignId: ctx.db.command.in(campaigns.map((c) => c._id)),
            regionPath: region,
            'nominator.role': 'department',
            'nominator.id': department._id,
          },
          { fields: ['campaignId', 'unitId', 'state'], limit: UNIT_NOMINATIONS_MAX },
        )
      : [],
    regionNames(
      ctx.db,
      studios.map((u) => placeOf(u.regionPath)),
    ),
  ])
  const names = new Map(studios.map((u) => [u._id, u.name]))
  return {
    campaigns: campaigns.map((c) => campaignItem(c, today)),
    studios: studios.map((u) => ({
      id: u._id,
      name: u.name,
      place: places.get(placeOf(u.regionPath)) ?? EMPTY_BILINGUAL,
    })),
    nominations: nominations
      .filter((n) => n.unitId)
      .map((n) => ({
        id: n._id,
        campaignId: n.campaignId,
        unitId: n.unitId ?? '',
        name: names.get(n.unitId ?? '') ?? EMPTY_BILINGUAL,
        state: n.state,
      })),
  }
}
