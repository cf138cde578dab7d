import { screen, within } from '@testing-library/react'
import HouseholdContactsPage from '@/pages/household/contacts/index'
import type { ActionOutput } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, householdMe, OFFICIAL_ID, OFFICIAL_NAME } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

const VISIT = '0f8e2c1a-4b3d-4e5f-8a9b-1c2d3e4f5a6b'
const list: ActionOutput<typeof contacts, 'householdContacts'> = {
  contacts: [
    {
      id: VISIT,
      householdId: HOUSEHOLD_ID,
      officialId: OFFICIAL_ID,
      officialName: OFFICIAL_NAME,
      channel: 'visit',
      // 2026-12-05 10:30 China time
      at: '2026-12-05T02:30:00.000Z',
      topics: ['policy', 'employment'],
      notes: '讲解了医保缴费政策',
      photos: [],
      photoUrls: [],
      needs: ['冬季取暖煤'],
      confirmedAt: null,
      voiceNote: null,
    },
    {
      id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
      householdId: HOUSEHOLD_ID,
      officialId: OFFICIAL_ID,
      officialName: OFFICIAL_NAME,
      channel: 'wechat',
      at: '2026-11-20T06:00:00.000Z',
      topics: ['virtues'],
      notes: '',
      photos: [],
      photoUrls: [],
      needs: [],
      confirmedAt: null,
      voiceNote: null,
    },
  ],
  more: false,
}

const routes = [on(identity, 'me', householdMe), on(contacts, 'householdContacts', list)]

test('contacts newest first, with channel, time, official, topics, notes and needs; a visit is confirmed with one tap', async () => {
  await renderPage(HouseholdContactsPage, {
    routes: [...routes, on(contacts, 'confirmVisit', { id: VISIT, confirmedAt: '2026-12-06T01:00:00.000Z' })],
  })
  expect(lastInput('contacts', 'householdContacts')).toEqual({ householdId: HOUSEHOLD_ID })
  const [visit, wechat] = screen.getAllByTestId('contact')
  expect(visit!.textContent).toContain('入户走访')
  expect(visit!.textContent).toContain('2026-12-05 10:30')
  expect(visit!.textContent).toContain('联系干部：扎西卓玛')
  expect(visit!.textContent).toContain('政策宣讲 · 就业增收')
  expect(visit!.textContent).toContain('讲解了医保缴费政策')
  expect(visit!.textContent).toContain('发现的需求：冬季取暖煤')
  // a WeChat contact has nothing to confirm
  expect(within(wechat!).queryByTestId('confirm')).toBeNull()

  await tap(within(visit!).getByTestId('confirm'))
  expect(lastInput('contacts', 'confirmVisit')).toEqual({ householdId: HOUSEHOLD_ID, contactId: VISIT })
  expect(visit!.getAttribute('data-confirmed')).toBe('true')
  expect(within(visit!).getByTestId('confirmed').textContent).toContain('已确认 2026-12-06 09:00')
})

test('in Tibetan, the contact in Tibetan; a refused confirmation is said in Tibetan', async () => {
  await renderPage(HouseholdContactsPage, {
    lang: 'bo',
    routes: [...routes, on(contacts, 'confirmVisit', refuse('FORBIDDEN'))],
  })
  const visit = screen.getAllByTestId('contact')[0]!
  expect(visit.textContent).toContain(bo('contacts.household.by', { name: 'བཀྲ་ཤིས་སྒྲོལ་མ།' }))
  expect(visit.textContent).toContain(bo('contacts.channel.visit'))
  await tap(within(visit).getByTestId('confirm'))
  expect(visit.textContent).toContain(bo('error.FORBIDDEN'))
  expect(visit.getAttribute('data-confirmed')).toBe('false')
})

test('no contact yet: said so', async () => {
  await renderPage(HouseholdContactsPage, {
    routes: [on(identity, 'me', householdMe), on(contacts, 'householdContacts', { contacts: [], more: false })],
  })
  expect(screen.getByText('还没有联系记录')).toBeTruthy()
})

test('a failed load shows the error, and retry loads the contacts', async () => {
  await renderPage(HouseholdContactsPage, {
    routes: [
      on(identity, 'me', householdMe),
      on(contacts, 'householdContacts', (_input, n) => (n === 1 ? refuse('INTERNAL') : list)),
    ],
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('contact')).toHaveLength(2)
})
