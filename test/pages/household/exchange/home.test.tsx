import { screen } from '@testing-library/react'
import HouseholdHomePage from '@/pages/household/home/index'
import { exchange } from '@shared/contracts/exchange'
import { registry } from '@shared/contracts/registry'
import { HOUSEHOLD_ID, myHousehold } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('the home shows the family’s named year, a nomination waiting for its answer and the 公示 of its county', async () => {
  await renderPage(HouseholdHomePage, {
    routes: [
      on(registry, 'myHousehold', myHousehold),
      on(exchange, 'mine', {
        consents: [
          {
            nominationId: 'n',
            campaignId: 'c',
            year: 2026,
            kind: 'family' as const,
            title: { 'zh-Hans': '评选', bo: 'འདེམས་སྒྲུག' },
            story: '三代和睦',
            until: '2026-12-20',
          },
        ],
        named: [{ id: 'x', year: 2025, kind: 'family' as const }],
        publicity: true,
      }),
    ],
  })
  expect(lastInput('exchange', 'mine')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('named-badge').textContent).toBe(zh('household.named', { year: 2025 }))
  await tap(screen.getByTestId('open-consent'))
  expect(taroStub.navigations.at(-1)?.url).toBe(`/pages/household/exchange/consent?householdId=${HOUSEHOLD_ID}`)
  await tap(screen.getByTestId('open-publicity'))
  expect(taroStub.navigations.at(-1)?.url).toBe('/pages/household/exchange/publicity')
  // a named family is offered trip places: its invitations are a tap away
  expect(screen.getByTestId('open-trips').textContent).toContain(zh('household.trips'))
  await tap(screen.getByTestId('open-trips'))
  expect(taroStub.navigations.at(-1)?.url).toBe(`/pages/household/trips/index?householdId=${HOUSEHOLD_ID}`)
})

test('in Tibetan; nothing of the exchange when there is nothing to show', async () => {
  await renderPage(HouseholdHomePage, {
    lang: 'bo',
    routes: [
      on(registry, 'myHousehold', myHousehold),
      on(exchange, 'mine', {
        consents: [],
        named: [{ id: 'x', year: 2026, kind: 'family' as const }],
        publicity: false,
      }),
    ],
  })
  expect(screen.getByTestId('named-badge').textContent).toBe(bo('household.named', { year: 2026 }))
  expect(screen.queryByTestId('open-consent')).toBeNull()
  expect(screen.queryByTestId('open-publicity')).toBeNull()
  expect(screen.getByTestId('open-trips').textContent).toContain(bo('household.trips'))
})

test('a family never named has no way to trip invitations on its home', async () => {
  await renderPage(HouseholdHomePage, {
    routes: [
      on(registry, 'myHousehold', myHousehold),
      on(exchange, 'mine', { consents: [], named: [], publicity: false }),
    ],
  })
  expect(screen.queryByTestId('open-trips')).toBeNull()
})
