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
 * Inviting (binding codes):
 * - official codes: an office over the official's home region, the official's department, an administrator.
 * - household codes: a paired official, the office over the household's region, an administrator — any
 *   member, the head included; the household head — family members only, at most MAX_HOUSEHOLD_MEMBERS
 *   bound openids per household (head included).
 *
 * Unbinding: oneself; the household head for members of their household (not other heads); an office
 * over the household's or official's region; an administrator.
 *
 * Personal data (field visibility, DESIGN §5, PIPL art. 28):
 * - full ID-card and phone numbers (on request, audited): the household itself, its paired officials,
 *   a village or township office over it. County and prefecture offices and administrators: masked.
 * - sensitive categories (monastic family, disability, members' health, monastic schooling/work, location
 *   traces): the household itself, paired officials, village and township offices. County and prefecture
 *   offices see counts only (from stats, never per household); department staff, reviewers and
 *   administrators never.
 */
import type { ActionDef, Role, Scope } from '../../src/shared/contract'
import type { RoleGrant } from '../../src/shared/contracts/identity'
import { AppError } from '../../src/shared/errors'
import { rows } from './db'

export const MAX_HOUSEHOLD_MEMBERS = 6
export const OFFICIAL_INVITE_HOURS = 72
export const HOUSEHOLD_INVITE_DAYS = 7
/** failed tries before an openid is locked, and for how long */
export const OPENID_MAX_FAILURES = 5
export const OPENID_LOCK_MINUTES = 15
/** failed tries against one code before the code is locked for good */
export const CODE_MAX_FAILURES = 5

// ---------------------------------------------------------------------------------------------------
// Regions

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village'

/** A 6-digit county code becomes its 12-digit form; 12-digit codes pass through. */
export function normaliseRegion(code: string): string {
  return code.length === 6 ? `${code}000000` : code
}

/** The part of a 12-digit code that its descendants share: `513301000000` → `513301`. */
export function regionPrefix(code: string): string {
  const full = normaliseRegion(code)
  if (full.slice(6) !== '000000') return full.slice(9) === '000' ? full.slice(0, 9) : full
  if (full.slice(4, 6) !== '00') return full.slice(0, 6)
  if (full.slice(2, 4) !== '00') return full.slice(0, 4)
  return full.slice(0, 2)
}

export function regionLevel(code: string): RegionLevel {
  const prefix = regionPrefix(code)
  if (prefix.length === 12) return 'village'
  if (prefix.length === 9) return 'township'
  if (prefix.length === 6) return 'county'
  if (prefix.length === 4) return 'prefecture'
  return 'province'
}

/** Whether the region `outer` is `inner` or one of its ancestors. */
export function regionCovers(outer: string, inner: string): boolean {
  return normaliseRegion(inner).startsWith(regionPrefix(outer))
}

/** Whether a document with this `regionPath` lies in the subtree of `region`. */
export function pathCovered(region: string, regionPath: readonly string[] | undefined): boolean {
  const full = normaliseRegion(region)
  if (!regionPath) return false
  return regionPath.includes(full) || regionPath.some((code) => regionCovers(full, code))
}

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

const isAdmin = (grants: Grants) => grants.some((g) => g.role === 'admin')
const offices = (grants: Grants) => grants.flatMap((g) => (g.role === 'office' ? [g.region] : []))

// ---------------------------------------------------------------------------------------------------
// Reach

export interface HouseholdRef {
  _id: string
  regionPath: string[]
  officialIds?: string[]
}
export interface OfficialRef {
  _id: string
  regionPath?: string[]
  departmentId?: string
}
export interface DepartmentRef {
  _id: string
  regionPath?: string[]
}

/** How a caller reaches a household: what they may see follows from it (`householdVisibility`). */
export type HouseholdRelation = 'member' | 'paired' | 'localOffice' | 'upperOffice' | 'admin'

/** The closest relation any admitted grant gives, or undefined when none reaches the household. */
export function householdRelation(grants: Grants, household: HouseholdRef): HouseholdRelation | undefined {
  if (grants.some((g) => g.role === 'household' && g.householdId === household._id)) return 'member'
  if (grants.some((g) => g.role === 'official' && (household.officialIds ?? []).includes(g.officialId))) return 'paired'
  const covering = offices(grants).filter((region) => pathCovered(region, household.regionPath))
  if (covering.some((region) => ['village', 'township'].includes(regionLevel(region)))) return 'localOffice'
  if (covering.length) return 'upperOffice'
  if (isAdmin(grants)) return 'admin'
  return undefined
}

export function reachesOfficial(grants: Grants, official: OfficialRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'official' && g.officialId === official._id) ||
    grants.some((g) => g.role === 'department' && g.departmentId === official.departmentId) ||
    offices(grants).some((region) => pathCovered(region, official.regionPath))
  )
}

export function reachesRegion(grants: Grants, code: string): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => (g.role === 'office' || g.role === 'reviewer') && regionCovers(g.region, code))
  )
}

export function reachesDepartment(grants: Grants, department: DepartmentRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'department' && g.departmentId === department._id) ||
    offices(grants).some((region) => pathCovered(region, department.regionPath))
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
      return offices(grants).some((region) => regionCovers(region, grant.region))
    case 'department':
      return (
        grants.some((g) => g.role === 'department' && g.departmentId === grant.departmentId) ||
        (target.department !== undefined &&
          target.department._id === grant.departmentId &&
          offices(grants).some((region) => pathCovered(region, target.department?.regionPath)))
      )
    case 'admin':
    case 'household':
    case 'official':
      return false
  }
}

// ---------------------------------------------------------------------------------------------------
// Inviting and unbinding

export function mayInviteOfficial(grants: Grants, official: OfficialRef): boolean {
  return (
    isAdmin(grants) ||
    grants.some((g) => g.role === 'department' && g.departmentId === official.departmentId) ||
    offices(grants).some((region) => pathCovered(region, official.regionPath))
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

/** May the caller end `target`'s binding `binding` (a household or official grant held by another openid)? */
export function mayUnbind(
  grants: Grants,
  binding: RoleGrant,
  where: { household?: HouseholdRef; official?: OfficialRef },
): boolean {
  if (isAdmin(grants)) return true
  if (binding.role === 'household' && where.household) {
    if (offices(grants).some((region) => pathCovered(region, where.household?.regionPath))) return true
    const own = grants.find((g) => g.role === 'household' && g.householdId === binding.householdId)
    return own?.role === 'household' && own.head === true && binding.head !== true
  }
  if (binding.role === 'official' && where.official) {
    return offices(grants).some((region) => pathCovered(region, where.official?.regionPath))
  }
  return false
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

export interface ScopeLoader {
  household(id: string): Promise<HouseholdRef | undefined>
  official(id: string): Promise<OfficialRef | undefined>
  department(id: string): Promise<DepartmentRef | undefined>
}

export interface ScopeResult {
  /** the caller's grants that the action admits */
  grants: RoleGrant[]
  household?: HouseholdRef
  relation?: HouseholdRelation
  official?: OfficialRef
  department?: DepartmentRef
}

function field(input: unknown, name: string): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined
  return typeof value === 'string' ? value : undefined
}

/**
 * Checks the target named in the input against the declared scope. The target is found by convention:
 * `householdId` for household scope; `region`, else `officialId`, else `householdId` for region scope;
 * `departmentId`, else `officialId` for department scope. A region- or department-scoped action with no
 * such field (a list over the caller's whole reach, or a grant whose rule is `mayGrant`) narrows its own
 * queries or checks its own rule. Unknown targets are FORBIDDEN for everyone but administrators, so ids
 * cannot be probed.
 */
export async function checkScope(
  scope: Scope,
  admitted: RoleGrant[],
  input: unknown,
  load: ScopeLoader,
): Promise<ScopeResult> {
  const result: ScopeResult = { grants: admitted }
  const missing = () => new AppError(isAdmin(admitted) ? 'NOT_FOUND' : 'FORBIDDEN')
  const household = async (householdId: string) => {
    const doc = await load.household(householdId)
    if (!doc) throw missing()
    const relation = householdRelation(admitted, doc)
    if (!relation) throw new AppError('FORBIDDEN')
    result.household = doc
    result.relation = relation
  }
  const official = async (officialId: string) => {
    const doc = await load.official(officialId)
    if (!doc) throw missing()
    if (!reachesOfficial(admitted, doc)) throw new AppError('FORBIDDEN')
    result.official = doc
  }
  switch (scope) {
    case 'none':
    case 'self':
      return result
    case 'global':
      if (!isAdmin(admitted)) throw new AppError('FORBIDDEN')
      return result
    case 'household': {
      const householdId = field(input, 'householdId')
      if (householdId === undefined) throw new AppError('FORBIDDEN')
      await household(householdId)
      return result
    }
    case 'region': {
      const region = field(input, 'region')
      const officialId = field(input, 'officialId')
      const householdId = field(input, 'householdId')
      if (region !== undefined) {
        if (!reachesRegion(admitted, region)) throw new AppError('FORBIDDEN')
      } else if (officialId !== undefined) await official(officialId)
      else if (householdId !== undefined) await household(householdId)
      return result
    }
    case 'department': {
      const departmentId = field(input, 'departmentId')
      const officialId = field(input, 'officialId')
      if (departmentId !== undefined) {
        const doc = await load.department(departmentId)
        if (!doc) throw missing()
        if (!reachesDepartment(admitted, doc)) throw new AppError('FORBIDDEN')
        result.department = doc
      } else if (officialId !== undefined) await official(officialId)
      return result
    }
  }
}

/** A query filter narrowing a region-scoped list to the caller's reach (`regionPath` contains one of the
 * caller's office or reviewer regions); undefined for administrators (everything). */
export function reachRegions(grants: Grants): string[] | undefined {
  if (isAdmin(grants)) return undefined
  return grants.flatMap((g) => (g.role === 'office' || g.role === 'reviewer' ? [normaliseRegion(g.region)] : []))
}

/** The slice of the SDK's database these helpers use. The SDK types `get()` as `Promise | void | string`
 * (its callback overloads), so results are read through `rows` rather than cast at every call. */
export interface DbLike {
  collection(name: string): unknown
}
interface QueryLike {
  where(query: Record<string, unknown>): { limit(n: number): { get(): unknown } }
}

/** Loads scope targets by id. */
export function scopeLoader(db: DbLike): ScopeLoader {
  const one = async <T>(collection: string, id: string): Promise<T | undefined> => {
    const found = await rows<T>((db.collection(collection) as QueryLike).where({ _id: id }).limit(1))
    return found[0]
  }
  return {
    household: (id) => one<HouseholdRef>('households', id),
    official: (id) => one<OfficialRef>('officials', id),
    department: (id) => one<DepartmentRef>('departments', id),
  }
}
