import { act, screen, within } from '@testing-library/react'
import HouseholdContactsPage from '@/pages/household/contacts/index'
import type { ActionOutput } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, householdMe, OFFICIAL_ID, OFFICIAL_NAME } from '../../fixtures'
import {
  audioPlays,
  bo,
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

/** the recordings the audio player was asked to play */
let played: string[] = []

beforeEach(() => {
  freshTaro()
  played = audioPlays()
})

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
  // one tap is the point: no question first, a toast after
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已确认', icon: 'success' })
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

const withNotes = (notes: string, needs: string[] = []) => ({
  ...list,
  contacts: [{ ...list.contacts[0]!, notes, needs }],
})

test('on the Tibetan screen, an official’s notes and needs written in Chinese are labelled as Chinese', async () => {
  await renderPage(HouseholdContactsPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', householdMe),
      on(contacts, 'householdContacts', withNotes('讲解了医保缴费政策', ['冬季取暖煤'])),
    ],
  })
  const labels = screen.getAllByTestId('written-in')
  expect(labels.map((label) => label.textContent)).toEqual(['རྒྱ་ཡིག', 'རྒྱ་ཡིག'])
  expect(labels[0]!.parentElement!.textContent).toContain('讲解了医保缴费政策')
  expect(labels[1]!.parentElement!.textContent).toContain('冬季取暖煤')
})

test('notes in the screen’s language carry no label; Tibetan notes on the Chinese screen are labelled Tibetan', async () => {
  const tibetan = 'ཁྱིམ་ཚང་གི་འཚོ་བའི་གནས་ཚུལ་ལ་བཅར་འདྲི་བྱས།'
  const bo = await renderPage(HouseholdContactsPage, {
    lang: 'bo',
    routes: [on(identity, 'me', householdMe), on(contacts, 'householdContacts', withNotes(tibetan))],
  })
  expect(screen.getByText(tibetan)).toBeTruthy()
  expect(screen.queryByTestId('written-in')).toBeNull()
  bo.unmount()

  freshTaro()
  await renderPage(HouseholdContactsPage, {
    routes: [on(identity, 'me', householdMe), on(contacts, 'householdContacts', withNotes(tibetan))],
  })
  expect(screen.getByTestId('written-in').textContent).toBe(zh('writtenIn.bo'))
  expect(screen.getByTestId('written-in').textContent).toBe('藏文')
})

test('the official’s voice note plays on the card, labelled as theirs', async () => {
  const url = 'https://files.example/contacts/voice.m4a'
  await renderPage(HouseholdContactsPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', householdMe),
      on(contacts, 'householdContacts', {
        ...list,
        contacts: [{ ...list.contacts[0]!, voiceNote: { url } }, list.contacts[1]!],
      }),
    ],
  })
  const [visit, wechat] = screen.getAllByTestId('contact')
  const player = within(visit!).getByTestId('audio-player')
  expect(player.textContent).toContain(bo('contacts.household.voiceNote'))
  await tap(within(player).getByRole('button'))
  expect(played).toEqual([url])
  expect(within(wechat!).queryByTestId('audio-player')).toBeNull()
})

test('pulling the list down reads it again and then stops the spinner', async () => {
  const confirmed = { ...list, contacts: [{ ...list.contacts[0]!, confirmedAt: '2026-12-06T01:00:00.000Z' }] }
  await renderPage(HouseholdContactsPage, {
    routes: [
      on(identity, 'me', householdMe),
      on(contacts, 'householdContacts', (_input, n) => (n === 1 ? list : confirmed)),
    ],
  })
  expect(screen.getAllByTestId('contact')).toHaveLength(2)
  await act(async () => taroStub.pullDownRefresh!())
  await settle(3)
  expect(screen.getAllByTestId('contact')).toHaveLength(1)
  expect(screen.getByTestId('confirmed')).toBeTruthy()
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalledTimes(1)
})
