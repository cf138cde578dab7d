import { screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import { dashboard } from '@shared/contracts/dashboard'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { PREFECTURE, adminMe, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { countyHome, departmentHome } from './fixtures'

beforeEach(freshTaro)

const idle = [
  on(notices, 'queue', { items: [] }),
  on(notices, 'mine', { items: [], more: false }),
  on(registry, 'importJobs', { jobs: [] }),
]

const departmentMe = {
  ...adminMe,
  roles: [{ role: 'department' as const, departmentId: 'D513301-civil' }],
  cards: [
    {
      key: 'department:D513301-civil',
      grant: { role: 'department' as const, departmentId: 'D513301-civil' },
      label: departmentHome.name,
      regionNames: [],
      department: { id: 'D513301-civil', name: departmentHome.name },
    },
  ],
}

const text = (id: string) => screen.getByTestId(id).textContent

test('the office sees its region by name and level, each figure with last month’s beside it', async () => {
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', officeMe), on(dashboard, 'home', countyHome), ...idle],
  })
  // its own region: the function knows it from the caller
  expect(lastInput('dashboard', 'home')).toEqual({})
  expect(text('glance-name')).toBe('康定市 · 县级')
  expect(text('glance')).toContain(zh('dashboard.period', { period: '2026-12' }))
  expect(text('figure-overdueHouseholds')).toBe(
    `${zh('dashboard.figure.overdueHouseholds')}37${zh('dashboard.previous', { value: '41' })} (−4)${zh('dashboard.trend.open')} ›`,
  )
  expect(text('figure-householdsContacted')).toContain('210')
  expect(text('figure-householdsContacted')).toContain('(+20)')
  // against the month's contact target, as the quarter's card holds the quarter's
  expect(text('month-target')).toBe(zh('dashboard.glance.target', { target: 134 }))
  expect(text('figure-coverage')).toContain('95.0%')
  expect(text('figure-coverage')).toContain('(+1)')
  // a rate with nothing counted last month: "—", and no change
  expect(text('figure-onTime')).toBe(
    `${zh('dashboard.figure.onTime')}83.0%${zh('dashboard.previous', { value: '—' })}${zh('dashboard.trend.open')} ›`,
  )
  expect(text('figure-quarter')).toContain(zh('dashboard.glance.target', { target: 400 }))
  // the quarter so far beside the quarter before, as every figure is beside its period before
  expect(text('quarter-previous')).toBe(`${zh('dashboard.previous', { value: '320' })} (+30)`)
  expect(text('figure-network')).toContain(zh('dashboard.glance.network', { centre: 1, studio: 9, team: 4 }))
  expect(text('network-previous')).toBe(
    zh('dashboard.previous', { value: zh('dashboard.glance.network', { centre: 1, studio: 8, team: 4 }) }),
  )
  // nothing about any official: no name, no ranking
  expect(text('glance')).not.toContain('扎西卓玛')
})

test('each figure opens what is behind it: the households, the drill-down, or the screen that keeps the work', async () => {
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', officeMe), on(dashboard, 'home', countyHome), ...idle],
  })
  for (const id of [
    'figure-overdueHouseholds',
    'figure-householdsContacted',
    'figure-quarter',
    'figure-riskHigh',
    'figure-coverage',
    'figure-needsSolvedOnTime',
    'figure-households',
    'figure-onTime',
    'open-drill',
  ])
    await tap(screen.getByTestId(id))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/office/dashboard/list?figure=overdue&region=513301000000',
    '/pages/office/dashboard/list?figure=notContacted&region=513301000000&within=month',
    '/pages/office/dashboard/list?figure=notContacted&region=513301000000&within=quarter',
    '/pages/office/dashboard/list?figure=riskHigh&region=513301000000',
    '/pages/office/dashboard/list?figure=unpaired&region=513301000000',
    '/pages/office/dashboard/list?figure=needsOverdue&region=513301000000',
    '/pages/office/dashboard/index?region=513301000000',
    '/pages/office/relief/rates',
    '/pages/office/dashboard/index?region=513301000000',
  ])
})

test('the ways into the work stay on the home, below the figures', async () => {
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', officeMe), on(dashboard, 'home', countyHome), ...idle],
  })
  const menu = screen.getByTestId('office-menu')
  expect(menu.querySelector('[data-testid="open-relief-rates"]')).not.toBeNull()
  expect(menu.querySelector('[data-testid="open-roles"]')).not.toBeNull()
  expect(screen.getByTestId('open-notices')).toBeTruthy()
  expect(screen.getByTestId('registry-links')).toBeTruthy()
})

test('in Tibetan the figures read in Tibetan, with the region’s Tibetan name', async () => {
  await renderPage(OfficeHomePage, {
    lang: 'bo',
    routes: [on(identity, 'me', officeMe), on(dashboard, 'home', countyHome), ...idle],
  })
  expect(text('glance-name')).toBe(`${countyHome.name.bo} · ${bo('level.county')}`)
  expect(text('figure-overdueHouseholds')).toContain(bo('dashboard.figure.overdueHouseholds'))
  expect(text('figure-overdueHouseholds')).toContain(bo('dashboard.previous', { value: '41' }))
  expect(text('glance')).toContain(bo('dashboard.glance.risk'))
})

test('department staff see their department’s figures: no risk, notices or network, and no drill-down', async () => {
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', departmentMe), on(dashboard, 'home', departmentHome), ...idle],
  })
  expect(text('glance-name')).toBe('康定市民政局')
  // its households overdue for its own contact, beside last month's, as a region's
  expect(text('figure-overdueHouseholds')).toBe(
    `${zh('dashboard.figure.overdueHouseholds')}6${zh('dashboard.previous', { value: '9' })} (−3)${zh('dashboard.trend.open')} ›`,
  )
  expect(screen.queryByTestId('figure-riskHigh')).toBeNull()
  expect(screen.queryByTestId('figure-noticesPublished')).toBeNull()
  expect(screen.queryByTestId('figure-network')).toBeNull()
  expect(screen.queryByTestId('open-drill')).toBeNull()
  // no contact target set for it: none is shown, rather than a target of 0
  expect(screen.queryByTestId('month-target')).toBeNull()
  await tap(screen.getByTestId('figure-households'))
  await tap(screen.getByTestId('figure-householdsContacted'))
  await tap(screen.getByTestId('figure-overdueHouseholds'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/office/dashboard/list?figure=notContacted&departmentId=D513301-civil&within=month',
    '/pages/office/dashboard/list?figure=overdue&departmentId=D513301-civil',
  ])
})

test('an administrator sees the prefecture’s figures', async () => {
  await renderPage(OfficeHomePage, {
    routes: [
      on(identity, 'me', adminMe),
      on(dashboard, 'home', { ...countyHome, key: PREFECTURE, level: 'prefecture' }),
      ...idle,
    ],
  })
  expect(lastInput('dashboard', 'home')).toEqual({ region: PREFECTURE })
})
