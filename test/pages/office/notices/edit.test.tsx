import { fireEvent, screen, within } from '@testing-library/react'
import OfficeNoticeEditPage from '@/pages/office/notices/edit'
import type { ActionOutput } from '@shared/contract'
import { notices } from '@shared/contracts/notices'
import { KANGDING, LAZHUO, PLACE, submittedRecord } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, reply, retry, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const regions: ActionOutput<typeof notices, 'regions'> = {
  region: { code: KANGDING, name: PLACE.kangding, level: 'county' },
  children: [{ code: LAZHUO, name: PLACE.lazhuo, level: 'township' }],
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } })
}

test('a new notice: both languages, an audience region, then saved and sent for review', async () => {
  await renderPage(OfficeNoticeEditPage, {
    routes: [
      on(notices, 'regions', regions),
      on(notices, 'save', (input) => ({ id: input.id, status: 'draft' as const, revision: 1 })),
      on(notices, 'submit', { status: 'submitted' }),
    ],
  })
  type('title-zh-Hans', '冬季防火安全提示')
  type('body-zh-Hans', '入冬后请注意用火用电安全。')
  type('title-bo', 'དགུན་དུས་མེ་སྔོན་འགོག')
  type('body-bo', 'མེ་དང་གློག་ལ་དོ་སྣང་གནང་རོགས།')
  fireEvent.click(screen.getByText('安全'))
  const lazhuo = screen.getAllByTestId('region-row').find((row) => row.getAttribute('data-code') === LAZHUO)!
  fireEvent.click(within(lazhuo).getByText('添加地区'))
  expect(screen.getByTestId('audience').textContent).toContain('拉卓镇')

  await tap(screen.getByTestId('submit'))
  const saved = lastInput('notices', 'save') as { id: string; draft: unknown }
  expect(saved.draft).toMatchObject({
    title: { 'zh-Hans': '冬季防火安全提示', bo: 'དགུན་དུས་མེ་སྔོན་འགོག' },
    category: 'safety',
    audience: { regions: [LAZHUO], roles: 'households' },
  })
  expect(lastInput('notices', 'submit')).toEqual({ id: saved.id })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: '已提交审核', icon: 'success' })
  expect(taroStub.navigations).toEqual([
    { kind: 'redirectTo', url: `/pages/office/notices/record?id=${encodeURIComponent(saved.id)}` },
  ])
})

test('editing a notice starts from its text, and what is typed stays', async () => {
  await renderPage(OfficeNoticeEditPage, {
    params: { id: 'N7' },
    routes: [on(notices, 'record', submittedRecord), on(notices, 'regions', regions)],
  })
  expect((screen.getByTestId('title-zh-Hans') as HTMLInputElement).value).toBe('冬季防火安全提示')
  type('title-zh-Hans', '冬季防火提示')
  fireEvent.click(screen.getByText('政策宣传'))
  expect((screen.getByTestId('title-zh-Hans') as HTMLInputElement).value).toBe('冬季防火提示')
})

test('a refusal from the function is shown in Tibetan and the form stays', async () => {
  await renderPage(OfficeNoticeEditPage, {
    lang: 'bo',
    routes: [
      on(notices, 'regions', regions),
      on(notices, 'save', refuse('INVALID_ARGUMENT', 'notice.audienceOutsideRegion')),
    ],
  })
  type('title-bo', 'དགུན་དུས་མེ་སྔོན་འགོག')
  type('body-bo', 'མེ་དང་གློག་ལ་དོ་སྣང་གནང་རོགས།')
  fireEvent.click(within(screen.getAllByTestId('region-row')[0]!).getByText(bo('notice.addRegion')))
  await tap(screen.getByText(bo('notice.save')))
  expect(screen.getByTestId('form-message').textContent).toBe(bo('notice.audienceOutsideRegion'))
  expect(taroStub.navigations).toEqual([])
})

/** the messages under a field (`Field` marks it `data-invalid`) */
function marked(path: string): string[] {
  const field = document.querySelector(`[data-field="${path}"]`)
  if (field?.getAttribute('data-invalid') !== 'true') return []
  return [...field.querySelectorAll('[role="alert"]')].map((m) => m.textContent ?? '')
}

test('saving an empty notice marks the text fields and the audience on the phone, and sends nothing', async () => {
  await renderPage(OfficeNoticeEditPage, { routes: [on(notices, 'regions', regions)] })
  await tap(screen.getByText('保存草稿'))
  expect(lastInput('notices', 'save')).toBeUndefined()
  for (const path of ['draft.title.zh-Hans', 'draft.body.zh-Hans', 'draft.title.bo', 'draft.body.bo'])
    expect(marked(path)).toEqual(['请至少用一种文字填写标题和正文'])
  expect(marked('draft.audience.regions')).toEqual(['请至少选择一个地区'])
  expect(screen.getByTestId('form-message').textContent).not.toBe('填写的内容有误')
})

test('a title without its body marks that body, in Tibetan', async () => {
  await renderPage(OfficeNoticeEditPage, { lang: 'bo', routes: [on(notices, 'regions', regions)] })
  type('title-bo', 'དགུན་དུས་མེ་སྔོན་འགོག')
  fireEvent.click(within(screen.getAllByTestId('region-row')[0]!).getByText(bo('notice.addRegion')))
  await tap(screen.getByText(bo('notice.save')))
  expect(marked('draft.body.bo')).toEqual([bo('notice.titleAndBody')])
  expect(marked('draft.title.bo')).toEqual([])
  expect(marked('draft.title.zh-Hans')).toEqual([])
})

test('the function’s field issues mark the fields they name (text held back by moderation)', async () => {
  const held = { path: 'draft.title.zh-Hans', message: zh('notice.moderationFailed') }
  await renderPage(OfficeNoticeEditPage, {
    routes: [
      on(notices, 'regions', regions),
      on(notices, 'save', (input) => ({ id: input.id, status: 'draft' as const, revision: 1 })),
    ],
  })
  // the function's answer as it sends it: the refusal with the fields it names
  const routed = taroStub.callFunction.getMockImplementation()!
  taroStub.callFunction.mockImplementation((options: { data: { action: string } }) =>
    options.data.action === 'submit'
      ? reply({ ok: false, error: { code: 'INVALID_ARGUMENT', message: held.message, details: [held] } })
      : routed(options),
  )
  type('title-zh-Hans', '冬季防火安全提示')
  type('body-zh-Hans', '入冬后请注意用火用电安全。')
  fireEvent.click(within(screen.getAllByTestId('region-row')[0]!).getByText('添加地区'))
  await tap(screen.getByTestId('submit'))
  expect(marked('draft.title.zh-Hans')).toEqual([held.message])
  expect(screen.getByTestId('form-message').textContent).toBe(zh('form.checkMarked'))
  expect(taroStub.navigations).toEqual([])
})

test('a notice with no Tibetan text warns its author; Tibetan text ends the warning', async () => {
  await renderPage(OfficeNoticeEditPage, { routes: [on(notices, 'regions', regions)] })
  expect(screen.queryByTestId('no-tibetan')).toBeNull()
  type('title-zh-Hans', '冬季防火安全提示')
  type('body-zh-Hans', '入冬后请注意用火用电安全。')
  expect(screen.getByTestId('no-tibetan').textContent).toBe('这条通知没有藏文标题或正文，而多数家庭读藏文')
  type('title-bo', 'དགུན་དུས་མེ་སྔོན་འགོག')
  type('body-bo', 'མེ་དང་གློག་ལ་དོ་སྣང་གནང་རོགས།')
  expect(screen.queryByTestId('no-tibetan')).toBeNull()
})

test('reopened for editing, the audience shows region names, in the chosen language', async () => {
  await renderPage(OfficeNoticeEditPage, {
    lang: 'bo',
    params: { id: 'N7' },
    routes: [on(notices, 'record', submittedRecord), on(notices, 'regions', regions)],
  })
  const audience = screen.getByTestId('audience')
  expect(audience.textContent).toBe(`${PLACE.lazhuo.bo} ✕`)
  expect(audience.textContent).not.toContain(LAZHUO)
})

test('a notice that cannot be read is not shown as an empty form: the error, and retry loads it', async () => {
  await renderPage(OfficeNoticeEditPage, {
    params: { id: 'N7' },
    routes: [
      on(notices, 'record', (_input, n) => (n === 1 ? refuse('INTERNAL') : submittedRecord)),
      on(notices, 'regions', regions),
    ],
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  expect(screen.queryByTestId('title-zh-Hans')).toBeNull()
  await retry()
  expect((screen.getByTestId('title-zh-Hans') as HTMLInputElement).value).toBe('冬季防火安全提示')
})
