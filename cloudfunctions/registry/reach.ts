/**
 * An office's actions stop at its region. The declared scope checks only the target named in the input
 * (an official, a plan's region); the households reached through that target are checked here, one by
 * one: an office reaches a household whose `regionPath` holds its region, an administrator every one.
 * Households outside are left out of views and left alone by writes, and the answer counts them.
 */
import type { Household } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import { householdRelation, isAdmin, officeRegions } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { ActionContext } from '@fn/handler'

/** Whether the caller's admitted grants (office, administrator) reach this household. A household whose
 * region is unknown is reached by administrators only. */
export function reachesHousehold(
  grants: readonly RoleGrant[],
  household: Pick<Household, '_id' | 'regionPath'> | undefined,
): boolean {
  if (!household) return isAdmin(grants)
  return householdRelation(grants, household) !== undefined
}

/** The region an action ran with, for its audit record: the caller's office regions, or `admin`. */
export function callerRegion(grants: readonly RoleGrant[]): string {
  return isAdmin(grants) ? 'admin' : officeRegions(grants).join(',')
}

/**
 * One audit record for one pairing change (a re-pairing by rule or by hand, an unpairing, a plan's batches
 * applied), never one per household: the subject is the official or the plan, `details` the region and the
 * counts (`region:<code> closed:3 opened:3 outside:1`).
 */
export async function auditPairing(
  ctx: ActionContext,
  subject: string,
  region: string,
  counts: Record<string, number | string>,
): Promise<void> {
  const parts = [`region:${region}`, ...Object.entries(counts).map(([k, v]) => `${k}:${v}`)]
  await writeAudit(ctx.db, {
    kind: 'pairing',
    actor: ctx.caller.openid,
    subject,
    fields: ['officialIds'],
    action: ctx.action,
    details: parts.join(' '),
  })
}
