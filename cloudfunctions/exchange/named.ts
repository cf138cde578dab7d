/**
 * The annual review of the named: a county or prefecture office over a named family or studio keeps it for a
 * year or revokes it with a reason. Nothing is deleted: the step joins the record's history, and a
 * revocation is also written to the audit trail.
 *
 * The reviews due: a county or prefecture office reads the active records of its region a year or more since
 * they were named or last kept (domain/named.ts), oldest first, so the yearly review is prompted rather than
 * remembered.
 *
 * Round trips:
 * - reviewNamed: caller → the named → the conditional update ∥ the audit record.
 * - reviewsDue: caller → the region's active records named over a year ago (a page at a time) → their villages.
 */
import type { Named, NamedEvent } from '@config/documents'
import { isAdmin } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { ActionContext } from '@fn/handler'
import { PAGE, collection } from '@fn/db'
import type { DueReview, NamedStatus } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { levelOf, normaliseRegion, pathCovered } from '@shared/region'
import { chinaDay, now } from '@shared/time'
import { isReviewDue, namedBefore, reviewDue } from './domain/named'
import { namedItem, placeOf, regionNames } from './views'

/** records a prefecture reads for its reviews at most: some hundreds are named a year */
const CANDIDATES_MAX = 5 * PAGE
/** reviews due listed at once (the count covers them all): reviewing them brings up the next */
const DUE_SHOWN = 100

export async function reviewNamed(
  input: { id: string; outcome: 'kept' | 'revoked'; year: number; reason?: string },
  ctx: ActionContext,
): Promise<{ id: string; status: NamedStatus }> {
  const named = collection(ctx.db, 'named')
  const doc = await named.get(input.id)
  const grants = ctx.scope.grants
  const office = doc
    ? grants
        .flatMap((g) => (g.role === 'office' ? [normaliseRegion(g.region)] : []))
        .find((r) => ['county', 'prefecture'].includes(levelOf(r) ?? '') && pathCovered(r, doc.regionPath))
    : undefined
  if (!doc || (!office && !isAdmin(grants))) throw new AppError('FORBIDDEN', 'exchange.notYourNamed')
  if (doc.status === 'revoked') throw new AppError('CONFLICT', 'exchange.alreadyRevoked')
  if (input.year < doc.year)
    throw new AppError('INVALID_ARGUMENT', 'exchange.reviewYear', undefined, [{ path: 'year', message: '' }])
  const reason = input.reason?.trim() ?? ''
  if (input.outcome === 'revoked' && !reason)
    throw new AppError('INVALID_ARGUMENT', 'exchange.reasonRequired', undefined, [{ path: 'reason', message: '' }])
  if (input.outcome === 'kept' && doc.history.some((e) => e.type === 'kept' && e.year === input.year))
    return { id: doc._id, status: doc.status }
  const at = now()
  const event: NamedEvent = {
    type: input.outcome,
    at,
    by: office
      ? { openid: ctx.caller.openid, role: 'office', id: office }
      : { openid: ctx.caller.openid, role: 'admin', id: ctx.caller.openid },
    year: input.year,
    ...(reason ? { reason } : {}),
  }
  const status: NamedStatus = input.outcome === 'revoked' ? 'revoked' : 'active'
  const changed = await named.updateWhere(
    { _id: doc._id, status: 'active' },
    { status, history: ctx.db.command.push([event]), updatedAt: at },
  )
  if (!changed) throw new AppError('CONFLICT', 'exchange.alreadyRevoked')
  if (status === 'revoked')
    await writeAudit(ctx.db, {
      kind: 'edit',
      actor: ctx.caller.openid,
      subject: doc.householdId ?? doc.unitId ?? doc._id,
      fields: ['named.status'],
      action: ctx.action,
      details: `revoked:${doc._id}`,
    })
  return { id: doc._id, status }
}

export async function reviewsDue(
  input: { region: string },
  ctx: ActionContext,
): Promise<{ count: number; items: DueReview[] }> {
  const region = normaliseRegion(input.region)
  // the offices that review: a county or the prefecture (an administrator for any region)
  if (!['county', 'prefecture'].includes(levelOf(region) ?? '') && !isAdmin(ctx.scope.grants))
    return { count: 0, items: [] }
  const today = chinaDay()
  const named = collection(ctx.db, 'named')
  const due: Named[] = []
  for (let skip = 0; skip < CANDIDATES_MAX; skip += PAGE) {
    const page = await named.find(
      { regionPath: region, status: 'active', namedAt: ctx.db.command.lt(namedBefore(today)) },
      {
        orderBy: [
          ['namedAt', 'asc'],
          ['_id', 'asc'],
        ],
        skip,
        limit: PAGE,
      },
    )
    due.push(...page.filter((n) => isReviewDue(n, today)))
    if (page.length < PAGE) break
  }
  const shown = due
    .map((n) => ({ n, day: reviewDue(n) }))
    .sort((a, b) => (a.day === b.day ? a.n._id.localeCompare(b.n._id) : a.day < b.day ? -1 : 1))
    .slice(0, DUE_SHOWN)
  const places = await regionNames(
    ctx.db,
    shown.map(({ n }) => placeOf(n.regionPath)),
  )
  return { count: due.length, items: shown.map(({ n, day }) => ({ ...namedItem(n, places), due: day })) }
}
