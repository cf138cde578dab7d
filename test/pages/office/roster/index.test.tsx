import { screen } from '@testing-library/react'
import RosterImportPage from '../../../../src/pages/office/roster/index'
import { identity } from '../../../../src/shared/contracts/identity'
import { registry } from '../../../../src/shared/contracts/registry'
import { importJob, KANGDING, officeMe } from '../../fixtures'
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
