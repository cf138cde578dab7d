import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import OfficeNoticeRecordPage from '@/pages/office/notices/record'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { KANGDING, LAZHUO, PLACE, officeMe, submittedRecord } from '../../fixtures'
import { audioPlays, bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

/** the recordings the audio player was asked to play */
let played: string[] = []

beforeEach(() => {
  freshTaro()
  jest.spyOn(Taro, 'showModal').mockClear()
  played = audioPlays()
})

/** what the confirmation dialogs asked */
const asked = () => (jest.mocked(Taro.showModal).mock.calls as [{ content: string }][]).map(([o]) => o.content)

/** the messages under a field (`Field` marks it `data-invalid`) */
function marked(path: string): string[] {
  const field = document.querySelector(`[data-field="${path}"]`)
  if (field?.getAttribute('data-invalid') !== 'true') return []
  return [...field.querySelectorAll('[role="alert"]')].map((m) => m.textContent ?? '')
}

const zhOnly = {
  ...submittedRecord,
  draft: {
    ...submittedRecord.draft,
    title: { 'zh-Hans': '冬季防火安全提示', bo: '' },
    body: { 'zh-Hans': '入冬后请注意用火用电安全。', bo: '' },
  },
}
const published = {
  ...submittedRecord,
  status: 'published' as const,
  canReview: false,
  publishedAt: '2026-12-05T03:00:00.000Z',
  push: { state: 'waiting' as const, sent: 0, noSubscription: 0, failed: 0, reach: null },
}

const params = { id: 'N7' }
const approved = { ...submittedRecord, status: 'approved' as const, canReview: false }

test('a submitted notice: both languages, audience, history; the reviewer approves it and it is shown approved', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', (_input, n) => (n === 1 ? submittedRecord : approved)),
      on(notices, 'approve', { status: 'approved' }),
    ],
  })
  const record = screen.getByTestId('record')
  expect(screen.getByTestId('status').textContent).toBe('待审核')
  expect(screen.getByTestId('record-zh-Hans').textContent).toContain('冬季防火安全提示')
  expect(screen.getByTestId('record-bo').textContent).toContain('དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།')
  expect(record.textContent).toContain('发送对象: 家庭 · 拉卓镇')
  expect(screen.getByText('2026-12-05 · 提交审核 · 第 1 版')).toBeTruthy()

  expect(screen.getByTestId('record-office').textContent).toBe('康定市的通知')
  // both languages written: no warning, and approving asks nothing
  expect(screen.queryByTestId('no-tibetan')).toBeNull()
  await tap(screen.getByTestId('approve'))
  expect(Taro.showModal).not.toHaveBeenCalled()
  expect(lastInput('notices', 'approve')).toEqual({ id: 'N7' })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已通过审核', icon: 'success' })
  expect(screen.getByTestId('status').textContent).toBe('已通过')
  // office staff publish an approved notice
  expect(screen.getByTestId('publish').textContent).toBe('发布')
})

test('returning without a comment is refused beside the form, in Tibetan', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    lang: 'bo',
    params,
    routes: [on(identity, 'me', officeMe), on(notices, 'record', submittedRecord)],
  })
  expect(screen.getByTestId('status').textContent).toBe(bo('notice.status.submitted'))
  // the client checks the comment before sending: nothing is sent, and the comment is marked
  await tap(screen.getByText(bo('notice.return')))
  expect(lastInput('notices', 'returnNotice')).toBeUndefined()
  expect(marked('comment')).toEqual([bo('validation.required')])
  expect(screen.queryByText(bo('error.INVALID_ARGUMENT'))).toBeNull()
})

test('a notice outside the office’s region is refused, and retry loads it', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', (_input, n) => (n === 1 ? refuse('FORBIDDEN', 'notice.outsideRegion') : submittedRecord)),
    ],
  })
  expect(shownError('FORBIDDEN')).toContain('这条通知不属于你所在的工作办公室')
  await retry()
  expect(screen.getByTestId('record')).toBeTruthy()
})

test('a reviewer returns it with a comment', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(notices, 'record', submittedRecord),
      on(notices, 'returnNotice', { status: 'returned' }),
    ],
  })
  fireEvent.change(screen.getByTestId('return-comment'), { target: { value: '请补充藏文' } })
  await tap(screen.getByText('退回修改'))
  expect(lastInput('notices', 'returnNotice')).toEqual({ id: 'N7', comment: '请补充藏文' })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已退回', icon: 'success' })
})

test('a notice with no Tibetan text: the reviewer is warned, and approving asks first', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [on(notices, 'record', zhOnly), on(notices, 'approve', { status: 'approved' })],
  })
  expect(screen.getByTestId('no-tibetan').textContent).toBe(zh('notice.noTibetan'))
  taroStub.confirm = false
  await tap(screen.getByTestId('approve'))
  expect(asked()).toEqual([zh('notice.noTibetanApprove')])
  expect(lastInput('notices', 'approve')).toBeUndefined()
  taroStub.confirm = true
  await tap(screen.getByTestId('approve'))
  expect(lastInput('notices', 'approve')).toEqual({ id: 'N7' })
})

test('the reviewer plays the notice’s recording before deciding', async () => {
  const fileID = 'cloud://env/notices/N7/a.m4a'
  await renderPage(OfficeNoticeRecordPage, {
    lang: 'bo',
    params,
    routes: [
      on(notices, 'record', {
        ...submittedRecord,
        draft: { ...submittedRecord.draft, media: [{ kind: 'audio', fileID, lang: 'bo' }] },
        mediaUrls: { [fileID]: 'https://tmp.example/a.m4a' },
      }),
    ],
  })
  const recording = screen.getByTestId('record-audio')
  expect(recording.textContent).toContain(bo('lang.bo'))
  const play = recording.querySelector('[data-testid="audio-player"] button')!
  await tap(play)
  expect(played).toEqual(['https://tmp.example/a.m4a'])
})

test('retracting asks first and says what happens; a no sends nothing, a yes retracts with a toast', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [on(notices, 'record', published), on(notices, 'retract', { status: 'retracted' })],
  })
  await tap(screen.getByTestId('retract'))
  expect(marked('reason')).toEqual([zh('validation.required')])
  expect(asked()).toEqual([])
  fireEvent.change(screen.getByTestId('retract-reason'), { target: { value: '政策已调整' } })
  taroStub.confirm = false
  await tap(screen.getByTestId('retract'))
  // the notice is for households: they are the ones who stop seeing it
  expect(asked()).toEqual(['撤回后，家庭将不再看到这条通知，已有的阅读记录保留。确定撤回吗？'])
  expect(lastInput('notices', 'retract')).toBeUndefined()
  taroStub.confirm = true
  await tap(screen.getByTestId('retract'))
  expect(lastInput('notices', 'retract')).toEqual({ id: 'N7', reason: '政策已调整' })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已撤回', icon: 'success' })
})

test('publishing ends with a toast', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(notices, 'record', { ...submittedRecord, status: 'approved', canReview: false }),
      on(notices, 'publish', { status: 'published', revision: 1 }),
    ],
  })
  await tap(screen.getByTestId('publish'))
  expect(lastInput('notices', 'publish')).toEqual({ id: 'N7' })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已发布', icon: 'success' })
})

test('a county’s notice opened by the prefecture office: the county’s by name, and nothing to change', async () => {
  await renderPage(OfficeNoticeRecordPage, {
    lang: 'bo',
    params,
    routes: [on(notices, 'record', { ...published, ownOffice: false })],
  })
  expect(screen.getByTestId('record-office').textContent).toBe(bo('notice.ofOffice', { office: PLACE.kangding.bo }))
  expect(screen.getByTestId('record-audience').textContent).toContain(PLACE.lazhuo.bo)
  expect(screen.getByTestId('record-audience').textContent).not.toContain(LAZHUO)
  expect(screen.queryByTestId('edit')).toBeNull()
  expect(screen.queryByTestId('retract')).toBeNull()
  expect(screen.queryByTestId('publish')).toBeNull()
  // the read rates are for every office above it too
  expect(screen.getByTestId('rates')).toBeTruthy()
})

test('the push summary counts the households it could not reach and says why', async () => {
  const reach = { households: 34, householdsUnbound: 31, officials: 0, officialsUnbound: 0, notSubscribed: 2 }
  await renderPage(OfficeNoticeRecordPage, {
    params,
    routes: [
      on(notices, 'record', {
        ...published,
        office: { region: KANGDING, name: PLACE.kangding },
        push: { state: 'done', sent: 1, noSubscription: 0, failed: 0, reach },
      }),
    ],
  })
  expect(screen.getByTestId('push-households').textContent).toBe('发给 34 户家庭，其中 31 户没有绑定微信，收不到提醒')
  expect(screen.queryByTestId('push-officials')).toBeNull()
  expect(screen.getByTestId('push').textContent).toContain('微信提醒：已发 1，未订阅 2，失败 0')
})
