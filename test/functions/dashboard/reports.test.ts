/**
 * The dashboard's spreadsheets on the built function: a table exported (the home's figures, a drill-down,
 * the households behind a figure: masked, never a count per official) and the monthly and quarterly
 * reports the nightly timer makes per region — across a month's end in China time, once per region and
 * period however often the timer runs or runs at once, and made on opening when no run has reached them.
 * Attackers: another county's office, a household, a department, a table of officials, an unended period.
 */
import ExcelJS from 'exceljs'
import { dashboard } from '@shared/contracts/dashboard'
import { containsUnmaskedNumber } from '@shared/mask'
import type { Doc, FunctionsHarness } from '../harness'
import { HOME_COUNTY, OTHER_COUNTY, data, refusal, startFunctions } from '../harness'

jest.setTimeout(600_000)

const COUNTY = `${HOME_COUNTY}000000`
const AWAY = `${OTHER_COUNTY}000000`
const COUNTY_OFFICE = 'demo-office-county'
let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(async () => {
  await h?.close()
})

/** Each sheet of the file at `url`: its name and its rows of cell text. */
async function sheets(url: string): Promise<Map<string, string[][]>> {
  const response = await fetch(url)
  expect(response.ok).toBe(true)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer)
  const out = new Map<string, string[][]>()
  book.eachSheet((sheet) => {
    const rows: string[][] = []
    sheet.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    )
    out.set(sheet.name, rows)
  })
  return out
}

/** The dashboard's timer as the platform fires it at `time`. */
const fire = (time: string) =>
  h.lc.invoke('dashboard', { Type: 'Timer', TriggerName: 'tick', Time: time, Message: '' }, { SOURCE: 'wx_trigger' })

const reportsOf = (period: string) => h.find('dashboardFiles', { kind: 'report', period })

describe('exports', () => {
  test('the county office exports its figures: this period and the one before, a row per figure, audited', async () => {
    const file = data(
      await h.call(dashboard, 'exportTable', { table: 'home', region: COUNTY, period: '2026-11' }, COUNTY_OFFICE),
    )
    expect(file.fileName).toMatch(/\.xlsx$/)
    expect(Date.parse(file.expiresAt) - Date.now()).toBeGreaterThan(50 * 60_000)
    const book = await sheets(file.url)
    const rows = book.get('本级数字')!
    expect(rows[0]).toEqual(['康定市 2026-11', '本期 2026-11', '上期 2026-10'])
    expect(rows.map((r) => r[0])).toContain('家庭户数')
    expect(rows.map((r) => r[0])).toContain('结对覆盖率')
    const audit = h.find('audit', { kind: 'export', actor: COUNTY_OFFICE, action: 'dashboard.exportTable' })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ subject: COUNTY, fields: [] })
    expect(h.find('dashboardFiles', { kind: 'export', key: COUNTY })).toHaveLength(1)
  })

  test('a drill-down exports each township beside the others, in Tibetan when the caller reads Tibetan', async () => {
    const file = data(
      await h.call(
        dashboard,
        'exportTable',
        { table: 'drill', region: COUNTY, period: '2026-Q4' },
        COUNTY_OFFICE,
        'bo',
      ),
    )
    const [name, rows] = [...(await sheets(file.url))][0]!
    expect(name).toBe('འོག་རིམ་གྱི་བསྡུར་ཚད།')
    const townships = h.find('regions', { parent: COUNTY })
    expect(rows).toHaveLength(townships.length + 1)
    expect(file.rows).toBe(townships.length)
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(townships.map((t) => (t.name as { bo: string }).bo).sort())
  })

  test('the households behind a figure: names and phones masked, officials by name, no count beside any official', async () => {
    const file = data(await h.call(dashboard, 'exportTable', { table: 'list', figure: 'overdue' }, COUNTY_OFFICE))
    // the caller's own county when the list names none, and the file says whose it is
    expect(file.fileName.startsWith(`${COUNTY}-list-`)).toBe(true)
    const rows = (await sheets(file.url)).get('家庭名单')!
    expect(rows[0]).toEqual(['村（社区）', '户主', '联系电话', '联谊干部', '距上次联系（天）'])
    expect(rows.length - 1).toBe(file.rows)
    expect(file.rows).toBeGreaterThan(0)
    const heads = new Set(h.find('households').map((d) => (d.head as { name: { 'zh-Hans': string } }).name['zh-Hans']))
    for (const row of rows.slice(1)) {
      expect(heads.has(row[1]!)).toBe(false)
      expect(row[1]).toMatch(/\*/)
      expect(containsUnmaskedNumber(row.join(' '))).toBe(false)
    }
  })

  test('no table of officials and no axis of officials: refused with why, nothing written', async () => {
    const before = h.find('dashboardFiles').length
    for (const input of [
      { table: 'officials', region: COUNTY },
      { table: 'drill', region: COUNTY, axis: 'official' },
    ]) {
      const error = refusal(await h.raw('dashboard', 'exportTable', input, COUNTY_OFFICE))
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.details?.[0]?.message).toBe('不导出干部个人的工作量统计')
    }
    expect(h.find('dashboardFiles')).toHaveLength(before)
  })

  test('another county’s table, a household and an official are refused, each refusal recorded', async () => {
    const away = refusal(await h.call(dashboard, 'exportTable', { table: 'home', region: AWAY }, COUNTY_OFFICE))
    expect(away.code).toBe('FORBIDDEN')
    for (const who of ['demo-household-1', 'demo-official-1'])
      expect(refusal(await h.call(dashboard, 'exportTable', { table: 'home', region: COUNTY }, who)).code).toBe(
        'FORBIDDEN',
      )
    expect(
      h
        .find('audit')
        .filter((d) => d.kind === 'refusal' && d.action === 'dashboard.exportTable')
        .map((d) => d.actor),
    ).toEqual(expect.arrayContaining([COUNTY_OFFICE, 'demo-household-1', 'demo-official-1']))
  })

  test('an export past its hour is deleted from storage by the timer, and its link stops working', async () => {
    const file = data(await h.call(dashboard, 'exportTable', { table: 'home', region: COUNTY }, COUNTY_OFFICE))
    const doc = h
      .find('dashboardFiles', { kind: 'export' })
      .find((d) => (d.file as { fileID: string }).fileID === file.fileID)!
    h.lc.store.update('dashboardFiles', { _id: doc._id }, { $set: { expiresAt: '2000-01-01T00:00:00.000Z' } })
    // before November ended in China time, so this run makes no November report (the next tests count them)
    await fire('2026-11-30T15:50:00Z')
    expect(h.find('dashboardFiles', { _id: doc._id })[0]!.file).toBeNull()
    expect((await fetch(file.url)).ok).toBe(false)
  })
})

describe('monthly and quarterly reports', () => {
  let regions: Doc[]
  beforeAll(() => {
    regions = h.find('regions')
  })

  test('at 23:50 on 30 November China time November has not ended; at 00:10 on 1 December its reports are made', async () => {
    // 15:50 UTC is 23:50 in China: the month that last ended is October
    await fire('2026-11-30T15:50:00Z')
    expect(reportsOf('2026-11')).toHaveLength(0)
    expect(reportsOf('2026-10').filter((d) => d.state === 'done')).toHaveLength(regions.length)
    expect(reportsOf('2026-Q3').filter((d) => d.state === 'done')).toHaveLength(regions.length)
    // 16:10 UTC is 00:10 on 1 December in China
    await fire('2026-11-30T16:10:00Z')
    const november = reportsOf('2026-11')
    expect(november.filter((d) => d.state === 'done')).toHaveLength(regions.length)
    expect(november.every((d) => d.periodKind === 'month')).toBe(true)
  })

  test('made once per region and period: a rerun and two runs at once add no report and no file', async () => {
    const before = JSON.stringify(reportsOf('2026-11').map((d) => [d._id, d.file]))
    await Promise.all([fire('2026-12-01T16:10:00Z'), fire('2026-12-01T16:10:00Z')])
    await fire('2026-12-02T16:10:00Z')
    expect(JSON.stringify(reportsOf('2026-11').map((d) => [d._id, d.file]))).toBe(before)
    const ids = h.find('dashboardFiles', { kind: 'report' }).map((d) => d._id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  test('the day’s count: the first run of a China day counts, two at once count once, the next day counts again', async () => {
    // 2026-12-09 00:00 and 00:10 China time
    const runs = await Promise.all([fire('2026-12-08T16:00:00Z'), fire('2026-12-08T16:00:00Z')])
    const later = await fire('2026-12-08T16:10:00Z')
    const counted = (run: unknown) => (run as { data: { counted: unknown } }).data.counted !== null
    expect(runs.filter(counted)).toHaveLength(1)
    expect(counted(later)).toBe(false)
    expect(h.find('dashboardFiles', { _id: 'count:2026-12-09' })[0]).toMatchObject({ kind: 'count', done: true })
    expect(counted(await fire('2026-12-09T16:10:00Z'))).toBe(true)
  })

  test('a count claimed by a run that died is taken over by a later run', async () => {
    h.lc.store.update(
      'dashboardFiles',
      { _id: 'count:2026-12-10' },
      { $set: { done: false, updatedAt: '2000-01-01T00:00:00.000Z' } },
    )
    const run = await fire('2026-12-09T16:20:00Z')
    expect((run as { data: { counted: unknown } }).data.counted).not.toBeNull()
    expect(h.find('dashboardFiles', { _id: 'count:2026-12-10' })[0]).toMatchObject({ done: true })
  })

  test('the county’s report: its figures in both languages, its townships side by side, the lists that need action', async () => {
    const file = data(await h.call(dashboard, 'openReport', { region: COUNTY, period: '2026-11' }, COUNTY_OFFICE))
    const book = await sheets(file.url)
    expect([...book.keys()]).toEqual(['本级数字', '下一级对照', '超期未联系的家庭', '超期未办结的诉求'])
    const figures = book.get('本级数字')!
    expect(figures[0]![0]).toContain('康定市')
    expect(figures[0]![0]).toContain('2026-11')
    expect(figures[0]![1]).toBe('本期 དུས་ཚད་འདི། 2026-11')
    expect(figures.map((r) => r[0])).toContain('家庭户数 ཁྱིམ་ཚང་གི་གྲངས།')
    expect(book.get('下一级对照')!.length - 1).toBe(h.find('regions', { parent: COUNTY }).length)
    const overdue = book.get('超期未联系的家庭')!
    expect(overdue[0]![1]).toBe('户主 ཁྱིམ་བདག')
    for (const row of overdue.slice(1)) expect(containsUnmaskedNumber(row.join(' '))).toBe(false)
    expect(h.find('audit', { action: 'dashboard.openReport', actor: COUNTY_OFFICE })).toHaveLength(1)
  })

  test('the office lists its region’s ended months and quarters, the made ones with when', async () => {
    const listed = data(await h.call(dashboard, 'reports', {}, COUNTY_OFFICE))
    expect(listed.region).toBe(COUNTY)
    expect(listed.name['zh-Hans']).toBe('康定市')
    expect(listed.reports.filter((r) => r.kind === 'month')).toHaveLength(12)
    expect(listed.reports.filter((r) => r.kind === 'quarter')).toHaveLength(4)
    const november = listed.reports.find((r) => r.period === '2026-11')
    expect(november?.madeAt).toEqual(expect.any(String))
    expect(listed.reports.find((r) => r.period === '2026-01')?.madeAt ?? null).toBeNull()
  })

  test('a report no run has made is made when first opened, once', async () => {
    expect(reportsOf('2026-08')).toHaveLength(0)
    const township = h.find('regions', { parent: COUNTY })[0]!._id
    const first = data(await h.call(dashboard, 'openReport', { region: township, period: '2026-08' }, COUNTY_OFFICE))
    const again = data(await h.call(dashboard, 'openReport', { region: township, period: '2026-08' }, COUNTY_OFFICE))
    expect(reportsOf('2026-08')).toEqual([expect.objectContaining({ region: township, state: 'done' })])
    expect(again.fileName).toBe(first.fileName)
    expect((await sheets(again.url)).get('本级数字')![0]![0]).toContain('2026-08')
  })

  test('another county’s report, a household, a department and a month not ended are refused', async () => {
    const away = refusal(await h.call(dashboard, 'openReport', { region: AWAY, period: '2026-11' }, COUNTY_OFFICE))
    expect(away.code).toBe('FORBIDDEN')
    expect(h.find('audit').some((d) => d.kind === 'refusal' && d.action === 'dashboard.openReport')).toBe(true)
    expect(refusal(await h.call(dashboard, 'reports', { region: AWAY }, COUNTY_OFFICE)).code).toBe('FORBIDDEN')
    expect(
      refusal(await h.call(dashboard, 'openReport', { region: COUNTY, period: '2026-11' }, 'demo-household-1')).code,
    ).toBe('FORBIDDEN')
    expect(refusal(await h.call(dashboard, 'reports', {}, 'demo-department-1')).code).toBe('FORBIDDEN')
    const future = refusal(await h.call(dashboard, 'openReport', { region: COUNTY, period: '2099-01' }, COUNTY_OFFICE))
    expect(future).toMatchObject({ code: 'INVALID_ARGUMENT', message: '这个月（季度）还没有结束，报表在结束后生成' })
  })
})
