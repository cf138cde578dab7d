/**
 * The programme's phases and targets on the built dashboard function: every office reads them (the built-in
 * ones until the prefecture office saves its own), only the prefecture office (or an administrator) sets
 * them, each save audited; phases may not overlap; and a region's progress this quarter is its counters
 * held against the current phase's targets, and exported as a spreadsheet cell for cell as the screen shows
 * it. Attackers: a county office saving, a household and an official reading, another county's progress and
 * its export.
 */
import ExcelJS from 'exceljs'
import { dashboard } from '@shared/contracts/dashboard'
import { t } from '@shared/i18n'
import { BUILT_IN_PHASES, PERCENT_TARGETS, TARGET_NAMES } from '@shared/phases'
import { chinaDay, chinaQuarter, now } from '@shared/time'
import type { FunctionsHarness } from '../harness'
import { HOME_COUNTY, OTHER_COUNTY, data, refusal, startFunctions } from '../harness'

jest.setTimeout(180_000)

const COUNTY = `${HOME_COUNTY}000000`
const AWAY = `${OTHER_COUNTY}000000`
const PREFECTURE = 'demo-office-prefecture'
const COUNTY_OFFICE = 'demo-office-county'
let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(async () => {
  await h?.close()
})

const routine = (targets: Partial<Record<string, number | null>> = {}) => ({
  id: 'routine' as const,
  // the last phase runs on past 2026 here, so the test has a current phase whenever it runs
  from: '2026-01-01',
  to: '2030-12-31',
  targets: { coverage: 95, contactsPerQuarter: 2, visitsConfirmed: 80, solvedOnTime: 60, ...targets },
})

test('before anyone saves, every office reads the built-in phases, today’s marked, and only the prefecture may edit', async () => {
  const county = data(await h.call(dashboard, 'phases', {}, COUNTY_OFFICE))
  expect(county.phases).toEqual(BUILT_IN_PHASES)
  expect(county.today).toBe(chinaDay(now()))
  expect(county.current).toBe(BUILT_IN_PHASES.find((p) => p.from <= county.today && county.today <= p.to)?.id ?? null)
  expect(county.editable).toBe(false)
  expect(data(await h.call(dashboard, 'phases', {}, PREFECTURE)).editable).toBe(true)
  expect(data(await h.call(dashboard, 'phases', {}, 'demo-department-1')).editable).toBe(false)
})

test('the prefecture office saves a phase’s dates and targets; everyone reads them, and the save is audited', async () => {
  const saved = data(await h.call(dashboard, 'savePhase', routine(), PREFECTURE))
  expect(saved.id).toBe('routine')
  const read = data(await h.call(dashboard, 'phases', {}, 'demo-office-township'))
  expect(read.phases.find((p) => p.id === 'routine')).toEqual({
    ...routine(),
    stored: true,
    updatedAt: saved.updatedAt,
  })
  // the others stay built in
  expect(read.phases.filter((p) => p.stored).map((p) => p.id)).toEqual(['routine'])
  const audit = h.find('audit').filter((d) => d.action === 'dashboard.savePhase' && d.kind === 'edit')
  expect(audit).toHaveLength(1)
  expect(audit[0]).toMatchObject({ actor: PREFECTURE, subject: 'phase:routine' })
  expect(JSON.parse(audit[0]!.details as string)).toMatchObject({ targets: routine().targets })
})

test('a county office cannot set the targets it is measured against: refused, recorded, nothing stored', async () => {
  const before = JSON.stringify(h.find('phases'))
  const error = refusal(await h.call(dashboard, 'savePhase', routine({ coverage: 10 }), COUNTY_OFFICE))
  expect(error.code).toBe('FORBIDDEN')
  expect(error.message).toBe('只有州工作办公室可以设定阶段和目标')
  expect(JSON.stringify(h.find('phases'))).toBe(before)
  expect(h.find('audit').some((d) => d.kind === 'refusal' && d.actor === COUNTY_OFFICE)).toBe(true)
})

test('phases follow each other without overlapping, and a phase ends after it starts (named on the field)', async () => {
  const overlap = refusal(
    await h.call(
      dashboard,
      'savePhase',
      { ...routine(), id: 'results', from: '2025-01-01', to: '2026-03-31' },
      PREFECTURE,
    ),
  )
  expect(overlap.code).toBe('INVALID_ARGUMENT')
  expect(overlap.details).toEqual([{ path: 'to', message: '与后一阶段的日期重叠' }])
  const backwards = refusal(
    await h.call(dashboard, 'savePhase', { ...routine(), from: '2026-12-31', to: '2026-01-01' }, PREFECTURE, 'bo'),
  )
  expect(backwards.code).toBe('INVALID_ARGUMENT')
  expect(backwards.details?.map((d) => d.path)).toEqual(['to'])
  expect(backwards.details?.[0]?.message).toBe('མཇུག་སྒྲིལ་ཚེས་གྲངས་འགོ་འཛུགས་ཚེས་གྲངས་ལས་སྔ་མི་ཆོག')
  const percent = refusal(await h.call(dashboard, 'savePhase', routine({ coverage: 101 }), PREFECTURE))
  expect(percent.details?.map((d) => d.path)).toEqual(['targets.coverage'])
})

test('households and officials read no phases; an office reads no other county’s progress', async () => {
  expect(refusal(await h.call(dashboard, 'phases', {}, 'demo-household-1')).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'phases', {}, 'demo-official-1')).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'progress', { region: AWAY }, COUNTY_OFFICE)).code).toBe('FORBIDDEN')
})

test('progress: the county’s counters this quarter against the current phase’s targets, and each township beside it', async () => {
  const quarter = chinaQuarter(now())
  data(await h.call(dashboard, 'savePhase', routine(), PREFECTURE))
  h.insert('dashboardFigures', [
    {
      _id: `r:${COUNTY}:now`,
      axis: 'region',
      key: COUNTY,
      period: 'now',
      households: 200,
      officials: 20,
      pairedHouseholds: 190,
      countedAt: now(),
    },
  ])
  h.insert('stats', [
    {
      _id: `r:${COUNTY}:${quarter}`,
      axis: 'region',
      key: COUNTY,
      period: quarter,
      contacts: 300,
      householdsContacted: 150,
      visits: 40,
      visitsConfirmed: 30,
      overdueHouseholds: 0,
      riskNone: 0,
      riskWatch: 0,
      riskHigh: 0,
    },
  ])
  h.insert('requestRates', [{ _id: `p:${quarter}:region:${COUNTY}`, counters: { solved: 10, solvedOnTime: 7 } }])

  const out = data(await h.call(dashboard, 'progress', {}, COUNTY_OFFICE))
  expect(out.period).toBe(quarter)
  expect(out.phase?.id).toBe('routine')
  expect(out.own.key).toBe(COUNTY)
  expect(out.own.progress).toEqual({
    coverage: { target: 95, actual: 95, met: true },
    contactsPerQuarter: { target: 2, actual: 1.5, met: false },
    visitsConfirmed: { target: 80, actual: 75, met: false },
    solvedOnTime: { target: 60, actual: 70, met: true },
  })
  const townships = h.find('regions', { parent: COUNTY }).map((r) => r._id)
  expect(out.rows.map((r) => r.key).sort()).toEqual(townships.sort())
  // a township with nothing counted has no measure, so no verdict either way
  expect(out.rows[0]!.progress.visitsConfirmed).toEqual({ target: 80, actual: null, met: null })
})

test('the home holds households contacted against the current phase’s contact target: all of them a quarter', async () => {
  // the previous test saved contacts per quarter 2 and counted 200 households now
  const quarter = chinaQuarter(now())
  const home = data(await h.call(dashboard, 'home', { region: COUNTY }, COUNTY_OFFICE))
  expect(home.quarter).toMatchObject({ period: quarter, householdsContacted: 150, target: 200 })
  // beside the quarter before, as that quarter's own home counts it
  const before = data(
    await h.call(dashboard, 'home', { region: COUNTY, period: home.quarter!.previousPeriod }, COUNTY_OFFICE),
  )
  const [year, q] = quarter.split('-Q').map(Number) as [number, number]
  expect(home.quarter!.previousPeriod).toBe(q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`)
  expect(home.quarter!.previous).toBe(before.current.householdsContacted)
  // a month asks a third of the quarter's
  expect(home.current.target).toBe(67)
  data(await h.call(dashboard, 'savePhase', routine({ contactsPerQuarter: null }), PREFECTURE))
  const unset = data(await h.call(dashboard, 'home', { region: COUNTY }, COUNTY_OFFICE))
  expect(unset.current.target).toBeNull()
  expect(unset.quarter?.target).toBeNull()
})

describe('the progress exported as a spreadsheet', () => {
  /** the file's one sheet: its name and its rows of cell text */
  async function sheetOf(url: string): Promise<[string, string[][]]> {
    const response = await fetch(url)
    expect(response.ok).toBe(true)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const rows: string[][] = []
    sheet.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    )
    return [sheet.name, rows]
  }

  test('the county office’s file: its county and each township, each target reached, set and met as the screen says', async () => {
    data(await h.call(dashboard, 'savePhase', routine(), PREFECTURE))
    const shown = data(await h.call(dashboard, 'progress', {}, COUNTY_OFFICE))
    const file = data(await h.call(dashboard, 'exportTable', { table: 'progress' }, COUNTY_OFFICE))
    expect(file.fileName.startsWith(`${COUNTY}-progress-`)).toBe(true)
    const [name, rows] = await sheetOf(file.url)
    expect(name).toBe(t('zh-Hans', 'phases.title'))
    const [header, ...body] = rows
    expect(header![0]).toContain(t('zh-Hans', 'phases.progress', { period: shown.period }))
    expect(header!.slice(1, 4)).toEqual([
      t('zh-Hans', 'phases.target.coverage'),
      `${t('zh-Hans', 'phases.target.coverage')} ${t('zh-Hans', 'reports.col.target')}`,
      `${t('zh-Hans', 'phases.target.coverage')} ${t('zh-Hans', 'reports.col.state')}`,
    ])
    const lines = [shown.own, ...shown.rows]
    expect(file.rows).toBe(lines.length)
    expect(body.map((r) => r[0])).toEqual(lines.map((l) => l.name['zh-Hans']))
    const cell = (v: number | null, unit: string) => (v === null ? '—' : `${v}${unit}`)
    for (const [i, line] of lines.entries())
      expect(body[i]!.slice(1)).toEqual(
        TARGET_NAMES.flatMap((n) => {
          const { actual, target, met } = line.progress[n]
          const unit = PERCENT_TARGETS.includes(n) ? '%' : ''
          return [
            cell(actual, unit),
            cell(target, unit),
            met === null ? '—' : t('zh-Hans', met ? 'phases.met' : 'phases.notMet'),
          ]
        }),
      )
    // the county's own reached coverage is in the file as the screen shows it
    expect(body[0]![1]).toBe(cell(shown.own.progress.coverage.actual, '%'))
    expect(h.find('audit', { kind: 'export', actor: COUNTY_OFFICE, subject: COUNTY }).length).toBeGreaterThan(0)
  })

  test('another county’s progress, a household and an official are refused; no file written', async () => {
    const before = h.find('dashboardFiles').length
    expect(
      refusal(await h.call(dashboard, 'exportTable', { table: 'progress', region: AWAY }, COUNTY_OFFICE)).code,
    ).toBe('FORBIDDEN')
    for (const who of ['demo-household-1', 'demo-official-1'])
      expect(refusal(await h.call(dashboard, 'exportTable', { table: 'progress', region: COUNTY }, who)).code).toBe(
        'FORBIDDEN',
      )
    expect(h.find('dashboardFiles')).toHaveLength(before)
  })
})
