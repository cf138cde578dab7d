/**
 * Binding by invitation: who may issue a code for whom, whether a code may be redeemed, what redeeming it
 * grants and whom it displaces, and who may end a binding. The handlers in ../index.ts load the documents,
 * call these rules and write what they decide; the reach rules they build on are in _shared/access.ts.
 *
 * Inviting:
 * - official codes: an office over the official's home region, the official's department, an administrator.
 * - household codes: a paired official, an office over the household's region, an administrator — any
 *   member, the head included; the household head — family members only. At most MAX_HOUSEHOLD_MEMBERS
 *   phones per household, bound ones and live codes together (a code that replaces a lost phone takes no
 *   new place).
 * Redeeming: one household per openid, one official record per openid; an official record is bound to one
 *   phone, so a new code moves it from the old openid, as a household code that `replaces` a lost phone does.
 * Unbinding: oneself; the household head for members of their household (not other heads); an office over
 *   the household's or official's region; an administrator.
 */
import type { Invite, User } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import type { RegionPath } from '@shared/region'
import { pathCovered } from '@shared/region'
import type { Instant } from '@shared/time'
import { addTime, epochMs } from '@shared/time'
import type { HouseholdRef, OfficialRef } from '@fn/access'
import { householdRelation, isAdmin, officeRegions, sameGrant } from '@fn/access'
import { codeLocked } from './guard'

export const MAX_HOUSEHOLD_MEMBERS = 6
export const OFFICIAL_INVITE_HOURS = 72
export const HOUSEHOLD_INVITE_DAYS = 7

type Grants = readonly RoleGrant[]

// ---------------------------------------------------------------------------------------------------
// Issuing

export function mayInviteOfficial(grants: Grants, official: OfficialRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'department' && g.departmentId === official.departmentId) ||
    officeRegions(grants).some((region) => pathCovered(region, official.regionPath))
  )
}

/** 'any' = may invite the head or a member; 'member' = family members only (the head); undefined = no. */
export function mayInviteHousehold(grants: Grants, household: HouseholdRef): 'any' | 'member' | undefined {
  const relation = householdRelation(grants, household)
  if (relation === 'paired' || relation === 'localOffice' || relation === 'upperOffice' || relation === 'admin')
    return 'any'
  if (relation === 'member') {
    const own = grants.find((g) => g.role === 'household' && g.householdId === household._id)
    return own?.role === 'household' && own.head ? 'member' : undefined
  }
  return undefined
}

/** Refuses a new phone for a household that has `bound` phones and `pending` live codes already. */
export function assertRoomForMember(bound: number, pending = 0): void {
  if (bound + pending >= MAX_HOUSEHOLD_MEMBERS)
    throw new AppError('CONFLICT', 'invite.memberLimit', { max: MAX_HOUSEHOLD_MEMBERS })
}

export function inviteExpiry(kind: Invite['kind'], now: Instant): Instant {
  return addTime(now, kind === 'official' ? OFFICIAL_INVITE_HOURS : HOUSEHOLD_INVITE_DAYS * 24, 'hour')
}

// ---------------------------------------------------------------------------------------------------
// Redeeming

/** Refuses a code that can no longer be redeemed: locked by wrong guesses, used, or expired. */
export function assertRedeemable(invite: Pick<Invite, 'failures' | 'usedAt' | 'expiresAt'>, now: Instant): void {
  if (codeLocked(invite)) throw new AppError('CONFLICT', 'invite.locked')
  if (invite.usedAt !== null) throw new AppError('CONFLICT', 'invite.used')
  if (epochMs(invite.expiresAt) <= epochMs(now)) throw new AppError('CONFLICT', 'invite.expired')
}

/** Refuses a redeemer who holds a binding of the code's kind already. */
export function assertMayBind(roles: Grants, invite: Pick<Invite, 'kind' | 'householdId'>): void {
  if (invite.kind === 'household') {
    const own = roles.find((g) => g.role === 'household')
    if (own?.role === 'household')
      throw new AppError(
        'CONFLICT',
        own.householdId === invite.householdId ? 'invite.alreadyBound' : 'invite.wrongHousehold',
      )
  } else if (roles.some((g) => g.role === 'official')) throw new AppError('CONFLICT', 'invite.alreadyBound')
}

/** The grant a code gives, carrying the region path of its household or official record. */
export function grantOf(
  invite: Pick<Invite, 'kind' | 'householdId' | 'officialId' | 'head'>,
  regionPath: RegionPath,
): RoleGrant | undefined {
  if (invite.kind === 'household' && invite.householdId)
    return invite.head
      ? { role: 'household', householdId: invite.householdId, head: true, regionPath }
      : { role: 'household', householdId: invite.householdId, regionPath }
  if (invite.kind === 'official' && invite.officialId)
    return { role: 'official', officialId: invite.officialId, regionPath }
  return undefined
}

/** The openids that lose the binding when `redeemer` makes it: the lost phone a household code replaces,
 * or every other phone holding the official record (`holders`). */
export function displacedBy(
  invite: Pick<Invite, 'kind' | 'replaces'>,
  redeemer: string,
  holders: readonly string[],
): string[] {
  if (invite.kind === 'household') return invite.replaces ? [invite.replaces] : []
  return holders.filter((openid) => openid !== redeemer)
}

/** A user's fields after gaining `grant` (a grant with the same key is replaced), and when a binding was made. */
export function withGrant(
  user: Pick<User, 'roles' | 'boundAt'> | undefined,
  grant: RoleGrant,
  now: Instant,
  key: string,
): Omit<User, '_id'> {
  const roles = [...(user?.roles ?? []).filter((g) => !sameGrant(g, grant)), grant]
  const out: Omit<User, '_id'> = { roles, updatedAt: now }
  if (grant.role === 'household') out.householdId = grant.householdId
  if (grant.role === 'official') out.officialId = grant.officialId
  if (grant.role === 'household' || grant.role === 'official') out.boundAt = { ...(user?.boundAt ?? {}), [key]: now }
  return out
}

export function withoutGrant(roles: Grants, grant: RoleGrant): RoleGrant[] {
  return roles.filter((g) => !sameGrant(g, grant))
}

// ---------------------------------------------------------------------------------------------------
// Unbinding

/** The binding of `role` that `holder` has, refused as not bound when there is none. */
export function bindingToEnd(holder: Pick<User, 'roles'> | undefined, role: 'household' | 'official'): RoleGrant {
  const binding = holder?.roles.find((g) => g.role === role)
  if (!binding) throw new AppError('NOT_FOUND', 'access.notBound')
  return binding
}

/** May the caller end another openid's binding `binding` (a household or official grant)? Ending one's own
 * binding needs no authority. */
export function mayUnbind(
  grants: Grants,
  binding: RoleGrant,
  where: { household?: HouseholdRef; official?: OfficialRef },
): boolean {
  if (isAdmin(grants)) return true
  if (binding.role === 'household' && where.household) {
    if (officeRegions(grants).some((region) => pathCovered(region, where.household?.regionPath))) return true
    const own = grants.find((g) => g.role === 'household' && g.householdId === binding.householdId)
    return own?.role === 'household' && own.head === true && binding.head !== true
  }
  if (binding.role === 'official' && where.official) {
    return officeRegions(grants).some((region) => pathCovered(region, where.official?.regionPath))
  }
  return false
}
