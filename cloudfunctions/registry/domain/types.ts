/**
 * The registry's documents as the domain code sees them (pure data, no platform types). The generator,
 * the roster import and the planner all speak these shapes; the cloud function stores them as they are.
 */

export type Lang = 'zh-Hans' | 'bo'
/** A name in both written languages; `bo` is '' where only a Chinese form exists (most Han names). */
export type Bilingual = Record<Lang, string>

export type Sex = 'male' | 'female'
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other'
export type Schooling = 'none' | 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'college' | 'monastic'
export type Health = 'good' | 'chronic' | 'serious' | 'disabled'
export type Work = 'farming' | 'herding' | 'migrant' | 'local' | 'public' | 'student' | 'retired' | 'monastic' | 'none'
export type RiskLevel = 'none' | 'watch' | 'high'

export interface Member {
  name: Bilingual
  relation: Relation
  sex: Sex
  birthYear: number
  idNumber: string
  schooling: Schooling
  health: Health
  work: Work
}

export interface Household {
  _id: string
  /** the roster's 家庭编号: imports upsert by it, so re-importing a file never duplicates a household */
  externalId: string
  /** [prefecture, county, township, village] */
  regionPath: string[]
  villageCode: string
  head: { name: Bilingual; idNumber: string }
  phone: string
  memberCount: number
  /** one-sheet details; the head is the member with relation 'head' */
  members: Member[]
  riskLevel: RiskLevel
  /**
   * Special categories under PIPL art. 28: shown only to roles that need them, every view audited.
   * `monastic`: a monk or nun in the family; `disability`: a member with a disability.
   */
  sensitive: { monastic: boolean; disability: boolean }
  /** current pairings, denormalised from `pairings` for the "my officials" card and coverage counts */
  officialIds: string[]
  /**
   * officialId → that official's departmentId ('' when none), kept beside `officialIds` by pairing, so a
   * contact knows the department without looking the official up; an entry ends with the pairing
   */
  officialDepartments: Record<string, string>
  lastContactAt: string | null
}

export interface Official {
  _id: string
  externalId: string
  name: Bilingual
  sex: Sex
  departmentId: string
  /** where the official lives: [prefecture, county, township, village] */
  regionPath: string[]
  phone: string
  idNumber: string
  position: Bilingual
  /** false once the official has transferred out or retired: never planned, kept for history */
  active: boolean
}

export interface Department {
  _id: string
  name: Bilingual
  level: 'prefecture' | 'county'
  regionPath: string[]
}

export type UnitKind = 'centre' | 'studio' | 'team'

export interface UnitMember {
  role: 'lead' | 'member' | 'cultivator'
  name: Bilingual
  officialId?: string
  householdId?: string
}

/** A 石榴籽 work centre (工作中心), studio (工作室) or work team (工作队); cultivators (育籽员) are studio members. */
export interface Unit {
  _id: string
  kind: UnitKind
  name: Bilingual
  regionPath: string[]
  members: UnitMember[]
}

export type PairingReason = 'plan' | 'manual' | 'reassign' | 'import'
export type PairingEndReason = 'transfer' | 'retire' | 'leave' | 'replan' | 'manual'

/** One official ↔ household link over time; `to` null means current. */
export interface Pairing {
  _id: string
  officialId: string
  householdId: string
  /** YYYY-MM-DD */
  from: string
  to: string | null
  reason: PairingReason
  endReason: PairingEndReason | null
}

export function pairingId(officialId: string, householdId: string, from: string): string {
  return `${officialId}:${householdId}:${from}`
}
