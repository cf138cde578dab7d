import { screen } from '@testing-library/react'
import HouseholdNoticeDetailPage from '@/pages/household/notices/detail'
import { notices } from '@shared/contracts/notices'
import { HOUSEHOLD_ID, noticeDetail } from '../../fixtures'
import { bo, freshTaro, lastInput, on, OFFLINE, refuse, renderPage, retry, shownError } from '../../helpers'

beforeEach(freshTaro)

const params = { id: 'N1', as: encodeURIComponent(`household:${HOUSEHOLD_ID}`) }

test('opening a notice shows it in the reader’s language and records the read as the household', async () => {
  await renderPage(HouseholdNoticeDetailPage, { params, routes: [on(notices, 'open', noticeDetail)] })
  const notice = screen.getByTestId('notice')
  expect(notice.textContent).toContain('冬季防火安全提示')
  expect(notice.textContent).toContain('入冬后请注意用火用电安全')
  expect(notice.textContent).toContain('2026-12-01')
  expect(lastInput('notices', 'open')).toEqual({ id: 'N1', as: { role: 'household', id: HOUSEHOLD_ID } })
})

test('in Tibetan the Tibetan text is shown', async () => {
  await renderPage(HouseholdNoticeDetailPage, { lang: 'bo', params, routes: [on(notices, 'open', noticeDetail)] })
  const notice = screen.getByTestId('notice')
  expect(notice.getAttribute('data-lang')).toBe('bo')
  expect(notice.textContent).toContain('དགུན་ཁར་མེ་དང་གློག་བེད་སྤྱོད་སྐབས་བདེ་འཇགས་ལ་དོ་སྣང་གནང་རོགས།')
})

test('read once, a notice stays readable without signal, marked as kept on the phone', async () => {
  const online = await renderPage(HouseholdNoticeDetailPage, { params, routes: [on(notices, 'open', noticeDetail)] })
  online.unmount()

  await renderPage(HouseholdNoticeDetailPage, { params, routes: [on(notices, 'open', OFFLINE)] })
  expect(screen.getByText('网络不可用，显示的是保存在手机上的内容')).toBeTruthy()
  expect(screen.getByTestId('notice').textContent).toContain('冬季防火安全提示')
})

test('a notice not for this household is refused, in Tibetan, with retry', async () => {
  await renderPage(HouseholdNoticeDetailPage, {
    lang: 'bo',
    params,
    routes: [
      on(notices, 'open', (_input, n) => (n === 1 ? refuse('FORBIDDEN', 'notice.notInAudience') : noticeDetail)),
    ],
  })
  expect(shownError('FORBIDDEN')).toContain(bo('notice.notInAudience'))
  await retry()
  expect(screen.getByTestId('notice')).toBeTruthy()
})
