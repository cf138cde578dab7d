/**
 * What the contacts handlers take from serve's checks: the household the declared scope read, and the
 * caller's official grant that is paired with it.
 */
import type { Household } from '@config/documents'
import { AppError } from '@shared/errors'
import type { ActionContext } from '@fn/handler'

export function scopedHousehold(ctx: ActionContext<unknown>): Household {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  return household
}

/** The caller's official id among the household's officials: only paired officials write to a household. */
export function pairedOfficial(ctx: ActionContext<unknown>, household: Pick<Household, 'officialIds'>): string {
  const officialIds = household.officialIds ?? []
  for (const grant of ctx.scope.grants)
    if (grant.role === 'official' && officialIds.includes(grant.officialId)) return grant.officialId
  // An office may reach the household too, but only its paired officials log contacts and save its sheet.
  throw new AppError('FORBIDDEN', 'contacts.notPaired')
}

/** The caller's official id, for actions over the official's own households. */
export function officialOf(ctx: ActionContext<unknown>): string {
  const grant = ctx.caller.roles.find((g) => g.role === 'official')
  if (!grant || grant.role !== 'official') throw new AppError('FORBIDDEN')
  return grant.officialId
}
