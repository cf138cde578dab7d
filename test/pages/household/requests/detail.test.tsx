import { screen } from '@testing-library/react'
import RequestDetailPage from '@/pages/household/requests/detail'
import type { RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { HOUSEHOLD_ID } from '../../fixtures'
import { audioPlays, bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { REQUEST_ID, assigned, categories, resolved } from './fixtures'

beforeEach(freshTaro)

const params = { id: REQUEST_ID, householdId: HOUSEHOLD_ID }

/** what `requests.item` answers for a request with no media links */
const one = (item: RequestItem) => ({ item, voice: null, photos: [] })

const reopened: RequestItem = {
  ...resolved,
  state: 'reopened',
  events: 6,
  timeline: [
    ...resolved.timeline,
    { type: 'confirm', at: '2026-12-06T02:00:00.000Z', answer: 'partly', onBehalf: false },
  ],
}

test('the steps in the household’s words: handed to a unit, taken on, progress, resolved with the note', async () => {
  await renderPage(RequestDetailPage, {
    params,
    routes: [on(requests, 'item', one(resolved)), on(requests, 'categories', categories)],
  })
  const steps = screen.getAllByTestId('step')
  expect(steps.map((s) => s.getAttribute('data-type'))).toEqual(['submit', 'assign', 'accept', 'progress', 'resolve'])
  expect(steps[1]!.textContent).toContain('转交办理乡镇工作办公室')
  expect(steps[3]!.textContent).toContain('已联系水务站')
  expect(steps[4]!.textContent).toContain('办结')
  expect(steps[4]!.textContent).toContain('水管已换新')
  expect(screen.getByTestId('request').textContent).toContain('附 2 张照片')
  expect(screen.getByTestId('answer-form')).toBeTruthy()
})

test('answering "partly solved" asks first, sends the steps seen, and shows the request reopened', async () => {
  await renderPage(RequestDetailPage, {
    params,
    routes: [
      on(requests, 'item', (_input, n) => one(n === 1 ? resolved : reopened)),
      on(requests, 'categories', categories),
      on(requests, 'answer', { id: REQUEST_ID, state: 'reopened', events: 6 }),
    ],
  })
  await tap(screen.getByTestId('answer-send'))
  expect(document.querySelector('[data-field="answer"]')!.getAttribute('data-invalid')).toBe('true')
  await tap(screen.getByTestId('answer-partly'))
  await tap(screen.getByTestId('rating-neutral'))
  await tap(screen.getByTestId('answer-send'))
  expect(lastInput('requests', 'answer')).toEqual({
    id: REQUEST_ID,
    householdId: HOUSEHOLD_ID,
    events: 5,
    answer: 'partly',
    rating: 'neutral',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('requests.reopenedNote') }))
  expect(screen.getByTestId('request').getAttribute('data-state')).toBe('reopened')
  expect(screen.getByTestId('request').textContent).toContain('正在重新办理')
  expect(screen.queryByTestId('answer-form')).toBeNull()
  const last = screen.getAllByTestId('step').at(-1)!
  expect(last.textContent).toContain('您的回复')
  expect(last.textContent).toContain('部分解决')
})

test('saying no to the question sends nothing; a request that changed meanwhile is refused and says so', async () => {
  await renderPage(RequestDetailPage, {
    params,
    routes: [
      on(requests, 'item', one(resolved)),
      on(requests, 'categories', categories),
      on(requests, 'answer', refuse('CONFLICT', 'requests.outOfOrder')),
    ],
  })
  await tap(screen.getByTestId('answer-solved'))
  taroStub.confirm = false
  await tap(screen.getByTestId('answer-send'))
  expect(callsTo('requests').filter((c) => c.action === 'answer')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('answer-send'))
  expect(screen.getByTestId('form-message').textContent).toBe(zh('requests.outOfOrder'))
})

test('an answer a paired official gave on a visit says so', async () => {
  const confirmed: RequestItem = {
    ...resolved,
    state: 'confirmed',
    events: 6,
    timeline: [
      ...resolved.timeline,
      { type: 'confirm', at: '2026-12-06T02:00:00.000Z', answer: 'solved', onBehalf: true },
    ],
  }
  await renderPage(RequestDetailPage, {
    params,
    routes: [on(requests, 'item', one(confirmed)), on(requests, 'categories', categories)],
  })
  expect(screen.getAllByTestId('step').at(-1)!.textContent).toContain(zh('requests.onBehalf'))
  expect(screen.queryByTestId('answer-form')).toBeNull()
})

test('in Tibetan', async () => {
  await renderPage(RequestDetailPage, {
    params,
    lang: 'bo',
    routes: [on(requests, 'item', one(resolved)), on(requests, 'categories', categories)],
  })
  expect(screen.getByTestId('request').textContent).toContain(bo('requests.state.resolved'))
  expect(screen.getAllByTestId('step')[4]!.textContent).toContain(bo('requests.event.resolve'))
  expect(screen.getByTestId('answer-partly').textContent).toBe(bo('requests.answer.partly'))
})

test('a request that is not the household’s says it was not found', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: assigned.id.replace('6c', '7d') },
    routes: [on(requests, 'item', refuse('FORBIDDEN', 'requests.notFound'))],
  })
  expect(lastInput('requests', 'item')).toEqual({ id: assigned.id.replace('6c', '7d') })
  expect(screen.getByText(zh('requests.notFound'))).toBeTruthy()
})

test('the household listens to its own recording and sees its photos', async () => {
  const played = audioPlays()
  await renderPage(RequestDetailPage, {
    params,
    routes: [
      on(requests, 'item', {
        item: resolved,
        photos: [
          { fileId: 'cloud://env/requests/x/0.jpg', url: 'https://tmp/0.jpg' },
          { fileId: 'cloud://env/requests/x/1.jpg', url: '' },
        ],
        voice: { fileId: 'cloud://env/requests/x/voice.mp3', url: 'https://tmp/voice.mp3' },
      }),
      on(requests, 'categories', categories),
    ],
  })
  expect(lastInput('requests', 'item')).toEqual({ id: REQUEST_ID })
  // a photo without a temporary URL is left out rather than drawn broken
  expect(screen.getByTestId('photos').querySelectorAll('img')).toHaveLength(1)
  await tap(screen.getByRole('button', { name: /播放/ }))
  expect(played).toEqual(['https://tmp/voice.mp3'])
})

const progressPhotos = [
  { fileId: 'cloud://env/requests/x/p0.jpg', url: 'https://tmp/p0.jpg' },
  { fileId: 'cloud://env/requests/x/p1.jpg', url: 'https://tmp/p1.jpg' },
]
const withPhotos: RequestItem = {
  ...resolved,
  timeline: resolved.timeline.map((e) => (e.type === 'progress' ? { ...e, photos: progressPhotos } : e)),
}

test("a unit's progress photos are thumbnails on the step; a tap opens them whole, that one first", async () => {
  await renderPage(RequestDetailPage, {
    params,
    routes: [on(requests, 'item', one(withPhotos)), on(requests, 'categories', categories)],
  })
  const progress = screen.getAllByTestId('step').find((s) => s.getAttribute('data-type') === 'progress')!
  const thumbs = progress.querySelectorAll('[data-testid="photo"]')
  expect(thumbs).toHaveLength(2)
  await tap(thumbs[1] as HTMLElement)
  expect(taroStub.previews).toEqual([
    { current: 'https://tmp/p1.jpg', urls: ['https://tmp/p0.jpg', 'https://tmp/p1.jpg'] },
  ])
})

const lapsed: RequestItem = {
  ...resolved,
  events: 6,
  timeline: [
    ...resolved.timeline,
    { type: 'unanswered', at: '2026-12-19T16:00:00.000Z', unit: { kind: 'office', level: 'township' }, days: 10 },
  ],
}

test.each(['zh-Hans', 'bo'] as const)(
  'a resolution left unanswered past its window reads as resolved, not confirmed, and may still be answered (%s)',
  async (lang) => {
    const word = lang === 'bo' ? bo : zh
    await renderPage(RequestDetailPage, {
      params,
      lang,
      routes: [
        on(requests, 'item', one(lapsed)),
        on(requests, 'categories', categories),
        on(requests, 'answer', { id: REQUEST_ID, state: 'confirmed', events: 7 }),
      ],
    })
    expect(screen.getByTestId('state').textContent).toBe(word('requests.state.unconfirmed'))
    const last = screen.getAllByTestId('step').at(-1)!
    expect(last.getAttribute('data-type')).toBe('unanswered')
    expect(last.textContent).toContain(word('requests.event.unanswered', { days: 10 }))
    expect(screen.getByTestId('answer-form').textContent).toContain(word('requests.lateAnswer'))
    await tap(screen.getByTestId('answer-solved'))
    await tap(screen.getByTestId('answer-send'))
    expect(lastInput('requests', 'answer')).toMatchObject({ id: REQUEST_ID, events: 6, answer: 'solved' })
  },
)
