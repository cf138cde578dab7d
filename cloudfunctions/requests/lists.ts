/**
 * A household's requests as the household and its paired officials read them: where each is (its state,
 * the kind and level of the unit that has it) and, when the township work office took it, why, in the
 * reader's language. Units are named by kind and level only; the text is the household's own.
 *
 * Round trips: mine: caller → the household's newest page. forHousehold: caller ∥ household (the declared
 * scope) → the same page.
 */
import type { Request } from '@config/documents'
import type { RequestItem } from '@shared/contracts/requests'
import { REQUESTS_PAGE } from '@shared/contracts/requests'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'

const FIELDS = ['category', 'text', 'source', 'state', 'unit', 'events', 'createdAt', 'updatedAt'] as const

async function pageOf(ctx: ActionContext<unknown>, householdId: string): Promise<{ items: RequestItem[] }> {
  const docs = await collection(ctx.db, 'requests').find(
    { householdId },
    { fields: FIELDS, orderBy: [['createdAt', 'desc']], limit: REQUESTS_PAGE },
  )
  return { items: docs.map((d) => itemOf(d, ctx)) }
}

function itemOf(d: Pick<Request, '_id' | (typeof FIELDS)[number]>, ctx: ActionContext<unknown>): RequestItem {
  const assigned = [...d.events].reverse().find((e) => e.type === 'assign')
  const fallback = assigned?.type === 'assign' && d.unit && assigned.fallback ? assigned.fallback : undefined
  return {
    id: d._id,
    category: d.category,
    text: d.text,
    source: d.source,
    state: d.state,
    ...(d.unit ? { unit: { kind: d.unit.kind, level: d.unit.level } } : {}),
    ...(fallback ? { fallback: t(ctx.lang, fallback) } : {}),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}

export function mine(_input: unknown, ctx: ActionContext): Promise<{ items: RequestItem[] }> {
  const grant = ctx.scope.grants.find((g) => g.role === 'household')
  if (grant?.role !== 'household') throw new AppError('FORBIDDEN')
  return pageOf(ctx, grant.householdId)
}

export function forHousehold(_input: { householdId: string }, ctx: ActionContext): Promise<{ items: RequestItem[] }> {
  const household = ctx.scope.household
  if (!household || ctx.scope.relation !== 'paired') throw new AppError('FORBIDDEN')
  return pageOf(ctx, household._id)
}
