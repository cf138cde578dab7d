import { act, screen } from '@testing-library/react'
import OfficeNoticeQueuePage from '@/pages/office/notices/queue'
import { notices } from '@shared/contracts/notices'
import { summary } from '../../fixtures'
import { bo, freshTaro, on, OFFLINE, renderPage, retry, settle, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('what waits for the reviewer; a tap opens it', async () => {
  await renderPage(OfficeNoticeQueuePage, {
    routes: [on(notices, 'queue', { items: [summary('N7', 'submitted', '冬季防火安全提示')] })],
  })
  const item = screen.getByTestId('summary')
  expect(item.textContent).toContain('待审核')
  expect(item.textContent).toContain('冬季防火安全提示')
  await tap(item)
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/office/notices/record?id=N7' }])
})

test('an empty queue is said, in Tibetan', async () => {
  await renderPage(OfficeNoticeQueuePage, { lang: 'bo', routes: [on(notices, 'queue', { items: [] })] })
  expect(screen.getByText(bo('notice.queueEmpty'))).toBeTruthy()
})

test('without signal the error, and retry loads the queue', async () => {
  await renderPage(OfficeNoticeQueuePage, {
    routes: [
      on(notices, 'queue', (_input, n) =>
        n === 1 ? OFFLINE : { items: [summary('N7', 'submitted', '冬季防火安全提示')] },
      ),
    ],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByTestId('summary')).toBeTruthy()
})

test('pulling the queue down asks for it again and stops the spinner once it has arrived', async () => {
  await renderPage(OfficeNoticeQueuePage, {
    routes: [
      on(notices, 'queue', (_input, n) => ({
        items: n === 1 ? [] : [summary('N7', 'submitted', '冬季防火安全提示')],
      })),
    ],
  })
  expect(screen.queryByTestId('summary')).toBeNull()
  act(() => taroStub.pullDownRefresh!())
  await settle(3)
  expect(screen.getByTestId('summary').getAttribute('data-id')).toBe('N7')
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalledTimes(1)
})
