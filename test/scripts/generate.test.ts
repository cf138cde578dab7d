import { addressCode, birthDate, isValidIdNumber } from '@functions/registry/domain/idcard'
import { isValidMobile } from '@functions/registry/domain/phone'
import type { Department, Household, Official, Unit } from '@config/documents'
import { COUNTIES, PREFECTURE_CODE, type Region } from '../../scripts/dataset/ganzi'
import {
  collect,
  countyTree,
  DEFAULT_SEED,
  expectedCounts,
  generate,
  type UserDoc,
} from '../../scripts/dataset/generate'

const TIBETAN = /^[\u0F00-\u0FFF]+$/

describe('the Ganzi regions', () => {
  test('the prefecture and its 18 county-level units with GB/T 2260 codes', () => {
    expect(COUNTIES).toHaveLength(18)
    expect(COUNTIES.map((c) => c.code6)).toEqual([
      '513301', '513322', '513323', '513324', '513325', '513326', '513327', '513328', '513329',
      '513330', '513331', '513332', '513333', '513334', '513335', '513336', '513337', '513338',
    ]) // prettier-ignore
    expect(COUNTIES.find((c) => c.code6 === '513301')?.name).toEqual({ 'zh-Hans': '康定市', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར' })
    expect(COUNTIES.find((c) => c.code6 === '513330')?.name.bo).toBe('སྡེ་དགེ་རྫོང')
  })

  test('at full scale: 289 townships and 2,242 villages/communities', () => {
    const trees = COUNTIES.map((c) => countyTree(DEFAULT_SEED, c))
    expect(trees.reduce((a, t) => a + t.townships.length, 0)).toBe(289)
    expect(trees.reduce((a, t) => a + t.villages.length, 0)).toBe(2242)
  })

  test('the full-scale figures are the programme’s', () => {
    expect(expectedCounts({ scale: 'full' })).toMatchObject({
      households: 264_974,
      officials: 65_457,
      townships: 289,
      villages: 2_242,
      centres: 300,
      studios: 2_242,
      teams: 2_737,
      cultivators: 6_087,
    })
  })
})

describe('the county slice (npm start)', () => {
  const slice = collect({ scale: 'county', county: '513330', pair: true })
  const regions = slice.regions as Region[]
  const households = slice.households as Household[]
  const officials = slice.officials as Official[]

  test('one county: all its regions, a few hundred households and their officials', () => {
    expect(regions.filter((r) => r.level === 'county').map((r) => r.code)).toEqual(['513330000000'])
    expect(regions.filter((r) => r.level === 'township')).toHaveLength(24)
    expect(regions.filter((r) => r.level === 'village')).toHaveLength(160)
    expect(households.length).toBeGreaterThanOrEqual(200)
    expect(households.length).toBeLessThanOrEqual(600)
    // about four households per official, as in the programme
    expect(households.length / officials.length).toBeGreaterThan(3.5)
    expect(households.length / officials.length).toBeLessThan(4.5)
    expect(households.every((h) => h.regionPath[1] === '513330000000')).toBe(true)
  })

  test('region docs: 12-digit codes, paths to themselves, Chinese and Tibetan names', () => {
    const byCode = new Map(regions.map((r) => [r.code, r]))
    for (const r of regions) {
      expect(r._id).toBe(r.code)
      expect(r.code).toMatch(/^\d{12}$/)
      expect(r.path[0]).toBe(PREFECTURE_CODE)
      expect(r.path[r.path.length - 1]).toBe(r.code)
      if (r.parent) expect(byCode.get(r.parent)?.path).toEqual(r.path.slice(0, -1))
      expect(r.name['zh-Hans']).not.toBe('')
      // Tibetan script only, syllables separated by the tsheg
      expect(r.name.bo.replace(/ /g, '')).toMatch(TIBETAN)
    }
    const village = regions.find((r) => r.level === 'village' && r.kind === 'village')!
    expect(village.name['zh-Hans']).toMatch(/村$/)
    expect(village.name.bo).toMatch(/་གྲོང་ཚོ$/)
    const community = regions.find((r) => r.kind === 'community')!
    expect(community.name['zh-Hans']).toMatch(/社区$/)
  })

  test('every ID number passes the checksum, matches the birth year and the county', () => {
    for (const h of households) {
      for (const m of h.members) {
        expect(isValidIdNumber(m.idNumber)).toBe(true)
        expect(addressCode(m.idNumber)).toBe('513330')
        expect(birthDate(m.idNumber)?.slice(0, 4)).toBe(String(m.birthYear))
      }
      expect(h.head.idNumber).toBe(h.members[0]!.idNumber)
    }
    for (const o of officials) expect(isValidIdNumber(o.idNumber)).toBe(true)
    const all = [...households.flatMap((h) => h.members.map((m) => m.idNumber)), ...officials.map((o) => o.idNumber)]
    expect(new Set(all).size).toBe(all.length)
  })

  test('households: 2–7 members with one head, valid mobiles, village regions, Tibetan names in Tibetan script', () => {
    const villages = new Set(regions.filter((r) => r.level === 'village').map((r) => r.code))
    for (const h of households) {
      expect(h.members.length).toBeGreaterThanOrEqual(2)
      expect(h.members.length).toBeLessThanOrEqual(7)
      expect(h.members.filter((m) => m.relation === 'head')).toHaveLength(1)
      expect(isValidMobile(h.phone)).toBe(true)
      expect(villages.has(h.villageCode)).toBe(true)
      for (const m of h.members) if (m.name.bo !== '') expect(m.name.bo).toMatch(TIBETAN)
    }
    const tibetan = households.filter((h) => h.head.name.bo !== '').length / households.length
    expect(tibetan).toBeGreaterThan(0.6)
  })

  test('with pair: every household has an official and every official a household', () => {
    const loads = new Map<string, number>()
    for (const h of households) {
      expect(h.officialIds.length).toBeGreaterThanOrEqual(1)
      for (const id of h.officialIds) loads.set(id, (loads.get(id) ?? 0) + 1)
    }
    expect(loads.size).toBe(officials.length)
    expect(slice.pairings).toHaveLength(households.reduce((a, h) => a + h.officialIds.length, 0))
  })

  test('with pair: each household names the department of each of its officials, and of no one else', () => {
    const departmentOf = new Map(officials.map((o) => [o._id, o.departmentId]))
    for (const h of households) {
      expect(Object.keys(h.officialDepartments).sort()).toEqual([...h.officialIds].sort())
      for (const id of h.officialIds) expect(h.officialDepartments[id]).toBe(departmentOf.get(id))
    }
  })

  test('officials work for a county or prefecture department that exists', () => {
    const departments = new Set((slice.departments as Department[]).map((d) => d._id))
    for (const o of officials) expect(departments.has(o.departmentId)).toBe(true)
  })

  test('the network: a studio per village with cultivators, teams and centres attached to regions', () => {
    const units = slice.units as Unit[]
    const expected = expectedCounts({ scale: 'county', county: '513330' })
    expect(units.filter((u) => u.kind === 'studio')).toHaveLength(expected.studios)
    expect(units.filter((u) => u.kind === 'team')).toHaveLength(expected.teams)
    expect(units.filter((u) => u.kind === 'centre')).toHaveLength(expected.centres)
    const cultivators = units.flatMap((u) => u.members.filter((m) => m.role === 'cultivator'))
    expect(cultivators).toHaveLength(expected.cultivators)
    const householdIds = new Set(households.map((h) => h._id))
    for (const c of cultivators) expect(householdIds.has(c.householdId!)).toBe(true)
  })

  test('demo identities: one per role, bound to documents of the slice', () => {
    const users = slice.users as UserDoc[]
    const roles = users.flatMap((u) => u.roles.map((r) => r.role))
    expect(new Set(roles)).toEqual(new Set(['household', 'official', 'office', 'reviewer', 'department', 'admin']))
    expect(users.map((u) => u._id)).toContain('demo-household-1')
    const household = users.find((u) => u._id === 'demo-household-1')!
    expect(households.some((h) => h._id === household.householdId)).toBe(true)
    const official = users.find((u) => u._id === 'demo-official-1')!
    expect(officials.some((o) => o._id === official.officialId)).toBe(true)
    // with pairing on, the demo official is paired with the demo household
    expect(households.find((h) => h._id === household.householdId)?.officialIds).toContain(official.officialId)
    const offices = users.flatMap((u) => u.roles).filter((r) => r.role === 'office')
    expect(offices).toHaveLength(4)
  })
})

describe('determinism', () => {
  test('the same seed gives the same documents, byte for byte; another seed does not', () => {
    const a = JSON.stringify(collect({ scale: 'tiny', seed: 7 }))
    const b = JSON.stringify(collect({ scale: 'tiny', seed: 7 }))
    const c = JSON.stringify(collect({ scale: 'tiny', seed: 8 }))
    expect(a).toBe(b)
    expect(a).not.toBe(c)
  })

  test('batch size and collection filters do not change the documents', () => {
    const whole = collect({ scale: 'tiny' })
    const households: Household[] = []
    for (const batch of generate({ scale: 'tiny', batchSize: 5, collections: ['households'] })) {
      expect(batch.collection).toBe('households')
      expect(batch.docs.length).toBeLessThanOrEqual(5)
      households.push(...(batch.docs as Household[]))
    }
    expect(households).toEqual(whole.households)
  })

  test('tiny: a handful of regions and households for tests', () => {
    const tiny = collect({ scale: 'tiny' })
    const counts = expectedCounts({ scale: 'tiny' })
    expect(tiny.households).toHaveLength(counts.households)
    expect(tiny.officials).toHaveLength(counts.officials)
    expect(tiny.regions).toHaveLength(counts.regions)
    expect(counts.households).toBeLessThanOrEqual(50)
  })
})
