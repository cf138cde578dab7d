/**
 * A roster's rules without its file formats: CSV files read, headers mapped, every row validated. The
 * spreadsheet side (XLSX in and out) is tested in test/functions/registry/formats.test.ts.
 */
import { RosterError } from '@functions/registry/domain/roster/errors'
import * as read from '@functions/registry/domain/roster/read'
import { validateHouseholds, validateOfficials } from '@functions/registry/domain/roster/validate'

const HEADER = '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码'
const csv = (...lines: string[]): { bytes: Uint8Array } => ({ bytes: Buffer.from([HEADER, ...lines].join('\r\n')) })
const villages = new Set(['513301100201', '513301100202'])
const ctx = { villageExists: (code: string) => villages.has(code) }

/** These files are all text: a spreadsheet reaching the reader is a mistake in the test. */
const noSheets: read.SheetReader = () => Promise.reject(new Error('a CSV was read as a spreadsheet'))
const readRoster = (kind: 'households' | 'officials', file: read.RosterFile, limits: read.RosterLimits = {}) =>
  read.readRoster(kind, file, limits, noSheets)

async function rosterError(promise: Promise<unknown>): Promise<RosterError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof RosterError) return e
    throw e
  }
  throw new Error('expected a RosterError')
}

describe('reading roster files', () => {
  test('a CSV with Tibetan and Chinese names is read and validated', async () => {
    const parsed = await readRoster(
      'households',
      csv('H1,扎西多吉,བཀྲ་ཤིས་རྡོ་རྗེ,11010519491231002X,13812345678,513301100201'),
    )
    const result = await validateHouseholds(parsed, ctx)
    expect(result.errors).toEqual([])
    expect(result.valid).toHaveLength(1)
    expect(result.valid[0]).toMatchObject({
      externalId: 'H1',
      headName: { 'zh-Hans': '扎西多吉', bo: 'བཀྲ་ཤིས་རྡོ་རྗེ' },
      idNumber: '11010519491231002X',
      phone: '13812345678',
      regionPath: ['513300000000', '513301000000', '513301100000', '513301100201'],
    })
  })

  test('a 0-byte file is refused as empty', async () => {
    expect((await rosterError(readRoster('households', { bytes: new Uint8Array() }))).code).toBe('import.empty')
  })

  test('a file over the size cap is refused before it is parsed', async () => {
    const error = await rosterError(readRoster('households', { bytes: new Uint8Array(2048) }, { maxBytes: 1024 }))
    expect(error.code).toBe('import.tooLarge')
  })

  test('a file over the row cap is refused', async () => {
    const lines = Array.from({ length: 11 }, (_, i) => `H${i},扎西,11010519491231002X,13812345678,513301100201`)
    const error = await rosterError(readRoster('households', csv(...lines), { maxRows: 10 }))
    expect(error.code).toBe('import.tooManyRows')
    expect(error.params).toEqual({ maxRows: 10 })
  })

  test('wrong columns name the missing template headers', async () => {
    const error = await rosterError(readRoster('households', { bytes: Buffer.from('name,age\nTashi,40\n') }))
    expect(error.code).toBe('import.missingColumns')
    expect(String(error.params.columns)).toContain('户主身份证号')
    expect(String(error.params.columns)).toContain('村(社区)代码')
  })

  test('English headers and full-width brackets are recognised', async () => {
    const bytes = Buffer.from(
      'Household ID,Head name,ID number,Phone,村（社区）代码*\nH1,Tashi,11010519491231002X,13812345678,513301100201\n',
    )
    const result = await validateHouseholds(await readRoster('households', { bytes }), ctx)
    expect(result.errors).toEqual([])
    expect(result.valid[0]?.externalId).toBe('H1')
  })

  test('a header with no data rows is reported', async () => {
    expect((await rosterError(readRoster('households', csv()))).code).toBe('import.noRows')
  })

  test('a picture renamed to .csv is unreadable', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    expect((await rosterError(readRoster('households', { bytes: png }))).code).toBe('import.unreadable')
  })
})

describe('the dry run lists every row error', () => {
  test('missing fields, bad checksum, bad phone, unknown village', async () => {
    const parsed = await readRoster(
      'households',
      csv(
        'H1,,,11010519491231002X,13812345678,513301100201',
        'H2,卓玛,,110105194912310021,123,513301100201',
        'H3,拉姆,,11010519491231002X,13812345678,513301999201',
      ),
    )
    const { errors, valid } = await validateHouseholds(parsed, ctx)
    expect(valid).toEqual([])
    expect(errors).toEqual(
      expect.arrayContaining([
        { row: 2, column: '户主姓名', field: 'headName', code: 'import.missing' },
        { row: 3, column: '户主身份证号', field: 'idNumber', code: 'import.idChecksum' },
        { row: 3, column: '联系电话', field: 'phone', code: 'import.phone' },
        {
          row: 4,
          column: '村(社区)代码',
          field: 'villageCode',
          code: 'import.unknownVillage',
          params: { code: '513301999201' },
        },
      ]),
    )
  })

  test('duplicates within the file point at the first occurrence', async () => {
    const parsed = await readRoster(
      'households',
      csv(
        'H1,扎西,,11010519491231002X,13812345678,513301100201',
        'H1,泽仁,,513301198506151239,13812345679,513301100201',
        'H3,多吉,,11010519491231002X,13812345670,513301100202',
      ),
    )
    const { errors, valid } = await validateHouseholds(parsed, ctx)
    expect(valid.map((r) => r.externalId)).toEqual(['H1'])
    expect(errors).toEqual([
      { row: 3, column: '家庭编号', field: 'externalId', code: 'import.duplicateInFile', params: { firstRow: 2 } },
      { row: 4, column: '户主身份证号', field: 'idNumber', code: 'import.duplicateInFile', params: { firstRow: 2 } },
    ])
  })

  test('an ID number registered under another household is a duplicate; under the same one an update', async () => {
    const parsed = await readRoster(
      'households',
      csv(
        'H1,扎西,,11010519491231002X,13812345678,513301100201',
        'H2,卓玛,,513301198506151239,13812345679,513301100201',
      ),
    )
    const asked: string[][] = []
    const lookupIdNumbers = (ids: string[]): Map<string, string> => {
      asked.push(ids)
      return new Map([
        ['11010519491231002X', 'H1'], // same household: re-import updates it
        ['513301198506151239', 'H77'], // someone else's
      ])
    }
    const { errors, valid } = await validateHouseholds(parsed, { ...ctx, lookupIdNumbers })
    expect(valid.map((r) => r.externalId)).toEqual(['H1'])
    expect(errors).toEqual([
      {
        row: 3,
        column: '户主身份证号',
        field: 'idNumber',
        code: 'import.duplicateInDatabase',
        params: { externalId: 'H77' },
      },
    ])
    expect(asked).toEqual([['11010519491231002X', '513301198506151239']])
  })

  test('officials: unknown department and home region', async () => {
    const bytes = Buffer.from(
      '人员编号,姓名,身份证号,联系电话,单位代码,居住地代码\n' +
        'O1,扎西,11010519491231002X,13812345678,D513301-edu,513301100201\n' +
        'O2,卓玛,513301198506151239,13812345679,D999,5133011002\n',
    )
    const parsed = await readRoster('officials', { bytes })
    const { errors, valid } = await validateOfficials(parsed, {
      departmentExists: (id) => id === 'D513301-edu',
      regionExists: (code) => villages.has(code),
    })
    expect(valid.map((r) => r.externalId)).toEqual(['O1'])
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'import.unknownDepartment'],
      [3, 'import.unknownRegion'],
    ])
  })
})
