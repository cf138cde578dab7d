import Taro from '@tarojs/taro'
import { fireEvent, render, screen, within } from '@testing-library/react'
import PhaseSummary from '@/pages/office/dashboard/PhaseSummary'
import PhasesPage from '@/pages/office/dashboard/phases'
import ReportsLinks from '@/pages/office/dashboard/ReportsLinks'
import type { ActionOutput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import { BUILT_IN_PHASES } from '@shared/phases'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, route, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Phases = ActionOutput<typeof dashboard, 'phases'>
type Progress = ActionOutput<typeof dashboard, 'progress'>

const TODAY = '2026-12-06'
const saved: Phases['phases'][number] = {
  id: 'routine',
  from: '2026-01-01',
  to: '2026-12-31',
  targets: { coverage: 95, contactsPerQuarter: 2, visitsConfirmed: 80, solvedOnTime: null },
  stored: true,
  updatedAt: '2026-12-01T02:00:00.000Z',
}
const phases = (editable: boolean, routine = saved): Phases => ({
  phases: [BUILT_IN_PHASES[0]!, BUILT_IN_PHASES[1]!, routine],
  current: 'routine',
  today: TODAY,
  editable,
})
const name = (zhName: string, boName: string) => ({ 'zh-Hans': zhName, bo: boName })
const progress: Progress = {
  phase: saved,
  period: '2026-Q4',
  own: {
    axis: 'region',
    key: '513301000000',
    name: name('康定市', 'དར་རྩེ་མདོ་གྲོང་ཁྱེར།'),
    level: 'county',
    progress: {
      coverage: { target: 95, actual: 97.5, met: true },
      contactsPerQuarter: { target: 2, actual: 1.5, met: false },
      visitsConfirmed: { target: 80, actual: null, met: null },
      solvedOnTime: { target: null, actual: 70, met: null },
    },
  },
  rows: [
    {
      axis: 'region',
      key: '513301001000',
      name: name('炉城镇', 'དར་མདོ་གྲོང་རྡལ།'),
      level: 'township',
      progress: {
        coverage: { target: 95, actual: 90, met: false },
        contactsPerQuarter: { target: 2, actual: 2.25, met: true },
        visitsConfirmed: { target: 80, actual: 85, met: true },
        solvedOnTime: { target: null, actual: null, met: null },
      },
    },
  ],
}

const routes = (editable: boolean) => [
  on(dashboard, 'phases', (_input, n) =>
    n === 1 ? phases(editable) : phases(editable, { ...saved, to: '2027-06-30' }),
  ),
  on(dashboard, 'progress', progress),
  on(dashboard, 'savePhase', { id: 'routine', updatedAt: '2026-12-06T02:00:00.000Z' }),
]

const text = (testId: string) => screen.getByTestId(testId).textContent ?? ''
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })
const pickDate = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId).closest('label')!.querySelector('input')!, { target: { value } })

test('a county office reads the three phases by name with their dates and targets, the current one marked, and no edit', async () => {
  await renderPage(PhasesPage, { routes: routes(false) })
  expect(screen.getByText(zh('phases.readOnly'))).toBeTruthy()
  for (const id of ['foundation', 'results', 'routine'] as const)
    expect(text(`phase-${id}`)).toContain(zh(`phases.${id}`))
  expect(text('phase-routine')).toContain(zh('phases.current'))
  expect(text('phase-foundation')).not.toContain(zh('phases.current'))
  expect(text('phase-routine')).toContain(zh('phases.dates', { from: '2026-01-01', to: '2026-12-31' }))
  expect(text('target-routine-coverage')).toContain('95%')
  expect(text('target-routine-contactsPerQuarter')).toContain('2')
  expect(text('target-routine-solvedOnTime')).toContain(zh('phases.notSet'))
  // the built-in phases say nobody saved them yet
  expect(screen.getByTestId('phase-built-in-foundation')).toBeTruthy()
  expect(screen.queryByTestId('phase-built-in-routine')).toBeNull()
  expect(screen.queryByTestId('phase-edit-routine')).toBeNull()
})

test('progress: the region and each one below, reached against the target, met or not, “—” where nothing is counted', async () => {
  await renderPage(PhasesPage, { routes: routes(false) })
  expect(text('progress')).toContain(zh('phases.progress', { period: '2026-Q4' }))
  expect(text('progress-own')).toContain('康定市')
  expect(text('progress-own-coverage')).toContain(zh('phases.actual', { actual: '97.5%', target: '95%' }))
  expect(text('progress-own-coverage')).toContain(zh('phases.met'))
  expect(text('progress-own-contactsPerQuarter')).toContain(zh('phases.actual', { actual: '1.5', target: '2' }))
  expect(text('progress-own-contactsPerQuarter')).toContain(zh('phases.notMet'))
  expect(text('progress-own-visitsConfirmed')).toContain(zh('dashboard.none'))
  expect(text('progress-own-visitsConfirmed')).not.toContain(zh('phases.notMet'))
  // no target: the figure alone, no verdict
  expect(text('progress-own-solvedOnTime')).toBe(`${zh('phases.target.solvedOnTime')}70%`)
  expect(text('progress-513301001000')).toContain('炉城镇')
  expect(text('progress-513301001000-contactsPerQuarter')).toContain(zh('phases.met'))
})

test('the prefecture office edits a phase: a wrong figure is marked on its field, saving asks first and reloads', async () => {
  jest.spyOn(Taro, 'showModal')
  await renderPage(PhasesPage, { routes: routes(true) })
  expect(screen.queryByText(zh('phases.readOnly'))).toBeNull()
  await tap(screen.getByTestId('phase-edit-routine'))
  expect(screen.getByTestId('phase-form-routine')).toBeTruthy()
  type('phase-routine-coverage', '120')
  await tap(screen.getByTestId('phase-save-routine'))
  expect(document.querySelector('[data-field="targets.coverage"]')!.getAttribute('data-invalid')).toBe('true')
  expect(callsTo('dashboard').filter((c) => c.action === 'savePhase')).toHaveLength(0)

  type('phase-routine-coverage', '90')
  type('phase-routine-solvedOnTime', '85')
  type('phase-routine-visitsConfirmed', '')
  pickDate('phase-routine-to', '2027-06-30')
  taroStub.confirm = false
  await tap(screen.getByTestId('phase-save-routine'))
  expect(callsTo('dashboard').filter((c) => c.action === 'savePhase')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('phase-save-routine'))
  expect((jest.mocked(Taro.showModal).mock.calls.at(-1) as [{ content: string }])[0].content).toBe(
    zh('phases.saveAsk', { phase: zh('phases.routine') }),
  )
  expect(lastInput('dashboard', 'savePhase')).toEqual({
    id: 'routine',
    from: '2026-01-01',
    to: '2027-06-30',
    targets: { coverage: 90, contactsPerQuarter: 2, visitsConfirmed: null, solvedOnTime: 85 },
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('phases.saved'), icon: 'success' })
  // the list is read again and shows what is stored now
  expect(text('phase-routine')).toContain(zh('phases.dates', { from: '2026-01-01', to: '2027-06-30' }))
  expect(screen.queryByTestId('phase-form-routine')).toBeNull()
})

test('the function’s refusal of overlapping dates is shown under the form, in Tibetan', async () => {
  await renderPage(PhasesPage, {
    lang: 'bo',
    routes: [...routes(true), on(dashboard, 'savePhase', refuse('INVALID_ARGUMENT', 'phases.overlapsAfter'))],
  })
  expect(text('phase-routine')).toContain(bo('phases.routine'))
  await tap(screen.getByTestId('phase-edit-results'))
  await tap(screen.getByTestId('phase-save-results'))
  expect(screen.getByText(bo('phases.overlapsAfter'))).toBeTruthy()
  expect(text('progress')).toContain(bo('phases.progress', { period: '2026-Q4' }))
  expect(text('progress-own-coverage')).toContain(bo('phases.met'))
})

const grant = { grantedBy: 'x', grantedByOffices: [] }

test('the home’s section: the current phase and the office’s own progress; nothing while no phase is current', async () => {
  route([on(dashboard, 'progress', progress)])
  const { unmount } = render(<PhaseSummary roles={[{ role: 'office', region: '513301000000', ...grant }]} />)
  await settle(3)
  expect(text('phase-summary')).toContain(zh('phases.routine'))
  expect(text('phase-summary-own-coverage')).toContain(zh('phases.met'))
  expect(lastInput('dashboard', 'progress')).toEqual({})
  unmount()
  route([on(dashboard, 'progress', { ...progress, phase: null })])
  render(<PhaseSummary roles={[{ role: 'admin', ...grant }]} />)
  await settle(3)
  expect(screen.queryByTestId('phase-summary')).toBeNull()
  expect(lastInput('dashboard', 'progress')).toEqual({ region: '513300000000' })
})

test('the home’s links: phases for offices and departments, reports for offices only, neither for a reviewer', () => {
  const { unmount } = render(<ReportsLinks roles={[{ role: 'department', departmentId: 'd1', ...grant }]} />)
  expect(screen.getByTestId('open-phases')).toBeTruthy()
  expect(screen.queryByTestId('open-reports')).toBeNull()
  unmount()
  const office = render(<ReportsLinks roles={[{ role: 'office', region: '513301000000', ...grant }]} />)
  expect(screen.getByTestId('open-reports').textContent).toContain(zh('reports.title'))
  office.unmount()
  render(<ReportsLinks roles={[{ role: 'reviewer', region: '513301000000', ...grant }]} />)
  expect(screen.queryByTestId('open-phases')).toBeNull()
})

test('on a wide window the phases and the regions’ progress stand two to a row; on a phone, one', async () => {
  taroStub.window = { windowWidth: 1280, pixelRatio: 1 }
  await renderPage(PhasesPage, { routes: routes(false) })
  expect(screen.getByTestId('phases-cards').getAttribute('class')).toContain('wide--on')
  expect(screen.getByTestId('progress-cards').getAttribute('class')).toContain('wide--on')
  expect(screen.getByTestId('progress-cards').querySelector('[data-testid="progress-own"]')).toBeTruthy()
})

test('on a phone the phases stand one under another', async () => {
  await renderPage(PhasesPage, { routes: routes(false) })
  expect(screen.getByTestId('phases-cards').getAttribute('class')).not.toContain('wide--on')
})

test('the progress exports: the function writes it for the office’s own region and the phone opens it', async () => {
  await renderPage(PhasesPage, {
    routes: [
      ...routes(false),
      on(dashboard, 'exportTable', {
        fileID: 'cloud://env/dashboard-exports/p.xlsx',
        url: 'https://files.example/dashboard-exports/p.xlsx',
        fileName: '513301000000-progress-p.xlsx',
        expiresAt: '2026-12-06T15:00:00.000Z',
        rows: 3,
      }),
    ],
  })
  await tap(within(screen.getByTestId('progress')).getByTestId('export-table'))
  expect(lastInput('dashboard', 'exportTable')).toMatchObject({ table: 'progress' })
  expect(lastInput('dashboard', 'exportTable')).not.toHaveProperty('region')
  expect(taroStub.opened).toHaveLength(1)
  expect(screen.getByTestId('export-ready').textContent).toBe(
    zh('reports.exportReady', { fileName: '513301000000-progress-p.xlsx' }),
  )
})
