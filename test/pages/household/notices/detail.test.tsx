import { render, screen } from '@testing-library/react'
import HouseholdNoticeDetailPage from '@/pages/household/notices/detail'
import ShareNoticeH5 from '@/pages/household/notices/ShareNotice.h5'
import { notices } from '@shared/contracts/notices'
import { HOUSEHOLD_ID, noticeDetail } from '../../fixtures'
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
  shownError,
  tap,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

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

describe('sharing a notice with family', () => {
  test('the share button opens WeChat’s share sheet with the notice’s title and page, and records nothing', async () => {
    await renderPage(HouseholdNoticeDetailPage, { params, routes: [on(notices, 'open', noticeDetail)] })
    const share = screen.getByTestId('share-notice')
    expect(share.getAttribute('data-open-type')).toBe('share')
    expect(share.textContent).toBe('分享给家人')
    // the family member reads as themselves: the page carries no `as`
    expect(taroStub.shareAppMessage!()).toEqual({
      title: '冬季防火安全提示',
      path: '/pages/household/notices/detail?id=N1',
    })
    const before = taroStub.callFunction.mock.calls.length
    await tap(share)
    expect(taroStub.callFunction.mock.calls.length).toBe(before)
    expect(callsTo('contacts')).toEqual([])
  })

  test('in Tibetan the shared title is the Tibetan one', async () => {
    await renderPage(HouseholdNoticeDetailPage, { lang: 'bo', params, routes: [on(notices, 'open', noticeDetail)] })
    expect(screen.getByTestId('share-notice').textContent).toBe(bo('notice.share'))
    expect(taroStub.shareAppMessage!().title).toBe('དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།')
  })

  test('in the browser the button copies the notice’s link instead, and says so', async () => {
    render(<ShareNoticeH5 path="/pages/household/notices/detail?id=N1" />)
    await tap(screen.getByTestId('share-notice'))
    expect(taroStub.setClipboardData).toHaveBeenCalledWith({
      data: `${location.origin}${location.pathname}#/pages/household/notices/detail?id=N1`,
    })
    expect(screen.getByTestId('share-copied').textContent).toBe('链接已复制，粘贴到微信里发给家人')
    expect(taroStub.callFunction).not.toHaveBeenCalled()
  })
})
