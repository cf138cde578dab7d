import { render, screen } from '@testing-library/react'
import HouseholdHomePage from '@/pages/household/home/index'
import type { ActionOutput } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { feedPage, HOUSEHOLD_ID, myHousehold, OFFICIAL_ID, OFFICIAL_NAME } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  OFFLINE,
  refuse,
  renderPage,
  retry,
  route,
  settle,
  shownError,
  tap,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('shows the household head, village, region path, members and paired officials', async () => {
  route([on(registry, 'myHousehold', myHousehold)])
  render(<HouseholdHomePage />)
  expect(screen.getByText('正在加载…')).toBeTruthy()
  await settle()

  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(screen.getByText('4 位家庭成员')).toBeTruthy()
  expect(screen.getByText('嘎拉社区')).toBeTruthy()
  expect(screen.getByText('甘孜藏族自治州 · 康定市 · 拉卓镇')).toBeTruthy()
  const cards = screen.getAllByTestId('official')
  expect(cards).toHaveLength(2)
  expect(cards[0]!.textContent).toContain('扎西卓玛')
  expect(cards[0]!.textContent).toContain('康定市民政局')
  expect(cards[0]!.textContent).toContain('151****9948')
  expect(taroStub.callFunction).toHaveBeenCalledWith({
    name: 'registry',
    data: { action: 'myHousehold', data: {}, lang: 'zh-Hans' },
  })
})

test('the head may invite family members; other members are not offered it', async () => {
  const head = await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', myHousehold)] })
  await tap(screen.getByTestId('open-invite'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/household/invite/index' }])
  head.unmount()

  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', { ...myHousehold, head: false })] })
  expect(screen.queryByTestId('open-invite')).toBeNull()
})

test('in Tibetan, place and department names come from the data in Tibetan, falling back to Chinese', async () => {
  await renderPage(HouseholdHomePage, { lang: 'bo', routes: [on(registry, 'myHousehold', myHousehold)] })

  expect(screen.getByText('དཀར་ལྷ་སྡོད་ཁུལ')).toBeTruthy()
  expect(screen.getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།')).toBeTruthy()
  expect(screen.getByText('ཁྱིམ་མི་ 4')).toBeTruthy()
  const cards = screen.getAllByTestId('official')
  expect(cards[0]!.textContent).toContain('དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས')
  expect(cards[1]!.textContent).toContain('康定市教育局')
  expect(taroStub.callFunction.mock.calls[0][0].data.lang).toBe('bo')
})

test('a household without paired officials sees that said, not an empty list', async () => {
  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', { ...myHousehold, officials: [] })] })
  expect(screen.getByText('暂时还没有为您家结对联谊干部')).toBeTruthy()
  expect(screen.queryAllByTestId('official')).toHaveLength(0)
})

test('a typed error shows its message, and retry loads the page', async () => {
  await renderPage(HouseholdHomePage, {
    routes: [on(registry, 'myHousehold', (_input, n) => (n === 1 ? refuse('NOT_FOUND') : myHousehold))],
  })
  expect(shownError('NOT_FOUND')).toContain('没有找到相关内容')
  await retry()
  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(callsTo('registry')).toHaveLength(2)
})

test('no signal: the user is told the network is unavailable, in their language', async () => {
  await renderPage(HouseholdHomePage, { lang: 'bo', routes: [on(registry, 'myHousehold', OFFLINE)] })
  expect(shownError('UNAVAILABLE')).toContain('དྲ་བ་མཐུད་མི་ཐུབ།')
})

describe('what is new at a glance', () => {
  const contact = (id: string, channel: 'visit' | 'phone', confirmedAt: string | null) => ({
    id,
    householdId: HOUSEHOLD_ID,
    officialId: OFFICIAL_ID,
    officialName: OFFICIAL_NAME,
    channel,
    at: '2026-12-05T02:30:00.000Z',
    topics: [],
    notes: '',
    photos: [],
    photoUrls: [],
    needs: [],
    confirmedAt,
    voiceNote: null,
  })
  // one visit waits; a confirmed visit and a phone call have nothing to confirm
  const latest: ActionOutput<typeof contacts, 'householdContacts'> = {
    contacts: [
      contact('0f8e2c1a-4b3d-4e5f-8a9b-1c2d3e4f5a6b', 'visit', null),
      contact('1f8e2c1a-4b3d-4e5f-8a9b-1c2d3e4f5a6b', 'phone', null),
      contact('2f8e2c1a-4b3d-4e5f-8a9b-1c2d3e4f5a6b', 'visit', '2026-12-01T02:00:00.000Z'),
    ],
    more: false,
  }
  const glance = [on(notices, 'feed', { ...feedPage, unread: 3 }), on(contacts, 'householdContacts', latest)]

  test('unread notices and visits waiting for confirmation, each on the link to its screen', async () => {
    await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', myHousehold), ...glance] })
    expect(screen.getByTestId('open-notices').textContent).toContain('3 条未读')
    expect(screen.getByTestId('open-contacts').textContent).toContain('1 次走访待确认')
    expect(lastInput('notices', 'feed')).toEqual({ pageSize: 1, page: 0 })
    expect(lastInput('contacts', 'householdContacts')).toEqual({ householdId: HOUSEHOLD_ID })

    await tap(screen.getByTestId('open-notices'))
    await tap(screen.getByTestId('open-contacts'))
    expect(taroStub.navigations).toEqual([
      { kind: 'navigateTo', url: '/pages/household/notices/index' },
      { kind: 'navigateTo', url: `/pages/household/contacts/index?householdId=${HOUSEHOLD_ID}` },
    ])
  })

  test('in Tibetan', async () => {
    await renderPage(HouseholdHomePage, { lang: 'bo', routes: [on(registry, 'myHousehold', myHousehold), ...glance] })
    expect(screen.getByTestId('open-notices').textContent).toContain(bo('notice.unreadCount', { count: 3 }))
    expect(screen.getByTestId('open-contacts').textContent).toContain(bo('contacts.household.waiting', { count: 1 }))
  })

  test('two calls beside the household’s own, the notices one sent without waiting for it', async () => {
    let answer: (value: typeof myHousehold) => void = () => undefined
    const household = new Promise<typeof myHousehold>((resolve) => (answer = resolve))
    await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', household), ...glance] })
    // the household has not answered yet: the notices count is already asked for
    expect(callsTo('notices').map((c) => c.action)).toContain('feed')
    answer(myHousehold)
    await settle(3)
    expect(screen.getByTestId('open-contacts').textContent).toContain('1 次走访待确认')
    const actions = (taroStub.callFunction.mock.calls as [{ name: string; data: { action: string } }][]).map(
      ([options]) => `${options.name}.${options.data.action}`,
    )
    // the exchange's badge and cards (pages/household/home/Exchange.tsx) ask once the household is known
    expect(actions.sort()).toEqual([
      'contacts.householdContacts',
      'exchange.mine',
      'notices.feed',
      'notices.subscription',
      'registry.myHousehold',
    ])
  })

  test('nothing new: no count is shown', async () => {
    await renderPage(HouseholdHomePage, {
      routes: [
        on(registry, 'myHousehold', myHousehold),
        on(notices, 'feed', { ...feedPage, unread: 0 }),
        on(contacts, 'householdContacts', { contacts: [latest.contacts[2]!], more: false }),
      ],
    })
    expect(screen.getByTestId('open-notices').textContent).not.toContain('未读')
    expect(screen.getByTestId('open-contacts').textContent).not.toContain('确认')
  })

  test('the counts failing leaves the home as it is: no error for them, the links still there', async () => {
    await renderPage(HouseholdHomePage, {
      routes: [
        on(registry, 'myHousehold', myHousehold),
        on(notices, 'feed', OFFLINE),
        on(contacts, 'householdContacts', refuse('INTERNAL')),
      ],
    })
    expect(screen.getByText('泽仁拉姆')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('open-notices').textContent).toBe('通知公告›')
    expect(screen.getByTestId('open-contacts').textContent).toBe('联系记录›')
  })
})
