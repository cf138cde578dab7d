import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import NeedPage from '@/pages/official/household/need'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { outbox } from '@/services/outbox'
import { contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import { HOUSEHOLD_ID, householdRows } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, OFFLINE, on, renderPage, route, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

// the outbox keeps and uploads photos the mini-program's way (saved files, cloud upload)
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
    compressImage: (options: { src: string }) => Promise.resolve({ tempFilePath: options.src }),
    saveFile: (options: { tempFilePath: string }) =>
      Promise.resolve({ savedFilePath: options.tempFilePath.replace('tmp', 'saved') }),
    getFileInfo: () => Promise.resolve({ size: 48_000 }),
    getFileSystemManager: () => ({ accessSync: noop }),
    removeSavedFile: () => Promise.resolve({}),
  })
})

const params = { id: HOUSEHOLD_ID }
const menu = on(requests, 'menu', {
  items: [
    {
      category: 'heating',
      name: { 'zh-Hans': '冬季取暖补助', bo: 'དགུན་དུས་དྲོད་གཏོང་རོགས་སྐྱོར།' },
      prepare: { 'zh-Hans': '户口簿、低保证', bo: 'ཐེམ་ཐོ།' },
      level: 'township' as const,
      deadlineDays: 5,
    },
  ],
})
const created = on(requests, 'report', (input) => ({
  id: input.id,
  status: 'created' as const,
  state: 'assigned' as const,
  unit: { kind: 'department' as const, level: 'township' as const },
}))
const reports = () => callsTo('requests').filter((c) => c.action === 'report')

test('a request in a few taps: the menu’s category, what to prepare, a short text; sent from the outbox', async () => {
  await renderPage(NeedPage, { params, routes: [menu, created] })
  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(screen.getByTestId('category-other').className).toContain('chip--on')
  fireEvent.click(screen.getByTestId('category-heating'))
  expect(screen.getByTestId('prepare').textContent).toBe('户口簿、低保证')
  fireEvent.input(screen.getByTestId('need-text'), { target: { value: '  冬天取暖的煤不够了 ' } })
  await tap(screen.getByTestId('save'))
  await settle(3)

  const sent = lastInput('requests', 'report') as { id: string }
  expect(sent).toEqual({ id: sent.id, householdId: HOUSEHOLD_ID, category: 'heating', text: '冬天取暖的煤不够了' })
  expect(sent.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(
    outbox()
      .list()
      .find((i) => i.id === sent.id)?.state,
  ).toBe('sent')
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('contacts.savedToast'), icon: 'success' })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])
})

test('without a text nothing is saved and the field says why; a photo goes up into the request’s own folder', async () => {
  await renderPage(NeedPage, { params, routes: [menu, created] })
  const before = outbox().list().length
  await tap(screen.getByTestId('save'))
  expect(outbox().list()).toHaveLength(before)
  expect(document.querySelector('[data-field="text"]')?.getAttribute('data-invalid')).toBe('true')
  expect(reports()).toHaveLength(0)

  Object.assign(Taro, { chooseImage: () => Promise.resolve({ tempFilePaths: ['tmp/roof.jpg'] }) })
  await tap(screen.getByTestId('pick-photo'))
  expect(screen.getAllByTestId('photo')).toHaveLength(1)
  fireEvent.input(screen.getByTestId('need-text'), { target: { value: '屋顶漏雨' } })
  await tap(screen.getByTestId('save'))
  await settle(3)
  const sent = lastInput('requests', 'report') as { id: string; photos: string[]; category: string }
  expect(sent.category).toBe('other')
  expect(sent.photos).toHaveLength(1)
  expect(sent.photos[0]).toContain(`requests/${sent.id}/0.jpg`)
})

test('recorded without signal it waits in the outbox panel, and is sent once the network returns', async () => {
  await renderPage(NeedPage, { params, routes: [on(requests, 'menu', OFFLINE), on(requests, 'report', OFFLINE)] })
  // the menu did not come: "other" is there, the township work office routes it
  expect(screen.getAllByTestId(/^category-/).map((e) => e.getAttribute('data-testid'))).toEqual(['category-other'])
  fireEvent.input(screen.getByTestId('need-text'), { target: { value: '孩子冬季校服' } })
  await tap(screen.getByTestId('save'))
  await settle(3)
  const id = (lastInput('requests', 'report') as { id: string }).id
  expect(
    outbox()
      .list()
      .find((i) => i.id === id),
  ).toMatchObject({ state: 'waiting', reason: 'NETWORK' })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])

  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', OFFLINE)] })
  const row = screen.getAllByTestId('outbox-item').find((e) => e.getAttribute('data-id') === id)!
  expect(row.getAttribute('data-state')).toBe('waiting')
  expect(row.textContent).toContain(`泽仁拉姆 · ${zh('record.requests')}`)
  expect(row.textContent).toContain(zh('contacts.state.waiting'))

  route([created])
  await outbox().wake()
  await settle(3)
  expect(reports().filter((c) => (c.data as { id: string }).id === id).length).toBeGreaterThanOrEqual(2)
  expect(
    outbox()
      .list()
      .find((i) => i.id === id)?.state,
  ).toBe('sent')
  const after = screen.getAllByTestId('outbox-item').find((e) => e.getAttribute('data-id') === id)!
  expect(after.getAttribute('data-state')).toBe('sent')
})

test('in Tibetan the form reads in Tibetan and says it works without signal', async () => {
  await renderPage(NeedPage, { params, lang: 'bo', routes: [menu, created] })
  expect(screen.getByTestId('need-hint').textContent).toBe(bo('record.needHint'))
  expect(screen.getByTestId('category-heating').textContent).toBe('དགུན་དུས་དྲོད་གཏོང་རོགས་སྐྱོར།')
  expect(screen.getByTestId('category-other').textContent).toBe(bo('inbox.category.other'))
})
