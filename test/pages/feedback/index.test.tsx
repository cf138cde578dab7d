import { fireEvent, screen } from '@testing-library/react'
import FeedbackLink, { WAITING_KEY } from '@/pages/feedback/Link'
import FeedbackPage from '@/pages/feedback/index'
import type { ActionOutput } from '@shared/contract'
import { feedback } from '@shared/contracts/feedback'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap, zh } from '../helpers'
import { taroStub } from '../stubs/taro'

beforeEach(freshTaro)

const answered: ActionOutput<typeof feedback, 'mine'> = {
  items: [
    {
      id: '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
      kind: 'problem',
      text: '通知页面的字太小',
      screen: 'notices',
      createdAt: '2026-12-01T02:00:00.000Z',
      state: 'answered',
      answer: { text: '已加大字号，谢谢', at: '2026-12-02T03:30:00.000Z' },
      fresh: true,
    },
    {
      id: '7a2d3b0f-4c8e-4d3f-8b52-3e1e6c9d8f22',
      kind: 'suggestion',
      text: '希望能听藏语语音',
      createdAt: '2026-11-30T02:00:00.000Z',
      state: 'new',
      fresh: false,
    },
  ],
}

const sent = { id: 'x', createdAt: '2026-12-06T02:00:00.000Z', status: 'created' as const }
const field = (path: string) => document.querySelector(`[data-field="${path}"]`)!

test('"my feedback" shows what was sent and the office’s answer, a new answer marked', async () => {
  await renderPage(FeedbackPage, { routes: [on(feedback, 'mine', answered)] })
  const items = screen.getAllByTestId('my-feedback')
  expect(items.map((i) => i.getAttribute('data-state'))).toEqual(['answered', 'new'])
  expect(items[0]!.textContent).toContain('页面问题')
  expect(items[0]!.textContent).toContain('通知公告')
  expect(items[0]!.textContent).toContain('2026-12-01 10:00 发送')
  expect(items[0]!.querySelector('[data-testid="answer"]')!.textContent).toContain('已加大字号，谢谢')
  expect(items[0]!.textContent).toContain('新答复')
  expect(items[1]!.textContent).toContain('等待答复')
  expect(items[1]!.querySelector('[data-testid="answer"]')).toBeNull()
  // arriving for a fresh answer, the list comes before the form
  const before = screen.getByTestId('mine').compareDocumentPosition(screen.getByTestId('feedback-form'))
  expect(before & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  // one still waits for its answer: the home keeps asking
  expect(taroStub.storage.get(WAITING_KEY)).toBe(true)
})

test('once every answer is read and none waits, the home stops asking', async () => {
  taroStub.storage.set(WAITING_KEY, true)
  await renderPage(FeedbackPage, { routes: [on(feedback, 'mine', { items: [answered.items[0]!] })] })
  expect(taroStub.storage.has(WAITING_KEY)).toBe(false)
})

test('sending: the kind is asked for on the phone, then the feedback is sent once with its id, the form emptied and the list read again', async () => {
  // read again after the send, the list holds it, waiting for its answer
  const waitingOne = { ...answered.items[1]!, text: '打卡太麻烦' }
  await renderPage(FeedbackPage, {
    routes: [on(feedback, 'mine', (_i, n) => ({ items: n === 1 ? [] : [waitingOne] })), on(feedback, 'send', sent)],
  })
  expect(screen.getByText('还没有发送过反馈')).toBeTruthy()
  // with nothing fresh the form comes first
  const after = screen.getByTestId('mine').compareDocumentPosition(screen.getByTestId('feedback-form'))
  expect(after & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy()
  fireEvent.change(screen.getByTestId('feedback-text'), { target: { value: '  打卡太麻烦  ' } })
  await tap(screen.getByTestId('feedback-send'))
  // nothing sent: the kind is marked with its message
  expect(callsTo('feedback').filter((c) => c.action === 'send')).toHaveLength(0)
  expect(field('kind').getAttribute('data-invalid')).toBe('true')
  expect(field('kind').textContent).toContain('请选择反馈类型')

  await tap(screen.getByTestId('kind-complaint'))
  await tap(screen.getByTestId('screen-home'))
  await tap(screen.getByTestId('feedback-send'))
  const input = lastInput('feedback', 'send') as Record<string, string>
  expect(input).toMatchObject({ kind: 'complaint', text: '打卡太麻烦', screen: 'home' })
  expect(input.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已发送', icon: 'success' })
  // the home asks for the answer's mark from now on
  expect(taroStub.storage.get(WAITING_KEY)).toBe(true)
  expect((screen.getByTestId('feedback-text') as HTMLInputElement).value).toBe('')
  expect(field('kind').getAttribute('data-invalid')).toBeNull()
  expect(callsTo('feedback').filter((c) => c.action === 'mine')).toHaveLength(2)
  expect(screen.getByTestId('my-feedback').textContent).toContain('打卡太麻烦')

  // the next feedback is another one: a new id
  await tap(screen.getByTestId('kind-suggestion'))
  fireEvent.change(screen.getByTestId('feedback-text'), { target: { value: '很好' } })
  await tap(screen.getByTestId('feedback-send'))
  expect((lastInput('feedback', 'send') as { id: string }).id).not.toBe(input.id)
})

test('the screen it is about is optional, and a second tap takes it back', async () => {
  await renderPage(FeedbackPage, { routes: [on(feedback, 'mine', { items: [] }), on(feedback, 'send', sent)] })
  await tap(screen.getByTestId('kind-suggestion'))
  await tap(screen.getByTestId('screen-roster'))
  await tap(screen.getByTestId('screen-roster'))
  fireEvent.change(screen.getByTestId('feedback-text'), { target: { value: '建议' } })
  await tap(screen.getByTestId('feedback-send'))
  expect(lastInput('feedback', 'send')).not.toHaveProperty('screen')
})

test('an empty text is marked on the phone and nothing is sent', async () => {
  await renderPage(FeedbackPage, { routes: [on(feedback, 'mine', { items: [] }), on(feedback, 'send', sent)] })
  await tap(screen.getByTestId('kind-suggestion'))
  fireEvent.change(screen.getByTestId('feedback-text'), { target: { value: '   ' } })
  await tap(screen.getByTestId('feedback-send'))
  expect(field('text').getAttribute('data-invalid')).toBe('true')
  expect(field('text').textContent).toContain(zh('validation.required'))
  expect(screen.getByTestId('form-message').textContent).toBe(zh('form.checkMarked'))
  expect(callsTo('feedback').filter((c) => c.action === 'send')).toHaveLength(0)
})

test('in Tibetan: past the day’s limit the refusal is shown in Tibetan and the text is kept', async () => {
  await renderPage(FeedbackPage, {
    lang: 'bo',
    routes: [
      on(feedback, 'mine', { items: [] }),
      on(feedback, 'send', refuse('RATE_LIMITED', 'feedback.tooMany', { max: 5 })),
    ],
  })
  expect(screen.getByText(bo('feedback.intro'))).toBeTruthy()
  await tap(screen.getByTestId('kind-problem'))
  fireEvent.change(screen.getByTestId('feedback-text'), { target: { value: 'ཡི་གེ་ཆུང་དྲགས།' } })
  await tap(screen.getByTestId('feedback-send'))
  expect(lastInput('feedback', 'send')).toMatchObject({ kind: 'problem', text: 'ཡི་གེ་ཆུང་དྲགས།' })
  expect(screen.getByTestId('form-message').textContent).toBe(bo('feedback.tooMany', { max: 5 }))
  expect((screen.getByTestId('feedback-text') as HTMLInputElement).value).toBe('ཡི་གེ་ཆུང་དྲགས།')
  expect(taroStub.showToast).not.toHaveBeenCalled()
})

test('without signal "my feedback" says so, and retry reads it', async () => {
  await renderPage(FeedbackPage, {
    routes: [on(feedback, 'mine', (_i, n) => (n === 1 ? refuse('UNAVAILABLE') : answered))],
  })
  expect(shownError('UNAVAILABLE')).toContain(zh('error.UNAVAILABLE'))
  await retry()
  expect(screen.getAllByTestId('my-feedback')).toHaveLength(2)
})

test('the home link is marked while an answer is unread, and opens the feedback screen', async () => {
  taroStub.storage.set(WAITING_KEY, true)
  await renderPage(FeedbackLink, { routes: [on(feedback, 'unread', { answers: 2 })] })
  expect(screen.getByTestId('open-feedback').textContent).toContain('2 条新答复')
  await tap(screen.getByTestId('open-feedback'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/feedback/index' }])
})

test('in Tibetan, with nothing unread, the link is the title alone', async () => {
  taroStub.storage.set(WAITING_KEY, true)
  await renderPage(FeedbackLink, { lang: 'bo', routes: [on(feedback, 'unread', { answers: 0 })] })
  expect(screen.getByTestId('open-feedback').textContent).toBe(`${bo('feedback.title')}›`)
})

test('a phone whose feedback waits for nothing asks nothing', async () => {
  await renderPage(FeedbackLink, { routes: [on(feedback, 'unread', { answers: 1 })] })
  expect(callsTo('feedback')).toEqual([])
  expect(screen.getByTestId('open-feedback').textContent).toBe(`${zh('feedback.title')}›`)
})

test('the link shows alone when the mark cannot be asked', async () => {
  taroStub.storage.set(WAITING_KEY, true)
  await renderPage(FeedbackLink, { routes: [on(feedback, 'unread', refuse('UNAVAILABLE'))] })
  expect(screen.getByTestId('open-feedback').textContent).toBe(`${zh('feedback.title')}›`)
  expect(screen.queryByRole('alert')).toBeNull()
})
