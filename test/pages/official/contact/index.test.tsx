import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import ContactFormPage from '@/pages/official/contact/index'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import { needRequestId } from '@shared/needs'
import { HOUSEHOLD_ID, householdRows } from '../../fixtures'
import { audioPlays, bo, callsTo, freshTaro, lastInput, on, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

// the outbox keeps and uploads files the mini-program's way (saved files, cloud upload)
const env = process.env.TARO_ENV
beforeAll(() => {
  process.env.TARO_ENV = 'weapp'
})
afterAll(() => {
  process.env.TARO_ENV = env
})

const noop = () => undefined
beforeEach(() => {
  freshTaro()
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
  Object.assign(Taro, {
    saveFile: (options: { tempFilePath: string }) =>
      Promise.resolve({ savedFilePath: options.tempFilePath.replace('tmp', 'saved') }),
    getFileInfo: () => Promise.resolve({ size: 48_000 }),
    getFileSystemManager: () => ({ accessSync: noop }),
    removeSavedFile: () => Promise.resolve({}),
  })
  audioPlays()
})

const params = { householdId: HOUSEHOLD_ID }
const created = on(contacts, 'logContact', (input) => ({ id: input.id, status: 'created' as const }))

test('a visit is saved on the phone, sent from the outbox, and the form closes with a toast', async () => {
  await renderPage(ContactFormPage, { params, routes: [created] })
  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  fireEvent.click(screen.getByTestId('channel-visit'))
  fireEvent.click(screen.getByTestId('topic-policy'))
  fireEvent.click(screen.getByTestId('topic-employment'))
  fireEvent.change(screen.getByTestId('notes'), { target: { value: '讲解了医保缴费政策' } })
  fireEvent.click(screen.getByTestId('add-need'))
  fireEvent.change(screen.getByTestId('need-0'), { target: { value: '冬季取暖煤' } })
  await tap(screen.getByTestId('save'))
  await settle(3)

  expect(lastInput('contacts', 'logContact')).toMatchObject({
    householdId: HOUSEHOLD_ID,
    channel: 'visit',
    topics: ['policy', 'employment'],
    notes: '讲解了医保缴费政策',
    needs: [{ text: '冬季取暖煤' }],
    locationConsent: false,
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已记下', icon: 'success' })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])
})

test('each need line also becomes a request for the household, its id made from the contact’s, nothing retyped', async () => {
  const reported = on(requests, 'report', (input) => ({
    id: input.id,
    status: 'created' as const,
    state: 'assigned' as const,
    unit: { kind: 'office' as const, level: 'township' as const },
  }))
  await renderPage(ContactFormPage, { params: { ...params, channel: 'visit' }, routes: [created, reported] })
  expect(screen.getByText(zh('record.needsBecome'))).toBeTruthy()
  for (const [i, text] of ['冬季取暖煤', '', '孩子冬季校服'].entries()) {
    fireEvent.click(screen.getByTestId('add-need'))
    fireEvent.change(screen.getByTestId(`need-${i}`), { target: { value: text } })
  }
  await tap(screen.getByTestId('save'))
  await settle(4)
  const contact = lastInput('contacts', 'logContact') as { id: string; needs: { text: string }[] }
  expect(contact.needs).toEqual([{ text: '冬季取暖煤' }, { text: '孩子冬季校服' }])
  const sent = callsTo('requests')
    .filter((c) => c.action === 'report')
    .map((c) => c.data)
  expect(sent).toEqual([
    { id: needRequestId(contact.id, 0), householdId: HOUSEHOLD_ID, category: 'other', text: '冬季取暖煤' },
    { id: needRequestId(contact.id, 1), householdId: HOUSEHOLD_ID, category: 'other', text: '孩子冬季校服' },
  ])
})

test('a visit needs only its kind and date: everything else is optional and the form says what it adds', async () => {
  await renderPage(ContactFormPage, { params: { ...params, channel: 'visit' }, routes: [created] })
  expect(screen.getByTestId('channel-visit').className).toContain('chip--on')
  expect(screen.getByTestId('optional-hint').textContent).toBe(zh('contacts.optionalHint'))
  expect(screen.getByText(zh('contacts.topicsOptional'))).toBeTruthy()
  await tap(screen.getByTestId('save'))
  await settle(3)
  expect(lastInput('contacts', 'logContact')).toMatchObject({
    householdId: HOUSEHOLD_ID,
    channel: 'visit',
    topics: [],
    notes: '',
    photos: [],
    needs: [],
  })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])
})

test('the quick sheet’s channel and topics arrive filled in', async () => {
  await renderPage(ContactFormPage, { params: { ...params, channel: 'phone', topics: 'routine,policy,bogus' } })
  expect(screen.getByTestId('channel-phone').className).toContain('chip--on')
  expect(screen.getByTestId('topic-routine').className).toContain('chip--on')
  expect(screen.getByTestId('topic-policy').className).toContain('chip--on')
  expect(screen.getByTestId('topic-schooling').className).not.toContain('chip--on')
})

test('a voice note is recorded, kept with the contact, uploaded into its folder and sent as its voiceNote', async () => {
  await renderPage(ContactFormPage, { params: { ...params, channel: 'phone' }, routes: [created] })
  await tap(screen.getByTestId('record-voice'))
  expect(taroStub.recorder.started).toEqual([{ duration: 60_000, format: 'mp3', numberOfChannels: 1 }])
  expect(screen.getByTestId('stop-voice')).toBeTruthy()
  await tap(screen.getByTestId('stop-voice'))
  expect(screen.getByTestId('voice-note').textContent).toContain('已录 12 秒')
  await tap(screen.getByTestId('save'))
  await settle(3)
  const sent = lastInput('contacts', 'logContact') as { id: string; voiceNote?: string }
  expect(taroStub.uploads).toEqual([
    { cloudPath: `contacts/${sent.id}/voice.mp3`, filePath: 'wxfile://saved/recorded.mp3' },
  ])
  expect(sent.voiceNote).toBe(`cloud://shiliuzi-test/contacts/${sent.id}/voice.mp3`)
})

test('a voice note can be removed before saving', async () => {
  await renderPage(ContactFormPage, { params: { ...params, channel: 'wechat' } })
  await tap(screen.getByTestId('record-voice'))
  await tap(screen.getByTestId('stop-voice'))
  await tap(screen.getByTestId('remove-voice'))
  expect(screen.queryByTestId('voice-note')).toBeNull()
  expect(screen.getByTestId('record-voice')).toBeTruthy()
})

test('what is missing is marked on its field, in Chinese, and nothing is saved', async () => {
  await renderPage(ContactFormPage, { params })
  await tap(screen.getByTestId('save'))
  const field = document.querySelector('[data-field="channel"]')!
  expect(field.getAttribute('data-invalid')).toBe('true')
  expect(field.textContent).toContain('请选择联系方式')
  expect(document.querySelector('[data-field="topics"]')!.getAttribute('data-invalid')).toBeNull()
  expect(callsTo('contacts')).toHaveLength(0)
  expect(taroStub.navigations).toEqual([])
})

test('the same in Tibetan', async () => {
  await renderPage(ContactFormPage, { lang: 'bo', params })
  await tap(screen.getByTestId('save'))
  expect(document.querySelector('[data-field="channel"]')!.textContent).toContain(bo('contacts.channelRequired'))
  expect(screen.getByTestId('channel-phone').textContent).toBe(bo('contacts.channel.phone'))
  expect(screen.getByTestId('record-voice').textContent).toBe(bo('contacts.voice.start'))
})
