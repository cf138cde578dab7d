import { screen, within } from '@testing-library/react'
import RolesPage, { CURRENT_ROLE_KEY } from '@/pages/roles/index'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, householdMe, officialMe } from '../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, OFFLINE, renderPage, retry, shownError, tap } from '../helpers'
import { taroStub } from '../stubs/taro'

beforeEach(freshTaro)

const both = {
  ...householdMe,
  roles: [...householdMe.roles, ...officialMe.roles],
  cards: [...householdMe.cards, ...officialMe.cards],
}

test('every role is listed with what it is about; switching opens that area and is remembered', async () => {
  await renderPage(RolesPage, { routes: [on(identity, 'me', both)] })
  const cards = screen.getAllByTestId('role-card')
  expect(cards).toHaveLength(2)
  expect(cards[0]!.textContent).toContain('户主')
  expect(cards[0]!.textContent).toContain('泽仁拉姆')
  expect(cards[0]!.textContent).toContain('甘孜藏族自治州 · 康定市 · 拉卓镇 · 嘎拉社区')
  expect(cards[0]!.textContent).toContain('当前')
  expect(cards[1]!.textContent).toContain('扎西卓玛')

  await tap(within(cards[1]!).getByText('切换到此身份'))
  expect(taroStub.storage.get(CURRENT_ROLE_KEY)).toBe('official:O51330100059')
  expect(taroStub.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/official/home/index' }])
})

test('ending a household binding asks first, then calls unbind and reloads the roles', async () => {
  await renderPage(RolesPage, {
    routes: [
      on(identity, 'me', (_input, n) => (n === 1 ? householdMe : { bound: false, roles: [], cards: [] })),
      on(identity, 'unbind', { roles: [] }),
    ],
  })
  await tap(screen.getByText('解除绑定'))
  expect(lastInput('identity', 'unbind')).toEqual({ role: 'household' })
  expect(screen.getByRole('status').textContent).toBe('已解除绑定')
  expect(screen.getByText('您还没有任何身份')).toBeTruthy()
  expect(callsTo('identity').filter((c) => c.action === 'me')).toHaveLength(2)
})

test('in Tibetan: the household card in Tibetan, and no unbind when the user cancels', async () => {
  taroStub.confirm = false
  await renderPage(RolesPage, { lang: 'bo', routes: [on(identity, 'me', householdMe)] })
  const card = screen.getByTestId('role-card')
  expect(card.textContent).toContain('ཚེ་རིང་ལྷ་མོ།')
  expect(card.textContent).toContain(bo('roles.head'))
  await tap(within(card).getByText(bo('roles.unbind')))
  expect(callsTo('identity').some((c) => c.action === 'unbind')).toBe(false)
  expect(card.getAttribute('data-key')).toBe(`household:${HOUSEHOLD_ID}`)
})

test('without signal the error is shown in Tibetan, and retry lists the roles', async () => {
  await renderPage(RolesPage, {
    lang: 'bo',
    routes: [on(identity, 'me', (_i, n) => (n === 1 ? OFFLINE : householdMe))],
  })
  expect(shownError('UNAVAILABLE')).toBe(bo('error.UNAVAILABLE') + bo('common.retry'))
  await retry()
  expect(screen.getAllByTestId('role-card')).toHaveLength(1)
})
