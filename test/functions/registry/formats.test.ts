/**
 * The registry's file formats: XLSX rosters read (typed cells, formulas, long numbers, Tibetan text,
 * caps) and written (exports and the template), round trips through both.
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { householdRow } from '@functions/registry/domain/roster/columns'
import { RosterError } from '@functions/registry/domain/roster/errors'
import { validateHouseholds } from '@functions/registry/domain/roster/validate'
import { exportRoster, readRoster, rosterTemplate } from '@functions/registry/formats'

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

describe('reading spreadsheets', () => {
  test('an ID number Excel stored as a number is explained, not just called wrong', async () => {
    const bytes = await officeWorkbook([
      ['家庭编号', '户主姓名', '户主身份证号', '联系电话', '村(社区)代码'],
      // what Excel does to an ID number typed into a General cell: a double that has lost its last digits
      ['H1', '扎西', Number('513301198506151239'), 13812345678, '513301100201'],
    ])
    const { errors } = await validateHouseholds(await readRoster('households', { bytes }), ctx)
    expect(errors.map((e) => e.code)).toEqual(['import.idAsNumber'])
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

  test('the reader caps what a sheet may hold: a column past ZZ, entries past their declared or plausible size', async () => {
    const zip = (sheetXml: string) => {
      const z = new JSZip()
      z.file(
        'xl/workbook.xml',
        '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
      )
      z.file(
        'xl/_rels/workbook.xml.rels',
        '<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      )
      z.file('xl/worksheets/sheet1.xml', sheetXml)
      return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    }
    const cell = (ref: string) => `<c r="${ref}" t="inlineStr"><is><t>x</t></is></c>`
    const far = await zip(`<worksheet><sheetData><row r="1">${cell('ZZZZZZ1')}</row></sheetData></worksheet>`)
    expect((await rosterError(readRoster('households', { bytes: far }))).code).toBe('import.tooComplex')
    // ZZ is the last column allowed: the header is read (and found wanting), nothing is refused as too wide
    const last = await zip(`<worksheet><sheetData><row r="1">${cell('ZZ1')}</row></sheetData></worksheet>`)
    expect((await rosterError(readRoster('households', { bytes: last }))).code).toBe('import.missingColumns')
    // a sheet that inflates a thousandfold, say its directory what it may
    const bomb = await zip(`<worksheet><sheetData>${' '.repeat(20 * 1024 * 1024)}</sheetData></worksheet>`)
    expect(bomb.length).toBeLessThan(100_000)
    expect((await rosterError(readRoster('households', { bytes: bomb }))).code).toBe('import.tooComplex')
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

  test('with the region’s villages, a third sheet lists their codes as text; the file still imports as "no rows"', async () => {
    const villages = [
      {
        code: '513301100001',
        name: { 'zh-Hans': '嘎拉社区', bo: 'དཀར་ལྷ་སྡོད་ཁུལ' },
        township: { 'zh-Hans': '拉卓镇', bo: 'ལྷ་འབྲོག་གྲོང་རྡལ' },
      },
      // a name that looks like a formula is written as text
      { code: '513301100200', name: { 'zh-Hans': '=塘桑村', bo: '' }, township: { 'zh-Hans': '拉卓镇', bo: '' } },
    ]
    const template = await rosterTemplate('households', villages)
    expect((await rosterError(readRoster('households', { bytes: template }))).code).toBe('import.noRows')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template as unknown as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['家庭', '填写说明', '村（社区）代码'])
    const sheet = wb.worksheets[2]!
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '513301100001',
      '拉卓镇',
      '嘎拉社区',
      'ལྷ་འབྲོག་གྲོང་རྡལ',
      'དཀར་ལྷ་སྡོད་ཁུལ',
    ])
    expect(sheet.getRow(3).getCell(3).formula).toBeUndefined()
    expect(String(sheet.getRow(3).getCell(3).value)).toContain('塘桑村')
  })
})
