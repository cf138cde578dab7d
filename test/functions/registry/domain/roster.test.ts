import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import {
  exportRoster,
  householdRow,
  readRoster,
  RosterError,
  rosterTemplate,
  validateHouseholds,
  validateOfficials,
} from '../../../../cloudfunctions/registry/domain/roster'

const HEADER = '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码'
const csv = (...lines: string[]): { bytes: Uint8Array } => ({ bytes: Buffer.from([HEADER, ...lines].join('\r\n')) })
const villages = new Set(['513301100201', '513301100202'])
const ctx = { villageExists: (code: string) => villages.has(code) }

async function rosterError(promise: Promise<unknown>): Promise<RosterError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof RosterError) return e
    throw e
  }
  throw new Error('expected a RosterError')
}

/** An XLSX built the way an office would: typed values, a real formula, Tibetan text. */
async function officeWorkbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sheet1')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
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

  test('an ID number Excel stored as a number is explained, not just called wrong', async () => {
    const bytes = await officeWorkbook([
      ['家庭编号', '户主姓名', '户主身份证号', '联系电话', '村(社区)代码'],
      // what Excel does to an ID number typed into a General cell: a double that has lost its last digits
      ['H1', '扎西', Number('513301198506151239'), 13812345678, '513301100201'],
    ])
    const { errors } = await validateHouseholds(await readRoster('households', { bytes }), ctx)
    expect(errors.map((e) => e.code)).toEqual(['import.idAsNumber'])
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

describe('XLSX round trip', () => {
  test('an office workbook with a formula cell is read as text, and exported back as text, not a formula', async () => {
    const bytes = await officeWorkbook([
      ['家庭编号', '户主姓名', '户主藏文姓名', '户主身份证号', '联系电话', '村(社区)代码'],
      [
        'H1',
        { formula: 'HYPERLINK("http://x","y")', result: 'y' },
        'བཀྲ་ཤིས',
        '11010519491231002X',
        '13812345678',
        '513301100201',
      ],
      ['H2', '=HYPERLINK("http://x","y")', 'སྒྲོལ་མ', '513301198506151239', '13812345679', '513301100202'],
    ])
    const parsed = await readRoster('households', { bytes })
    expect(parsed.format).toBe('xlsx')
    // neither the formula nor its cached result "y" is trusted: the text is what was written
    expect(parsed.rows.map((r) => r.values.headName)).toEqual([
      '=HYPERLINK("http://x","y")',
      '=HYPERLINK("http://x","y")',
    ])
    const { valid } = await validateHouseholds(parsed, ctx)
    expect(valid).toHaveLength(2)

    const exported = await exportRoster(
      'households',
      valid.map((r) => ({ ...r, headName: r.headName['zh-Hans'], headNameBo: r.headName.bo })),
    )
    // the sheet XML holds no <f> element: nothing will be evaluated when the file is opened
    const zip = await JSZip.loadAsync(exported)
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
    expect(sheetXml).not.toMatch(/<f[ >]/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(exported as unknown as ArrayBuffer)
    const cell = wb.worksheets[0]!.getRow(2).getCell(2)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.value).toBe(`'=HYPERLINK("http://x","y")`)

    // re-importing our own export gives back exactly the same rows
    const again = await validateHouseholds(await readRoster('households', { bytes: exported }), ctx)
    expect(again.errors).toEqual([])
    expect(again.valid.map(({ row: _row, ...r }) => r)).toEqual(valid.map(({ row: _row, ...r }) => r))
    expect(again.valid[1]?.headName.bo).toBe('སྒྲོལ་མ')
  })

  test('thousands of Tibetan and Chinese names survive the round trip character for character', async () => {
    // a streaming reader that decodes each inflated chunk separately turns a character split across two
    // chunks into U+FFFD (ExcelJS 4.4's streaming reader garbles 7 rows of this very file)
    const names = ['བཀྲ་ཤིས་རྡོ་རྗེ', 'ཚེ་རིང་སྒྲོལ་མ', 'བསོད་ནམས་ལྷ་མོ', 'འཇམ་དབྱངས་ཆོས་སྒྲོན']
    const rows = Array.from({ length: 6000 }, (_, i) => ({
      externalId: `H${i}`,
      headName: `泽仁卓玛泽仁卓玛${i}`,
      headNameBo: `${names[i % names.length]}${'་'.repeat(i % 3)}`,
      idNumber: '11010519491231002X',
      villageCode: '513301100201',
    }))
    const parsed = await readRoster('households', { bytes: await exportRoster('households', rows) })
    expect(parsed.rows).toHaveLength(6000)
    parsed.rows.forEach((r, i) => {
      expect(r.values.headName).toBe(rows[i]!.headName)
      expect(r.values.headNameBo).toBe(rows[i]!.headNameBo)
    })
  })

  test('a workbook over the row cap stops at the cap', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ externalId: `H${i}`, headName: '扎西' }))
    const bytes = await exportRoster('households', rows)
    const error = await rosterError(readRoster('households', { bytes }, { maxRows: 20 }))
    expect(error.code).toBe('import.tooManyRows')
    // exactly at the cap is fine
    expect((await readRoster('households', { bytes }, { maxRows: 50 })).rows).toHaveLength(50)
  })

  test('a corrupt zip is unreadable', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8])
    expect((await rosterError(readRoster('households', { bytes }))).code).toBe('import.unreadable')
  })

  test('export keeps ID and phone numbers as text and writes the template headers', async () => {
    const exported = await exportRoster('households', [
      householdRow({
        externalId: 'H1',
        head: { name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས' }, idNumber: '11010519491231002X' },
        phone: '13812345678',
        villageCode: '513301100201',
        memberCount: 4,
        riskLevel: 'watch',
      }),
    ])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(exported as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '家庭编号',
      '户主姓名',
      '户主藏文姓名',
      '户主身份证号',
      '联系电话',
      '村(社区)代码',
      '家庭人口',
      '风险等级',
    ])
    expect(ws.getRow(2).getCell(4).value).toBe('11010519491231002X')
    expect(ws.getRow(2).getCell(5).value).toBe('13812345678')
    expect(ws.getRow(2).getCell(8).value).toBe('关注')
  })

  test('the template has the header row only, so it imports as "no rows", and a bilingual instructions sheet', async () => {
    const template = await rosterTemplate('households')
    expect((await rosterError(readRoster('households', { bytes: template }))).code).toBe('import.noRows')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['家庭', '填写说明'])
    const notes = wb.worksheets[1]!
    expect(String(notes.getRow(5).getCell(4).value)).toMatch(/[\u0F00-\u0FFF]/)
  })
})
