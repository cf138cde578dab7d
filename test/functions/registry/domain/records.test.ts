import {
  chunksOfPage,
  databaseClashes,
  householdFields,
  insideRegion,
  newHousehold,
  newOfficial,
  sexFromId,
  writableNow,
} from '@functions/registry/domain/roster/records'
import type { HouseholdRecord, OfficialRecord } from '@functions/registry/domain/roster/validate'

const COUNTY = '513301000000'
const VILLAGE = ['513300000000', COUNTY, '513301100000', '513301100001']
const OTHER_COUNTY = ['513300000000', '513322000000', '513322100000', '513322100001']
const columns = { idNumber: '户主身份证号', externalId: '家庭编号' }

const household = (over: Partial<HouseholdRecord> = {}): HouseholdRecord => ({
  row: 2,
  externalId: 'H1',
  headName: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས' },
  idNumber: '11010519491231002X',
  phone: '',
  villageCode: VILLAGE[3]!,
  regionPath: VILLAGE,
  ...over,
})

describe("the caller's region", () => {
  test('records outside it are refused against the place column; the others pass in order', () => {
    const records = [household({ row: 2 }), household({ row: 3, regionPath: OTHER_COUNTY }), household({ row: 4 })]
    const { inside, outside } = insideRegion(records, COUNTY, '村(社区)代码')
    expect(inside.map((r) => r.row)).toEqual([2, 4])
    expect(outside).toEqual([{ row: 3, column: '村(社区)代码', code: 'registry.import.outsideRegion' }])
  })
})

describe('clashes with the database', () => {
  test('an ID number stored inside the region under another external id is a duplicate; under the same one it is an update', () => {
    const records = [
      { row: 2, externalId: 'H1', idNumber: 'A' },
      { row: 3, externalId: 'H2', idNumber: 'B' },
    ]
    const owners = new Map([
      ['A', { externalId: 'H1', regionPath: VILLAGE }],
      ['B', { externalId: 'H9', regionPath: VILLAGE }],
    ])
    expect(databaseClashes(records, owners, new Map(), COUNTY, columns)).toEqual([
      { row: 3, column: '户主身份证号', code: 'import.duplicateInDatabase', params: { externalId: 'H9' } },
    ])
  })

  test('a number held outside the region and a record stored outside it get the same message, naming nothing', () => {
    const records = [
      { row: 2, externalId: 'H1', idNumber: 'A' },
      { row: 3, externalId: 'H2', idNumber: 'B' },
      { row: 4, externalId: 'H3', idNumber: 'C' },
    ]
    const stored = new Map([
      ['H1', { regionPath: OTHER_COUNTY }],
      ['H3', { regionPath: VILLAGE }],
    ])
    const owners = new Map([['B', { externalId: 'H7', regionPath: OTHER_COUNTY }]])
    const errors = databaseClashes(records, owners, stored, COUNTY, columns)
    const notHere = { column: '家庭编号', code: 'registry.import.notHere' }
    expect(errors).toEqual([
      { row: 2, ...notHere },
      { row: 3, ...notHere },
    ])
  })

  test('a stored record without a region path is not the caller’s to overwrite', () => {
    const errors = databaseClashes(
      [{ row: 2, externalId: 'H1', idNumber: 'A' }],
      new Map(),
      new Map([['H1', {}]]),
      COUNTY,
      columns,
    )
    expect(errors.map((e) => e.code)).toEqual(['registry.import.notHere'])
  })
})

describe("the commit's re-check", () => {
  test('a row is written only when it and the record it updates are inside the region now', () => {
    const records = [
      household({ externalId: 'H1' }),
      household({ externalId: 'H2', regionPath: OTHER_COUNTY }),
      household({ externalId: 'H3' }),
      household({ externalId: 'H4' }),
    ]
    const stored = new Map([
      ['H3', { regionPath: OTHER_COUNTY }],
      ['H4', { regionPath: VILLAGE }],
    ])
    const { writable, refused } = writableNow(records, stored, COUNTY)
    expect(writable.map((r) => r.externalId)).toEqual(['H1', 'H4'])
    expect(refused).toBe(2)
  })
})

describe('what a row writes', () => {
  test('a new household: unpaired, never contacted, size 1 and no risk unless the row says', () => {
    const doc = newHousehold(household(), 'imp1', '2026-12-06T02:00:00.000Z')
    expect(doc).toMatchObject({
      _id: 'H1',
      externalId: 'H1',
      head: { name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས' }, idNumber: '11010519491231002X' },
      phone: '',
      memberCount: 1,
      riskLevel: 'none',
      officialIds: [],
      officialDepartments: {},
      lastContactAt: null,
      importJob: 'imp1',
      importedAt: '2026-12-06T02:00:00.000Z',
    })
    expect(newHousehold(household({ memberCount: 4, riskLevel: 'watch' }), 'imp1', '')).toMatchObject({
      memberCount: 4,
      riskLevel: 'watch',
    })
  })

  test('a stored household keeps its phone, size and risk when the row leaves them blank', () => {
    const fields = householdFields(household())
    expect(fields).not.toHaveProperty('phone')
    expect(fields).not.toHaveProperty('memberCount')
    expect(fields).not.toHaveProperty('riskLevel')
    expect(householdFields(household({ phone: '13812345678' }))).toMatchObject({ phone: '13812345678' })
  })

  test('a new official is active, with the sex the ID number records and a Chinese-only position', () => {
    const record: OfficialRecord = {
      row: 2,
      externalId: 'O1',
      name: { 'zh-Hans': '卓玛', bo: '' },
      idNumber: '11010519491231002X',
      phone: '13812345678',
      departmentId: 'D1',
      regionPath: VILLAGE,
      position: '科员',
    }
    expect(newOfficial(record, 'imp1', 'T')).toMatchObject({
      _id: 'O1',
      active: true,
      sex: 'female',
      position: { 'zh-Hans': '科员', bo: '' },
    })
    expect(sexFromId('110105194912310031')).toBe('male')
  })
})

describe('a page of the dry run', () => {
  // file errors a thousand a chunk, then database clashes one chunk per batch
  const heads = [
    { _id: 'd0', n: 2, count: 3 },
    { _id: 'e0', n: 0, count: 1000 },
    { _id: 'e1', n: 1, count: 250 },
  ]

  test('the chunks the page spans, in order, and where in the first one it starts', () => {
    expect(chunksOfPage(heads, 0, 200)).toEqual({ wanted: ['e0'], skip: 0 })
    expect(chunksOfPage(heads, 900, 200)).toEqual({ wanted: ['e0', 'e1'], skip: 900 })
    expect(chunksOfPage(heads, 1240, 200)).toEqual({ wanted: ['e1', 'd0'], skip: 240 })
  })

  test('a page past the end spans nothing', () => {
    expect(chunksOfPage(heads, 1253, 200)).toEqual({ wanted: [], skip: 0 })
    expect(chunksOfPage([], 0, 200)).toEqual({ wanted: [], skip: 0 })
  })
})
