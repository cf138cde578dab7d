import { act, screen } from '@testing-library/react'
import OfficeNoticesPage from '@/pages/office/notices/index'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { officeMe, summary } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, settle, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const page0 = {
  items: [summary('N7', 'submitted', '冬季防火安全提示'), summary('N6', 'published', '医保缴费通知')],
  more: true,
}
const page1 = { items: [summary('N5', 'draft', '草原防火')], more: false }

test('the office’s notices with their status, newest first, a page at a time; writing and the queue', async () => {
  await renderPage(OfficeNoticesPage, {
    routes: [on(identity, 'me', officeMe), on(notices, 'mine', (input) => (input.page === 0 ? page0 : page1))],
  })
  const items = screen.getAllByTestId('summary')
  expect(items[0]!.textContent).toContain('待审核')
  expect(items[0]!.textContent).toContain('冬季防火安全提示')
  expect(items[0]!.textContent).toContain('2026-12-05')
  expect(items[1]!.textContent).toContain('已发布')

  await tap(screen.getByText('加载更多'))
  expect(lastInput('notices', 'mine')).toEqual({ page: 1 })
  expect(screen.getAllByTestId('summary').map((s) => s.getAttribute('data-id'))).toEqual(['N5'])

  await tap(screen.getAllByTestId('summary')[0]!)
  await tap(screen.getByTestId('write'))
  await tap(screen.getByTestId('queue'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/office/notices/record?id=N5',
    '/pages/office/notices/edit',
    '/pages/office/notices/queue',
  ])
})

test('in Tibetan: a failed list shows the error in Tibetan, and retry loads it', async () => {
  await renderPage(OfficeNoticesPage, {
    lang: 'bo',
    routes: [on(identity, 'me', officeMe), on(notices, 'mine', (_input, n) => (n === 1 ? refuse('INTERNAL') : page0))],
  })
  expect(shownError('INTERNAL')).toContain(bo('error.INTERNAL'))
  await retry()
  expect(screen.getAllByTestId('summary')[0]!.textContent).toContain(bo('notice.status.submitted'))
})

test('pulling the list down asks for it again and stops the spinner once it has arrived', async () => {
  await renderPage(OfficeNoticesPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'mine', (_input, n) =>
        n === 1 ? page0 : { items: [summary('N8', 'draft', '新写的通知')], more: false },
      ),
    ],
  })
  expect(screen.getAllByTestId('summary')).toHaveLength(2)
  act(() => taroStub.pullDownRefresh!())
  await settle(3)
  expect(screen.getAllByTestId('summary').map((s) => s.getAttribute('data-id'))).toEqual(['N8'])
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalledTimes(1)
})
