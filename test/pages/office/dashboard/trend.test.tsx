import { act, screen } from '@testing-library/react'
import TrendPage from '@/pages/office/dashboard/trend'
import type { ActionOutput } from '@shared/contract'
import type { Figures } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import { KANGDING, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Trend = ActionOutput<typeof dashboard, 'trend'>

function figures(f: Partial<Omit<Figures, 'rates'>> & { rates?: Partial<Figures['rates']> } = {}): Figures {
  return {
    households: 400,
    officials: 99,
    pairedHouseholds: 380,
    coverage: 0.95,
    householdsContacted: 0,
    target: null,
    overdueHouseholds: 37,
    visits: 0,
    visitsConfirmed: 0,
    riskWatch: 12,
    riskHigh: 3,
    needsCollected: 0,
    needsSolved: 0,
    needsSolvedOnTime: 0,
    noticesPublished: 0,
    noticeReadRate: null,
    network: { centre: 1, studio: 9, team: 4 },
    ...f,
    rates: { response: null, solution: null, onTime: null, satisfaction: null, ...f.rates },
  }
}

/** 2026-01 … 2026-12: contacts grow month by month; in March the counters did not exist yet */
const contacted = [120, 130, null, 150, 160, 170, 180, 190, 200, 210, 220, 230]
const county: Trend = {
  axis: 'region',
  key: KANGDING,
  name: PLACE.kangding,
  level: 'county',
  months: contacted.map((n, i) => ({
    period: `2026-${String(i + 1).padStart(2, '0')}`,
    figures: figures({
      householdsContacted: n,
      visits: n === null ? null : n - 20,
      coverage: n === null ? null : 0.9 + i / 200,
      rates: { solution: i < 6 ? null : 0.5 },
    }),
  })),
}

const rows = () => screen.getAllByTestId('trend-row').map((r) => [...r.children].map((c) => c.textContent))

test('the months’ figures as a table first, then the chart, with the figure’s story in words', async () => {
  await renderPage(TrendPage, { routes: [on(dashboard, 'trend', county)], params: { region: KANGDING } })
  expect(lastInput('dashboard', 'trend')).toEqual({ region: KANGDING })
  expect(screen.getByText(PLACE.kangding['zh-Hans'])).toBeTruthy()
  const table = screen.getByTestId('trend-table')
  expect(table.getAttribute('role')).toBe('table')
  expect(screen.getByTestId('column-householdsContacted').textContent).toBe(zh('dashboard.figure.householdsContacted'))
  expect(rows()[0]).toEqual(['2026年1月', '120'])
  // a month the counters never reached is "—", not 0
  expect(rows()[2]).toEqual(['2026年3月', '—'])
  expect(rows()[11]).toEqual(['2026年12月', '230'])

  const chart = screen.getByTestId('trend-chart')
  expect(chart.getAttribute('role')).toBe('img')
  expect(chart.getAttribute('aria-label')).toBe(
    zh('dashboard.trend.summary', {
      figure: zh('dashboard.figure.householdsContacted'),
      count: 12,
      last: '230',
      high: '230',
      when: '2026年12月',
    }),
  )
  // drawn on the canvas node at the phone's pixel ratio, in the user's language, 16 px at least
  const drawn = taroStub.canvas.drawn
  expect(drawn.scale).toBe(2)
  expect(drawn.width).toBe(640)
  // the axis from 0 in round steps; on a phone's width every other month is written, the latest always
  expect(drawn.texts).toEqual(['0', '100', '200', '300', '2月', '4月', '6月', '8月', '10月', '12月'])
})

test('figures of the same kind are compared side by side; a share starts a chart of its own', async () => {
  await renderPage(TrendPage, {
    routes: [on(dashboard, 'trend', county)],
    params: { region: KANGDING, figure: 'householdsContacted' },
  })
  await tap(screen.getByTestId('trend-figure-visits'))
  expect(screen.getByTestId('trend-figure-visits').getAttribute('aria-checked')).toBe('true')
  expect(rows()[0]).toEqual(['2026年1月', '120', '100'])
  await tap(screen.getByTestId('trend-figure-coverage'))
  expect(screen.getByTestId('trend-figure-householdsContacted').getAttribute('aria-checked')).toBe('false')
  expect(rows()[0]).toEqual(['2026年1月', '90.0%'])
  expect(rows()[11]).toEqual(['2026年12月', '95.5%'])
  // the last figure chosen stays: a chart always shows one
  await tap(screen.getByTestId('trend-figure-coverage'))
  expect(rows()[0]).toEqual(['2026年1月', '90.0%'])
  // a relief rate with nothing counted in a month is "—"
  await tap(screen.getByTestId('trend-figure-solution'))
  expect(rows()[0]).toEqual(['2026年1月', '90.0%', '—'])
  expect(rows()[6]).toEqual(['2026年7月', '93.0%', '50.0%'])
})

test('in Tibetan: the months, the headings and the chart’s words', async () => {
  await renderPage(TrendPage, { routes: [on(dashboard, 'trend', county)], params: { region: KANGDING }, lang: 'bo' })
  expect(screen.getByText(PLACE.kangding.bo)).toBeTruthy()
  expect(screen.getByTestId('column-householdsContacted').textContent).toBe(bo('dashboard.figure.householdsContacted'))
  expect(rows()[0]).toEqual([bo('dashboard.trend.monthFull', { year: 2026, month: 1 }), '120'])
  expect(screen.getByTestId('trend-chart').getAttribute('aria-label')).toContain(
    bo('dashboard.figure.householdsContacted'),
  )
  expect(taroStub.canvas.drawn.texts).toContain(bo('dashboard.trend.month', { month: 12 }))
  expect(screen.getByText(bo('dashboard.trend.gauges'))).toBeTruthy()
})

test('a department’s months: only the figures it has', async () => {
  const department: Trend = {
    ...county,
    axis: 'department',
    key: 'D513301-civil',
    level: 'department',
    months: county.months.map((m) => ({
      ...m,
      figures: { ...m.figures, riskWatch: null, riskHigh: null, overdueHouseholds: null, noticesPublished: null },
    })),
  }
  await renderPage(TrendPage, {
    routes: [on(dashboard, 'trend', department)],
    params: { departmentId: 'D513301-civil', figure: 'riskHigh' },
  })
  expect(lastInput('dashboard', 'trend')).toEqual({ departmentId: 'D513301-civil' })
  expect(screen.queryByTestId('trend-figure-riskHigh')).toBeNull()
  // a figure it does not have opens on the first it has
  expect(screen.getAllByRole('checkbox').filter((c) => c.getAttribute('aria-checked') === 'true')).toHaveLength(1)
})

test('on a wide window the page stands in two columns, and follows the window back to one', async () => {
  taroStub.window = { windowWidth: 1280, pixelRatio: 1 }
  await renderPage(TrendPage, { routes: [on(dashboard, 'trend', county)], params: { region: KANGDING } })
  expect(screen.getByTestId('trend').getAttribute('class')).toContain('wide--on')
  expect(taroStub.canvas.drawn.scale).toBe(1)
  act(() => taroStub.resizeTo(600))
  expect(screen.getByTestId('trend').getAttribute('class')).not.toContain('wide--on')
})

test('the months’ table exports: the function writes the key’s trend and the phone opens it', async () => {
  const file = {
    fileID: 'cloud://env/dashboard-exports/t.xlsx',
    url: 'https://files.example/dashboard-exports/t.xlsx',
    fileName: `${KANGDING}-trend-t.xlsx`,
    expiresAt: '2026-12-06T15:00:00.000Z',
    rows: 12,
  }
  await renderPage(TrendPage, {
    routes: [on(dashboard, 'trend', county), on(dashboard, 'exportTable', file)],
    params: { region: KANGDING, figure: 'visits' },
  })
  await tap(screen.getByTestId('export-table'))
  // the key's months, whichever figures are chosen on screen: the file has every figure the key has
  expect(lastInput('dashboard', 'exportTable')).toMatchObject({ table: 'trend', region: KANGDING })
  expect(taroStub.opened).toHaveLength(1)
  expect(screen.getByTestId('export-ready').textContent).toBe(zh('reports.exportReady', { fileName: file.fileName }))
})

test('a department’s trend exports the department’s months, in Tibetan', async () => {
  const department: Trend = { ...county, axis: 'department', key: 'D513301-civil', level: 'department' }
  await renderPage(TrendPage, {
    lang: 'bo',
    routes: [
      on(dashboard, 'trend', department),
      on(dashboard, 'exportTable', {
        fileID: 'cloud://env/dashboard-exports/d.xlsx',
        url: 'https://files.example/dashboard-exports/d.xlsx',
        fileName: 'D513301-civil-trend-d.xlsx',
        expiresAt: '2026-12-06T15:00:00.000Z',
        rows: 12,
      }),
    ],
    params: { departmentId: 'D513301-civil' },
  })
  expect(screen.getByTestId('export-table').textContent).toBe(bo('reports.export'))
  await tap(screen.getByTestId('export-table'))
  expect(lastInput('dashboard', 'exportTable')).toMatchObject({ table: 'trend', departmentId: 'D513301-civil' })
  expect(lastInput('dashboard', 'exportTable')).not.toHaveProperty('region')
})
