import { render, screen } from '@testing-library/react'
import ExportButton from '@/pages/office/dashboard/ExportButton'
import ReportsPage from '@/pages/office/dashboard/reports'
import type { ActionOutput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import { chinaDateTime } from '@shared/time'
import { bo, freshTaro, lastInput, on, refuse, renderPage, route, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Listed = ActionOutput<typeof dashboard, 'reports'>

const MADE = '2026-11-30T16:12:00.000Z'
const listed: Listed = {
  region: '513301000000',
  name: { 'zh-Hans': '康定市', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར།' },
  level: 'county',
  reports: [
    { period: '2026-11', kind: 'month', madeAt: MADE },
    { period: '2026-10', kind: 'month', madeAt: null },
    { period: '2026-Q3', kind: 'quarter', madeAt: MADE },
  ],
}
const file = { url: 'https://files.example/reports/2026-11/513301000000.xlsx', fileName: '513301000000-2026-11.xlsx' }

const text = (testId: string) => screen.getByTestId(testId).textContent ?? ''

test('the office’s ended months and quarters, the made ones with when, the rest made on opening', async () => {
  await renderPage(ReportsPage, { routes: [on(dashboard, 'reports', listed)] })
  expect(text('reports-place')).toBe('康定市')
  expect(screen.getByText(zh('reports.intro'))).toBeTruthy()
  expect(text('reports-month')).toContain(zh('reports.month'))
  expect(text('report-2026-11')).toContain(zh('reports.madeAt', { time: chinaDateTime(MADE) }))
  expect(text('report-2026-10')).toContain(zh('reports.notMadeYet'))
  expect(text('reports-quarter')).toContain('2026-Q3')
  expect(screen.getByTestId('reports-month').querySelector('[data-testid="report-2026-Q3"]')).toBeNull()
})

test('opening a report downloads it and opens it in WeChat’s document viewer', async () => {
  await renderPage(ReportsPage, { routes: [on(dashboard, 'reports', listed), on(dashboard, 'openReport', file)] })
  await tap(screen.getByTestId('open-report-2026-11'))
  expect(lastInput('dashboard', 'openReport')).toEqual({ region: '513301000000', period: '2026-11' })
  expect(taroStub.opened).toEqual(['wxfile://tmp/513301000000.xlsx'])
})

test('a refusal is said under the report, in Tibetan', async () => {
  await renderPage(ReportsPage, {
    lang: 'bo',
    routes: [on(dashboard, 'reports', listed), on(dashboard, 'openReport', refuse('CONFLICT', 'reports.making'))],
  })
  expect(text('reports-place')).toBe('དར་རྩེ་མདོ་གྲོང་ཁྱེར།')
  await tap(screen.getByTestId('open-report-2026-10'))
  expect(text('report-2026-10')).toContain(bo('reports.making'))
  expect(taroStub.opened).toEqual([])
})

test('exporting a table asks the function for the file, opens it, and keeps its link for the hour', async () => {
  route([
    on(dashboard, 'exportTable', {
      ...file,
      fileID: 'cloud://env/dashboard-exports/x.xlsx',
      fileName: '513301000000-list-x.xlsx',
      expiresAt: MADE,
      rows: 12,
    }),
  ])
  render(<ExportButton input={{ table: 'list', region: '513301000000', figure: 'overdue' }} />)
  await tap(screen.getByTestId('export-table'))
  expect(lastInput('dashboard', 'exportTable')).toMatchObject({
    table: 'list',
    region: '513301000000',
    figure: 'overdue',
  })
  expect(taroStub.opened).toEqual(['wxfile://tmp/513301000000.xlsx'])
  expect(text('export-ready')).toBe(zh('reports.exportReady', { fileName: '513301000000-list-x.xlsx' }))
  await tap(screen.getByTestId('export-ready'))
  expect(taroStub.opened).toHaveLength(2)
})

test('an export the function refuses says why', async () => {
  route([on(dashboard, 'exportTable', refuse('INVALID_ARGUMENT', 'reports.exportTooLarge', { max: 1000 }))])
  render(<ExportButton input={{ table: 'list', region: '513300000000', figure: 'overdue' }} />)
  await tap(screen.getByTestId('export-table'))
  await settle()
  expect(text('export-problem')).toBe(zh('reports.exportTooLarge', { max: 1000 }))
  expect(taroStub.opened).toEqual([])
})

test('on a wide window the months and the quarters stand side by side', async () => {
  taroStub.window = { windowWidth: 1280, pixelRatio: 1 }
  await renderPage(ReportsPage, { routes: [on(dashboard, 'reports', listed)] })
  const lists = screen.getByTestId('reports-lists')
  expect(lists.getAttribute('class')).toContain('wide--on')
  expect(lists.querySelector('[data-testid="reports-month"]')).toBeTruthy()
  expect(lists.querySelector('[data-testid="reports-quarter"]')).toBeTruthy()
})
