import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import { DRAFT_KEY } from '@/pages/household/requests/Link'
import ReportPage from '@/pages/household/requests/report'
import { HOUSEHOLD_REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import { requests } from '@shared/contracts/requests'
import { HOUSEHOLD_ID } from '../../fixtures'
import { OFFLINE, audioPlays, bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { menu } from './fixtures'

// the recording and photos are kept and uploaded the mini-program's way (saved files, cloud upload)
const env = process.env.TARO_ENV
beforeAll(() => {
  process.env.TARO_ENV = 'weapp'
})
afterAll(() => {
  process.env.TARO_ENV = env
})

const saved: string[] = []
const asked: string[][] = []
beforeEach(() => {
  freshTaro()
  saved.length = 0
  asked.length = 0
  Object.assign(Taro, {
    requestSubscribeMessage: (options: { tmplIds: string[] }) => {
      asked.push(options.tmplIds)
      return Promise.resolve(Object.fromEntries(options.tmplIds.map((id) => [id, 'accept'])))
    },
    saveFile: (options: { tempFilePath: string }) => {
      saved.push(options.tempFilePath)
      return Promise.resolve({ savedFilePath: options.tempFilePath.replace('tmp', 'saved') })
    },
    removeSavedFile: () => Promise.resolve({}),
    chooseImage: () => Promise.resolve({ tempFilePaths: ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'] }),
  })
  audioPlays()
})

const params = { householdId: HOUSEHOLD_ID }
type Sent = { id: string; householdId: string; category: string; text: string; voice?: string; photos?: string[] }
const created = (input: { id: string }) => ({
  id: input.id,
  status: 'created' as const,
  state: 'assigned' as const,
  unit: { kind: 'department' as const, level: 'township' as const },
})
const field = (path: string) => document.querySelector(`[data-field="${path}"]`)!
const write = (text: string) => fireEvent.change(screen.getByTestId('report-text'), { target: { value: text } })

test('a difficulty from the menu, in words: the menu says what to prepare, the report goes under its id', async () => {
  await renderPage(ReportPage, {
    params,
    routes: [on(requests, 'menu', menu), on(requests, 'report', created)],
  })
  expect(screen.getByTestId('category-heating').textContent).toContain('7 个工作日内办理')
  expect(screen.getByTestId('category-other').textContent).toContain(zh('requests.otherHint'))
  await tap(screen.getByTestId('category-heating'))
  expect(screen.getByTestId('prepare').textContent).toBe('请准备：户口簿')
  write('冬天取暖的煤不够了')
  await tap(screen.getByTestId('report-send'))
  const sent = lastInput('requests', 'report') as Sent
  expect(sent).toEqual({
    id: expect.any(String),
    householdId: HOUSEHOLD_ID,
    category: 'heating',
    text: '冬天取暖的煤不够了',
  })
  // the send tap asks WeChat whether the household wants to be told of escalation and resolution
  expect(asked).toEqual([HOUSEHOLD_REQUEST_TEMPLATES])
  expect(taroStub.navigations.at(-1)).toEqual({
    kind: 'redirectTo',
    url: `/pages/household/requests/detail?id=${sent.id}&householdId=${HOUSEHOLD_ID}`,
  })
  // answered: nothing is kept any more
  expect(taroStub.storage.has(DRAFT_KEY)).toBe(false)
})

test('by voice, with no words, and photos: each uploaded into the request’s own folder', async () => {
  await renderPage(ReportPage, { params, routes: [on(requests, 'menu', menu), on(requests, 'report', created)] })
  await tap(screen.getByTestId('category-other'))
  await tap(screen.getByTestId('record-voice'))
  await tap(screen.getByTestId('stop-voice'))
  expect(screen.getByTestId('voice-note')).toBeTruthy()
  await tap(screen.getByTestId('pick-photo'))
  expect(screen.getAllByTestId('photo')).toHaveLength(2)
  // kept as saved files: a closed app does not lose them
  expect(saved).toEqual(['wxfile://tmp/recorded.mp3', 'wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'])
  await tap(screen.getByTestId('report-send'))
  const sent = lastInput('requests', 'report') as Sent
  expect(sent.text).toBe('')
  expect(sent.voice).toBe(`cloud://shiliuzi-test/requests/${sent.id}/voice.mp3`)
  expect(sent.photos).toEqual([0, 1].map((n) => `cloud://shiliuzi-test/requests/${sent.id}/${n}.jpg`))
  expect(taroStub.uploads.map((u) => u.filePath)).toEqual([
    'wxfile://saved/a.jpg',
    'wxfile://saved/b.jpg',
    'wxfile://saved/recorded.mp3',
  ])
})

test('neither words nor a recording, or no category: the fields are marked and nothing is sent', async () => {
  await renderPage(ReportPage, { params, routes: [on(requests, 'menu', menu)] })
  await tap(screen.getByTestId('report-send'))
  expect(field('category').getAttribute('data-invalid')).toBe('true')
  await tap(screen.getByTestId('category-other'))
  write('   ')
  await tap(screen.getByTestId('report-send'))
  expect(field('text').textContent).toContain(zh('requests.textOrVoice'))
  expect(callsTo('requests').filter((c) => c.action === 'report')).toHaveLength(0)
})

test('a failed send keeps everything, on the screen and on the phone; sending again reuses the id and uploads', async () => {
  await renderPage(ReportPage, {
    params,
    routes: [on(requests, 'menu', menu), on(requests, 'report', (input, n) => (n === 1 ? OFFLINE : created(input)))],
  })
  await tap(screen.getByTestId('category-other'))
  write('房子漏雨')
  await tap(screen.getByTestId('pick-photo'))
  await tap(screen.getByTestId('report-send'))
  expect(screen.getByTestId('kept').textContent).toBe(zh('requests.keptDraft'))
  expect((screen.getByTestId('report-text') as HTMLInputElement).value).toBe('房子漏雨')
  expect(JSON.parse(taroStub.storage.get(DRAFT_KEY) as string)).toMatchObject({ category: 'other', text: '房子漏雨' })
  expect(taroStub.navigations).toEqual([])
  const first = lastInput('requests', 'report') as Sent
  await tap(screen.getByTestId('report-send'))
  const second = lastInput('requests', 'report') as Sent
  expect(second).toEqual(first)
  // the photos went up once
  expect(taroStub.uploads).toHaveLength(2)
  expect(taroStub.navigations.at(-1)?.kind).toBe('redirectTo')
})

test('a report begun earlier is there when the form opens again', async () => {
  taroStub.storage.set(
    DRAFT_KEY,
    JSON.stringify({
      id: '5b0c9a3e-1f2d-4e6a-9b8c-7d6e5f4a3b21',
      category: 'heating',
      text: '煤不够',
      photos: [],
      next: 0,
      uploaded: {},
    }),
  )
  await renderPage(ReportPage, { params, routes: [on(requests, 'menu', menu), on(requests, 'report', created)] })
  expect((screen.getByTestId('report-text') as HTMLInputElement).value).toBe('煤不够')
  expect(screen.getByTestId('category-heating').getAttribute('aria-checked')).toBe('true')
  await tap(screen.getByTestId('report-send'))
  expect((lastInput('requests', 'report') as Sent).id).toBe('5b0c9a3e-1f2d-4e6a-9b8c-7d6e5f4a3b21')
})

test('in Tibetan', async () => {
  await renderPage(ReportPage, { params, lang: 'bo', routes: [on(requests, 'menu', menu)] })
  expect(screen.getByTestId('category-heating').textContent).toContain('དྲོད་གཏོང་རོགས་སྐྱོར།')
  expect(screen.getByTestId('category-other').textContent).toContain(bo('requests.category.other'))
  expect(screen.getByTestId('report-send').textContent).toBe(bo('requests.send'))
  await tap(screen.getByTestId('category-other'))
  await tap(screen.getByTestId('report-send'))
  expect(field('text').textContent).toContain(bo('requests.textOrVoice'))
})
