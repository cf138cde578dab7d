import { fireEvent, screen } from '@testing-library/react'
import OfficeBindingsPage from '@/pages/office/bindings/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, issuedInvite } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

const family: ActionOutput<typeof identity, 'householdMembers'> = {
  members: [{ openid: 'head-phone', head: true, since: '2026-11-01T02:00:00.000Z' }],
  limit: 6,
}

test('the office opens a household by its id and issues a replacement code for its head’s lost phone', async () => {
  await renderPage(OfficeBindingsPage, {
    routes: [on(identity, 'householdMembers', family), on(identity, 'inviteHousehold', issuedInvite)],
  })
  expect(screen.queryByTestId('members')).toBeNull()
  fireEvent.change(screen.getByTestId('bindings-household'), { target: { value: HOUSEHOLD_ID } })
  await tap(screen.getByTestId('bindings-open'))
  expect(lastInput('identity', 'householdMembers')).toEqual({ householdId: HOUSEHOLD_ID })

  await tap(screen.getByTestId('member-replace'))
  expect(screen.getByTestId('replace-warning').textContent).toContain('旧手机（户主）立即失去访问权限')
  await tap(screen.getByTestId('replace-issue'))
  expect(lastInput('identity', 'inviteHousehold')).toEqual({ householdId: HOUSEHOLD_ID, replaces: 'head-phone' })
  expect(screen.getByTestId('invite-card').textContent).toContain('换手机：户主')
})

test('in Tibetan: a replacement the server refuses is shown in Tibetan, with no code', async () => {
  await renderPage(OfficeBindingsPage, {
    lang: 'bo',
    params: { householdId: HOUSEHOLD_ID },
    routes: [
      on(identity, 'householdMembers', family),
      on(identity, 'inviteHousehold', refuse('NOT_FOUND', 'access.notBound')),
    ],
  })
  await tap(screen.getByTestId('member-replace'))
  expect(screen.getByTestId('replace-warning').textContent).toBe(bo('replace.warning', { who: bo('roles.head') }))
  await tap(screen.getByTestId('replace-issue'))
  expect(screen.getByRole('alert').textContent).toBe(bo('access.notBound'))
  expect(screen.queryByTestId('invite-card')).toBeNull()
})

test('a household outside the office’s region is refused; retry asks again', async () => {
  await renderPage(OfficeBindingsPage, {
    params: { householdId: HOUSEHOLD_ID },
    routes: [on(identity, 'householdMembers', (_input, n) => (n === 1 ? refuse('FORBIDDEN') : family))],
  })
  expect(shownError('FORBIDDEN')).toBeTruthy()
  await retry()
  expect(screen.getAllByTestId('member')).toHaveLength(1)
})
