import Taro from '@tarojs/taro'
import { act, screen } from '@testing-library/react'
import { setLang } from '@/services/settings'
import OfficialHouseholdPage from '@/pages/official/household/index'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { contacts } from '@shared/contracts/contacts'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { GALA, HEAD_NAME, HOUSEHOLD_ID, KANGDING, LAZHUO, OFFICIAL_ID, PREFECTURE, householdRows } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  refuse,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
  zh,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { contact, contactsPage, firstRecord, record } from './record'

beforeEach(freshTaro)

const params = { id: HOUSEHOLD_ID }

const sheet = (revealed: boolean): ActionOutput<typeof identity, 'householdDetail'> => ({
  id: HOUSEHOLD_ID,
  regionPath: [PREFECTURE, KANGDING, LAZHUO, GALA],
  head: { name: HEAD_NAME, idNumber: revealed ? '513301198503152026' : '513301********2026' },
  phone: revealed ? '13950192211' : '139****2211',
  members: [
    {
      name: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      relation: 'child',
      birthYear: 2010,
      idNumber: revealed ? '513301201004011234' : '513301********1234',
    },
  ],
  riskLevel: 'watch',
  officialIds: [OFFICIAL_ID],
  revealed,
  mayReveal: true,
  sensitiveShown: true,
})

const detail = on(identity, 'householdDetail', (input) => sheet(input.reveal === true))
const stored = on(contacts, 'householdRecord', record())
const history = on(contacts, 'householdContacts', contactsPage([contact('c-1')]))
const item = (over: Partial<RequestItem> = {}): RequestItem => ({
  id: 'a3f1c2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  category: 'heating',
  text: '冬天取暖的煤不够了',
  source: 'official',
  state: 'accepted',
  unit: { kind: 'department', level: 'township' },
  events: 3,
  timeline: [],
  due: '2026-12-15T09:00:00.000Z',
  overdue: false,
  voice: false,
  photos: 0,
  createdAt: '2026-12-01T02:00:00.000Z',
  updatedAt: '2026-12-02T02:00:00.000Z',
  ...over,
})
const resolved = item({
  id: 'b4e2d3f5-6c7e-4f8a-9bac-1d2e3f4a5b6c',
  category: 'other',
  text: '屋顶漏雨',
  state: 'resolved',
  unit: { kind: 'office', level: 'township' },
  fallback: '诉求类别为“其他”，由乡镇工作办公室兜底办理',
  events: 4,
  due: null,
  timeline: [
    { type: 'submit', at: '2026-11-20T02:00:00.000Z' },
    {
      type: 'resolve',
      at: '2026-11-28T02:00:00.000Z',
      unit: { kind: 'office', level: 'township' },
      text: '已修好屋顶',
    },
  ],
})
const menuItems = {
  items: [
    {
      category: 'heating',
      name: { 'zh-Hans': '冬季取暖补助', bo: 'དགུན་དུས་དྲོད་གཏོང་རོགས་སྐྱོར།' },
      prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
      level: 'township' as const,
      deadlineDays: 5,
    },
  ],
}
const asked = on(requests, 'forHousehold', { items: [item(), resolved] })
const menu = on(requests, 'menu', menuItems)
const routes = [detail, stored, history, asked, menu]

test('the head opens masked; “show full numbers” asks, says it is recorded, and reveals', async () => {
  await renderPage(OfficialHouseholdPage, { params, routes })
  expect(lastInput('identity', 'householdDetail')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('head-id').textContent).toBe('513301********2026')
  expect(screen.getByTestId('phone').textContent).toBe('139****2211')
  expect(screen.getByTestId('detail-member').textContent).toContain('格桑 · 子女')
  expect(screen.getByTestId('masked').textContent).toContain('查看完整号码会被记录')

  taroStub.confirm = false
  await tap(screen.getByTestId('reveal'))
  expect(callsTo('identity')).toHaveLength(1)

  taroStub.confirm = true
  await tap(screen.getByTestId('reveal'))
  expect(lastInput('identity', 'householdDetail')).toEqual({ householdId: HOUSEHOLD_ID, reveal: true })
  expect(screen.getByTestId('head-id').textContent).toBe('513301198503152026')
  expect(screen.getByTestId('phone').textContent).toBe('13950192211')
  expect(screen.getByTestId('revealed').textContent).toBe('已显示完整号码，这次查看已记录。')
  expect(screen.queryByTestId('reveal')).toBeNull()
})

test('shows the village by name, the sheet’s last confirmation by name, and the risk level with its reason', async () => {
  await renderPage(OfficialHouseholdPage, { params, routes })
  expect(lastInput('contacts', 'householdRecord')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('village').textContent).toBe('呷拉村')
  const summary = screen.getByTestId('sheet-summary').textContent
  expect(summary).toContain(zh('sheet.summary', { members: 2, sources: 2 }))
  expect(screen.getByTestId('sheet-confirmed').textContent).toBe('上次确认：2026-06-02，扎西卓玛')
  expect(screen.getByTestId('risk-summary').textContent).toContain('关注')
  expect(screen.getByTestId('risk-reason').textContent).toBe('原因：牲畜因雪灾损失过半')

  await tap(screen.getByTestId('open-sheet'))
  await tap(screen.getByTestId('open-risk'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    `/pages/official/household/sheet?id=${HOUSEHOLD_ID}`,
    `/pages/official/household/risk?id=${HOUSEHOLD_ID}`,
  ])
})

test('a sheet never confirmed says so and is due for review', async () => {
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [detail, on(contacts, 'householdRecord', firstRecord), history],
  })
  expect(screen.getByTestId('sheet-confirmed').textContent).toBe(zh('sheet.never'))
  expect(screen.getByTestId('sheet-due').textContent).toBe(zh('sheet.due'))
})

test('lists the contacts newest first, says which visit waits for the household, and reads older ones on request', async () => {
  const first = [
    contact('c-2', { channel: 'phone', at: '2026-12-03T02:00:00.000Z', topics: ['routine'] }),
    contact('c-1', { needs: ['孩子冬季校服'] }),
  ]
  const older = [contact('c-0', { at: '2026-10-01T02:00:00.000Z', confirmedAt: '2026-10-02T02:00:00.000Z' })]
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [
      detail,
      stored,
      on(contacts, 'householdContacts', (input) => (input.before ? contactsPage(older) : contactsPage(first, true))),
    ],
  })
  const rows = screen.getAllByTestId('contact')
  expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['c-2', 'c-1'])
  expect(rows[0]!.textContent).toContain('电话')
  expect(rows[0]!.textContent).toContain('扎西卓玛')
  expect(rows[1]!.textContent).toContain('孩子冬季校服')
  expect(screen.getAllByTestId('contact-confirmation').map((n) => n.textContent)).toEqual([zh('record.visitWaiting')])

  await tap(screen.getByTestId('more-contacts'))
  expect(lastInput('contacts', 'householdContacts')).toEqual({
    householdId: HOUSEHOLD_ID,
    before: '2026-12-01T02:00:00.000Z',
  })
  expect(screen.getAllByTestId('contact').map((r) => r.getAttribute('data-id'))).toEqual(['c-2', 'c-1', 'c-0'])
  expect(screen.queryByTestId('more-contacts')).toBeNull()
})

test('logging a contact from here opens the contact form for this household', async () => {
  await renderPage(OfficialHouseholdPage, { params, routes })
  await tap(screen.getByTestId('log-contact'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([`/pages/official/contact/index?householdId=${HOUSEHOLD_ID}`])
})

test('in Tibetan: the village, the risk level and a role that may not see full numbers or change anything', async () => {
  await renderPage(OfficialHouseholdPage, {
    lang: 'bo',
    params,
    routes: [
      on(identity, 'householdDetail', { ...sheet(false), mayReveal: false }),
      on(contacts, 'householdRecord', record({ mayEditSheet: false, mayEditRisk: false, sensitiveShown: false })),
      history,
    ],
  })
  expect(screen.getByTestId('detail-head').textContent).toContain('ཚེ་རིང་ལྷ་མོ།')
  expect(screen.getByTestId('village').textContent).toBe('ག་ལ་གྲོང་ཚོ།')
  expect(screen.getByTestId('masked').textContent).toContain(bo('detail.noReveal'))
  expect(screen.getByTestId('risk-summary').textContent).toContain(bo('contacts.risk.watch'))
  expect(screen.getByTestId('sheet-confirmed').textContent).toContain('བཀྲ་ཤིས་སྒྲོལ་མ།')
  expect(screen.queryByTestId('reveal')).toBeNull()
  expect(screen.queryByTestId('open-sheet')).toBeNull()
  expect(screen.queryByTestId('open-risk')).toBeNull()
})

test('a refused reveal is shown and the numbers stay masked', async () => {
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [
      on(identity, 'householdDetail', (input) => (input.reveal ? refuse('FORBIDDEN') : sheet(false))),
      stored,
      history,
    ],
  })
  await tap(screen.getByTestId('reveal'))
  expect(screen.getAllByRole('alert').some((a) => a.getAttribute('data-code') === 'FORBIDDEN')).toBe(true)
  expect(screen.getByTestId('head-id').textContent).toBe('513301********2026')
})

test('a record that fails to load shows the error, and retry loads it', async () => {
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [
      detail,
      on(contacts, 'householdRecord', (_input, n) => (n === 1 ? refuse('UNAVAILABLE') : record())),
      history,
      asked,
      menu,
    ],
  })
  expect(shownError('UNAVAILABLE')).toBeTruthy()
  await retry()
  expect(screen.getByTestId('risk-reason').textContent).toBe('原因：牲畜因雪灾损失过半')
})

test('an official opens it from a row of “my households”, whichever name the link gives the household', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  await tap(screen.getAllByTestId('open-household')[0]!)
  const url = taroStub.navigations[0]!.url
  expect(url.startsWith('/pages/official/household/index?')).toBe(true)
  const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
  expect(query.id ?? query.householdId).toBe(HOUSEHOLD_ID)

  taroStub.reset()
  await renderPage(OfficialHouseholdPage, { params: query, routes })
  expect(lastInput('contacts', 'householdRecord')).toEqual({ householdId: HOUSEHOLD_ID })
})

describe('the household’s requests', () => {
  test('each shows where it is in the reader’s words: the category’s name, its state, the unit, the reason, the deadline', async () => {
    await renderPage(OfficialHouseholdPage, { params, routes })
    expect(lastInput('requests', 'forHousehold')).toEqual({ householdId: HOUSEHOLD_ID })
    const [first, second] = screen.getAllByTestId('request')
    expect(first!.textContent).toContain('冬季取暖补助')
    expect(first!.textContent).toContain(zh('inbox.state.accepted'))
    expect(first!.textContent).toContain('承办：乡镇部门')
    expect(first!.textContent).toContain('2026-12-15')
    expect(second!.textContent).toContain(zh('inbox.category.other'))
    expect(second!.textContent).toContain('由乡镇工作办公室兜底办理')
    expect(screen.getByTestId('request-resolution').textContent).toBe('已修好屋顶')
    // only the resolved one can be answered
    expect(screen.getAllByTestId('answer-on-behalf')).toHaveLength(1)
  })

  test('a resolved request is answered for the household only after the official is asked, and says it is on its behalf', async () => {
    const answered = on(requests, 'answer', (input) => ({ id: input.id, state: 'reopened' as const, events: 5 }))
    await renderPage(OfficialHouseholdPage, { params, routes: [...routes, answered] })
    const asks = jest.spyOn(Taro, 'showModal')
    taroStub.confirm = false
    await tap(screen.getByTestId('answer-partly'))
    expect(callsTo('requests').filter((c) => c.action === 'answer')).toHaveLength(0)
    expect((asks.mock.calls.at(-1)?.[0] as { content: string }).content).toContain('代家庭回复“部分解决”')

    taroStub.confirm = true
    await tap(screen.getByTestId('answer-partly'))
    expect(lastInput('requests', 'answer')).toEqual({
      id: resolved.id,
      householdId: HOUSEHOLD_ID,
      events: 4,
      answer: 'partly',
    })
    expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('record.answered'), icon: 'success' })
    expect(callsTo('requests').filter((c) => c.action === 'forHousehold')).toHaveLength(2)
  })

  test.each(['zh-Hans', 'bo'] as const)(
    'a resolution the household left unanswered reads as not confirmed and can still be answered on a visit (%s)',
    async (lang) => {
      const lapsed = item({
        ...resolved,
        events: 5,
        timeline: [
          ...resolved.timeline,
          { type: 'unanswered', at: '2026-12-12T16:00:00.000Z', unit: { kind: 'office', level: 'township' }, days: 10 },
        ],
      })
      await renderPage(OfficialHouseholdPage, {
        params,
        lang,
        routes: [detail, stored, history, menu, on(requests, 'forHousehold', { items: [lapsed] })],
      })
      const word = lang === 'bo' ? bo : zh
      expect(screen.getByTestId('request-state').textContent).toBe(word('inbox.state.unconfirmed'))
      expect(screen.getByTestId('answer-on-behalf')).toBeTruthy()
    },
  )

  test('an answer given on a visit shows as given on the household’s behalf', async () => {
    const confirmed = item({
      state: 'reopened',
      timeline: [{ type: 'confirm', at: '2026-12-03T02:00:00.000Z', answer: 'unsolved', onBehalf: true }],
    })
    await renderPage(OfficialHouseholdPage, {
      params,
      routes: [detail, stored, history, menu, on(requests, 'forHousehold', { items: [confirmed] })],
    })
    expect(screen.getByTestId('request-answer').textContent).toBe(
      `${zh('inbox.ev.confirmOnBehalf')} · ${zh('inbox.answer.unsolved')}`,
    )
    expect(screen.queryByTestId('answer-on-behalf')).toBeNull()
  })

  test('the list is read again in the language the reader switches to, so the function words the reason in it', async () => {
    await renderPage(OfficialHouseholdPage, { params, routes })
    act(() => setLang('bo'))
    await settle(3)
    const reads = callsTo('requests').filter((c) => c.action === 'forHousehold')
    expect(reads.map((c) => c.lang)).toEqual(['zh-Hans', 'bo'])
  })

  test('“record a request” opens the form for this household; none yet says so, in Tibetan too', async () => {
    await renderPage(OfficialHouseholdPage, {
      params,
      lang: 'bo',
      routes: [detail, stored, history, menu, on(requests, 'forHousehold', { items: [] })],
    })
    expect(screen.getByText(bo('record.noRequests'))).toBeTruthy()
    await tap(screen.getByTestId('record-need'))
    expect(taroStub.navigations.at(-1)?.url).toBe(
      `/pages/official/household/need?id=${encodeURIComponent(HOUSEHOLD_ID)}`,
    )
  })
})
