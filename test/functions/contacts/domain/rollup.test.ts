import { Recount, comingStatsIds, compareCounters, contactKeys, emptyCounters } from '@functions/contacts/domain/rollup'
import { village } from './fixtures'

describe('rollup keys', () => {
  it('files a contact late on 31 March (UTC) under April and Q2, China time', () => {
    const keys = contactKeys({
      householdId: 'h1',
      regionPath: village,
      departmentId: null,
      at: '2025-03-31T17:00:00.000Z',
      channel: 'phone',
    })
    expect(keys.regionMarkers.map((m) => m.marker)).toEqual(['hc:2025-04:h1', 'hc:2025-Q2:h1'])
    expect(keys.departmentMarkers).toEqual([])
  })

  it('touches four region levels and the department, for the month and the quarter', () => {
    const keys = contactKeys({
      householdId: 'h1',
      regionPath: village,
      departmentId: 'dep1',
      at: '2025-03-10T01:00:00.000Z',
      channel: 'visit',
    })
    const ids = [...keys.regionMarkers, ...keys.departmentMarkers].flatMap((m) => m.statsIds)
    expect(ids).toHaveLength(10)
    expect(ids).toContain('r:513332100201:2025-03')
    expect(ids).toContain('r:513300000000:2025-Q1')
    expect(ids).toContain('d:dep1:2025-Q1')
    expect(keys.departmentMarkers.map((m) => m.marker)).toEqual(['hc:2025-03:dep1:h1', 'hc:2025-Q1:dep1:h1'])
  })

  it('has the daily timer make the documents of the coming days, a new month and quarter included', () => {
    // 30 March, 10:00 China time: the next two days reach 1 April
    const ids = comingStatsIds(['513300000000'], ['dep1'], '2025-03-30T02:00:00.000Z')
    expect(ids.sort()).toEqual(
      [
        'r:513300000000:2025-03',
        'r:513300000000:2025-Q1',
        'r:513300000000:2025-04',
        'r:513300000000:2025-Q2',
        'd:dep1:2025-03',
        'd:dep1:2025-Q1',
        'd:dep1:2025-04',
        'd:dep1:2025-Q2',
      ].sort(),
    )
  })
})

describe('the recount', () => {
  it('counts a household once per period however many contacts, and reports a stored counter that drifted', () => {
    const recount = new Recount('2025-03-19T16:00:00.000Z')
    for (const day of ['02', '09', '16']) {
      recount.addContact({
        householdId: 'h1',
        regionPath: village,
        departmentId: 'dep1',
        at: `2025-03-${day}T01:00:00.000Z`,
        channel: day === '09' ? 'visit' : 'phone',
        confirmedAt: day === '09' ? '2025-03-09T04:00:00.000Z' : null,
      })
    }
    const month = recount.expected.get('r:513332100201:2025-03')
    expect(month).toMatchObject({ contacts: 3, householdsContacted: 1, visits: 1, visitsConfirmed: 1 })
    expect(recount.markers()).toEqual(
      new Set(['hc:2025-03:h1', 'hc:2025-Q1:h1', 'hc:2025-03:dep1:h1', 'hc:2025-Q1:dep1:h1']),
    )
    const stored = new Map([...recount.expected].map(([id, c]) => [id, { ...c }]))
    expect(compareCounters(stored, recount.expected)).toEqual([])
    stored.set('d:dep1:2025-Q1', {
      ...emptyCounters(),
      contacts: 4,
      householdsContacted: 1,
      visits: 1,
      visitsConfirmed: 1,
    })
    expect(compareCounters(stored, recount.expected)).toEqual([
      { id: 'd:dep1:2025-Q1', counter: 'contacts', stored: 4, actual: 3 },
    ])
  })

  it('counts risk levels and overdue households of the present, and reports no drift in overdue households', () => {
    const recount = new Recount('2025-03-19T16:00:00.000Z')
    recount.addHousehold({
      _id: 'h1',
      regionPath: village,
      riskLevel: 'high',
      lastContactAt: '2025-03-19T02:00:00.000Z',
    })
    recount.addHousehold({ _id: 'h2', regionPath: village, riskLevel: 'none', lastContactAt: null })
    recount.addHousehold({ _id: 'h3', regionPath: village })
    const gauges = recount.expected.get('r:513332000000:now')
    expect(gauges).toMatchObject({ riskHigh: 1, riskNone: 2, overdueHouseholds: 2 })
    const stored = new Map([['r:513332000000:now', { ...gauges, overdueHouseholds: 0 }]])
    expect(compareCounters(stored, new Map([['r:513332000000:now', gauges!]]))).toEqual([])
  })

  it("counts a household once per department of its officials, overdue by that department's own contact", () => {
    const recount = new Recount('2025-03-19T16:00:00.000Z', { [village[1]!]: 10 })
    const base = { regionPath: village, lastContactAt: '2025-03-19T02:00:00.000Z' }
    // two officials of dep-a and one of dep-b: dep-a's contact 9 days ago is within the county's 10
    recount.addHousehold({
      ...base,
      _id: 'h1',
      officialIds: ['o1', 'o2', 'o3'],
      officialDepartments: { o1: 'dep-a', o2: 'dep-a', o3: 'dep-b' },
      departmentContactAt: { 'dep-a': '2025-03-11T02:00:00.000Z' },
    })
    // dep-a's contact 11 days ago is past it; an official with no department counts for none
    recount.addHousehold({
      ...base,
      _id: 'h2',
      officialIds: ['o1', 'o4'],
      officialDepartments: { o1: 'dep-a', o4: '' },
      departmentContactAt: { 'dep-a': '2025-03-09T02:00:00.000Z' },
    })
    recount.addDepartment('dep-c')
    expect(recount.expected.get('r:513332000000:now')).toMatchObject({ overdueHouseholds: 0 })
    expect(recount.expected.get('d:dep-a:now')).toMatchObject({ overdueHouseholds: 1, riskNone: 0 })
    expect(recount.expected.get('d:dep-b:now')).toMatchObject({ overdueHouseholds: 1 })
    expect(recount.expected.get('d:dep-c:now')).toMatchObject({ overdueHouseholds: 0 })
    expect([...recount.expected.keys()].filter((id) => id.startsWith('d:'))).toHaveLength(3)
  })
})
