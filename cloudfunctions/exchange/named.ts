/**
 * The annual review of the named: a county or prefecture office over a named family or studio keeps it for a
 * year or revokes it with a reason. Nothing is deleted: the step joins the record's history, and a
 * revocation is also written to the audit trail.
 *
 * Round trips: caller → the named → the conditional update ∥ the audit record.
 */
import type { NamedEvent } from '@config/documents'
import { isAdmin } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import type { NamedStatus } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { levelOf, normaliseRegion, pathCovered } from '@shared/region'
import { now } from '@shared/time'

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
