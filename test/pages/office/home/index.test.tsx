import { screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import { identity } from '@shared/contracts/identity'
import { adminMe, officeMe } from '../../fixtures'
import { bo, freshTaro, on, OFFLINE, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('office staff see their roles and regions and the ways into their work; no audit search', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe)] })
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
  await renderPage(OfficeHomePage, { lang: 'bo', routes: [on(identity, 'me', adminMe)] })
  expect(screen.getByTestId('me').textContent).toContain(bo('role.admin'))
  expect(screen.getByTestId('open-audit').textContent).toContain(bo('audit.title'))
})

test('without signal the error is shown, and retry shows the roles', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', (_i, n) => (n === 1 ? OFFLINE : officeMe))] })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByTestId('me')).toBeTruthy()
})
