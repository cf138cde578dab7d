/**
 * Who may reach what. Every action declares its `roles` and `scope` in its contract (src/shared/contracts);
 * the handler keeps only the caller's grants whose role the action admits, then checks the declared scope
 * here before the action runs. The rules, in one place:
 *
 * Reach (scope checks; only the grants admitted by the action count):
 * - household: a member of it; an official it is paired with (`household.officialIds`); an office whose
 *   region is on its `regionPath`; an administrator. Reviewers and department staff never reach households.
 * - official: the official themself; an office whose region is on the official's `regionPath` (home
 *   region); department staff of the official's department; an administrator.
 * - region: an office or reviewer whose region is the region or one of its ancestors; an administrator.
 * - department: its own department staff; an office whose region is on the department's `regionPath`;
 *   an administrator.
 * A region's subtree is its code prefix: a county office 513301000000 covers every code starting 513301,
 * which is every document whose `regionPath` contains 513301000000.
 *
 * Granting (grantRole / revokeRole; revoking needs the same authority as granting):
 * - administrator: any role anywhere, administrators included.
 * - office staff at R: office and reviewer roles at R or below (never above, never beside); department
 *   roles for departments whose `regionPath` contains R. Never administrator.
 * - department staff of D: department roles for D only (their colleagues). Never office, reviewer or admin.
 * - officials, households, reviewers: nothing.
 * Household and official roles are never granted directly: they come only from invitation codes.
 *
 * Inviting, redeeming and unbinding are identity's alone: identity/domain/binding.ts states those rules
 * and builds them on the reach rules here.
 *
 * Personal data (field visibility, PIPL art. 28):
 * - full ID-card and phone numbers (on request, audited): the household itself, its paired officials,
 *   a village or township office over it. County and prefecture offices and administrators: masked.
 * - sensitive categories (monastic family, disability, members' health, monastic schooling/work, location
 *   traces): the household itself, paired officials, village and township offices. County and prefecture
 *   offices see counts only (from stats, never per household); department staff, reviewers and
 *   administrators never.
 */
import type { Department, Household, Official } from '@config/documents'
import type { ActionDef, Role, Scope } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import { covers, levelOf, normaliseRegion, pathCovered, pathOf } from '@shared/region'
import type { Db } from './db'
import { collection } from './db'

// ---------------------------------------------------------------------------------------------------
// Grants

export function grantKey(grant: RoleGrant): string {
  switch (grant.role) {
    case 'household':
      return `household:${grant.householdId}`
    case 'official':
      return `official:${grant.officialId}`
    case 'office':
    case 'reviewer':
      return `${grant.role}:${normaliseRegion(grant.region)}`
    case 'department':
      return `department:${grant.departmentId}`
    case 'admin':
      return 'admin'
  }
}

export function sameGrant(a: RoleGrant, b: RoleGrant): boolean {
  return grantKey(a) === grantKey(b)
}

/** The caller's grants that an action admits: a reviewer grant never opens an office-only action. */
export function admittedGrants(roles: readonly RoleGrant[], def: Pick<ActionDef, 'roles'>): RoleGrant[] {
  if (def.roles.includes('anyone')) return [...roles]
  return roles.filter((grant) => def.roles.includes(grant.role as Role))
}

type Grants = readonly RoleGrant[]

export const isAdmin = (grants: Grants): boolean => grants.some((g) => g.role === 'admin')

/** The regions of the caller's office grants (a county written with 6 digits in its 12-digit form). */
export const officeRegions = (grants: Grants): string[] =>
  grants.flatMap((g) => (g.role === 'office' ? [normaliseRegion(g.region)] : []))

// ---------------------------------------------------------------------------------------------------
// Reach

/** The fields reach is decided by: a projection of the stored documents (config/documents.ts). */
export type HouseholdRef = Pick<Household, '_id' | 'regionPath'> & Partial<Pick<Household, 'officialIds'>>
export type OfficialRef = Pick<Official, '_id'> & Partial<Pick<Official, 'regionPath' | 'departmentId'>>
export type DepartmentRef = Pick<Department, '_id'> & Partial<Pick<Department, 'regionPath'>>

/** How a caller reaches a household: what they may see follows from it (`householdVisibility`). */
export type HouseholdRelation = 'member' | 'paired' | 'localOffice' | 'upperOffice' | 'admin'

/** The closest relation any admitted grant gives, or undefined when none reaches the household. */
export function householdRelation(grants: Grants, household: HouseholdRef): HouseholdRelation | undefined {
  if (grants.some((g) => g.role === 'household' && g.householdId === household._id)) return 'member'
  if (grants.some((g) => g.role === 'official' && (household.officialIds ?? []).includes(g.officialId))) return 'paired'
  const covering = officeRegions(grants).filter((region) => pathCovered(region, household.regionPath))
  if (covering.some((region) => ['village', 'township'].includes(levelOf(region) ?? ''))) return 'localOffice'
  if (covering.length) return 'upperOffice'
  if (isAdmin(grants)) return 'admin'
  return undefined
}

export function reachesOfficial(grants: Grants, official: OfficialRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'official' && g.officialId === official._id) ||
    grants.some((g) => g.role === 'department' && g.departmentId === official.departmentId) ||
    officeRegions(grants).some((region) => pathCovered(region, official.regionPath))
  )
}

export function reachesRegion(grants: Grants, code: string): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => (g.role === 'office' || g.role === 'reviewer') && covers(normaliseRegion(g.region), code))
  )
}

export function reachesDepartment(grants: Grants, department: DepartmentRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'department' && g.departmentId === department._id) ||
    officeRegions(grants).some((region) => pathCovered(region, department.regionPath))
  )
}

// ---------------------------------------------------------------------------------------------------
// Granting

/** What granting a role touches: the department's region decides which offices may grant it. */
export interface GrantTarget {
  department?: DepartmentRef
}

export function mayGrant(grants: Grants, grant: RoleGrant, target: GrantTarget = {}): boolean {
  if (isAdmin(grants)) return true
  switch (grant.role) {
    case 'office':
    case 'reviewer':
      return officeRegions(grants).some((region) => covers(region, grant.region))
    case 'department':
      return (
        grants.some((g) => g.role === 'department' && g.departmentId === grant.departmentId) ||
        (target.department !== undefined &&
          target.department._id === grant.departmentId &&
          officeRegions(grants).some((region) => pathCovered(region, target.department?.regionPath)))
      )
    case 'admin':
    case 'household':
    case 'official':
      return false
  }
}

// ---------------------------------------------------------------------------------------------------
// Personal data

export interface Visibility {
  /** full ID-card and phone numbers may be revealed (each reveal audited) */
  fullNumbers: boolean
  /** sensitive categories are shown */
  sensitive: boolean
}

export function householdVisibility(relation: HouseholdRelation): Visibility {
  switch (relation) {
    case 'member':
    case 'paired':
    case 'localOffice':
      return { fullNumbers: true, sensitive: true }
    case 'upperOffice':
    case 'admin':
      return { fullNumbers: false, sensitive: false }
  }
}

/**
 * Actions open to households or officials that answer or change a household's personal numbers or an
 * official's full phone: a refusal of one is audited like a refusal of a privileged action (audit.ts
 * `refusalAudited`), since it is how a stolen phone or a curious member probes for someone else's data.
 */
export const PERSONAL_ACTIONS: readonly string[] = [
  'identity.householdDetail',
  'identity.householdMembers',
  'contacts.householdContacts',
  'contacts.updateInfoSheet',
  'registry.myHousehold',
  'registry.callOfficial',
]

/** Roles whose actions reach beyond one's own household or pairings: every refusal of such an action is audited. */
export const PRIVILEGED_ROLES: readonly string[] = ['office', 'department', 'reviewer', 'admin']

/** Whether refusals of an action are audited whatever their reason: a privileged or personal-data action. */
export function guardedAction(action: string, def: Pick<ActionDef, 'roles'>): boolean {
  return PERSONAL_ACTIONS.includes(action) || def.roles.some((role) => PRIVILEGED_ROLES.includes(role))
}

/**
 * Who appointed a grant, as separation of duties reads it. A reviewer grant stored before `grantedBy` was
 * recorded names nobody; it is read as made by every office that could have made it (an office appoints
 * reviewers at or below its own region: the grant's region and each of its ancestors), so such a reviewer
 * never approves a notice written by the office of its region or one above it. Re-granting it records the
 * real appointer.
 */
export function withAppointer(grant: RoleGrant): RoleGrant {
  if (grant.role !== 'reviewer' || grant.grantedBy !== undefined) return grant
  return { ...grant, grantedByOffices: pathOf(normaliseRegion(grant.region)) }
}

/** Fields of a household that belong to sensitive categories, by where they sit in the document. */
export const SENSITIVE_FIELDS = {
  household: ['sensitive'],
  member: ['health'],
  /** member values that reveal religion: monastic schooling or work means a monk or nun in the family */
  memberValues: { schooling: ['monastic'], work: ['monastic'] },
  contact: ['location'],
} as const

// ---------------------------------------------------------------------------------------------------
// The declared scope, checked before the action runs

export interface ScopeResult {
  /** the caller's grants that the action admits */
  grants: RoleGrant[]
  household?: Household
  relation?: HouseholdRelation
  official?: Official
  department?: Department
}

function field(input: unknown, name: string): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : undefined
}

/** The scope's target, found in the input by convention: `householdId` for household scope; `region`, else
 * `officialId`, else `householdId` for region scope; `departmentId`, else `officialId` for department scope. */
type Target =
  | { kind: 'household'; id: string }
  | { kind: 'official'; id: string }
  | { kind: 'department'; id: string }
  | { kind: 'region'; code: string }
  | { kind: 'none' }

function targetOf(scope: Scope, input: unknown): Target {
  const householdId = field(input, 'householdId')
  const officialId = field(input, 'officialId')
  switch (scope) {
    case 'household':
      return householdId === undefined ? { kind: 'none' } : { kind: 'household', id: householdId }
    case 'region': {
      const region = field(input, 'region')
      if (region !== undefined) return { kind: 'region', code: region }
      if (officialId !== undefined) return { kind: 'official', id: officialId }
      if (householdId !== undefined) return { kind: 'household', id: householdId }
      return { kind: 'none' }
    }
    case 'department': {
      const departmentId = field(input, 'departmentId')
      if (departmentId !== undefined) return { kind: 'department', id: departmentId }
      if (officialId !== undefined) return { kind: 'official', id: officialId }
      return { kind: 'none' }
    }
    default:
      return { kind: 'none' }
  }
}

/** The scope target's document, read while the caller is looked up (serve sends both together). */
export type ScopeTarget = Promise<Household | Official | Department | undefined> | undefined

export function prefetchScope(scope: Scope, input: unknown, db: Db): ScopeTarget {
  const target = targetOf(scope, input)
  if (target.kind === 'household') return collection(db, 'households').get(target.id)
  if (target.kind === 'official') return collection(db, 'officials').get(target.id)
  if (target.kind === 'department') return collection(db, 'departments').get(target.id)
  return undefined
}

/**
 * Checks the target named in the input against the declared scope. A region- or department-scoped action
 * with no target field (a list over the caller's whole reach, or a grant whose rule is `mayGrant`) narrows
 * its own queries or checks its own rule. Unknown targets are FORBIDDEN for everyone but administrators, so
 * ids cannot be probed.
 */
export async function checkScope(
  scope: Scope,
  admitted: RoleGrant[],
  input: unknown,
  prefetched: ScopeTarget,
): Promise<ScopeResult> {
  const result: ScopeResult = { grants: admitted }
  if (scope === 'none' || scope === 'self') return result
  if (scope === 'global') {
    if (!isAdmin(admitted)) throw new AppError('FORBIDDEN')
    return result
  }
  const target = targetOf(scope, input)
  if (target.kind === 'none') {
    if (scope === 'household') throw new AppError('FORBIDDEN')
    return result
  }
  if (target.kind === 'region') {
    if (!reachesRegion(admitted, target.code)) throw new AppError('FORBIDDEN')
    return result
  }
  const doc = await prefetched
  if (!doc) throw new AppError(isAdmin(admitted) ? 'NOT_FOUND' : 'FORBIDDEN')
  if (target.kind === 'household') {
    const household = doc as Household
    const relation = householdRelation(admitted, household)
    if (!relation) throw new AppError('FORBIDDEN')
    result.household = household
    result.relation = relation
  } else if (target.kind === 'official') {
    if (!reachesOfficial(admitted, doc as Official)) throw new AppError('FORBIDDEN')
    result.official = doc as Official
  } else {
    if (!reachesDepartment(admitted, doc as Department)) throw new AppError('FORBIDDEN')
    result.department = doc as Department
  }
  return result
}

/** A query filter narrowing a region-scoped list to the caller's reach (`regionPath` contains one of the
 * caller's office or reviewer regions); undefined for administrators (everything). */
export function reachRegions(grants: Grants): string[] | undefined {
  if (isAdmin(grants)) return undefined
  return grants.flatMap((g) => (g.role === 'office' || g.role === 'reviewer' ? [normaliseRegion(g.region)] : []))
}
