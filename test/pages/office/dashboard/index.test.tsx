import { screen } from '@testing-library/react'
import DrillPage from '@/pages/office/dashboard/index'
import { dashboard } from '@shared/contracts/dashboard'
import { KANGDING, LAZHUO } from '../../fixtures'
import { bo, callsTo, freshTaro, on, refuse, renderPage, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { BAO, countyDrill, departmentDrill, townshipDrill } from './fixtures'

beforeEach(freshTaro)

/** the county's townships, a township's villages, and the county's departments */
const drills = on(dashboard, 'drill', (input) =>
  input.axis === 'department' ? departmentDrill : input.region === LAZHUO ? townshipDrill : countyDrill,
)

const names = () =>
  [...screen.getAllByTestId('drill-row')].map((row) => row.querySelector('[role="cell"]')?.textContent)

test('the children side by side, sorted by any column: tap a heading, again to reverse; no figure goes last', async () => {
  await renderPage(DrillPage, { params: { region: KANGDING }, routes: [drills] })
  expect(
    callsTo('dashboard')
      .filter((c) => c.action === 'drill')
      .map((c) => c.data),
  ).toEqual([{ region: KANGDING, axis: 'region' }])
  expect(screen.getByRole('table')).toBeTruthy()
  expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
    `${zh('dashboard.table.name')} ▲`,
    zh('dashboard.figure.households'),
    zh('dashboard.figure.coverage'),
    zh('dashboard.figure.householdsContacted'),
    zh('dashboard.figure.overdueHouseholds'),
    zh('dashboard.figure.riskHigh'),
    zh('dashboard.figure.onTime'),
  ])
  await tap(screen.getByTestId('sort-overdueHouseholds'))
  expect(screen.getByTestId('drill-table').getAttribute('data-sort')).toBe('overdueHouseholds:desc')
  expect(names()).toEqual(['拉卓镇 ›', '姑咱镇 ›', '炉城镇 ›'])
  await tap(screen.getByTestId('sort-overdueHouseholds'))
  expect(names()).toEqual(['炉城镇 ›', '姑咱镇 ›', '拉卓镇 ›'])
  await tap(screen.getByTestId('sort-onTime'))
  expect(names()).toEqual(['炉城镇 ›', '拉卓镇 ›', '姑咱镇 ›'])
  const first = screen.getAllByTestId('drill-row')[2]!
  expect(first.textContent).toContain('—')
})

test('tap a township to drill into it; the breadcrumb leads back up; a village opens its overdue households', async () => {
  await renderPage(DrillPage, { params: { region: KANGDING }, routes: [drills] })
  await tap(screen.getAllByTestId('drill-row').find((r) => r.getAttribute('data-key') === LAZHUO)!)
  expect(screen.getByTestId('drill').getAttribute('data-parent')).toBe(LAZHUO)
  expect(screen.getAllByTestId('crumb').map((c) => c.textContent)).toEqual(['康定市 ›', '拉卓镇'])
  await tap(screen.getAllByTestId('drill-row')[0]!)
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/office/dashboard/list?figure=overdue&region=513301100001',
  ])
  await tap(screen.getAllByTestId('crumb')[0]!)
  expect(screen.getByTestId('drill').getAttribute('data-parent')).toBe(KANGDING)
  expect(screen.getAllByTestId('crumb').map((c) => c.textContent)).toEqual(['康定市'])
  expect(screen.getAllByTestId('drill-row').map((r) => r.getAttribute('data-key'))).toContain(BAO)
})

test('the department axis: the county’s departments side by side, each opening its households', async () => {
  await renderPage(DrillPage, { params: { region: KANGDING }, routes: [drills] })
  await tap(screen.getByTestId('axis-department'))
  expect(callsTo('dashboard').at(-1)?.data).toEqual({ region: KANGDING, axis: 'department' })
  expect(screen.getByTestId('drill').getAttribute('data-axis')).toBe('department')
  expect(names()).toEqual(['康定市民政局 ›'])
  // its households overdue for its own contact, in the same column as a region's
  const cells = [...screen.getAllByTestId('drill-row')[0]!.querySelectorAll('[role="cell"]')].map((c) => c.textContent)
  expect(cells[4]).toBe('6')
  await tap(screen.getAllByTestId('drill-row')[0]!)
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/office/dashboard/list?figure=overdue&departmentId=D513301-civil',
  ])
})

test('in Tibetan: the headings, the hint and the names', async () => {
  await renderPage(DrillPage, { lang: 'bo', params: { region: KANGDING }, routes: [drills] })
  expect(screen.getByTestId('sort-overdueHouseholds').textContent).toBe(bo('dashboard.figure.overdueHouseholds'))
  expect(screen.getByTestId('drill').textContent).toContain(bo('dashboard.table.hint'))
  expect(screen.getByTestId('drill').textContent).toContain('ལྷ་འབྲོག་གྲོང་རྡལ')
  expect(screen.getByTestId('sort-name').getAttribute('aria-label')).toBe(
    bo('dashboard.table.sort', { column: bo('dashboard.table.name') }),
  )
})

test('a region out of reach is refused, and said so', async () => {
  await renderPage(DrillPage, {
    params: { region: '513322000000' },
    routes: [on(dashboard, 'drill', refuse('FORBIDDEN'))],
  })
  expect(shownError('FORBIDDEN')).not.toBe('')
})
