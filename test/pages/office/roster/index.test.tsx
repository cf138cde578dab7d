import { act, fireEvent, screen } from '@testing-library/react'
import { setLang } from '@/services/settings'
import RosterImportPage from '@/pages/office/roster/index'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { GALA, importJob, KANGDING, LAZHUO, officeMe, PLACE, regionsOfKangding } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  OFFLINE,
  refuse,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
} from '../../helpers'
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
  expect(screen.getByTestId('import-summary').textContent).toBe('共 120 行：118 行可以导入，2 行有问题（共 2 处）')
  expect(screen.getByTestId('row-errors').textContent).toContain('第 7 行 · 身份证号：身份证号校验位不正确')
  expect(screen.getByText('以下列没有用到：备注')).toBeTruthy()

  await tap(screen.getByTestId('commit'), 4)
  expect(lastInput('registry', 'importCommit')).toEqual({ jobId: 'J1', maxBatches: 5 })
  expect(screen.getByTestId('import-done').textContent).toBe('导入完成：新增 100，更新 18')
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '名册已导入' }))
})

test('rows with problems and the problems are counted apart; after the check another file can be chosen', async () => {
  // three rows have six problems between them: 3 rows are not imported
  const checked = { ...importJob, rows: 10, valid: 7, rowErrors: 6 }
  const corrected = { ...importJob, jobId: 'J2', fileName: '改正后.xlsx', rows: 10, valid: 10, rowErrors: 0 }
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'importUpload', (_input, n) => (n === 1 ? checked : corrected)),
      on(registry, 'importDryRun', (input) => ({
        job: input.jobId === 'J1' ? checked : corrected,
        errors:
          input.jobId === 'J1'
            ? [3, 3, 5, 5, 5, 8].map((row, i) => ({ row, column: '身份证号', message: `问题${i}` }))
            : [],
        more: false,
      })),
    ],
  })
  await tap(screen.getByTestId('roster-pick'), 6)
  expect(screen.getByTestId('import-summary').textContent).toBe('共 10 行：7 行可以导入，3 行有问题（共 6 处）')
  // the picker stays, worded for the next file
  const again = screen.getByTestId('roster-pick')
  expect(again.textContent).toBe('选择另一个文件')
  taroStub.chatFile = { path: 'wxfile://tmp/fixed.xlsx', name: '改正后.xlsx' }
  await tap(again, 6)
  expect(taroStub.uploads.map((u) => u.filePath)).toEqual(['wxfile://tmp/roster.xlsx', 'wxfile://tmp/fixed.xlsx'])
  expect(screen.getByTestId('import-job').textContent).toContain('改正后.xlsx')
  expect(screen.getByTestId('import-summary').textContent).toBe('共 10 行：10 行可以导入，0 行有问题（共 0 处）')
})

test('an import left waiting is listed and picked up where it stopped: the check finished, then committed', async () => {
  const waiting = {
    ...importJob,
    jobId: 'J9',
    fileName: '上周的名册.xlsx',
    state: 'checking' as const,
    checkedBatches: 0,
  }
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'importJobs', (_input, n) => ({
        jobs: n === 1 ? [waiting, { ...importJob, state: 'done' as const }] : [],
      })),
      on(registry, 'importContinue', { ...waiting, state: 'checked', checkedBatches: 1 }),
      on(registry, 'importDryRun', {
        job: { ...waiting, state: 'checked', checkedBatches: 1 },
        errors: [],
        more: false,
      }),
      on(registry, 'importCommit', { ...waiting, state: 'done', batchesDone: 1, inserted: 118, updated: 0 }),
    ],
  })
  expect(lastInput('registry', 'importJobs')).toEqual({ region: KANGDING })
  const list = screen.getByTestId('waiting-imports')
  // the done one is not waiting
  expect(list.querySelectorAll('[data-job]')).toHaveLength(1)
  expect(list.textContent).toContain('上周的名册.xlsx · 家庭')
  expect(list.textContent).toContain('共 120 行，尚未检查完')
  await tap(screen.getByTestId('resume'), 6)
  expect(lastInput('registry', 'importContinue')).toEqual({ jobId: 'J9' })
  expect(screen.getByTestId('import-summary').textContent).toBe('共 120 行：118 行可以导入，2 行有问题（共 2 处）')
  await tap(screen.getByTestId('commit'), 4)
  expect(lastInput('registry', 'importCommit')).toEqual({ jobId: 'J9', maxBatches: 5 })
  expect(screen.getByTestId('import-done')).toBeTruthy()
})

test('switching to Tibetan asks for the row problems again, worded in Tibetan', async () => {
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'importUpload', importJob),
      on(registry, 'importDryRun', (_input, n) => ({
        job: importJob,
        errors: [{ row: 7, column: '身份证号', message: n === 1 ? '身份证号校验位不正确' : 'ཞིབ་བཤེར་ཨང་མི་མཐུན།' }],
        more: false,
      })),
    ],
  })
  await tap(screen.getByTestId('roster-pick'), 6)
  expect(screen.getByTestId('row-errors').textContent).toContain('身份证号校验位不正确')
  await act(async () => setLang('bo'))
  await settle(3)
  expect(
    callsTo('registry')
      .filter((c) => c.action === 'importDryRun')
      .map((c) => c.lang),
  ).toEqual(['zh-Hans', 'bo'])
  expect(screen.getByTestId('row-errors').textContent).toContain('ཞིབ་བཤེར་ཨང་མི་མཐུན།')
})

test('the village codes of the region are shown on request, a township at a time', async () => {
  await renderPage(RosterImportPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'regions', (input) =>
        input.region === KANGDING
          ? regionsOfKangding
          : {
              region: regionsOfKangding.children[0]!,
              children: [
                {
                  code: GALA,
                  level: 'village' as const,
                  name: PLACE.gala,
                  hasChildren: false,
                  counts: { households: 40, officials: 9 },
                },
              ],
              path: regionsOfKangding.path,
            },
      ),
    ],
  })
  expect(lastInput('registry', 'regions')).toBeUndefined()
  await tap(screen.getByTestId('show-villages'))
  expect(lastInput('registry', 'regions')).toEqual({ region: KANGDING })
  await tap(screen.getByText('拉卓镇 ›'))
  expect(lastInput('registry', 'regions')).toEqual({ region: LAZHUO })
  const row = screen.getByTestId('village-codes').querySelector(`[data-code="${GALA}"]`)!
  expect(row.textContent).toBe(`嘎拉社区 ${GALA}`)
  await tap(screen.getByText('返回上一级'))
  expect(screen.getByText('拉卓镇 ›')).toBeTruthy()
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
  // the office's region: the template lists its village codes
  expect(lastInput('registry', 'template')).toEqual({ kind: 'households', region: KANGDING })
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
