import { screen, within } from '@testing-library/react'
import OfficialNoticeDetailPage from '@/pages/official/notices/detail'
import { contacts } from '@shared/contracts/contacts'
import { notices } from '@shared/contracts/notices'
import { HOUSEHOLD_ID, noticeDetail, PLACE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const unread = on(notices, 'unreadHouseholds', {
  items: [{ id: HOUSEHOLD_ID, headName: '泽仁拉姆', village: PLACE.gala, phoneMasked: '139****2211' }],
  read: 3,
})

test('the notice, the paired households that have not read it, and a forward the official says was sent logged as a WeChat contact', async () => {
  await renderPage(OfficialNoticeDetailPage, {
    params: { id: 'N1' },
    routes: [
      on(notices, 'open', noticeDetail),
      unread,
      on(contacts, 'logContact', (input) => ({ id: input.id, status: 'created' as const })),
      on(notices, 'forwardToHousehold', (input) => ({ contactId: input.contactId })),
    ],
  })
  expect(screen.getByTestId('notice').textContent).toContain('冬季防火安全提示')
  const row = screen.getByTestId('unread-household')
  expect(row.textContent).toContain('泽仁拉姆')
  expect(row.textContent).toContain('嘎拉社区 · 139****2211')

  await tap(within(row).getByText('转发给这户'))
  const logged = lastInput('contacts', 'logContact') as {
    id: string
    householdId: string
    channel: string
    topics: string[]
  }
  expect(logged).toMatchObject({ householdId: HOUSEHOLD_ID, channel: 'wechat', topics: ['policy'] })
  expect(lastInput('notices', 'forwardToHousehold')).toEqual({
    id: 'N1',
    householdId: HOUSEHOLD_ID,
    contactId: logged.id,
  })
  expect(within(row).getByRole('button').textContent).toBe('已转发，并记为一次微信联系')
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已记下', icon: 'success' })
})

test('a forward the official says was not sent is not logged', async () => {
  taroStub.confirm = false
  await renderPage(OfficialNoticeDetailPage, {
    params: { id: 'N1' },
    routes: [on(notices, 'open', noticeDetail), unread],
  })
  const row = screen.getByTestId('unread-household')
  await tap(within(row).getByTestId('forward'))
  expect(callsTo('contacts')).toHaveLength(0)
  expect(callsTo('notices').filter((c) => c.action === 'forwardToHousehold')).toHaveLength(0)
  expect(within(row).getByTestId('forward').textContent).toBe(zh('notice.forward'))
})

test('a notice for officials, which none of their households is meant to read, has no households-read section', async () => {
  await renderPage(OfficialNoticeDetailPage, {
    params: { id: 'N1' },
    routes: [on(notices, 'open', noticeDetail), on(notices, 'unreadHouseholds', { items: [], read: 0 })],
  })
  expect(screen.getByTestId('notice')).toBeTruthy()
  expect(screen.queryByText(zh('notice.allRead'))).toBeNull()
  expect(screen.queryByText(zh('notice.unreadHouseholds'))).toBeNull()
})

test('in Tibetan: the village in Tibetan, and a refused forward said in Tibetan', async () => {
  await renderPage(OfficialNoticeDetailPage, {
    lang: 'bo',
    params: { id: 'N1' },
    routes: [
      on(notices, 'open', noticeDetail),
      unread,
      on(contacts, 'logContact', refuse('FORBIDDEN', 'notice.notPaired')),
    ],
  })
  const row = screen.getByTestId('unread-household')
  expect(row.textContent).toContain('དཀར་ལྷ་སྡོད་ཁུལ')
  await tap(within(row).getByText(bo('notice.forward')))
  expect(screen.getByText(bo('notice.notPaired'))).toBeTruthy()
})

test('every household has read it: said so', async () => {
  await renderPage(OfficialNoticeDetailPage, {
    params: { id: 'N1' },
    routes: [on(notices, 'open', noticeDetail), on(notices, 'unreadHouseholds', { items: [], read: 4 })],
  })
  expect(screen.getByText(zh('notice.allRead'))).toBeTruthy()
})

test('each part shows its own error with its retry', async () => {
  await renderPage(OfficialNoticeDetailPage, {
    params: { id: 'N1' },
    routes: [on(notices, 'open', (_input, n) => (n === 1 ? refuse('NOT_FOUND') : noticeDetail)), unread],
  })
  expect(shownError('NOT_FOUND')).toContain('没有找到相关内容')
  expect(screen.getByTestId('unread-household')).toBeTruthy()
  await retry()
  expect(screen.getByTestId('notice')).toBeTruthy()
})
