import { greedyPlan } from '../../../../bench/lib/greedy'
import {
  loadHistogram,
  maxTownshipSpread,
  plan,
  planOps,
  type PlannerHousehold,
  type PlannerOfficial,
} from '@functions/registry/domain/planner'
import type { Household, Official } from '@config/documents'
import { collect } from '../../../../scripts/dataset/generate'

const P = '513300000000'
const C2 = '513322000000'
const T1 = '513301100000'
const T2 = '513301200000'
const V = (t: string, n: number): string => t.slice(0, 9) + String(n).padStart(3, '0')
const path = (village: string): string[] => [P, village.slice(0, 6) + '000000', village.slice(0, 9) + '000', village]

const official = (id: string, village: string, active = true): PlannerOfficial => ({
  id,
  regionPath: path(village),
  active,
})
const households = (prefix: string, village: string, n: number, officialIds: string[] = []): PlannerHousehold[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(3, '0')}`,
    regionPath: path(village),
    officialIds,
  }))

function pairsOf(result: { added: { officialId: string; householdId: string }[] }): Map<string, string[]> {
  const byHousehold = new Map<string, string[]>()
  for (const a of result.added)
    byHousehold.set(a.householdId, [...(byHousehold.get(a.householdId) ?? []), a.officialId])
  return byHousehold
}

describe('auto-pairing planner', () => {
  test('every household and every official is covered, loads within one', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', V(T1, 202)), official('o3', V(T2, 201))]
    const hs = [...households('a', V(T1, 201), 7), ...households('b', V(T2, 201), 4), ...households('c', V(T2, 202), 2)]
    const result = plan(officials, hs)
    const byHousehold = pairsOf(result)
    expect(hs.every((h) => (byHousehold.get(h.id) ?? []).length >= 1)).toBe(true)
    expect(Object.values(result.loads).sort()).toEqual([4, 4, 5]) // 13 households, 3 officials
    expect(result.counts.coveredHouseholds).toBe(13)
    expect(result.counts.coveredOfficials).toBe(3)
  })

  test('a crowded village does not overload its only resident official (the greedy baseline does)', () => {
    // one township: village 201 has 10 households and 1 official; village 202 has no households, 3 officials
    const officials = [
      official('o1', V(T1, 201)),
      official('o2', V(T1, 202)),
      official('o3', V(T1, 202)),
      official('o4', V(T1, 202)),
    ]
    const hs = households('h', V(T1, 201), 10)
    const result = plan(officials, hs)
    expect(Object.values(result.loads).sort()).toEqual([2, 2, 3, 3])
    expect(result.counts.maxTownshipSpread).toBeLessThanOrEqual(1)
    // the resident official still gets their own village's households
    expect(result.added.filter((a) => a.officialId === 'o1').every((a) => a.level === 'village')).toBe(true)

    const greedy = greedyPlan(officials, hs)
    expect(greedy.loads.o1).toBe(10)
    expect(maxTownshipSpread(officials, greedy.loads)).toBe(10)
  })

  test('same village first, then township, then county', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', V(T2, 201))]
    const hs = [...households('a', V(T1, 201), 2), ...households('b', V(T2, 201), 2)]
    const result = plan(officials, hs)
    for (const a of result.added) expect(a.level).toBe('village')
    expect(pairsOf(result).get('a000')).toEqual(['o1'])
    expect(pairsOf(result).get('b000')).toEqual(['o2'])

    // a township with households but no officials is served from the county, and reported
    const t3 = '513301201000'
    const more = [...hs, ...households('c', V(t3, 201), 2)]
    const wider = plan(officials, more)
    expect(wider.counts.coveredHouseholds).toBe(6)
    expect(wider.added.filter((a) => a.householdId.startsWith('c')).every((a) => a.level === 'county')).toBe(true)
    expect(wider.exceptions).toContainEqual({ kind: 'noOfficials', level: 'township', region: t3, households: 2 })
  })

  test('a county with no officials is served from the prefecture', () => {
    const officials = [official('o1', V(T1, 201))]
    const hs = [...households('a', V(T1, 201), 2), ...households('z', '513322100201', 2)]
    const result = plan(officials, hs)
    expect(result.counts.coveredHouseholds).toBe(4)
    expect(result.exceptions).toContainEqual({ kind: 'noOfficials', level: 'county', region: C2, households: 2 })
  })

  test('existing pairings are kept by default and count towards loads', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', V(T1, 201))]
    const hs = [...households('k', V(T1, 201), 3, ['o1']), ...households('n', V(T1, 201), 3)]
    const result = plan(officials, hs)
    expect(result.counts.kept).toBe(3)
    expect(result.removed).toEqual([])
    expect(result.added.some((a) => a.householdId.startsWith('k'))).toBe(false)
    // o1 already has 3, so the 3 new households go to o2
    expect(result.loads).toEqual({ o1: 3, o2: 3 })
  })

  test('re-planning from scratch may remove pairings, and keeps the ones it would make again', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', V(T1, 201))]
    const hs = households('k', V(T1, 201), 4, ['o1'])
    const result = plan(officials, hs, { keepExisting: false })
    expect(result.loads).toEqual({ o1: 2, o2: 2 })
    expect(result.removed).toHaveLength(2)
    expect(result.counts.kept).toBe(2)
    expect(result.added.every((a) => a.officialId === 'o2')).toBe(true)
  })

  test('pairings with inactive officials are ended and the household re-planned', () => {
    const officials = [official('gone', V(T1, 201), false), official('o2', V(T1, 201))]
    const hs = households('h', V(T1, 201), 2, ['gone'])
    const result = plan(officials, hs)
    expect(result.removed).toEqual([
      { officialId: 'gone', householdId: 'h000' },
      { officialId: 'gone', householdId: 'h001' },
    ])
    expect(result.loads).toEqual({ o2: 2 })
  })

  test('pairings with officials outside the input (another county) are kept and cover the household', () => {
    const officials = [official('o1', V(T1, 201))]
    const hs = [...households('x', V(T1, 201), 1, ['elsewhere']), ...households('n', V(T1, 201), 2)]
    const result = plan(officials, hs)
    expect(result.removed).toEqual([])
    expect(result.counts.kept).toBe(1)
    expect(result.added.map((a) => a.householdId)).toEqual(['n000', 'n001'])
    expect(result.counts.coveredHouseholds).toBe(3)
  })

  test('more officials than households: every official still gets one, sharing households', () => {
    const officials = ['o1', 'o2', 'o3', 'o4', 'o5'].map((id) => official(id, V(T1, 201)))
    const hs = households('h', V(T1, 201), 2)
    const result = plan(officials, hs)
    expect(result.counts.coveredOfficials).toBe(5)
    expect(result.counts.coveredHouseholds).toBe(2)
    expect(result.exceptions.filter((e) => e.kind === 'sharedHousehold')).toHaveLength(3)
  })

  test('an official left with nothing takes a household from the most loaded official of a neighbouring county', () => {
    // county 513301: 9 households, 1 official; county 513322: 0 households, 1 official
    const officials = [official('o1', V(T1, 201)), official('o2', '513322100201')]
    const hs = households('h', V(T1, 201), 9)
    const result = plan(officials, hs)
    expect(result.loads).toEqual({ o1: 8, o2: 1 })
    expect(result.exceptions.some((e) => e.kind === 'sharedHousehold')).toBe(false)
  })

  test('a target per official fills locally up to it, then spills to a wider scope', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', '513322100201'), official('o3', '513322100201')]
    const hs = households('h', V(T1, 201), 6)
    const result = plan(officials, hs, { targetPerOfficial: 2 })
    expect(result.loads).toEqual({ o1: 2, o2: 2, o3: 2 })
    const untargeted = plan(officials, hs)
    expect(untargeted.loads.o1).toBe(6 - 2) // o2 and o3 each take one back from o1 so they are not idle
  })

  test('balancing per township keeps households inside their township when it has officials', () => {
    // township 1: 8 households, 1 official; township 2: 0 households, 3 officials
    const officials = [official('o1', V(T1, 201)), ...['o2', 'o3', 'o4'].map((id) => official(id, V(T2, 201)))]
    const hs = households('h', V(T1, 201), 8)
    const byCounty = plan(officials, hs)
    expect(byCounty.loads).toEqual({ o1: 2, o2: 2, o3: 2, o4: 2 })
    const byTownship = plan(officials, hs, { balanceScope: 'township' })
    // township 2's officials would sit idle, so each takes one household from township 1's official
    expect(byTownship.loads).toEqual({ o1: 5, o2: 1, o3: 1, o4: 1 })
    expect(byTownship.counts.maxTownshipSpread).toBe(0)
  })

  test('the same input in any order gives the same plan', () => {
    const officials = [official('o1', V(T1, 201)), official('o2', V(T1, 202)), official('o3', V(T2, 201))]
    const hs = [...households('a', V(T1, 201), 5), ...households('b', V(T2, 201), 6), ...households('c', V(T1, 202), 3)]
    const a = plan(officials, hs)
    const b = plan([...officials].reverse(), [...hs].reverse())
    expect(b).toEqual(a)
  })

  test('on a generated slice: full coverage and spread ≤ 1 in every township', () => {
    const slice = collect({ scale: 'county', county: '513323', collections: ['officials', 'households'] })
    const officials = (slice.officials as Official[]).map((o) => ({ id: o._id, regionPath: o.regionPath }))
    const hs = (slice.households as Household[]).map((h) => ({ id: h._id, regionPath: h.regionPath }))
    const result = plan(officials, hs)
    expect(result.counts.coveredHouseholds).toBe(hs.length)
    expect(result.counts.coveredOfficials).toBe(officials.length)
    expect(result.counts.maxTownshipSpread).toBeLessThanOrEqual(1)
  })
})

describe('a plan as stored', () => {
  test('its changes are grouped per household in id order: officials gained and officials whose pairing ends', () => {
    const ops = planOps({
      added: [
        { officialId: 'o2', householdId: 'h2', level: 'village' },
        { officialId: 'o1', householdId: 'h1', level: 'village' },
        { officialId: 'o3', householdId: 'h2', level: 'township' },
      ],
      removed: [
        { officialId: 'gone', householdId: 'h2' },
        { officialId: 'gone', householdId: 'h3' },
      ],
    })
    expect(ops).toEqual([
      { householdId: 'h1', add: ['o1'], remove: [] },
      { householdId: 'h2', add: ['o2', 'o3'], remove: ['gone'] },
      { householdId: 'h3', add: [], remove: ['gone'] },
    ])
  })

  test('its loads are shown as how many officials carry each load, lightest first', () => {
    expect(loadHistogram({ a: 3, b: 1, c: 3, d: 2 })).toEqual([
      { load: 1, officials: 1 },
      { load: 2, officials: 1 },
      { load: 3, officials: 2 },
    ])
  })
})
