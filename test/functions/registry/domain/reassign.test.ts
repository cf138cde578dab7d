import type { Pairing } from '@config/documents'
import type { PlannerOfficial } from '@functions/registry/domain/planner'
import {
  heirs,
  loadsOf,
  reassign,
  successorRegion,
  UNRECORDED,
  withUnrecorded,
} from '@functions/registry/domain/reassign'

const P = '513300000000'
const path = (village: string): string[] => [P, village.slice(0, 6) + '000000', village.slice(0, 9) + '000', village]
const V1 = '513301100201'
const V2 = '513301100202'
const V_OTHER_TOWNSHIP = '513301200201'

const open = (officialId: string, householdId: string, from = '2024-03-01'): Pairing => ({
  _id: `${officialId}:${householdId}:${from}`,
  officialId,
  householdId,
  from,
  to: null,
  reason: 'plan',
  endReason: null,
})

const officials: PlannerOfficial[] = [
  { id: 'leaving', regionPath: path(V1) },
  { id: 'sameVillage', regionPath: path(V1) },
  { id: 'sameTownship', regionPath: path(V2) },
  { id: 'otherTownship', regionPath: path(V_OTHER_TOWNSHIP) },
]
const households = [
  { id: 'h1', regionPath: path(V1), officialIds: ['leaving'] },
  { id: 'h2', regionPath: path(V1), officialIds: ['leaving'] },
  { id: 'h3', regionPath: path(V2), officialIds: ['leaving', 'sameTownship'] },
]
const pairings = [open('leaving', 'h1'), open('leaving', 'h2'), open('leaving', 'h3')]

describe('re-pairing when an official leaves', () => {
  test('history is kept: old pairings are closed with a date and reason, new ones start that day', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings,
      households,
      officials,
      date: '2026-01-15',
      endReason: 'transfer',
    })
    expect(result.closed).toEqual(pairings.map((p) => ({ ...p, to: '2026-01-15', endReason: 'transfer' })))
    // the original start dates are untouched
    expect(result.closed.every((p) => p.from === '2024-03-01')).toBe(true)
    expect(result.opened).toHaveLength(3)
    for (const p of result.opened) {
      expect(p).toMatchObject({ from: '2026-01-15', to: null, reason: 'reassign', endReason: null })
      expect(p.officialId).not.toBe('leaving')
    }
  })

  test('successors come from the nearest scope, and not twice to the same household', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings,
      households,
      officials,
      date: '2026-01-15',
      endReason: 'retire',
    })
    const to = Object.fromEntries(result.moves.map((m) => [m.householdId, m.to]))
    expect(to.h1).toBe('sameVillage')
    expect(to.h2).toBe('sameVillage')
    // h3 (village 202) already has sameTownship, the only other official there: the nearest is then in its township
    expect(to.h3).toBe('sameVillage')
    expect(result.households.find((h) => h.id === 'h3')?.officialIds).toEqual(['sameTownship', 'sameVillage'])
    expect(result.moves.every((m) => m.from === 'leaving')).toBe(true)
  })

  test('loads are balanced among equally near successors', () => {
    const twins: PlannerOfficial[] = [
      { id: 'leaving', regionPath: path(V1) },
      { id: 'a', regionPath: path(V1) },
      { id: 'b', regionPath: path(V1) },
    ]
    const hs = ['h1', 'h2', 'h3', 'h4'].map((id) => ({ id, regionPath: path(V1), officialIds: ['leaving'] }))
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings: hs.map((h) => open('leaving', h.id)),
      households: hs,
      officials: twins,
      date: '2026-01-15',
      endReason: 'leave',
    })
    const counts = result.moves.reduce<Record<string, number>>(
      (acc, m) => ({ ...acc, [m.to]: (acc[m.to] ?? 0) + 1 }),
      {},
    )
    expect(counts).toEqual({ a: 2, b: 2 })
  })

  test('by hand: every household goes to the chosen official', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings: pairings.slice(0, 2),
      households,
      officials,
      date: '2026-01-15',
      endReason: 'transfer',
      toOfficialId: 'otherTownship',
      reason: 'manual',
    })
    expect(result.opened.map((p) => [p.householdId, p.officialId, p.reason])).toEqual([
      ['h1', 'otherTownship', 'manual'],
      ['h2', 'otherTownship', 'manual'],
    ])
  })

  test('onlyUncovered leaves households that still have another official', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings,
      households,
      officials,
      date: '2026-01-15',
      endReason: 'transfer',
      onlyUncovered: true,
    })
    expect(result.closed).toHaveLength(3)
    expect(result.opened.map((p) => p.householdId)).toEqual(['h1', 'h2'])
    expect(result.households.find((h) => h.id === 'h3')?.officialIds).toEqual(['sameTownship'])
  })

  test('with no active official anywhere the household is reported, not silently dropped', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings: [open('leaving', 'h1')],
      households,
      officials: [{ id: 'leaving', regionPath: path(V1) }],
      date: '2026-01-15',
      endReason: 'retire',
    })
    expect(result.closed).toHaveLength(1)
    expect(result.unassigned).toEqual(['h1'])
  })
})

describe("the heir of re-pairing: who takes over the leaving official's open work on a household", () => {
  test('the successor re-pairing chose', () => {
    const found = heirs({
      households: [
        { id: 'h1', officialIds: ['a'] },
        { id: 'h2', officialIds: ['b', 'a'] },
      ],
      moves: [
        { householdId: 'h1', from: 'leaving', to: 'a', level: 'village' },
        { householdId: 'h2', from: 'leaving', to: 'a', level: 'township' },
      ],
    })
    expect([...found]).toEqual([['a', ['h1', 'h2']]])
  })

  test('the official asked for by hand when they were already paired with the household (no move)', () => {
    const found = heirs({ households: [{ id: 'h1', officialIds: ['other', 'chosen'] }], moves: [] }, 'chosen')
    expect([...found]).toEqual([['chosen', ['h1']]])
  })

  test('else the first official the household still has', () => {
    const found = heirs({ households: [{ id: 'h1', officialIds: ['stays', 'second'] }], moves: [] }, 'elsewhere')
    expect([...found]).toEqual([['stays', ['h1']]])
  })

  test('nobody left: no heir, the work stays where it is', () => {
    expect(heirs({ households: [{ id: 'h1', officialIds: [] }], moves: [] }).size).toBe(0)
  })

  test('agrees with reassign: every re-paired household has its successor as heir', () => {
    const result = reassign({
      leavingOfficialId: 'leaving',
      pairings,
      households,
      officials,
      date: '2026-01-15',
      endReason: 'transfer',
    })
    const byHousehold = new Map([...heirs(result)].flatMap(([heir, ids]) => ids.map((id) => [id, heir] as const)))
    for (const m of result.moves) expect(byHousehold.get(m.householdId)).toBe(m.to)
  })
})

describe('households listing the official without a pairing record', () => {
  test('get an unrecorded pairing, so ending it leaves a trace; recorded ones are not doubled', () => {
    const completed = withUnrecorded('leaving', [open('leaving', 'h1')], ['h1', 'h2', 'h2'])
    expect(completed.map((p) => [p.householdId, p.from])).toEqual([
      ['h1', '2024-03-01'],
      ['h2', UNRECORDED],
    ])
    expect(completed[1]).toMatchObject({ _id: `leaving:h2:${UNRECORDED}`, officialId: 'leaving', to: null })
  })
})

describe('where successors are looked for, and how loaded they are', () => {
  test("the leaving official's county; the prefecture for one recorded there; nowhere without a path", () => {
    expect(successorRegion(path(V1))).toBe('513301000000')
    expect(successorRegion([P])).toBe(P)
    expect(successorRegion([])).toBeUndefined()
  })

  test('a load counts each household an official is listed on', () => {
    expect(loadsOf(households)).toEqual({ leaving: 3, sameTownship: 1 })
  })
})
