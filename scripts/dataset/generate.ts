/**
 * Deterministic synthetic dataset at Ganzi scale: regions, departments, officials, households, the 石榴籽
 * network, and demo users. Same options → same documents, byte for byte.
 *
 * Output is a stream of batches (`for (const { collection, docs } of generate(opts))`), so a seeder can
 * write 330k documents without holding them: at most one county's officials and one village's households
 * are alive at a time (one county's households when `pair` is on).
 *
 * Every county draws from its own seeded streams, so a county's regions are the same at every scale and
 * asking for one county never shifts another's documents.
 */
import type {
  Department,
  Health,
  Household,
  Member,
  Official,
  Pairing,
  Relation,
  RiskLevel,
  Schooling,
  Sex,
  Unit,
  UnitMember,
  User,
  Work,
} from '@config/documents'
import { pairingId } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import type { RoleGrant } from '@shared/contracts/identity'
import { checkChar } from '@functions/registry/domain/idcard'
import { plan } from '@functions/registry/domain/planner'
import { DEPARTMENT_KINDS, RANKS } from './departments'
import {
  COUNTIES,
  type County,
  countyCode,
  countyRegion,
  PREFECTURE_CODE,
  PREFECTURE_CODE6,
  PREFECTURE_NAME,
  prefectureRegion,
  PROGRAMME,
  type Region,
} from './ganzi'
import {
  HAN_GIVEN_FEMALE,
  HAN_GIVEN_MALE,
  HAN_SURNAMES,
  PLACE_SYLLABLES,
  TIBETAN_FEMALE_LAST,
  TIBETAN_FIRST,
  TIBETAN_MALE_LAST,
  tibetanName,
} from './names'
import { apportion, hash32, type Rng, rng } from './prng'

export type Scale = 'full' | 'county' | 'tiny'
export type CollectionName = 'regions' | 'departments' | 'officials' | 'households' | 'units' | 'pairings' | 'users'

export interface GenerateOptions {
  seed?: number
  /** 'full': the programme's figures; 'county': one county's regions with a few hundred households; 'tiny': tests */
  scale?: Scale
  /** 6- or 12-digit code of the county for 'county' and 'tiny' (default 康定市 513301) */
  county?: string
  /** documents per batch (default 1000) */
  batchSize?: number
  /** only these collections are produced (the others are still drawn, so documents stay identical) */
  collections?: readonly CollectionName[]
  /** run the planner per county and emit current pairings (and fill households' `officialIds`) */
  pair?: boolean
  /** YYYY-MM-DD: ages are counted to it and pairings start on it */
  today?: string
}

export type Doc = Region | Department | Official | Household | Unit | Pairing | UserDoc

export interface Batch {
  collection: CollectionName
  docs: Doc[]
}

export const DEFAULT_SEED = 20250101
export const DEFAULT_TODAY = '2026-01-01'
const COUNTY_SLICE_HOUSEHOLDS = 400
const TINY_TOWNSHIPS = 2
const TINY_VILLAGES_PER_TOWNSHIP = 2
const TINY_HOUSEHOLDS = 24
/** share of 康定's officials who work for prefecture bureaus (the prefecture seat is in 康定) */
const PREFECTURE_STAFF_SHARE = 0.45
/** share of a county's officials who live in the county seat township */
const SEAT_RESIDENT_SHARE = 0.4
const HERDING_COUNTIES = new Set(['513332', '513333', '513334', '513330'])
/** share of Han families by county: 泸定 is mostly Han, 康定 and 九龙 mixed, the plateau counties mostly Tibetan */
const HAN_SHARE: Record<string, number> = { '513322': 0.75, '513301': 0.35, '513324': 0.3 }
const DEFAULT_HAN_SHARE = 0.1
// prettier-ignore
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155',
  '156', '157', '158', '159', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '199',
]

// ---------------------------------------------------------------------------------------------------
// Scale figures

function fullHouseholdsByCounty(): number[] {
  return apportion(
    PROGRAMME.households,
    COUNTIES.map((c) => c.householdWeight),
  )
}

function fullOfficialsByCounty(): number[] {
  return apportion(PROGRAMME.officials, fullHouseholdsByCounty())
}

/**
 * 300 centres = 1 prefecture + 18 county + 281 township centres: the 8 counties with the most townships
 * each have one township (their last) served by the county centre instead.
 */
function townshipCentresSkipped(): Set<string> {
  const ranked = COUNTIES.map((c, i) => ({ c, i })).sort((a, b) => b.c.townships - a.c.townships || a.i - b.i)
  const skip = PROGRAMME.townships + COUNTIES.length + 1 - PROGRAMME.centres
  return new Set(ranked.slice(0, skip).map((x) => x.c.code6))
}

export interface ExpectedCounts {
  regions: number
  townships: number
  villages: number
  departments: number
  households: number
  officials: number
  centres: number
  studios: number
  teams: number
  cultivators: number
}

function resolveCounties(opts: GenerateOptions): County[] {
  const scale = opts.scale ?? 'full'
  if (scale === 'full') return [...COUNTIES]
  const code6 = (opts.county ?? '513301').slice(0, 6)
  const county = COUNTIES.find((c) => c.code6 === code6)
  if (!county) throw new Error(`unknown county ${opts.county}`)
  return [county]
}

// ---------------------------------------------------------------------------------------------------
// Regions

export interface CountyTree {
  county: County
  region: Region
  townships: Region[]
  villages: Region[]
  /** villages of each township, in code order */
  villagesOf: Map<string, Region[]>
  /** relative household weight of each village, keyed by code */
  villageWeight: Map<string, number>
  seatTownship: string
}

function placeName(r: Rng, used: Set<string>): readonly [string, string] {
  for (;;) {
    const a = r.pick(PLACE_SYLLABLES)
    const b = r.pick(PLACE_SYLLABLES)
    if (a === b) continue
    const zh = a[1] + b[1]
    const bo = `${a[0]}་${b[0]}`
    if (used.has(zh) || used.has(bo)) continue
    used.add(zh)
    used.add(bo)
    return [bo, zh]
  }
}

/** The full region tree of one county (identical at every scale). */
export function countyTree(seed: number, county: County): CountyTree {
  const r = rng(seed, `regions:${county.code6}`)
  const region = countyRegion(county)
  const twWeights = Array.from({ length: county.townships }, (_, i) => (i === 0 ? 2 : 0.6 + r.next() * 0.8))
  const villagesPer = apportion(county.villages, twWeights, 2)
  const townships: Region[] = []
  const villages: Region[] = []
  const villagesOf = new Map<string, Region[]>()
  const villageWeight = new Map<string, number>()
  const usedTownshipNames = new Set<string>()
  let towns = 0
  let rural = 0
  for (let t = 0; t < county.townships; t++) {
    const isTown = t === 0 || r.chance(0.35)
    const number = isTown ? 100 + towns++ : 200 + rural++
    const code = `${county.code6}${String(number).padStart(3, '0')}000`
    const [bo, zh] = placeName(r, usedTownshipNames)
    const township: Region = {
      _id: code,
      code,
      level: 'township',
      parent: region.code,
      path: [PREFECTURE_CODE, region.code, code],
      name: { 'zh-Hans': zh + (isTown ? '镇' : '乡'), bo: `${bo}་${isTown ? 'གྲོང་རྡལ' : 'ཤང'}` },
      townshipKind: isTown ? 'town' : 'township',
    }
    townships.push(township)
    const count = villagesPer[t] ?? 2
    const communities = t === 0 ? Math.min(count - 1, r.int(3, 6)) : isTown ? Math.min(count - 1, r.int(1, 2)) : 0
    const usedVillageNames = new Set<string>()
    const list: Region[] = []
    for (let v = 0; v < count; v++) {
      const isCommunity = v < communities
      const vCode = code.slice(0, 9) + String(isCommunity ? v + 1 : 200 + v - communities).padStart(3, '0')
      const [vbo, vzh] = placeName(r, usedVillageNames)
      const village: Region = {
        _id: vCode,
        code: vCode,
        level: 'village',
        parent: code,
        path: [PREFECTURE_CODE, region.code, code, vCode],
        name: {
          'zh-Hans': vzh + (isCommunity ? '社区' : '村'),
          bo: `${vbo}་${isCommunity ? 'སྡོད་ཁུལ' : 'གྲོང་ཚོ'}`,
        },
        kind: isCommunity ? 'community' : 'village',
      }
      list.push(village)
      villages.push(village)
      villageWeight.set(vCode, (0.5 + r.next() * 1.2) * (isCommunity ? (t === 0 ? 2.5 : 1.5) : 1))
    }
    villagesOf.set(code, list)
  }
  return { county, region, townships, villages, villagesOf, villageWeight, seatTownship: townships[0]!.code }
}

/** The tiny slice keeps the first townships and the first villages of each. */
function tinyTree(tree: CountyTree): CountyTree {
  const townships = tree.townships.slice(0, TINY_TOWNSHIPS)
  const villagesOf = new Map<string, Region[]>()
  const villages: Region[] = []
  for (const t of townships) {
    const list = (tree.villagesOf.get(t.code) ?? []).slice(0, TINY_VILLAGES_PER_TOWNSHIP)
    villagesOf.set(t.code, list)
    villages.push(...list)
  }
  return { ...tree, townships, villages, villagesOf }
}

// ---------------------------------------------------------------------------------------------------
// Departments

export function prefectureDepartments(): Department[] {
  return DEPARTMENT_KINDS.map((k) => ({
    _id: `D${PREFECTURE_CODE6}-${k.key}`,
    name: { 'zh-Hans': `甘孜州${k.name['zh-Hans']}`, bo: `དཀར་མཛེས་ཁུལ་${k.name.bo}` },
    level: 'prefecture' as const,
    regionPath: [PREFECTURE_CODE],
  }))
}

export function countyDepartments(county: County): Department[] {
  return DEPARTMENT_KINDS.map((k) => ({
    _id: `D${county.code6}-${k.key}`,
    name: { 'zh-Hans': county.name['zh-Hans'] + k.name['zh-Hans'], bo: `${county.name.bo}་${k.name.bo}` },
    level: 'county' as const,
    regionPath: [PREFECTURE_CODE, countyCode(county.code6)],
  }))
}

/** The county's 防返贫 monitoring team: poverty-return risk leads go to it. Staffed by grants, so no official
 * is employed by it (its members keep their bureau, usually 乡村振兴 or 农业农村). */
export function countyRiskTeam(county: County): Department {
  return {
    _id: `D${county.code6}-riskteam`,
    name: {
      'zh-Hans': `${county.name['zh-Hans']}防返贫监测帮扶专班`,
      bo: `${county.name.bo}་དབུལ་པོར་ཕྱིར་ལོག་སྔོན་འགོག་ལྟ་ཞིབ་རོགས་སྐྱོར་ཚན་པ`,
    },
    level: 'county',
    regionPath: [PREFECTURE_CODE, countyCode(county.code6)],
    riskTeam: true,
  }
}

// ---------------------------------------------------------------------------------------------------
// People

/**
 * ID numbers unique within a county pass: the k-th person born in a (year, sex) gets day-of-year
 * (97k + offset) mod 365 — a permutation, as 97 and 365 are coprime — and sequence pair ⌊k / 365⌋, so no
 * two people share a number while dates and sequences still look scattered.
 */
class IdIssuer {
  private readonly counters = new Map<number, number>()
  private readonly offsets = new Map<number, number>()
  constructor(
    private readonly seed: number,
    private readonly code6: string,
  ) {}

  issue(year: number, sex: Sex): string {
    const key = year * 2 + (sex === 'male' ? 1 : 0)
    const k = this.counters.get(key) ?? 0
    this.counters.set(key, k + 1)
    let offset = this.offsets.get(key)
    if (offset === undefined) this.offsets.set(key, (offset = hash32(`${this.seed}:${this.code6}:${key}`)))
    const day = (k * 97 + offset) % 365
    const pair = (Math.floor(k / 365) + (offset >>> 9)) % 500
    const first17 = `${this.code6}${year}${MONTH_DAY[day]}${String(pair * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0')}`
    return first17 + checkChar(first17)
  }
}

/** MMDD of each day of a common year (29 February is simply never drawn). */
const MONTH_DAY: readonly string[] = Array.from({ length: 365 }, (_, d) => {
  const date = new Date(Date.UTC(2001, 0, 1 + d))
  return `${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`
})

const HAN_MALE = [...HAN_GIVEN_MALE]
const HAN_FEMALE = [...HAN_GIVEN_FEMALE]

function mobile(r: Rng): string {
  return r.pick(MOBILE_PREFIXES) + String(r.int(0, 99_999_999)).padStart(8, '0')
}

function personName(r: Rng, sex: Sex, han: boolean, surname?: string): Bilingual {
  if (han) {
    const pool = sex === 'male' ? HAN_MALE : HAN_FEMALE
    const given = r.pick(pool) + (r.chance(0.7) ? r.pick(pool) : '')
    return { 'zh-Hans': (surname ?? r.pick(HAN_SURNAMES)) + given, bo: '' }
  }
  for (;;) {
    const first = r.pick(TIBETAN_FIRST)
    const last = r.pick(sex === 'male' ? TIBETAN_MALE_LAST : TIBETAN_FEMALE_LAST)
    if (first[0] !== last[0]) return tibetanName(first, last)
  }
}

function schoolingFor(r: Rng, age: number): Schooling {
  if (age < 3) return 'none'
  if (age < 6) return 'preschool'
  if (age < 12) return 'primary'
  if (age < 15) return 'junior'
  if (age < 18) return r.chance(0.3) ? 'vocational' : 'senior'
  // older people went to school less: the no-schooling share grows with age
  const none = Math.min(0.75, 0.05 + (age - 18) * 0.012)
  const x = r.next()
  if (x < none) return 'none'
  if (x < none + (1 - none) * 0.4) return 'primary'
  if (x < none + (1 - none) * 0.7) return 'junior'
  if (x < none + (1 - none) * 0.82) return 'senior'
  if (x < none + (1 - none) * 0.9) return 'vocational'
  return 'college'
}

function healthFor(r: Rng, age: number): Health {
  const x = r.next()
  if (x < 0.02) return 'disabled'
  if (x < 0.02 + (age > 55 ? 0.06 : 0.015)) return 'serious'
  if (x < 0.1 + (age > 55 ? 0.2 : 0.05)) return 'chronic'
  return 'good'
}

function workFor(r: Rng, age: number, herding: boolean, schooling: Schooling): Work {
  if (age < 6) return 'none'
  if (age < 18 || (age < 23 && (schooling === 'college' || r.chance(0.3)))) return 'student'
  if (age >= 65) return r.chance(0.3) ? (herding ? 'herding' : 'farming') : 'retired'
  const x = r.next()
  if (x < 0.45) return herding ? 'herding' : 'farming'
  if (x < 0.65) return 'migrant'
  if (x < 0.82) return 'local'
  if (x < 0.85) return 'public'
  return 'none'
}

const SIZE_WEIGHTS = [15, 22, 25, 18, 12, 8] // 2..7 members

interface CountyContext {
  seed: number
  county: County
  tree: CountyTree
  ids: IdIssuer
  todayYear: number
  herding: boolean
  hanShare: number
}

function household(ctx: CountyContext, r: Rng, village: Region, index: number): Household {
  const code = village.code
  const han = r.chance(ctx.hanShare)
  const size = 2 + r.weighted(SIZE_WEIGHTS)
  const headSex: Sex = r.chance(0.7) ? 'male' : 'female'
  const headAge = r.int(25, 80)
  const surname = han ? r.pick(HAN_SURNAMES) : undefined
  const members: Member[] = []
  const add = (relation: Relation, sex: Sex, age: number, name: Bilingual): void => {
    const birthYear = ctx.todayYear - 1 - Math.max(0, age)
    const schooling = schoolingFor(r, age)
    let work = workFor(r, age, ctx.herding, schooling)
    let finalSchooling = schooling
    // monks and nuns: a few per hundred Tibetan families, never the head
    if (!han && relation !== 'head' && age >= 12 && age <= 75 && r.chance(0.035)) {
      work = 'monastic'
      finalSchooling = 'monastic'
    }
    members.push({
      name,
      relation,
      sex,
      birthYear,
      idNumber: ctx.ids.issue(birthYear, sex),
      schooling: finalSchooling,
      health: healthFor(r, age),
      work,
    })
  }
  const headName = personName(r, headSex, han, headSex === 'male' ? surname : undefined)
  add('head', headSex, headAge, headName)
  const childSurname = headSex === 'male' ? surname : r.pick(HAN_SURNAMES)
  if (members.length < size && r.chance(0.85)) {
    const sex: Sex = headSex === 'male' ? 'female' : 'male'
    add(
      'spouse',
      sex,
      Math.max(20, headAge + r.int(-5, 5)),
      personName(r, sex, han, sex === 'male' ? childSurname : undefined),
    )
  }
  if (members.length < size && headAge < 55 && r.chance(0.3)) {
    const sex: Sex = r.chance(0.6) ? 'female' : 'male'
    add('parent', sex, Math.min(95, headAge + r.int(22, 32)), personName(r, sex, han, surname))
  }
  while (members.length < size) {
    const sex: Sex = r.chance(0.5) ? 'male' : 'female'
    if (headAge >= 55 && r.chance(0.4)) {
      add('grandchild', sex, r.int(0, 15), personName(r, sex, han, childSurname))
    } else if (r.chance(0.04)) {
      add('sibling', sex, Math.max(18, headAge + r.int(-10, 10)), personName(r, sex, han, surname))
    } else {
      add('child', sex, r.int(0, Math.max(0, Math.min(headAge - 18, 40))), personName(r, sex, han, childSurname))
    }
  }
  const head = members[0]!
  const x = r.next()
  const riskLevel: RiskLevel = x < 0.015 ? 'high' : x < 0.07 ? 'watch' : 'none'
  const externalId = `H${code}${String(index + 1).padStart(4, '0')}`
  return {
    _id: externalId,
    externalId,
    regionPath: [...village.path],
    villageCode: code,
    head: { name: head.name, idNumber: head.idNumber },
    phone: mobile(r),
    memberCount: members.length,
    members,
    riskLevel,
    sensitive: {
      monastic: members.some((m) => m.work === 'monastic'),
      disability: members.some((m) => m.health === 'disabled'),
    },
    officialIds: [],
    officialDepartments: {},
    lastContactAt: null,
  }
}

function officialsOf(ctx: CountyContext, count: number, villages: Region[]): Official[] {
  const r = rng(ctx.seed, `officials:${ctx.county.code6}:${count}`)
  const seatVillages = villages.filter((v) => v.path[2] === ctx.tree.seatTownship)
  const weights = villages.map((v) => ctx.tree.villageWeight.get(v.code) ?? 1)
  const countyDepts = countyDepartments(ctx.county)
  const prefDepts = prefectureDepartments()
  const deptWeights = DEPARTMENT_KINDS.map((k) => k.weight)
  const prefectureShare = ctx.county.code6 === '513301' ? PREFECTURE_STAFF_SHARE : 0
  const out: Official[] = []
  for (let i = 0; i < count; i++) {
    const sex: Sex = r.chance(0.55) ? 'male' : 'female'
    const age = r.int(23, 59)
    const han = r.chance(Math.min(0.9, ctx.hanShare + 0.15))
    const home =
      seatVillages.length > 0 && r.chance(SEAT_RESIDENT_SHARE) ? r.pick(seatVillages) : villages[r.weighted(weights)]!
    const kindIndex = r.weighted(deptWeights)
    const kind = DEPARTMENT_KINDS[kindIndex]!
    const dept = (r.chance(prefectureShare) ? prefDepts : countyDepts)[kindIndex]!
    const rankIndex = age >= 30 ? r.weighted([87.5, ...RANKS.map((x) => x.weight)]) : 0
    const position = rankIndex === 0 ? kind.staff : RANKS[rankIndex - 1]!.name
    const birthYear = ctx.todayYear - 1 - age
    const externalId = `O${ctx.county.code6}${String(i + 1).padStart(5, '0')}`
    out.push({
      _id: externalId,
      externalId,
      name: personName(r, sex, han),
      sex,
      departmentId: dept._id,
      regionPath: [...home.path],
      phone: mobile(r),
      idNumber: ctx.ids.issue(birthYear, sex),
      position: { ...position },
      active: true,
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// The 石榴籽 network

const NETWORK = {
  centre: { 'zh-Hans': '石榴籽工作中心', bo: 'སེ་འབྲུའི་ལས་དོན་ལྟེ་གནས' },
  studio: { 'zh-Hans': '石榴籽工作室', bo: 'སེ་འབྲུའི་ལས་ཁང' },
  team: { 'zh-Hans': '石榴籽工作队', bo: 'སེ་འབྲུའི་ལས་དོན་རུ་ཁག' },
} as const

function unitName(kind: keyof typeof NETWORK, region: Bilingual, n?: number): Bilingual {
  // Arabic digits in Tibetan too: the interface's one numeral convention (src/shared/i18n/glossary.ts)
  const suffix = n === undefined ? { zh: '', bo: '' } : { zh: `第${n}队`, bo: ` ${n}` }
  return {
    'zh-Hans': region['zh-Hans'] + NETWORK[kind]['zh-Hans'] + suffix.zh,
    bo: `${region.bo}་${NETWORK[kind].bo}${suffix.bo}`,
  }
}

function officialMember(o: Official, role: UnitMember['role']): UnitMember {
  return { role, name: o.name, officialId: o._id }
}

/** Picks up to n distinct officials, nearest first: those living in `code`'s subtree, else anyone given. */
function pickOfficials(r: Rng, n: number, near: Official[], all: Official[]): Official[] {
  const pool = near.length >= n ? near : all
  if (pool.length === 0) return []
  const chosen = new Set<Official>()
  for (let tries = 0; chosen.size < Math.min(n, pool.length) && tries < n * 8; tries++) chosen.add(r.pick(pool))
  return [...chosen]
}

function teamMembers(r: Rng, near: Official[], all: Official[]): UnitMember[] {
  return pickOfficials(r, r.int(3, 5), near, all).map((o, i) => officialMember(o, i === 0 ? 'lead' : 'member'))
}

// ---------------------------------------------------------------------------------------------------
// Demo users

export type Role = RoleGrant
export type UserDoc = User

export interface DemoAnchor {
  household: Household
  official: Official
  /** [prefecture, county, township, village] of the demo household */
  regionPath: string[]
  departmentId: string
  /** the demo county's 防返贫 team */
  riskTeamId: string
}

/**
 * One demo identity per role, bound to documents of the slice. The only place the `users` shape is built,
 * so the identity function's final shape is a change here alone.
 */
export function demoUsers(anchor: DemoAnchor): UserDoc[] {
  const [prefecture, county, township, village] = anchor.regionPath
  return [
    {
      _id: 'demo-household-1',
      householdId: anchor.household._id,
      // the head, so the demo shows inviting family members
      roles: [
        { role: 'household', householdId: anchor.household._id, head: true, regionPath: anchor.household.regionPath },
      ],
    },
    {
      _id: 'demo-official-1',
      officialId: anchor.official._id,
      roles: [{ role: 'official', officialId: anchor.official._id, regionPath: anchor.official.regionPath }],
    },
    { _id: 'demo-office-prefecture', roles: [{ role: 'office', region: prefecture ?? PREFECTURE_CODE }] },
    { _id: 'demo-office-county', roles: [{ role: 'office', region: county ?? '' }] },
    { _id: 'demo-office-township', roles: [{ role: 'office', region: township ?? '' }] },
    { _id: 'demo-office-village', roles: [{ role: 'office', region: village ?? '' }] },
    // appointed by the prefecture office, so it reviews the county office's notices (separation of duties)
    {
      _id: 'demo-reviewer-1',
      roles: [
        {
          role: 'reviewer',
          region: county ?? '',
          grantedBy: 'demo-office-prefecture',
          grantedByOffices: [prefecture ?? PREFECTURE_CODE],
        },
      ],
    },
    { _id: 'demo-department-1', roles: [{ role: 'department', departmentId: anchor.departmentId }] },
    { _id: 'demo-department-risk', roles: [{ role: 'department', departmentId: anchor.riskTeamId }] },
    { _id: 'demo-admin-1', roles: [{ role: 'admin' }] },
  ]
}

// ---------------------------------------------------------------------------------------------------
// The stream

export function expectedCounts(opts: GenerateOptions = {}): ExpectedCounts {
  const scale = opts.scale ?? 'full'
  const seed = opts.seed ?? DEFAULT_SEED
  const counties = resolveCounties(opts)
  const plans = counties.map((c) => countyPlan(seed, c, scale))
  const sum = (f: (p: CountyPlan) => number): number => plans.reduce((a, p) => a + f(p), 0)
  const townships = sum((p) => p.tree.townships.length)
  const villages = sum((p) => p.tree.villages.length)
  return {
    regions: 1 + counties.length + townships + villages,
    townships,
    villages,
    // the bureaus of the prefecture and of each county, and each county's 防返贫 team
    departments: DEPARTMENT_KINDS.length * (1 + counties.length) + counties.length,
    households: sum((p) => p.households),
    officials: sum((p) => p.officials),
    centres: 1 + sum((p) => p.centres.length + 1),
    studios: villages,
    teams: sum((p) => p.teams.reduce((a, b) => a + b, 0)),
    cultivators: sum((p) => p.cultivators.reduce((a, b) => a + b, 0)),
  }
}

interface CountyPlan {
  tree: CountyTree
  households: number
  officials: number
  /** households per village, aligned with tree.villages */
  perVillage: number[]
  /** township codes with their own centre */
  centres: string[]
  teams: number[]
  cultivators: number[]
}

function countyPlan(seed: number, county: County, scale: Scale): CountyPlan {
  const full = countyTree(seed, county)
  const tree = scale === 'tiny' ? tinyTree(full) : full
  const index = COUNTIES.indexOf(county)
  const households =
    scale === 'full' ? fullHouseholdsByCounty()[index]! : scale === 'county' ? COUNTY_SLICE_HOUSEHOLDS : TINY_HOUSEHOLDS
  const officials =
    scale === 'full'
      ? fullOfficialsByCounty()[index]!
      : Math.round((households * PROGRAMME.officials) / PROGRAMME.households)
  const weights = tree.villages.map((v) => tree.villageWeight.get(v.code) ?? 1)
  const perVillage = apportion(households, weights, 1)
  const skipped = townshipCentresSkipped().has(county.code6)
    ? full.townships[full.townships.length - 1]?.code
    : undefined
  const centres = tree.townships.map((t) => t.code).filter((c) => c !== skipped)
  const villageShare = (total: number): number =>
    scale === 'tiny'
      ? tree.villages.length
      : apportion(
          total,
          COUNTIES.map((c) => c.villages),
        )[index]!
  const teams = apportion(villageShare(PROGRAMME.teams), perVillage, 1)
  const cultivators = apportion(villageShare(PROGRAMME.cultivators), perVillage, 1)
  return { tree, households, officials, perVillage, centres, teams, cultivators }
}

export function* generate(opts: GenerateOptions = {}): Generator<Batch> {
  const seed = opts.seed ?? DEFAULT_SEED
  const scale = opts.scale ?? 'full'
  const batchSize = opts.batchSize ?? 1000
  const today = opts.today ?? DEFAULT_TODAY
  const todayYear = Number(today.slice(0, 4))
  const wanted = new Set<CollectionName>(
    opts.collections ?? ['regions', 'departments', 'officials', 'households', 'units', 'pairings', 'users'],
  )
  const counties = resolveCounties(opts)
  const plans = counties.map((c) => countyPlan(seed, c, scale))

  const buffers = new Map<CollectionName, Doc[]>()
  const push = (collection: CollectionName, doc: Doc): void => {
    if (!wanted.has(collection)) return
    let buffer = buffers.get(collection)
    if (!buffer) buffers.set(collection, (buffer = []))
    buffer.push(doc)
  }
  function* drain(all: boolean): Generator<Batch> {
    for (const [collection, docs] of buffers) {
      while (docs.length >= batchSize || (all && docs.length > 0)) {
        yield { collection, docs: docs.splice(0, batchSize) }
      }
    }
  }

  push('regions', prefectureRegion())
  for (const p of plans) {
    push('regions', p.tree.region)
    for (const t of p.tree.townships) {
      push('regions', t)
      for (const v of p.tree.villagesOf.get(t.code) ?? []) push('regions', v)
    }
  }
  for (const d of prefectureDepartments()) push('departments', d)
  for (const p of plans)
    for (const d of [...countyDepartments(p.tree.county), countyRiskTeam(p.tree.county)]) push('departments', d)
  yield* drain(true)

  let anchor: DemoAnchor | undefined
  for (const p of plans) {
    const { tree } = p
    const county = tree.county
    const ctx: CountyContext = {
      seed,
      county,
      tree,
      ids: new IdIssuer(seed, county.code6),
      todayYear,
      herding: HERDING_COUNTIES.has(county.code6),
      hanShare: HAN_SHARE[county.code6] ?? DEFAULT_HAN_SHARE,
    }
    const officials = officialsOf(ctx, p.officials, tree.villages)
    const byTownship = new Map<string, Official[]>()
    const byVillage = new Map<string, Official[]>()
    for (const o of officials) {
      const t = o.regionPath[2] ?? ''
      const v = o.regionPath[3] ?? ''
      const inTownship = byTownship.get(t)
      if (inTownship) inTownship.push(o)
      else byTownship.set(t, [o])
      const inVillage = byVillage.get(v)
      if (inVillage) inVillage.push(o)
      else byVillage.set(v, [o])
    }
    const ur = rng(seed, `units:${county.code6}`)
    const countyHouseholds: Household[] = []

    for (let vi = 0; vi < tree.villages.length; vi++) {
      const village = tree.villages[vi]!
      const hr = rng(seed, `households:${village.code}`)
      const list: Household[] = []
      for (let i = 0; i < (p.perVillage[vi] ?? 0); i++) list.push(household(ctx, hr, village, i))
      if (opts.pair) countyHouseholds.push(...list)
      else for (const h of list) push('households', h)

      const townshipOfficials = byTownship.get(village.path[2] ?? '') ?? []
      const studioLead = pickOfficials(ur, 1, byVillage.get(village.code) ?? [], townshipOfficials)[0]
      const cultivators: UnitMember[] = []
      for (let c = 0; c < (p.cultivators[vi] ?? 0) && list.length > 0; c++) {
        const h = list[c % list.length]!
        const adults = h.members.filter((m) => todayYear - m.birthYear >= 18 && m.work !== 'monastic')
        const person = adults.length > 0 ? ur.pick(adults) : h.members[0]!
        cultivators.push({ role: 'cultivator', name: person.name, householdId: h._id })
      }
      push('units', {
        _id: `U-studio-${village.code}`,
        kind: 'studio',
        name: unitName('studio', village.name),
        regionPath: [...village.path],
        members: [...(studioLead ? [officialMember(studioLead, 'lead')] : []), ...cultivators],
      })
      const teams = p.teams[vi] ?? 0
      for (let n = 1; n <= teams; n++) {
        push('units', {
          _id: `U-team-${village.code}-${n}`,
          kind: 'team',
          name: unitName('team', village.name, teams > 1 ? n : undefined),
          regionPath: [...village.path],
          members: teamMembers(ur, townshipOfficials, officials),
        })
      }
      if (!opts.pair) yield* drain(false)
      if (!anchor && list[0] && officials[0]) {
        anchor = {
          household: list[0],
          official: officials.find((o) => o.regionPath[2] === village.path[2]) ?? officials[0],
          regionPath: [...village.path],
          departmentId: officials[0].departmentId,
          riskTeamId: countyRiskTeam(county)._id,
        }
      }
    }

    for (const t of tree.townships) {
      if (!p.centres.includes(t.code)) continue
      const near = byTownship.get(t.code) ?? []
      push('units', {
        _id: `U-centre-${t.code}`,
        kind: 'centre',
        name: unitName('centre', t.name),
        regionPath: [...t.path],
        members: teamMembers(ur, near, officials),
      })
    }
    push('units', {
      _id: `U-centre-${tree.region.code}`,
      kind: 'centre',
      name: unitName('centre', tree.region.name),
      regionPath: [...tree.region.path],
      members: teamMembers(ur, byTownship.get(tree.seatTownship) ?? [], officials),
    })
    if (p === plans[0]) {
      const prefectureStaff = officials.filter((o) => o.departmentId.startsWith(`D${PREFECTURE_CODE6}-`))
      push('units', {
        _id: `U-centre-${PREFECTURE_CODE}`,
        kind: 'centre',
        name: unitName('centre', PREFECTURE_NAME),
        regionPath: [PREFECTURE_CODE],
        members: teamMembers(ur, prefectureStaff, officials),
      })
    }

    if (opts.pair) {
      const result = plan(
        officials.map((o) => ({ id: o._id, regionPath: o.regionPath, active: o.active })),
        countyHouseholds.map((h) => ({ id: h._id, regionPath: h.regionPath, officialIds: h.officialIds })),
      )
      const byHousehold = new Map<string, string[]>()
      for (const a of result.added) {
        const list = byHousehold.get(a.householdId)
        if (list) list.push(a.officialId)
        else byHousehold.set(a.householdId, [a.officialId])
      }
      const departmentOf = new Map(officials.map((o) => [o._id, o.departmentId]))
      for (const h of countyHouseholds) {
        h.officialIds = byHousehold.get(h._id) ?? []
        // written beside the pairings, as the registry does, so contacts find each official's department
        h.officialDepartments = Object.fromEntries(h.officialIds.map((id) => [id, departmentOf.get(id) ?? '']))
        push('households', h)
        for (const officialId of h.officialIds) {
          const pairing: Pairing = {
            _id: pairingId(officialId, h._id, today),
            officialId,
            householdId: h._id,
            from: today,
            to: null,
            reason: 'plan',
            endReason: null,
          }
          push('pairings', pairing)
        }
      }
      // the demo official is one of the demo household's own officials, so both sides see the pairing
      const anchorOfficial = anchor?.household.officialIds[0]
      if (anchor && anchorOfficial && anchor.regionPath[1] === tree.region.code) {
        anchor.official = officials.find((o) => o._id === anchorOfficial) ?? anchor.official
      }
      countyHouseholds.length = 0
    }
    for (const o of officials) push('officials', o)
    yield* drain(false)
  }

  if (anchor) for (const u of demoUsers(anchor)) push('users', u)
  yield* drain(true)
}

/** Collects a (small) slice into arrays: for tests and the demo seed, never for the full scale. */
export function collect(opts: GenerateOptions): Record<CollectionName, Doc[]> {
  const out: Record<CollectionName, Doc[]> = {
    regions: [],
    departments: [],
    officials: [],
    households: [],
    units: [],
    pairings: [],
    users: [],
  }
  for (const batch of generate(opts)) out[batch.collection].push(...batch.docs)
  return out
}
