import { screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { adminMe, importJob, KANGDING, officeMe, summary } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, OFFLINE, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

/** nothing waits: an empty queue, no notice of the office's in review, no import open */
const idle = [
  on(notices, 'queue', { items: [] }),
  on(notices, 'mine', { items: [summary('N1', 'published', '已发布的通知')], more: false }),
  on(registry, 'importJobs', { jobs: [{ ...importJob, state: 'done' as const }] }),
]
const busy = [
  on(notices, 'queue', { items: [summary('N2', 'submitted', '待审核一'), summary('N3', 'submitted', '待审核二')] }),
  on(notices, 'mine', {
    items: [
      summary('N4', 'submitted', '已提交'),
      { ...summary('N5', 'published', '修订待审'), pendingStatus: 'submitted' as const },
      summary('N6', 'approved', '待发布'),
      summary('N7', 'published', '已发布'),
    ],
    more: false,
  }),
  on(registry, 'importJobs', {
    jobs: [
      { ...importJob, jobId: 'J3', state: 'checked' as const },
      { ...importJob, jobId: 'J2', state: 'committing' as const },
      // checked with nothing to import: nothing waits on it
      { ...importJob, jobId: 'J1', state: 'checked' as const, valid: 0 },
      { ...importJob, state: 'done' as const },
    ],
  }),
]

test('what waits is counted, each count opening the screen where it is done', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe), ...busy] })
  expect(lastInput('registry', 'importJobs')).toEqual({ region: KANGDING })
  const todo = screen.getByTestId('office-todo')
  expect([...todo.querySelectorAll('[data-todo]')].map((el) => el.textContent)).toEqual([
    '2 条通知等待你审核›',
    '2 条通知已提交，等待审核›',
    '1 条通知已通过审核，等待发布›',
    '2 次名册导入等待检查或确认›',
  ])
  await tap(screen.getByText('2 条通知等待你审核'))
  await tap(screen.getByText('2 次名册导入等待检查或确认'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual(['/pages/office/notices/queue', '/pages/office/roster/index'])
})

test('in Tibetan, with nothing waiting, the to-do says so', async () => {
  await renderPage(OfficeHomePage, { lang: 'bo', routes: [on(identity, 'me', officeMe), ...idle] })
  expect(screen.getByTestId('todo-none').textContent).toBe(bo('registry.home.nothing'))
  expect(screen.getByTestId('office-todo').textContent).toContain(bo('registry.home.todo'))
})

test('an administrator has no review queue to ask for: only the prefecture’s imports are counted', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', adminMe), ...busy] })
  expect(callsTo('notices')).toEqual([])
  expect(lastInput('registry', 'importJobs')).toEqual({ region: '513300000000' })
  expect(screen.getByTestId('office-todo').textContent).toContain('2 次名册导入等待检查或确认')
})

test('office staff see their roles and regions and the ways into their work; no audit search', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe), ...idle] })
  const me = screen.getByTestId('me')
  expect(me.textContent).toContain('李明，您好')
  expect(me.textContent).toContain('负责区域：康定市 · 县级')
  expect([...me.querySelectorAll('[data-role]')].map((r) => r.getAttribute('data-role'))).toEqual([
    'office',
    'reviewer',
  ])
  expect(screen.queryByTestId('open-audit')).toBeNull()

  await tap(screen.getByTestId('open-invite'))
  await tap(screen.getByText('花名册导入导出'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual(['/pages/office/invite/index', '/pages/office/roster/index'])
})

test('an administrator, in Tibetan, also has the audit search', async () => {
  await renderPage(OfficeHomePage, { lang: 'bo', routes: [on(identity, 'me', adminMe), ...idle] })
  expect(screen.getByTestId('me').textContent).toContain(bo('role.admin'))
  expect(screen.getByTestId('open-audit').textContent).toContain(bo('audit.title'))
})

test('without signal the error is shown, and retry shows the roles', async () => {
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', (_i, n) => (n === 1 ? OFFLINE : officeMe)), ...idle],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByTestId('me')).toBeTruthy()
})
