/**
 * The rules of the gauges kept on write (cloudfunctions/_shared/figures.ts): which documents a write moves,
 * and by how much, for a household or an official before and after it. The documents are the ones the
 * dashboard's count writes, so the periods are held against the count's own.
 */
import { FigureChanges, figureKeys, gaugePeriods, householdDepartments } from '@fn/figures'

const VILLAGE_PATH = ['513300000000', '513301000000', '513301001000', '513301001001']
const OTHER_VILLAGE_PATH = ['513300000000', '513301000000', '513301002000', '513301002003']

const byKey = (changes: FigureChanges) =>
  Object.fromEntries(changes.entries().map((e) => [`${e.axis === 'region' ? 'r' : 'd'}:${e.key}`, e.delta]))

describe('the periods a write moves', () => {
  test.each([
    ['the middle of a month', '2026-11-15T04:00:00.000Z', ['2026-11', '2026-Q4']],
    [
      '00:20 on 1 January in China (16:20 UTC the day before): the ended month and quarter too',
      '2026-12-31T16:20:00.000Z',
      ['2027-01', '2027-Q1', '2026-12', '2026-Q4'],
    ],
    ['01:10 on 1 January in China: the new ones only', '2026-12-31T17:10:00.000Z', ['2027-01', '2027-Q1']],
    [
      '00:30 on 1 February in China: the ended month, the same quarter',
      '2027-01-31T16:30:00.000Z',
      ['2027-02', '2027-Q1', '2027-01'],
    ],
  ])('%s', (_name, at, expected) => {
    expect(gaugePeriods(at)).toEqual(expected)
  })
})

describe('what a change moves', () => {
  test('a new household counts in its four regions, unpaired', () => {
    const changes = new FigureChanges().household(undefined, { regionPath: VILLAGE_PATH, officialIds: [] })
    expect(byKey(changes)).toEqual(
      Object.fromEntries(VILLAGE_PATH.map((r) => [`r:${r}`, { households: 1, officials: 0, pairedHouseholds: 0 }])),
    )
  })

  test('a paired household moved to another village of the county: the village and township change, the county does not', () => {
    const before = { regionPath: VILLAGE_PATH, officialIds: ['o1'], officialDepartments: { o1: 'D1' } }
    const changes = new FigureChanges().household(before, { ...before, regionPath: OTHER_VILLAGE_PATH })
    expect(byKey(changes)).toEqual({
      'r:513301001000': { households: -1, officials: 0, pairedHouseholds: -1 },
      'r:513301001001': { households: -1, officials: 0, pairedHouseholds: -1 },
      'r:513301002000': { households: 1, officials: 0, pairedHouseholds: 1 },
      'r:513301002003': { households: 1, officials: 0, pairedHouseholds: 1 },
    })
  })

  test('pairing a household with two officials of one department and one of another', () => {
    const before = { regionPath: VILLAGE_PATH, officialIds: [], officialDepartments: {} }
    const after = {
      regionPath: VILLAGE_PATH,
      officialIds: ['o1', 'o2', 'o3'],
      officialDepartments: { o1: 'D1', o2: 'D1', o3: 'D2' },
    }
    expect(householdDepartments(after)).toEqual(new Set(['D1', 'D2']))
    const changes = byKey(new FigureChanges().household(before, after))
    for (const region of VILLAGE_PATH)
      expect(changes[`r:${region}`]).toEqual({ households: 0, officials: 0, pairedHouseholds: 1 })
    // a department counts the household once, however many of its officials it has
    expect(changes['d:D1']).toEqual({ households: 1, officials: 0, pairedHouseholds: 1 })
    expect(changes['d:D2']).toEqual({ households: 1, officials: 0, pairedHouseholds: 1 })
  })

  test('an official without a department counts for no department; a second official of the same department changes nothing there', () => {
    const before = { regionPath: VILLAGE_PATH, officialIds: ['o1'], officialDepartments: { o1: 'D1' } }
    const after = {
      regionPath: VILLAGE_PATH,
      officialIds: ['o1', 'o2', 'o4'],
      officialDepartments: { o1: 'D1', o2: 'D1', o4: '' },
    }
    expect(new FigureChanges().household(before, after).entries()).toEqual([])
  })

  test('an official who leaves: one fewer at each level of their home and in their department; an inactive one counts nowhere', () => {
    const official = { regionPath: VILLAGE_PATH.slice(0, 2), departmentId: 'D1', active: true }
    expect(byKey(new FigureChanges().official(official, { ...official, active: false }))).toEqual({
      'r:513300000000': { households: 0, officials: -1, pairedHouseholds: 0 },
      'r:513301000000': { households: 0, officials: -1, pairedHouseholds: 0 },
      'd:D1': { households: 0, officials: -1, pairedHouseholds: 0 },
    })
    const inactive = { ...official, active: false }
    expect(new FigureChanges().official(inactive, { ...inactive, departmentId: 'D2' }).entries()).toEqual([])
  })

  test('a write that changes nothing, or changes that cancel out, move no document', () => {
    const h = { regionPath: VILLAGE_PATH, officialIds: ['o1'], officialDepartments: { o1: 'D1' } }
    const moved = { ...h, regionPath: OTHER_VILLAGE_PATH }
    expect(new FigureChanges().household(h, h).entries()).toEqual([])
    expect(new FigureChanges().household(h, moved).household(moved, h).entries()).toEqual([])
  })

  test('the keys a batch is read for: every region of its paths once, and its departments', () => {
    expect(figureKeys([VILLAGE_PATH, OTHER_VILLAGE_PATH], ['D1', 'D1', ''])).toEqual([
      ...['513300000000', '513301000000', '513301001000', '513301001001', '513301002000', '513301002003'].map(
        (key) => ({
          axis: 'region',
          key,
        }),
      ),
      { axis: 'department', key: 'D1' },
    ])
  })
})
