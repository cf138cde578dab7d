import { fireEvent, screen } from '@testing-library/react'
import OfficeNoticeRecordPage from '@/pages/office/notices/record'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { officeMe, submittedRecord } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

const params = { id: 'N7' }
const approved = { ...submittedRecord, status: 'approved' as const, canReview: false }

test('a submitted notice: both languages, audience, history; the reviewer approves it and it is shown approved', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', (_input, n) => (n === 1 ? submittedRecord : approved)),
      on(notices, 'approve', { status: 'approved' }),
    ],
  })
  const record = screen.getByTestId('record')
  expect(screen.getByTestId('status').textContent).toBe('待审核')
  expect(screen.getByTestId('record-zh-Hans').textContent).toContain('冬季防火安全提示')
  expect(screen.getByTestId('record-bo').textContent).toContain('དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།')
  expect(record.textContent).toContain('发送对象: 家庭 · 拉卓镇')
  expect(screen.getByText('2026-12-05 · 提交审核 · 第 1 版')).toBeTruthy()

  await tap(screen.getByTestId('approve'))
  expect(lastInput('notices', 'approve')).toEqual({ id: 'N7' })
  expect(screen.getByTestId('status').textContent).toBe('已通过')
  // office staff publish an approved notice
  expect(screen.getByTestId('publish').textContent).toBe('发布')
})

test('returning without a comment is refused beside the form, in Tibetan', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    lang: 'bo',
    params,
    routes: [on(identity, 'me', officeMe), on(notices, 'record', submittedRecord)],
  })
  expect(screen.getByTestId('status').textContent).toBe(bo('notice.status.submitted'))
  // the client checks the comment before sending: nothing is sent
  await tap(screen.getByText(bo('notice.return')))
  expect(lastInput('notices', 'returnNotice')).toBeUndefined()
  expect(screen.getByText(bo('error.INVALID_ARGUMENT'))).toBeTruthy()
})

test('a notice outside the office’s region is refused, and retry loads it', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', (_input, n) => (n === 1 ? refuse('FORBIDDEN', 'notice.outsideRegion') : submittedRecord)),
    ],
  })
  expect(shownError('FORBIDDEN')).toContain('这条通知不属于你所在的工作办公室')
  await retry()
  expect(screen.getByTestId('record')).toBeTruthy()
})

test('a reviewer returns it with a comment', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', submittedRecord),
      on(notices, 'returnNotice', { status: 'returned' }),
    ],
  })
  fireEvent.change(screen.getByPlaceholderText('退回意见'), { target: { value: '请补充藏文' } })
  await tap(screen.getByText('退回修改'))
  expect(lastInput('notices', 'returnNotice')).toEqual({ id: 'N7', comment: '请补充藏文' })
})
