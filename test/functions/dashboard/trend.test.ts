/**
 * `dashboard.trend` on the local cloud with the built bundle: contacts logged through the contacts function
 * over the last 12 China months — on each month's first minutes and its previous month's last ones in China
 * time (the same UTC day), across quarter boundaries — and the trend's months equal the figures counted
 * from the raw contacts, month by month, and the home's for the current month. One query per collection,
 * one round trip with the region named. The trend exported as XLSX: each cell the trend's figure. Attackers
 * (of the trend and of its export): another county's office, a department asking for a region, a household
 * and an official.
 */
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { contacts } from '@shared/contracts/contacts'
import type { Figures } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import type { MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import { chinaMonth, now } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'

jest.setTimeout(240_000)

const OFFICIAL = 'demo-official-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const HOUSEHOLD = 'demo-household-1'
const DEPARTMENT = 'demo-department-1'
const ADMIN = 'demo-admin-1'
const AWAY_OFFICE = 'trend-away-office'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let county: string
let township: string
let months: string[]

type Contact = Doc & {
  householdId: string
  regionPath: string[]
  at: string
  channel: string
  confirmedAt: string | null
}

/** `2026-03` → the month before, as a China month */
function before(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** the last day of a month, `YYYY-MM-DD` */
function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
}

/** what the raw contacts say of a region in a China month */
function raw(region: string, month: string) {
  const inMonth = (h.find('contacts') as Contact[]).filter(
    (c) => c.regionPath.includes(region) && chinaMonth(c.at) === month,
  )
  const visits = inMonth.filter((c) => c.channel === 'visit')
  return {
    householdsContacted: new Set(inMonth.map((c) => c.householdId)).size,
    visits: visits.length,
    visitsConfirmed: visits.filter((c) => c.confirmedAt).length,
  }
}

beforeAll(async () => {
  h = await startFunctions()
  const officialId = h.find('users', { _id: OFFICIAL })[0]!.officialId as string
  const paired = (h.find('households') as (Doc & { officialIds?: string[]; regionPath: string[] })[]).filter((d) =>
    d.officialIds?.includes(officialId),
  )
  county = paired[0]!.regionPath[1]!
  township = paired[0]!.regionPath[2]!
  h.insert('users', [{ _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] }])
  // whatever the demo slice holds is counted first, so the counters start equal to the raw data
  expect(await h.call(contacts, 'recount', { fix: true }, ADMIN)).toMatchObject({ ok: true })

  const current = chinaMonth(now())
  months = [current]
  while (months.length < 12) months.unshift(before(months[0]!))
  // a month's first minutes and the last minutes before it: one UTC day, two China months
  const times = months.flatMap((month, i) => [
    `${month}-01T00:05:00+08:00`,
    ...(i > 0 ? [`${lastDay(before(month))}T23:55:00+08:00`] : []),
  ])
  let n = 0
  for (const at of times.filter((t) => Date.parse(t) < Date.now())) {
    const household = paired[n % paired.length]!
    const channel = n % 3 === 0 ? 'phone' : 'visit'
    n++
    const res = await h.call(
      contacts,
      'logContact',
      {
        id: randomUUID(),
        householdId: household._id,
        channel,
        at,
        topics: [],
        notes: '',
        photos: [],
        locationConsent: false,
        needs: [],
      },
      OFFICIAL,
    )
    expect(res).toMatchObject({ ok: true })
  }
})

afterAll(async () => {
  await h?.close()
})

test('each of the last 12 China months equals the figures counted from the raw contacts', async () => {
  for (const [region, openid] of [
    [county, COUNTY],
    [township, TOWNSHIP],
  ] as const) {
    const trend = data(await h.call(dashboard, 'trend', { region }, openid))
    expect(trend).toMatchObject({ axis: 'region', key: region })
    expect(trend.months.map((m) => m.period)).toEqual(months)
    for (const m of trend.months) {
      const expected = raw(region, m.period)
      expect({ month: m.period, ...m.figures }).toMatchObject({ month: m.period, ...expected })
    }
  }
  // the contacts really spread over the year: most months have some
  const trend = data(await h.call(dashboard, 'trend', { region: county }, COUNTY))
  expect(trend.months.filter((m) => (m.figures.householdsContacted ?? 0) > 0).length).toBeGreaterThanOrEqual(11)
})

test('the current month is the home’s, and fewer months are the latest ones', async () => {
  const trend = data(await h.call(dashboard, 'trend', { region: county, months: 3 }, COUNTY))
  expect(trend.months.map((m) => m.period)).toEqual(months.slice(-3))
  const home = data(await h.call(dashboard, 'home', { region: county }, COUNTY))
  expect(trend.months.at(-1)!.figures).toEqual(home.current)
  expect(trend.months.at(-2)!.figures).toEqual(home.previous)
})

test('an office without a region named reads its own; naming it, the call is one round trip', async () => {
  const own = data(await h.call(dashboard, 'trend', {}, COUNTY))
  expect(own.key).toBe(county)
  const { res, trace } = await h.callTraced(dashboard, 'trend', { region: county }, COUNTY)
  expect(res).toMatchObject({ ok: true })
  expect(trace.roundTrips).toBe(1)
  const unnamed = await h.callTraced(dashboard, 'trend', {}, COUNTY)
  expect(unnamed.trace.roundTrips).toBeLessThanOrEqual(2)
})

test('a department reads its own months; more than 12 months is refused', async () => {
  const own = data(await h.call(dashboard, 'trend', {}, DEPARTMENT))
  expect(own).toMatchObject({ axis: 'department', level: 'department' })
  expect(own.months).toHaveLength(12)
  expect(refusal(await h.call(dashboard, 'trend', { region: county, months: 13 }, COUNTY)).code).toBe(
    'INVALID_ARGUMENT',
  )
})

test('refused: another county’s office, a department asking for a region, a household, an official', async () => {
  expect(refusal(await h.call(dashboard, 'trend', { region: county }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'trend', { region: county }, DEPARTMENT)).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'trend', { region: county }, HOUSEHOLD)).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'trend', { region: county }, OFFICIAL)).code).toBe('FORBIDDEN')
})

describe('the trend exported as a spreadsheet', () => {
  /** the file's one sheet: its name and its rows of cell text */
  async function sheetOf(url: string): Promise<[string, string[][]]> {
    const response = await fetch(url)
    expect(response.ok).toBe(true)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer)
    expect(book.worksheets).toHaveLength(1)
    const sheet = book.worksheets[0]!
    const rows: string[][] = []
    sheet.eachRow((row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
    )
    return [sheet.name, rows]
  }

  const both = (key: MessageKey) => `${t('zh-Hans', key)} ${t('bo', key)}`
  /** a figure as the trend answers it, written as the sheet writes it */
  const written = (value: number | null, share: boolean) =>
    value === null ? '—' : share ? `${Math.round(value * 1000) / 10}%` : String(value)
  const FIGURES: [MessageKey, (f: Figures) => number | null, boolean][] = [
    ['dashboard.figure.households', (f) => f.households, false],
    ['dashboard.figure.coverage', (f) => f.coverage, true],
    ['dashboard.figure.householdsContacted', (f) => f.householdsContacted, false],
    ['dashboard.figure.overdueHouseholds', (f) => f.overdueHouseholds, false],
    ['dashboard.figure.visits', (f) => f.visits, false],
    ['dashboard.figure.visitsConfirmed', (f) => f.visitsConfirmed, false],
    ['dashboard.figure.riskHigh', (f) => f.riskHigh, false],
    ['dashboard.figure.solution', (f) => f.rates.solution, true],
  ]

  test('the county office’s file: a row per China month, headed in both languages, each cell the trend’s figure', async () => {
    const trend = data(await h.call(dashboard, 'trend', { region: county }, COUNTY))
    const file = data(await h.call(dashboard, 'exportTable', { table: 'trend', region: county }, COUNTY))
    expect(file.rows).toBe(12)
    expect(file.fileName.startsWith(`${county}-trend-`)).toBe(true)
    const [name, rows] = await sheetOf(file.url)
    expect(name).toBe(t('zh-Hans', 'reports.sheet.trend'))
    const [header, ...body] = rows
    expect(header![0]).toBe(both('dashboard.trend.monthColumn'))
    expect(body.map((r) => r[0])).toEqual(months)
    const contacted = header!.indexOf(both('dashboard.figure.householdsContacted'))
    expect(contacted).toBeGreaterThan(0)
    // the months the contacts were logged in are really in the file, not only empty months
    expect(body.filter((r) => Number(r[contacted]) > 0).length).toBeGreaterThanOrEqual(11)
    for (const [key, value, share] of FIGURES) {
      const column = header!.indexOf(both(key))
      if (column < 0) {
        // a figure left out is one the county has in no month
        expect(trend.months.every((m) => value(m.figures) === null)).toBe(true)
        continue
      }
      expect({ key, cells: body.map((r) => r[column]) }).toEqual({
        key,
        cells: trend.months.map((m) => written(value(m.figures), share)),
      })
    }
    const audit = h.find('audit', { kind: 'export', actor: COUNTY, action: 'dashboard.exportTable' })
    expect(audit.at(-1)).toMatchObject({ subject: county, fields: [] })
    expect(h.find('dashboardFiles', { kind: 'export', key: county, table: 'trend' })).toHaveLength(1)
  })

  test('a department exports its own months, without the figures a department has not', async () => {
    const file = data(await h.call(dashboard, 'exportTable', { table: 'trend' }, DEPARTMENT))
    const [, rows] = await sheetOf(file.url)
    expect(rows.slice(1).map((r) => r[0])).toEqual(months)
    expect(rows[0]).not.toContain(both('dashboard.figure.riskHigh'))
  })

  test('refused: another county’s office, a department asking for a region, a household, an official; no file written', async () => {
    const before = h.find('dashboardFiles').length
    for (const who of [AWAY_OFFICE, DEPARTMENT, HOUSEHOLD, OFFICIAL])
      expect(refusal(await h.call(dashboard, 'exportTable', { table: 'trend', region: county }, who)).code).toBe(
        'FORBIDDEN',
      )
    expect(h.find('dashboardFiles')).toHaveLength(before)
    expect(
      h
        .find('audit')
        .filter((d) => d.kind === 'refusal' && d.action === 'dashboard.exportTable' && d.actor === AWAY_OFFICE),
    ).toHaveLength(1)
  })
})
