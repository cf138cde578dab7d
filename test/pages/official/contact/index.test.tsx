import { fireEvent, screen } from '@testing-library/react'
import ContactFormPage from '@/pages/official/contact/index'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { contacts } from '@shared/contracts/contacts'
import { HOUSEHOLD_ID, householdRows } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, settle, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(() => {
  freshTaro()
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
})

const params = { householdId: HOUSEHOLD_ID }

test('a visit is saved on the phone, sent from the outbox, and the form closes', async () => {
  await renderPage(ContactFormPage, {
    params,
    routes: [on(contacts, 'logContact', (input) => ({ id: input.id, status: 'created' as const }))],
  })
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
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已保存，将自动发送', icon: 'success' })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])
})

test('what is missing is said beside its field, in Chinese, and nothing is saved', async () => {
  await renderPage(ContactFormPage, { params })
  await tap(screen.getByTestId('save'))
  expect(screen.getByTestId('error-channel').textContent).toBe('请选择联系方式')
  expect(screen.getByTestId('error-topics').textContent).toBe('请至少选择一项交流内容')
  expect(callsTo('contacts')).toHaveLength(0)
  expect(taroStub.navigations).toEqual([])
})

test('the same in Tibetan', async () => {
  await renderPage(ContactFormPage, { lang: 'bo', params })
  fireEvent.click(screen.getByTestId('channel-phone'))
  await tap(screen.getByTestId('save'))
  expect(screen.queryByTestId('error-channel')).toBeNull()
  expect(screen.getByTestId('error-topics').textContent).toBe(bo('contacts.topicsRequired'))
  expect(screen.getByTestId('channel-phone').textContent).toBe(bo('contacts.channel.phone'))
})
