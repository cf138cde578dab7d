import { screen } from '@testing-library/react'
import OfficialNoticesPage from '@/pages/official/notices/index'
import { notices } from '@shared/contracts/notices'
import { feedPage, OFFICIAL_ID } from '../../fixtures'
import { bo, freshTaro, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const officialFeed = {
  ...feedPage,
  items: [feedPage.items[0]!, { ...feedPage.items[1]!, forHouseholds: true }],
  as: { role: 'official' as const, id: OFFICIAL_ID },
}

test('an official’s notices, those meant for their households marked; a tap opens the official’s detail', async () => {
  await renderPage(OfficialNoticesPage, { routes: [on(notices, 'feed', officialFeed)] })
  const items = screen.getAllByTestId('feed-item')
  expect(items[0]!.textContent).toContain('冬季防火安全提示')
  expect(items[0]!.textContent).not.toContain('发给家庭')
  expect(items[1]!.textContent).toContain('发给家庭')

  await tap(items[1]!)
  expect(taroStub.navigations[0]!.url).toBe(
    `/pages/official/notices/detail?id=N2&as=${encodeURIComponent(`official:${OFFICIAL_ID}`)}`,
  )
})

test('in Tibetan the marks are Tibetan', async () => {
  await renderPage(OfficialNoticesPage, { lang: 'bo', routes: [on(notices, 'feed', officialFeed)] })
  expect(screen.getAllByTestId('feed-item')[1]!.textContent).toContain(bo('notice.forHouseholds'))
})

test('a failed feed shows the error, and retry loads it', async () => {
  await renderPage(OfficialNoticesPage, {
    routes: [on(notices, 'feed', (_input, n) => (n === 1 ? refuse('INTERNAL') : officialFeed))],
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('feed-item')).toHaveLength(2)
})
