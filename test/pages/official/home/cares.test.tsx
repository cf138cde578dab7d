import Taro from '@tarojs/taro'
import { screen } from '@testing-library/react'
import OfficialHomePage from '@/pages/official/home/index'
import { contacts } from '@shared/contracts/contacts'
import { CARE_TEMPLATE, dashboard } from '@shared/contracts/dashboard'
import { identity } from '@shared/contracts/identity'
import { HEAD_NAME, HOUSEHOLD_ID, PLACE, householdRows, officialMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const asked = {
  householdId: HOUSEHOLD_ID,
  headName: HEAD_NAME,
  village: PLACE.gala,
  remindedAt: '2026-12-05T02:00:00.000Z',
  daysSince: 40,
}

test('a household an office asked about shows as one that needs care, to open or put aside', async () => {
  let left = [asked]
  await renderPage(OfficialHomePage, {
    routes: [
      on(identity, 'me', officialMe),
      on(contacts, 'myHouseholds', householdRows),
      on(dashboard, 'cares', () => ({ households: left })),
      on(dashboard, 'putAside', () => {
        left = []
        return { putAside: true }
      }),
    ],
  })
  const cares = screen.getByTestId('cares')
  expect(cares.textContent).toContain(zh('dashboard.care.title'))
  expect(cares.textContent).toContain('泽仁拉姆 · 嘎拉社区')
  expect(cares.textContent).toContain(zh('dashboard.care.asked', { day: '2026-12-05' }))
  expect(cares.textContent).toContain('40 天前联系')
  // a list of households, not a mark: no count of anything the official did
  expect(cares.textContent).not.toMatch(/评分|排名|考核/)
  await tap(screen.getByTestId('care').querySelector('[role="link"]')!)
  expect(taroStub.navigations.map((n) => n.url)).toEqual([`/pages/official/household/index?id=${HOUSEHOLD_ID}`])

  const subscriptions: string[][] = []
  Object.assign(Taro, {
    requestSubscribeMessage: (options: { tmplIds: string[] }) => {
      subscriptions.push(options.tmplIds)
      return Promise.resolve({})
    },
  })
  await tap(screen.getByTestId('care-aside'))
  expect(lastInput('dashboard', 'putAside')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.queryByTestId('cares')).toBeNull()
  expect(callsTo('dashboard').map((c) => c.action)).toEqual(['cares', 'putAside', 'cares'])
  // the tap that puts it aside is the one WeChat may ask from: the next such request may come as a message
  expect(subscriptions).toEqual([[CARE_TEMPLATE]])
})

test('with none, nothing shows', async () => {
  await renderPage(OfficialHomePage, {
    routes: [on(identity, 'me', officialMe), on(dashboard, 'cares', { households: [] })],
  })
  expect(screen.queryByTestId('cares')).toBeNull()
})

test('in Tibetan the list reads in Tibetan', async () => {
  await renderPage(OfficialHomePage, {
    lang: 'bo',
    routes: [on(identity, 'me', officialMe), on(dashboard, 'cares', { households: [asked] })],
  })
  const cares = screen.getByTestId('cares')
  expect(cares.textContent).toContain(bo('dashboard.care.title'))
  expect(cares.textContent).toContain('ཚེ་རིང་ལྷ་མོ། · དཀར་ལྷ་སྡོད་ཁུལ')
  expect(screen.getByTestId('care-aside').textContent).toBe(bo('dashboard.care.aside'))
})
