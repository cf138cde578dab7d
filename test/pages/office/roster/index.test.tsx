import { fireEvent, screen } from '@testing-library/react'
import RosterImportPage from '@/pages/office/roster/index'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { importJob, KANGDING, LAZHUO, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, OFFLINE, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(() => {
  freshTaro()
  taroStub.chatFile = { path: 'wxfile://tmp/roster.xlsx', name: '拉卓镇家庭花名册.xlsx' }
})

const dryRun = on(registry, 'importDryRun', {
  job: importJob,
  errors: [
    { row: 7, column: '身份证号', message: '身份证号校验位不正确' },
    { row: 19, column: '联系电话', message: '手机号应为 11 位数字' },
  ],
  more: false,
})

test('a chat file is uploaded and checked; the report lists every row error; committing imports the valid rows', async () => {
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'importUpload', importJob),
      dryRun,
      on(registry, 'importCommit', { ...importJob, state: 'done', batchesDone: 1, inserted: 100, updated: 18 }),
    ],
  })
  await tap(screen.getByTestId('roster-pick'), 6)
  expect(taroStub.uploads[0]!.filePath).toBe('wxfile://tmp/roster.xlsx')
  expect(lastInput('registry', 'importUpload')).toMatchObject({
    region: KANGDING,
    kind: 'households',
    fileName: '拉卓镇家庭花名册.xlsx',
  })
  expect(screen.getByTestId('import-summary').textContent).toBe('共 120 行：118 行可以导入，2 行有问题')
  expect(screen.getByTestId('row-errors').textContent).toContain('第 7 行 · 身份证号：身份证号校验位不正确')
  expect(screen.getByText('以下列没有用到：备注')).toBeTruthy()

  await tap(screen.getByTestId('commit'), 4)
  expect(lastInput('registry', 'importCommit')).toEqual({ jobId: 'J1', maxBatches: 5 })
  expect(screen.getByTestId('import-done').textContent).toBe('导入完成：新增 100，更新 18')
})

test('the template is made and opened', async () => {
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'template', {
        fileID: 'cloud://shiliuzi-test/templates/households.xlsx',
        url: 'https://tmp.example/households.xlsx',
        fileName: '家庭花名册模板.xlsx',
      }),
    ],
  })
  await tap(screen.getByTestId('template'))
  expect(lastInput('registry', 'template')).toEqual({ kind: 'households' })
  expect(screen.getByTestId('file-link').textContent).toBe('文件已生成，点击打开：家庭花名册模板.xlsx')
  expect(taroStub.opened).toEqual(['wxfile://tmp/households.xlsx'])
})

test('a file from another region is refused, in Tibetan', async () => {
  await renderPage(RosterImportPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'importUpload', refuse('FORBIDDEN', 'registry.import.outsideRegion')),
    ],
  })
  await tap(screen.getByTestId('roster-pick'), 6)
  const message = screen.getByTestId('import-message')
  expect(message.getAttribute('data-code')).toBe('FORBIDDEN')
  expect(message.textContent).toBe(bo('registry.import.outsideRegion'))
  expect(screen.queryByTestId('import-job')).toBeNull()
})

test('without signal the office region cannot be read: the error, and retry shows the wizard', async () => {
  await renderPage(RosterImportPage, { routes: [on(identity, 'me', (_i, n) => (n === 1 ? OFFLINE : officeMe))] })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByTestId('roster-pick')).toBeTruthy()
})

const exported = {
  jobId: 'E1',
  kind: 'households' as const,
  region: LAZHUO,
  state: 'done' as const,
  partsDone: 1,
  parts: 1,
  rows: 240,
  fileID: 'cloud://shiliuzi-test/exports/E1/households.xlsx',
  url: 'https://tmp.example/households.xlsx',
  fileName: '家庭花名册.xlsx',
  expiresAt: '2026-12-06T05:00:00.000Z',
}

test('a county office exports masked numbers, and is not offered full ones', async () => {
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'exportRoster', { ...exported, region: KANGDING, masked: true }),
    ],
  })
  expect(screen.queryByTestId('export-full')).toBeNull()
  expect(screen.getByText('导出的身份证号和手机号只显示部分数字；文件一小时后删除')).toBeTruthy()
  await tap(screen.getByTestId('export'))
  expect(lastInput('registry', 'exportRoster')).toEqual({
    region: KANGDING,
    kind: 'households',
    full: false,
    reason: '',
  })
  expect(screen.getByTestId('file-link').textContent).toBe('文件已生成，点击打开：家庭花名册.xlsx')
})

test('a township office asks for full numbers with a reason; without one the function says what is missing', async () => {
  const townshipMe = {
    ...officeMe,
    roles: [{ role: 'office' as const, region: LAZHUO }],
    cards: [{ ...officeMe.cards[0]!, key: `office:${LAZHUO}`, grant: { role: 'office' as const, region: LAZHUO } }],
  }
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', townshipMe),
      on(registry, 'exportRoster', (input) =>
        input.reason ? { ...exported, masked: false } : refuse('INVALID_ARGUMENT', 'registry.export.reasonRequired'),
      ),
    ],
  })
  await tap(screen.getByTestId('export-full'))
  expect(screen.getByText('完整号码的导出连同用途记入查阅记录；文件一小时后删除，请勿转发')).toBeTruthy()
  await tap(screen.getByTestId('export'))
  expect(screen.getByTestId('import-message').textContent).toBe('导出完整号码需要填写用途')

  fireEvent.input(screen.getByTestId('export-reason'), { target: { value: '核对低保名单' } })
  await tap(screen.getByTestId('export'))
  expect(lastInput('registry', 'exportRoster')).toEqual({
    region: LAZHUO,
    kind: 'households',
    full: true,
    reason: '核对低保名单',
  })
  expect(screen.getByTestId('file-link').textContent).toBe('文件已生成，点击打开：家庭花名册.xlsx')
})
