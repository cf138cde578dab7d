import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import RequestDetailPage from '@/pages/office/requests/detail'
import type { ActionOutput } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import { UNIT_REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import { requests } from '@shared/contracts/requests'
import { GALA, PLACE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Detail = ActionOutput<typeof requests, 'detail'>
const ID = '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11'
const OTHER = '7a2d3b0f-4c8e-4d3f-8b52-3e1e6c9d8f22'
const township = { kind: 'office' as const, level: 'township' as const, name: PLACE.lazhuo }

const request: Detail = {
  id: ID,
  category: 'other',
  text: '冬天取暖的煤不够了，电话 13812345678',
  source: 'household',
  state: 'assigned',
  events: 2,
  household: { id: 'H1', name: { 'zh-Hans': '泽**', bo: 'ཚེ་**' }, region: GALA, place: PLACE.gala },
  photos: [{ fileId: 'cloud://env/requests/x/0.jpg', url: 'https://tmp/0.jpg' }],
  voice: null,
  unit: township,
  dispatcher: township,
  due: '2026-12-10T15:59:59.999Z',
  overdue: false,
  escalationLevel: 'township',
  pending: null,
  mergedInto: null,
  as: 'unit',
  steps: ['accept', 'return', 'extendAsk', 'merge', 'close'],
  timeline: [
    { type: 'submit', at: '2026-12-01T02:00:00.000Z', by: 'household', unit: township },
    {
      type: 'assign',
      at: '2026-12-01T02:00:00.000Z',
      by: 'routing',
      unit: township,
      days: 5,
      fallback: 'requests.fallback.other',
    },
  ],
  createdAt: '2026-12-01T02:00:00.000Z',
}
const accepted: Detail = {
  ...request,
  state: 'accepted',
  events: 3,
  steps: ['progress', 'return', 'resolve', 'extendAsk', 'merge', 'close'],
}
const categories = on(requests, 'categories', { items: [] })
const acted = (state: Detail['state'], events: number) => on(requests, 'act', { id: ID, state, events })
const text = (value: string) => fireEvent.change(screen.getByTestId('step-text'), { target: { value } })

test('the household by its masked name and village, the text, photos, who has it, and the timeline newest first', async () => {
  await renderPage(RequestDetailPage, { params: { id: ID }, routes: [categories, on(requests, 'detail', request)] })
  expect(lastInput('requests', 'detail')).toEqual({ id: ID })
  expect(screen.getByTestId('household').textContent).toBe(zh('inbox.household', { name: '泽**', place: '嘎拉社区' }))
  expect(screen.getByTestId('text').textContent).toContain('13812345678')
  expect(document.querySelectorAll('.rq-photo')).toHaveLength(1)
  expect(document.body.textContent).toContain(`拉卓镇 · 乡镇工作办公室`)
  const events = screen.getAllByTestId('event')
  expect(events.map((e) => e.getAttribute('data-type'))).toEqual(['assign', 'submit'])
  expect(events[0]!.textContent).toContain('派给 拉卓镇 · 乡镇工作办公室，限 5 个工作日')
  expect(events[0]!.textContent).toContain('兜底')
  // only the steps the function allows now
  expect(screen.getAllByTestId(/^step-[a-zA-Z]+$/).map((b) => b.getAttribute('data-testid'))).toEqual([
    'step-accept',
    'step-return',
    'step-extendAsk',
    'step-merge',
    'step-close',
  ])
})

test('accepting sends the events seen, says it is done and shows the request again', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [categories, on(requests, 'detail', (_i, n) => (n === 1 ? request : accepted)), acted('accepted', 3)],
  })
  const asked: string[][] = []
  Object.assign(Taro, {
    requestSubscribeMessage: (options: { tmplIds: string[] }) => {
      asked.push(options.tmplIds)
      return Promise.resolve({})
    },
  })
  await tap(screen.getByTestId('step-accept'))
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({ id: ID, events: 2, step: { type: 'accept' } })
  // the accepting tap asks whether the unit's staff want to be told of new, late and escalated requests
  expect(asked).toEqual([UNIT_REQUEST_TEMPLATES])
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('inbox.done.accept'), icon: 'success' })
  expect(screen.getByTestId('request').getAttribute('data-state')).toBe('accepted')
  expect(screen.getByTestId('step-resolve')).toBeTruthy()
})

test('a return needs its reason, asks first, and a “no” sends nothing', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [categories, on(requests, 'detail', request), acted('returned', 3)],
  })
  await tap(screen.getByTestId('step-return'))
  await tap(screen.getByTestId('step-send'))
  expect(document.querySelector('[data-field="step.reason"]')!.getAttribute('data-invalid')).toBe('true')
  expect(callsTo('requests').filter((c) => c.action === 'act')).toHaveLength(0)
  text('不属于本乡镇')
  taroStub.confirm = false
  await tap(screen.getByTestId('step-send'))
  expect(callsTo('requests').filter((c) => c.action === 'act')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({ id: ID, events: 2, step: { type: 'return', reason: '不属于本乡镇' } })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('inbox.done.return'), icon: 'success' })
})

test('a step refused because the request changed reloads it and says so', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [
      categories,
      on(requests, 'detail', (_i, n) => (n === 1 ? request : accepted)),
      on(requests, 'act', refuse('CONFLICT', 'requests.outOfOrder')),
    ],
  })
  await tap(screen.getByTestId('step-accept'))
  await tap(screen.getByTestId('step-send'))
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('inbox.changed'), icon: 'none' })
  expect(callsTo('requests').filter((c) => c.action === 'detail')).toHaveLength(2)
  expect(screen.getByTestId('request').getAttribute('data-state')).toBe('accepted')
})

test('resolving and recording progress send the note; an extension sends days and reason', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [categories, on(requests, 'detail', accepted), acted('accepted', 4)],
  })
  await tap(screen.getByTestId('step-progress'))
  text('已上门查看')
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({ id: ID, events: 3, step: { type: 'progress', note: '已上门查看' } })
  await tap(screen.getByTestId('step-extendAsk'))
  fireEvent.change(screen.getByTestId('step-days'), { target: { value: '3' } })
  text('等待县里批复')
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({
    id: ID,
    events: 3,
    step: { type: 'extendAsk', days: 3, reason: '等待县里批复' },
  })
  await tap(screen.getByTestId('step-resolve'))
  text('已送煤两吨')
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({ id: ID, events: 3, step: { type: 'resolve', note: '已送煤两吨' } })
})

test('the dispatcher sends a returned request to a department named, at a level, with its days', async () => {
  const returned: Detail = {
    ...request,
    state: 'returned',
    events: 3,
    unit: null,
    as: 'dispatcher',
    steps: ['assign', 'merge', 'close'],
  }
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [
      categories,
      on(requests, 'detail', returned),
      on(registry, 'departments', {
        departments: [
          { id: 'D1', name: { 'zh-Hans': '康定市民政局', bo: 'དམངས་སྲིད་ཅུས' }, level: 'county', officials: 3 },
        ],
      }),
      acted('assigned', 4),
    ],
  })
  await tap(screen.getByTestId('step-assign'))
  expect(lastInput('registry', 'departments')).toEqual({ region: '513301100000' })
  await tap(screen.getByTestId('department-D1'))
  await tap(screen.getByTestId('level-county'))
  fireEvent.change(screen.getByTestId('step-days'), { target: { value: '7' } })
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({
    id: ID,
    events: 3,
    step: { type: 'assign', level: 'county', deadlineDays: 7, departmentId: 'D1' },
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('inbox.done.assign'), icon: 'success' })
})

test('merging picks another request of the inbox and asks first', async () => {
  await renderPage(RequestDetailPage, {
    params: { id: ID },
    routes: [
      categories,
      on(requests, 'detail', request),
      on(requests, 'inbox', {
        items: [
          {
            id: OTHER,
            category: 'other',
            text: '同一户的取暖问题',
            state: 'accepted',
            region: GALA,
            place: PLACE.gala,
            events: 3,
            due: null,
            overdue: false,
            escalationLevel: 'township',
            as: 'unit',
            createdAt: '2026-11-30T02:00:00.000Z',
          },
        ],
        more: false,
      }),
      acted('merged', 3),
    ],
  })
  await tap(screen.getByTestId('step-merge'))
  await tap(screen.getByTestId(`merge-${OTHER}`))
  await tap(screen.getByTestId('step-send'))
  expect(lastInput('requests', 'act')).toEqual({ id: ID, events: 2, step: { type: 'merge', into: OTHER } })
})

test('in Tibetan the request, its steps and its timeline are in Tibetan', async () => {
  await renderPage(RequestDetailPage, {
    lang: 'bo',
    params: { id: ID },
    routes: [categories, on(requests, 'detail', { ...request, overdue: true, escalationLevel: 'county' })],
  })
  expect(document.body.textContent).toContain(bo('inbox.step.accept'))
  expect(document.body.textContent).toContain(bo('inbox.overdue'))
  expect(document.body.textContent).toContain(bo('inbox.household', { name: 'ཚེ་**', place: PLACE.gala.bo }))
  expect(document.body.textContent).toContain(bo('inbox.timeline'))
})

test.each(['zh-Hans', 'bo'] as const)(
  'a resolution the household left unanswered reads as resolved, not confirmed by the household (%s)',
  async (lang) => {
    const word = lang === 'bo' ? bo : zh
    const lapsed: Detail = {
      ...request,
      state: 'resolved',
      events: 5,
      steps: ['merge', 'close'],
      timeline: [
        ...request.timeline,
        { type: 'accept', at: '2026-12-02T02:00:00.000Z', by: 'office', unit: township },
        { type: 'resolve', at: '2026-12-03T02:00:00.000Z', by: 'office', unit: township, text: '已送煤' },
        { type: 'unanswered', at: '2026-12-17T16:00:00.000Z', by: 'routing', unit: township, days: 10 },
      ],
    }
    await renderPage(RequestDetailPage, {
      params: { id: ID },
      lang,
      routes: [categories, on(requests, 'detail', lapsed)],
    })
    expect(screen.getByTestId('state').textContent).toBe(word('inbox.state.unconfirmed'))
    const newest = screen.getAllByTestId('event')[0]!
    expect(newest.getAttribute('data-type')).toBe('unanswered')
    expect(newest.textContent).toContain(word('inbox.ev.unanswered', { days: 10 }))
  },
)
