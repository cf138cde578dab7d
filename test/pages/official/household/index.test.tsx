import { screen } from '@testing-library/react'
import OfficialHouseholdPage from '@/pages/official/household/index'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { contacts } from '@shared/contracts/contacts'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { GALA, HEAD_NAME, HOUSEHOLD_ID, KANGDING, LAZHUO, OFFICIAL_ID, PREFECTURE, householdRows } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap, zh } from '../../helpers'
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
const routes = [detail, stored, history]

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
