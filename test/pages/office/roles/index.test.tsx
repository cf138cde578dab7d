import { cleanup, fireEvent, screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import OfficeRolesPage from '@/pages/office/roles/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { KANGDING, LAZHUO, PLACE, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const CIVIL = { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' }

const roles: ActionOutput<typeof identity, 'rolesInRegion'> = {
  holders: [
    { openid: 'staff-kangding', grant: { role: 'office', region: KANGDING }, label: PLACE.kangding },
    { openid: 'reviewer-lazhuo', grant: { role: 'reviewer', region: LAZHUO }, label: PLACE.lazhuo },
    { openid: 'clerk-civil', grant: { role: 'department', departmentId: 'D1' }, label: CIVIL },
  ],
  total: 3,
  departments: [{ id: 'D1', name: CIVIL }],
}

const routes = (more: ReturnType<typeof on>[] = []) => [
  on(identity, 'me', officeMe),
  on(identity, 'rolesInRegion', roles),
  on(identity, 'grantRole', { roles: [{ role: 'reviewer', region: KANGDING }] }),
  on(identity, 'revokeRole', { roles: [] }),
  ...more,
]

test('the office sees who holds which role in its region, and appoints a reviewer for it', async () => {
  await renderPage(OfficeRolesPage, { routes: routes() })
  expect(lastInput('identity', 'rolesInRegion')).toEqual({ region: KANGDING })
  const holders = screen.getAllByTestId('holder')
  expect(holders.map((h) => h.getAttribute('data-openid'))).toEqual([
    'staff-kangding',
    'reviewer-lazhuo',
    'clerk-civil',
  ])
  expect(holders[1]!.textContent).toContain('审核人')
  expect(holders[1]!.textContent).toContain('拉卓镇')
  expect(holders[2]!.textContent).toContain('康定市民政局')
  // office staff are appointed by the office above; this screen takes back only what it can appoint
  expect(holders[0]!.querySelector('button')).toBeNull()

  fireEvent.change(screen.getByTestId('grant-openid'), { target: { value: ' new-reviewer ' } })
  await tap(screen.getByTestId('grant-submit'))
  expect(lastInput('identity', 'grantRole')).toEqual({
    openid: 'new-reviewer',
    grant: { role: 'reviewer', region: KANGDING },
  })
  expect(screen.getByTestId('done').textContent).toBe('已任命')
  // the list is read again, so the new holder shows
  expect(callsTo('identity').filter((c) => c.action === 'rolesInRegion')).toHaveLength(2)
})

test('department staff are appointed to one of the region’s departments', async () => {
  await renderPage(OfficeRolesPage, { routes: routes() })
  fireEvent.change(screen.getByTestId('grant-openid'), { target: { value: 'new-clerk' } })
  fireEvent.click(screen.getByTestId('grant-kind-department'))
  expect(screen.getByTestId('grant-department').textContent).toBe('康定市民政局')
  await tap(screen.getByTestId('grant-submit'))
  expect(lastInput('identity', 'grantRole')).toEqual({
    openid: 'new-clerk',
    grant: { role: 'department', departmentId: 'D1' },
  })
})

test('revoking asks first; a “no” changes nothing, a “yes” takes the role back', async () => {
  await renderPage(OfficeRolesPage, { routes: routes() })
  const reviewer = screen.getAllByTestId('holder')[1]!
  taroStub.confirm = false
  await tap(reviewer.querySelector('button')!)
  expect(lastInput('identity', 'revokeRole')).toBeUndefined()

  taroStub.confirm = true
  await tap(reviewer.querySelector('button')!)
  expect(lastInput('identity', 'revokeRole')).toEqual({
    openid: 'reviewer-lazhuo',
    grant: { role: 'reviewer', region: LAZHUO },
  })
  expect(screen.getByTestId('done').textContent).toBe('已撤销')
  // the outcome is re-worded when the reader switches language
  await tap(screen.getByText('བོད་ཡིག'))
  expect(screen.getByTestId('done').textContent).toBe(bo('grants.revoked'))
})

test('in Tibetan: a grant beyond the office’s authority is refused with the reason', async () => {
  await renderPage(OfficeRolesPage, {
    lang: 'bo',
    routes: routes([on(identity, 'grantRole', refuse('FORBIDDEN', 'access.noAuthority'))]),
  })
  expect(screen.getAllByTestId('holder')[1]!.textContent).toContain(bo('role.reviewer'))
  fireEvent.change(screen.getByTestId('grant-openid'), { target: { value: 'someone' } })
  fireEvent.change(screen.getByTestId('grant-region'), { target: { value: '513300000000' } })
  await tap(screen.getByTestId('grant-submit'))
  expect(shownError('FORBIDDEN')).toBe(bo('access.noAuthority'))
  expect(screen.queryByTestId('done')).toBeNull()
})

test('a list that fails to load shows the error, and retry loads it', async () => {
  await renderPage(OfficeRolesPage, {
    routes: routes([on(identity, 'rolesInRegion', (_input, n) => (n === 1 ? refuse('INTERNAL') : roles))]),
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('holder')).toHaveLength(3)
})

test('office staff reach it, and the bindings screen, from their home; department staff do not see them', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe)] })
  await tap(screen.getByTestId('open-roles'))
  await tap(screen.getByTestId('open-bindings'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual(['/pages/office/roles/index', '/pages/office/bindings/index'])

  cleanup()
  freshTaro()
  await renderPage(OfficeHomePage, {
    routes: [
      on(identity, 'me', {
        bound: true,
        roles: [{ role: 'department', departmentId: 'D1' }],
        cards: [
          { key: 'department:D1', grant: { role: 'department', departmentId: 'D1' }, label: CIVIL, regionNames: [] },
        ],
      }),
    ],
  })
  expect(screen.getByTestId('me')).toBeTruthy()
  expect(screen.queryByTestId('open-roles')).toBeNull()
})
