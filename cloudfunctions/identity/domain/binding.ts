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
 * Replacing: a code for a record someone holds already (an official bound to a phone, the head of a household
 *   whose head is bound) is issued only as an explicit replacement (`replaces` names the openid that holds it),
 *   and only by someone who may end that binding; redeeming it moves the binding and tells the displaced
 *   openid. A replacement whose phone was unbound meanwhile counts as a new member against the limit.
 * Redeeming: never by the code's issuer (an office must not make itself an official or a household member);
 *   one household per openid, one official record per openid, one phone per official record.
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
import { householdRelation, isAdmin, officeRegions } from '@fn/access'
import { codeLocked } from './guard'

export const MAX_HOUSEHOLD_MEMBERS = 6
export const OFFICIAL_INVITE_HOURS = 72
export const HOUSEHOLD_INVITE_DAYS = 7
/** Codes expired longer ago than this are removed (identity's daily timer); a used code expired too. */
export const PRUNE_INVITES_AFTER_DAYS = 30

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

/** Refuses a redeemer who issued the code: binding oneself with one's own code is how an office would
 * take over a record's access. */
export function assertNotIssuer(invite: Pick<Invite, 'issuer'>, redeemer: string): void {
  if (invite.issuer === redeemer) throw new AppError('FORBIDDEN', 'invite.ownCode')
}

/**
 * The openids a code displaces, given who holds the record it binds (`holders`: for an official code
 * every phone bound to the official; for a head code the household's bound head). Anyone holding it other
 * than the redeemer and the phone the code explicitly `replaces` refuses the code.
 */
export function displacedBy(invite: Pick<Invite, 'replaces'>, redeemer: string, holders: readonly string[]): string[] {
  const others = holders.filter((openid) => openid !== redeemer)
  if (others.some((openid) => openid !== invite.replaces)) throw new AppError('CONFLICT', 'invite.targetBound')
  return others
}

/** The household grant a bound user holds for `householdId`. */
export function householdGrantOf(user: Pick<User, 'roles'>, householdId: string): RoleGrant | undefined {
  return user.roles.find((g) => g.role === 'household' && g.householdId === householdId)
}

/** The openids of a household's bound users that hold its head grant. */
export function headsOf(users: readonly Pick<User, '_id' | 'roles'>[], householdId: string): string[] {
  return users.flatMap((u) => {
    const grant = householdGrantOf(u, householdId)
    return grant?.role === 'household' && grant.head === true ? [u._id] : []
  })
}

/** What selects one grant inside `roles` by its key (a `pull` condition): the stored grant's own id fields. */
export function grantSelector(grant: RoleGrant): Record<string, string> {
  switch (grant.role) {
    case 'household':
      return { role: 'household', householdId: grant.householdId }
    case 'official':
      return { role: 'official', officialId: grant.officialId }
    case 'office':
    case 'reviewer':
      return { role: grant.role, region: grant.region }
    case 'department':
      return { role: 'department', departmentId: grant.departmentId }
    case 'admin':
      return { role: 'admin' }
  }
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
