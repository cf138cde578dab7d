import { screen } from '@testing-library/react'
import HouseholdNoticesPage from '@/pages/household/notices/index'
import { notices } from '@shared/contracts/notices'
import { feedPage, HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, OFFLINE, renderPage, retry, shownError, tap } from '../../helpers'
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
