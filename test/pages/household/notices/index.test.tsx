import Taro from '@tarojs/taro'
import { act, screen } from '@testing-library/react'
import HouseholdNoticeDetailPage from '@/pages/household/notices/detail'
import HouseholdNoticesPage from '@/pages/household/notices/index'
import { NOTICE_TEMPLATE_ID, notices } from '@shared/contracts/notices'
import type { Lang } from '@shared/i18n'
import { feedPage, HOUSEHOLD_ID, noticeDetail } from '../../fixtures'
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
  settle,
  shownError,
  tap,
  zh,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('the feed: unread first with its badge, category, recording and date; a tap opens the notice', async () => {
  await renderPage(HouseholdNoticesPage, { routes: [on(notices, 'feed', feedPage)] })
  expect(screen.getByText('1 条未读')).toBeTruthy()
  const items = screen.getAllByTestId('feed-item')
  expect(items.map((item) => item.getAttribute('data-id'))).toEqual(['N1', 'N2'])
  expect(items[0]!.textContent).toContain('未读')
  expect(items[0]!.textContent).toContain('安全')
  expect(items[0]!.textContent).toContain('语音')
  expect(items[0]!.textContent).toContain('冬季防火安全提示')
  expect(items[0]!.textContent).toContain('2026-12-01')
  expect(items[1]!.textContent).not.toContain('未读')
  expect(lastInput('notices', 'feed')).toEqual({ page: 0, pageSize: 10 })

  await tap(items[0]!)
  expect(taroStub.navigations).toEqual([
    {
      kind: 'navigateTo',
      url: `/pages/household/notices/detail?id=N1&as=${encodeURIComponent(`household:${HOUSEHOLD_ID}`)}`,
    },
  ])
})

test('more notices load below the first page', async () => {
  const second = { ...feedPage, items: [{ ...feedPage.items[1]!, id: 'N3' }], more: false }
  await renderPage(HouseholdNoticesPage, {
    routes: [on(notices, 'feed', (input) => (input.page === 0 ? { ...feedPage, more: true } : second))],
  })
  await tap(screen.getByText('加载更多'))
  expect(screen.getAllByTestId('feed-item').map((item) => item.getAttribute('data-id'))).toEqual(['N1', 'N2', 'N3'])
  expect(lastInput('notices', 'feed')).toMatchObject({ page: 1 })
  expect(screen.queryByText('加载更多')).toBeNull()
})

test('in Tibetan: Tibetan titles, and a notice with no Tibetan shown in Chinese', async () => {
  await renderPage(HouseholdNoticesPage, { lang: 'bo', routes: [on(notices, 'feed', feedPage)] })
  const items = screen.getAllByTestId('feed-item')
  expect(items[0]!.textContent).toContain('དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།')
  expect(items[0]!.textContent).toContain(bo('notice.unread'))
  expect(items[1]!.textContent).toContain('医保缴费通知')
})

test('nothing yet: the empty state says so', async () => {
  await renderPage(HouseholdNoticesPage, { routes: [on(notices, 'feed', { ...feedPage, items: [], unread: 0 })] })
  expect(screen.getByText('暂时没有通知')).toBeTruthy()
})

test('without signal the error is shown in Tibetan, and retry loads the feed', async () => {
  await renderPage(HouseholdNoticesPage, {
    lang: 'bo',
    routes: [on(notices, 'feed', (_input, n) => (n === 1 ? OFFLINE : feedPage))],
  })
  expect(shownError('UNAVAILABLE')).toContain(bo('error.UNAVAILABLE'))
  await retry()
  expect(screen.getAllByTestId('feed-item')).toHaveLength(2)
  expect(callsTo('notices').filter((c) => c.action === 'feed')).toHaveLength(2)
})

describe('without signal, the notices opened before', () => {
  // only the clock is fake: the page's calls still settle on real timers
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-12-02T04:30:00.000Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    })
  })
  afterEach(() => jest.useRealTimers())

  async function openedOnce(lang?: Lang) {
    const opened = await renderPage(HouseholdNoticeDetailPage, {
      lang,
      params: { id: 'N1' },
      routes: [on(notices, 'open', noticeDetail)],
    })
    opened.unmount()
  }

  test('are listed from the phone, marked as saved and when, beside the error and its retry', async () => {
    await openedOnce()
    await renderPage(HouseholdNoticesPage, {
      routes: [on(notices, 'feed', (_input, n) => (n === 1 ? OFFLINE : feedPage))],
    })

    expect(shownError('UNAVAILABLE')).toContain('网络不可用')
    expect(screen.getByText(zh('notice.savedList'))).toBeTruthy()
    const saved = screen.getAllByTestId('saved-notice')
    expect(saved.map((item) => item.getAttribute('data-id'))).toEqual(['N1'])
    expect(saved[0]!.textContent).toContain('冬季防火安全提示')
    expect(saved[0]!.textContent).toContain('安全')
    // saved at 12:30 China time
    expect(saved[0]!.textContent).toContain('保存于 2026-12-02 12:30')

    await tap(saved[0]!)
    expect(taroStub.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/household/notices/detail?id=N1' })

    await retry()
    expect(screen.queryByTestId('saved-notices')).toBeNull()
    expect(screen.getAllByTestId('feed-item')).toHaveLength(2)
  })

  test('in Tibetan, with the Tibetan title', async () => {
    await openedOnce('bo')
    await renderPage(HouseholdNoticesPage, { lang: 'bo', routes: [on(notices, 'feed', OFFLINE)] })
    expect(screen.getByText(bo('notice.savedList'))).toBeTruthy()
    const saved = screen.getByTestId('saved-notice')
    expect(saved.textContent).toContain('དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།')
    expect(saved.textContent).toContain(bo('notice.savedAt', { time: '2026-12-02 12:30' }))
  })

  test('a refusal is not a lost signal: the saved notices are not offered for it', async () => {
    await openedOnce()
    await renderPage(HouseholdNoticesPage, { routes: [on(notices, 'feed', refuse('FORBIDDEN'))] })
    expect(shownError('FORBIDDEN')).toBeTruthy()
    expect(screen.queryByTestId('saved-notices')).toBeNull()
  })

  test('with nothing saved, only the error and its retry', async () => {
    await renderPage(HouseholdNoticesPage, { routes: [on(notices, 'feed', OFFLINE)] })
    expect(shownError('UNAVAILABLE')).toBeTruthy()
    expect(screen.queryByTestId('saved-notices')).toBeNull()
  })
})

test('pulling the list down reads it again and then stops the spinner', async () => {
  const second = { ...feedPage, items: [{ ...feedPage.items[0]!, read: true }, feedPage.items[1]!], unread: 0 }
  await renderPage(HouseholdNoticesPage, {
    routes: [on(notices, 'feed', (_input, n) => (n === 1 ? feedPage : second))],
  })
  expect(screen.getByText('1 条未读')).toBeTruthy()
  expect(taroStub.stopPullDownRefresh).not.toHaveBeenCalled()

  await act(async () => taroStub.pullDownRefresh!())
  await settle(3)
  expect(screen.queryByText('1 条未读')).toBeNull()
  expect(lastInput('notices', 'feed')).toMatchObject({ page: 0 })
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalledTimes(1)
})

test('with no notice message left, the list offers one; the tap asks WeChat and records the answer', async () => {
  const asked: string[][] = []
  Object.assign(Taro, {
    requestSubscribeMessage: (options: { tmplIds: string[] }) => {
      asked.push(options.tmplIds)
      return Promise.resolve({ [NOTICE_TEMPLATE_ID]: 'accept' })
    },
  })
  await renderPage(HouseholdNoticesPage, {
    routes: [
      on(notices, 'feed', feedPage),
      on(notices, 'subscription', { remaining: 0, askSubscribe: true }),
      on(notices, 'subscribe', { remaining: 1 }),
    ],
  })
  await tap(screen.getByText(zh('notice.subscribe.button')))
  expect(asked).toEqual([[NOTICE_TEMPLATE_ID]])
  expect(lastInput('notices', 'subscribe')).toEqual({ accepted: true })
  expect(screen.getByText(zh('notice.subscribe.done'))).toBeTruthy()
})
