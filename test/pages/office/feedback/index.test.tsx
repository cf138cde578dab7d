import { fireEvent, screen } from '@testing-library/react'
import FeedbackInboxLink from '@/pages/office/feedback/Link'
import FeedbackInboxPage from '@/pages/office/feedback/index'
import type { ActionOutput } from '@shared/contract'
import { feedback } from '@shared/contracts/feedback'
import { KANGDING, PLACE, PREFECTURE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Inbox = ActionOutput<typeof feedback, 'inbox'>
type Item = Inbox['items'][number]

const complaint: Item = {
  id: '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
  kind: 'complaint',
  text: '每天都要打开小程序，太麻烦了，电话 139****0776',
  screen: 'contacts',
  createdAt: '2026-12-01T02:00:00.000Z',
  state: 'new',
  roles: ['official'],
  regionNames: [PLACE.kangding, PLACE.lazhuo],
}
const suggestion: Item = {
  id: '7a2d3b0f-4c8e-4d3f-8b52-3e1e6c9d8f22',
  kind: 'suggestion',
  text: 'ཡི་གེ་ཆེ་རུ་གཏོང་རོགས།',
  createdAt: '2026-11-30T02:00:00.000Z',
  state: 'answered',
  answer: { text: '已加大字号', at: '2026-12-01T01:00:00.000Z' },
  roles: ['household'],
  regionNames: [PLACE.kangding, PLACE.lazhuo, PLACE.gala],
}

const inbox = (items: Item[], more = false): Inbox => ({ items, more })
const answered = { id: complaint.id, answeredAt: '2026-12-06T02:00:00.000Z' }
const items = () => screen.getAllByTestId('inbox-item')

test('the inbox opens on new feedback, each with its kind, screen, and sender by role and region only', async () => {
  await renderPage(FeedbackInboxPage, { routes: [on(feedback, 'inbox', inbox([complaint]))] })
  expect(lastInput('feedback', 'inbox')).toEqual({ state: 'new', page: 0 })
  const [item] = items()
  expect(item!.textContent).toContain('投诉')
  expect(item!.textContent).toContain('等待答复')
  expect(item!.textContent).toContain('2026-12-01 10:00 发送 · 联系记录')
  expect(item!.querySelector('[data-testid="from"]')!.textContent).toBe('发送人：联谊干部 · 康定市 · 拉卓镇')
  expect(item!.textContent).toContain('139****0776')
})

test('filters by state and kind ask again from the first page; "all" drops the filter', async () => {
  await renderPage(FeedbackInboxPage, { routes: [on(feedback, 'inbox', inbox([complaint, suggestion]))] })
  await tap(screen.getByTestId('kind-complaint'))
  expect(lastInput('feedback', 'inbox')).toEqual({ state: 'new', kind: 'complaint', page: 0 })
  await tap(screen.getByTestId('state-answered'))
  expect(lastInput('feedback', 'inbox')).toEqual({ state: 'answered', kind: 'complaint', page: 0 })
  await tap(screen.getByTestId('state-all'))
  await tap(screen.getByTestId('kind-all'))
  expect(lastInput('feedback', 'inbox')).toEqual({ page: 0 })
  expect(items()).toHaveLength(2)
})

test('more pages are read below the first', async () => {
  await renderPage(FeedbackInboxPage, {
    routes: [on(feedback, 'inbox', (input) => (input.page === 0 ? inbox([complaint], true) : inbox([suggestion])))],
  })
  await tap(screen.getByTestId('inbox-more'))
  expect(lastInput('feedback', 'inbox')).toEqual({ state: 'new', page: 1 })
  expect(items().map((i) => i.getAttribute('data-id'))).toEqual([complaint.id, suggestion.id])
  expect(screen.queryByTestId('inbox-more')).toBeNull()
})

test('answering: an empty answer is marked on the phone; a written one is sent and shown at once', async () => {
  await renderPage(FeedbackInboxPage, {
    routes: [on(feedback, 'inbox', inbox([complaint])), on(feedback, 'answer', answered)],
  })
  await tap(screen.getByTestId('answer-send'))
  expect(callsTo('feedback').filter((c) => c.action === 'answer')).toHaveLength(0)
  const field = document.querySelector('[data-field="text"]')!
  expect(field.getAttribute('data-invalid')).toBe('true')
  expect(field.textContent).toContain(zh('validation.required'))

  fireEvent.change(screen.getByTestId('answer-text'), { target: { value: ' 不需要每天打开，联系记一次即可 ' } })
  await tap(screen.getByTestId('answer-send'))
  expect(lastInput('feedback', 'answer')).toEqual({ id: complaint.id, text: '不需要每天打开，联系记一次即可' })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('feedback.answered'), icon: 'success' })
  const [item] = items()
  expect(item!.getAttribute('data-state')).toBe('answered')
  expect(item!.querySelector('[data-testid="answer"]')!.textContent).toContain('不需要每天打开，联系记一次即可')
  expect(screen.getByTestId('answer-send').textContent).toBe('修改答复')
})

test('changing an answer asks first: a “no” sends nothing', async () => {
  await renderPage(FeedbackInboxPage, {
    routes: [on(feedback, 'inbox', inbox([suggestion])), on(feedback, 'answer', answered)],
  })
  fireEvent.change(screen.getByTestId('answer-text'), { target: { value: '已在新版本中加大' } })
  taroStub.confirm = false
  await tap(screen.getByTestId('answer-send'))
  expect(lastInput('feedback', 'answer')).toBeUndefined()
  taroStub.confirm = true
  await tap(screen.getByTestId('answer-send'))
  expect(lastInput('feedback', 'answer')).toEqual({ id: suggestion.id, text: '已在新版本中加大' })
})

test('an answer held by moderation marks the answer field with the server’s reason', async () => {
  await renderPage(FeedbackInboxPage, {
    routes: [
      on(feedback, 'inbox', inbox([complaint])),
      on(feedback, 'answer', refuse('INVALID_ARGUMENT', 'feedback.answerHeld')),
    ],
  })
  fireEvent.change(screen.getByTestId('answer-text'), { target: { value: '答复' } })
  await tap(screen.getByTestId('answer-send'))
  expect(screen.getByTestId('form-message').textContent).toBe(zh('feedback.answerHeld'))
  expect(items()[0]!.getAttribute('data-state')).toBe('new')
  expect(taroStub.showToast).not.toHaveBeenCalled()
})

test('in Tibetan, with nothing to show, the inbox says so', async () => {
  await renderPage(FeedbackInboxPage, { lang: 'bo', routes: [on(feedback, 'inbox', inbox([]))] })
  expect(screen.getByText(bo('feedback.inboxEmpty'))).toBeTruthy()
  expect(screen.getByText(bo('feedback.inboxIntro'))).toBeTruthy()
  expect(taroStub.callFunction.mock.calls[0][0].data.lang).toBe('bo')
})

test('a county office is refused with the reason', async () => {
  await renderPage(FeedbackInboxPage, {
    routes: [on(feedback, 'inbox', refuse('FORBIDDEN', 'feedback.notPrefecture'))],
  })
  expect(shownError('FORBIDDEN')).toContain(zh('feedback.notPrefecture'))
})

test('the office home shows the inbox to the prefecture office and administrators only', async () => {
  const view = await renderPage(() => <FeedbackInboxLink roles={[{ role: 'office', region: PREFECTURE }]} />)
  await tap(screen.getByTestId('open-feedback-inbox'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/office/feedback/index' }])
  view.unmount()
  const admin = await renderPage(() => <FeedbackInboxLink roles={[{ role: 'admin' }]} />)
  expect(screen.getByTestId('open-feedback-inbox')).toBeTruthy()
  admin.unmount()
  await renderPage(() => (
    <FeedbackInboxLink
      roles={[
        { role: 'office', region: KANGDING },
        { role: 'reviewer', region: PREFECTURE },
      ]}
    />
  ))
  expect(screen.queryByTestId('open-feedback-inbox')).toBeNull()
})
