import { coverage } from '@functions/registry/domain/coverage'

const P = '513300000000'
const path = (village: string): string[] => [P, village.slice(0, 6) + '000000', village.slice(0, 9) + '000', village]
const V1 = '513301100201'
const V2 = '513322100201'

describe('coverage', () => {
  const officials = [
    { id: 'o1', regionPath: path(V1), departmentId: 'edu' },
    { id: 'o2', regionPath: path(V1), departmentId: 'edu' },
    { id: 'o3', regionPath: path(V2), departmentId: 'health' },
    { id: 'gone', regionPath: path(V2), departmentId: 'health', active: false },
  ]
  const households = [
    { id: 'h1', regionPath: path(V1), officialIds: ['o1'] },
    { id: 'h2', regionPath: path(V1), officialIds: ['o1'] },
    { id: 'h3', regionPath: path(V1), officialIds: ['o1'] },
    { id: 'h4', regionPath: path(V1), officialIds: ['o1'] },
    { id: 'h5', regionPath: path(V2), officialIds: ['gone'] }, // paired only with someone who left
    { id: 'h6', regionPath: path(V2), officialIds: [] },
  ]

  test('unpaired households and under/over-loaded officials, by region at every level', () => {
    const c = coverage(officials, households, { minLoad: 1, maxLoad: 3 })
    expect(c.total).toMatchObject({
      households: 6,
      unpairedHouseholds: 2,
      officials: 3,
      officialsUnder: 2,
      officialsOver: 1,
    })
    expect(c.unpairedHouseholdIds).toEqual(['h5', 'h6'])
    expect(c.underOfficialIds).toEqual(['o2', 'o3'])
    expect(c.overOfficialIds).toEqual(['o1'])
    expect(c.byRegion[P]).toMatchObject({ households: 6, unpairedHouseholds: 2 })
    expect(c.byRegion['513301000000']).toMatchObject({ households: 4, unpairedHouseholds: 0, officials: 2 })
    expect(c.byRegion['513322100000']).toMatchObject({ households: 2, unpairedHouseholds: 2, officials: 1 })
    expect(c.byRegion[V2]).toMatchObject({ households: 2, unpairedHouseholds: 2, officialsUnder: 1 })
  })

  test('by department: officials, their load problems and the households they serve', () => {
    const c = coverage(officials, households, { minLoad: 1, maxLoad: 3 })
    expect(c.byDepartment.edu).toMatchObject({ officials: 2, officialsUnder: 1, officialsOver: 1, households: 4 })
    expect(c.byDepartment.health).toMatchObject({ officials: 1, officialsUnder: 1, households: 0 })
  })
})
