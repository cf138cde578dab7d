import { act, screen, within } from '@testing-library/react'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { contacts } from '@shared/contracts/contacts'
import { HOUSEHOLD_ID, householdRows } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  OFFLINE,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
  zh,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const SECOND = householdRows.households[1]!.id
const created = on(contacts, 'logContact', (input) => ({ id: input.id, status: 'created' as const }))

/** taps counted from the household list, as the official makes them */
function counter() {
  let taps = 0
  return {
    tap: async (element: Element) => {
      taps += 1
      await tap(element)
    },
    get taps() {
      return taps
    },
  }
}

test('paired households, overdue first, with risk, open needs, visits to confirm and last contact', async () => {
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
  expect(within(first!).queryByTestId('unconfirmed')).toBeNull()
  expect(second!.textContent).toContain('3 天前联系')
  expect(within(second!).getByTestId('unconfirmed').textContent).toBe('1 次走访待家庭确认')
  // kept on the phone for the village without signal
  expect(JSON.parse(taroStub.storage.get(SAVED_KEY) as string)).toEqual(householdRows)
})

test('the card opens the household’s page; visit, the full form and the invitation open theirs', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  const first = screen.getAllByTestId('household-row')[0]!
  await tap(within(first).getByTestId('open-household'))
  await tap(within(first).getByTestId('log-visit'))
  await tap(within(first).getByTestId('log-contact'))
  await tap(within(first).getByTestId('invite-member'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    `/pages/official/household/index?id=${HOUSEHOLD_ID}`,
    `/pages/official/contact/index?householdId=${HOUSEHOLD_ID}&channel=visit`,
    `/pages/official/contact/index?householdId=${HOUSEHOLD_ID}`,
    `/pages/official/invite/index?householdId=${HOUSEHOLD_ID}`,
  ])
})

test('a phone call is logged in 2 taps from the list: 电话, then 记下这次联系 (topic 日常联系 already chosen)', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows), created] })
  const official = counter()
  const first = screen.getAllByTestId('household-row')[0]!
  await official.tap(within(first).getByTestId('quick-phone'))
  const sheet = screen.getByTestId('quick-log')
  expect(sheet.textContent).toContain('电话 · 泽仁拉姆')
  expect(screen.getByTestId('quick-topic-routine').getAttribute('data-on')).toBe('true')
  await official.tap(screen.getByTestId('quick-save'))
  await settle(3)

  expect(official.taps).toBe(2)
  const sent = lastInput('contacts', 'logContact') as { id: string; at: string }
  expect(sent).toMatchObject({
    householdId: HOUSEHOLD_ID,
    channel: 'phone',
    topics: ['routine'],
    notes: '',
    photos: [],
    needs: [],
    locationConsent: false,
  })
  expect(sent.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(Math.abs(Date.parse(sent.at) - Date.now())).toBeLessThan(60_000)
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已记下', icon: 'success' })
  expect(screen.queryByTestId('quick-log')).toBeNull()
  expect(taroStub.navigations).toEqual([])
})

test('a WeChat chat about a policy is 3 taps: 微信, the topic, save', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows), created] })
  const official = counter()
  const second = screen.getAllByTestId('household-row')[1]!
  await official.tap(within(second).getByTestId('quick-wechat'))
  await official.tap(screen.getByTestId('quick-topic-policy'))
  await official.tap(screen.getByTestId('quick-save'))
  await settle(3)
  expect(official.taps).toBe(3)
  expect(lastInput('contacts', 'logContact')).toMatchObject({
    householdId: SECOND,
    channel: 'wechat',
    topics: ['routine', 'policy'],
  })
})

test('the topic can be cleared, and "填写更多" carries the channel and topics to the full form', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  const first = screen.getAllByTestId('household-row')[0]!
  await tap(within(first).getByTestId('quick-wechat'))
  await tap(screen.getByTestId('quick-topic-routine'))
  await tap(screen.getByTestId('quick-topic-schooling'))
  await tap(screen.getByTestId('quick-more'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    `/pages/official/contact/index?householdId=${HOUSEHOLD_ID}&channel=wechat&topics=schooling`,
  ])
  expect(screen.queryByTestId('quick-log')).toBeNull()
})

test('cancel closes the sheet and logs nothing', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  await tap(within(screen.getAllByTestId('household-row')[0]!).getByTestId('quick-phone'))
  await tap(screen.getByTestId('quick-cancel'))
  expect(screen.queryByTestId('quick-log')).toBeNull()
  expect(callsTo('contacts').filter((c) => c.action === 'logContact')).toHaveLength(0)
})

test('in Tibetan: the quick sheet, its topic and its buttons', async () => {
  await renderPage(OfficialHouseholdsPage, { lang: 'bo', routes: [on(contacts, 'myHouseholds', householdRows)] })
  const first = screen.getAllByTestId('household-row')[0]!
  expect(within(first).getByTestId('quick-phone').textContent).toBe(bo('contacts.channel.phone'))
  await tap(within(first).getByTestId('quick-phone'))
  expect(screen.getByTestId('quick-log').textContent).toContain(`${bo('contacts.channel.phone')} · ཚེ་རིང་ལྷ་མོ།`)
  expect(screen.getByTestId('quick-topic-routine').textContent).toBe(bo('contacts.topic.routine'))
  expect(screen.getByTestId('quick-save').textContent).toBe(bo('contacts.quick.save'))
})

test('opened from the home narrowed to overdue households, or to visits to confirm; "显示全部" shows all', async () => {
  await renderPage(OfficialHouseholdsPage, {
    params: { filter: 'overdue' },
    routes: [on(contacts, 'myHouseholds', householdRows)],
  })
  expect(screen.getAllByTestId('household-row').map((r) => r.getAttribute('data-id'))).toEqual([HOUSEHOLD_ID])
  await tap(screen.getByTestId('filter-unconfirmed'))
  expect(screen.getAllByTestId('household-row').map((r) => r.getAttribute('data-id'))).toEqual([SECOND])
  await tap(screen.getByTestId('filter-all'))
  expect(screen.getAllByTestId('household-row')).toHaveLength(2)
})

test('a filter nothing matches says so', async () => {
  await renderPage(OfficialHouseholdsPage, {
    params: { filter: 'unconfirmed' },
    routes: [
      on(contacts, 'myHouseholds', {
        ...householdRows,
        households: householdRows.households.map((h) => ({ ...h, unconfirmedVisits: 0 })),
        unconfirmedCount: 0,
      }),
    ],
  })
  expect(screen.queryAllByTestId('household-row')).toHaveLength(0)
  expect(screen.getByText(zh('contacts.home.noneUnconfirmed'))).toBeTruthy()
})

test('pull to refresh asks for the list again and ends when the answer is in', async () => {
  await renderPage(OfficialHouseholdsPage, {
    routes: [
      on(contacts, 'myHouseholds', (_input, n) =>
        n === 1 ? householdRows : { ...householdRows, households: householdRows.households.slice(1), overdueCount: 0 },
      ),
    ],
  })
  expect(screen.getAllByTestId('household-row')).toHaveLength(2)
  expect(taroStub.pullDownRefresh).toBeDefined()
  act(() => taroStub.pullDownRefresh!())
  await settle(3)
  expect(callsTo('contacts').filter((c) => c.action === 'myHouseholds')).toHaveLength(2)
  expect(screen.getAllByTestId('household-row')).toHaveLength(1)
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalledTimes(1)
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

test('a call logged without signal waits in the outbox on the phone', async () => {
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
  await renderPage(OfficialHouseholdsPage, {
    routes: [on(contacts, 'myHouseholds', OFFLINE), on(contacts, 'logContact', OFFLINE)],
  })
  await tap(within(screen.getAllByTestId('household-row')[0]!).getByTestId('quick-phone'))
  await tap(screen.getByTestId('quick-save'))
  await settle(3)
  expect(screen.getByTestId('outbox').getAttribute('data-waiting')).toBe('1')
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已记下', icon: 'success' })
})
