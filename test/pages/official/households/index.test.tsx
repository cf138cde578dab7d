import { screen, within } from '@testing-library/react'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { contacts } from '@shared/contracts/contacts'
import { HOUSEHOLD_ID, householdRows } from '../../fixtures'
import { bo, freshTaro, on, OFFLINE, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('paired households, overdue first, with risk, open needs and last contact; "log contact" opens the form', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  expect(screen.getByText('1 户超期未联系')).toBeTruthy()
  const [first, second] = screen.getAllByTestId('household-row')
  expect(first!.getAttribute('data-overdue')).toBe('true')
  expect(first!.textContent).toContain('泽仁拉姆')
  expect(first!.textContent).toContain('4 人')
  expect(first!.textContent).toContain('超期')
  expect(first!.textContent).toContain('返贫风险：关注')
  expect(first!.textContent).toContain('1 项待办')
  expect(first!.textContent).toContain('尚未联系')
  expect(second!.textContent).toContain('3 天前联系')

  await tap(within(first!).getByTestId('log-contact'))
  await tap(within(first!).getByTestId('invite-member'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    `/pages/official/contact/index?householdId=${HOUSEHOLD_ID}`,
    `/pages/official/invite/index?householdId=${HOUSEHOLD_ID}`,
  ])
  // kept on the phone for the village without signal
  expect(JSON.parse(taroStub.storage.get(SAVED_KEY) as string)).toEqual(householdRows)
})

test('without signal the list fetched last is shown, marked, in Tibetan', async () => {
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
  await renderPage(OfficialHouseholdsPage, { lang: 'bo', routes: [on(contacts, 'myHouseholds', OFFLINE)] })
  expect(screen.getByTestId('saved-list').textContent).toBe(bo('contacts.savedList'))
  const rows = screen.getAllByTestId('household-row')
  expect(rows).toHaveLength(2)
  expect(rows[0]!.textContent).toContain('ཚེ་རིང་ལྷ་མོ།')
})

test('without signal and nothing kept: the error, and retry loads the list', async () => {
  await renderPage(OfficialHouseholdsPage, {
    routes: [on(contacts, 'myHouseholds', (_input, n) => (n === 1 ? OFFLINE : householdRows))],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('household-row')).toHaveLength(2)
})

test('no paired household: said so', async () => {
  await renderPage(OfficialHouseholdsPage, {
    routes: [on(contacts, 'myHouseholds', { households: [], overdueCount: 0, unconfirmedCount: 0 })],
  })
  expect(screen.getByText('暂时没有结对户')).toBeTruthy()
})
