import { screen } from '@testing-library/react'
import '@/pages/office/catalogue'
import ChartLink from '@/pages/office/dashboard/ChartLink'
import ChartTrend from '@/pages/office/dashboard/ChartTrend'
import type { ActionOutput } from '@shared/contract'
import type { Figures } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import { KANGDING, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const figures = (householdsContacted: number): Figures => ({
  households: 400,
  officials: 99,
  pairedHouseholds: 380,
  coverage: 0.95,
  householdsContacted,
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
  network: null,
  rates: { response: null, solution: null, onTime: null, satisfaction: null },
})

const trend: ActionOutput<typeof dashboard, 'trend'> = {
  axis: 'region',
  key: KANGDING,
  name: PLACE.kangding,
  level: 'county',
  months: [5, 40, 12].map((n, i) => ({ period: `2026-${String(i + 10)}`, figures: figures(n) })),
}

const county = { axis: 'region' as const, key: KANGDING, name: PLACE.kangding }

test('the drill-down’s chart: the key’s households contacted by month, in words, and the trend page a tap away', async () => {
  await renderPage(() => <ChartTrend of={county} />, { routes: [on(dashboard, 'trend', trend)] })
  expect(lastInput('dashboard', 'trend')).toEqual({ region: KANGDING })
  expect(screen.getByTestId('drill-chart').textContent).toContain(zh('dashboard.trend.chart', { name: '康定市' }))
  expect(screen.getByTestId('drill-trend-chart').getAttribute('aria-label')).toBe(
    zh('dashboard.trend.summary', {
      figure: zh('dashboard.figure.householdsContacted'),
      count: 3,
      last: '12',
      high: '40',
      when: '2026年11月',
    }),
  )
  expect(taroStub.canvas.drawn.texts).toEqual(expect.arrayContaining(['10月', '11月', '12月']))
  await tap(screen.getByTestId('open-trend'))
  expect(taroStub.navigations).toEqual([
    { kind: 'navigateTo', url: `/pages/office/dashboard/trend?region=${KANGDING}&figure=householdsContacted` },
  ])
})

test('in Tibetan, and a department’s chart asks for the department', async () => {
  await renderPage(() => <ChartTrend of={{ ...county, axis: 'department', key: 'D513301-civil' }} />, {
    routes: [on(dashboard, 'trend', { ...trend, axis: 'department', key: 'D513301-civil', level: 'department' })],
    lang: 'bo',
  })
  expect(lastInput('dashboard', 'trend')).toEqual({ departmentId: 'D513301-civil' })
  expect(screen.getByTestId('drill-trend-chart').getAttribute('aria-label')).toContain(
    bo('dashboard.figure.householdsContacted'),
  )
  expect(taroStub.canvas.drawn.texts).toContain(bo('dashboard.trend.month', { month: 11 }))
})

test('a figure card’s link opens its months without opening the card', async () => {
  const card = jest.fn()
  await renderPage(() => (
    <div onClick={card}>
      <ChartLink of={county} figure="overdueHouseholds" />
      <ChartLink of={county} figure="network" />
    </div>
  ))
  expect(screen.queryByTestId('trend-network')).toBeNull()
  await tap(screen.getByTestId('trend-overdueHouseholds'))
  expect(card).not.toHaveBeenCalled()
  expect(taroStub.navigations).toEqual([
    { kind: 'navigateTo', url: `/pages/office/dashboard/trend?region=${KANGDING}&figure=overdueHouseholds` },
  ])
})
