import { cleanup, screen } from '@testing-library/react'
import HouseholdHomePage from '@/pages/household/home/index'
import HouseholdMembersPage from '@/pages/household/members/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { HOUSEHOLD_ID, householdMe, issuedInvite, myHousehold } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const family: ActionOutput<typeof identity, 'householdMembers'> = {
  members: [
    { openid: 'head-phone', head: true, since: '2026-11-01T02:00:00.000Z' },
    { openid: 'daughter-phone', head: false, since: '2026-12-01T04:30:00.000Z' },
  ],
  limit: 6,
}

const routes = (more: ReturnType<typeof on>[] = []) => [
  on(identity, 'me', householdMe),
  on(identity, 'householdMembers', family),
  on(identity, 'unbind', { roles: [] }),
  on(identity, 'inviteHousehold', issuedInvite),
  ...more,
]

test('the head sees the family’s bound phones and, after confirming, removes one', async () => {
  await renderPage(HouseholdMembersPage, { routes: routes() })
  expect(lastInput('identity', 'householdMembers')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByText('已绑定 2 人，最多 6 人')).toBeTruthy()
  const [head, daughter] = screen.getAllByTestId('member')
  expect(head!.textContent).toContain('户主')
  expect(daughter!.textContent).toContain('家人 2')
  // 12:30 in Ganzi
  expect(daughter!.textContent).toContain('绑定于 2026-12-01 12:30')

  taroStub.confirm = false
  await tap(daughter!.querySelector('[data-testid="member-unbind"]')!)
  expect(lastInput('identity', 'unbind')).toBeUndefined()

  taroStub.confirm = true
  await tap(daughter!.querySelector('[data-testid="member-unbind"]')!)
  expect(lastInput('identity', 'unbind')).toEqual({ role: 'household', openid: 'daughter-phone' })
  expect(screen.getByTestId('done').textContent).toBe('已解除绑定')
  expect(callsTo('identity').filter((c) => c.action === 'householdMembers')).toHaveLength(2)
})

test('a lost phone: the head is told the old phone loses access, then gets the replacement code', async () => {
  await renderPage(HouseholdMembersPage, { routes: routes() })
  await tap(screen.getAllByTestId('member')[1]!.querySelector('[data-testid="member-replace"]')!)
  expect(screen.getByTestId('replace-warning').textContent).toBe(
    '新手机用这个邀请码绑定后，旧手机（家人 2）立即失去访问权限，不能再查看任何信息。',
  )
  await tap(screen.getByTestId('replace-issue'))
  expect(lastInput('identity', 'inviteHousehold')).toEqual({ householdId: HOUSEHOLD_ID, replaces: 'daughter-phone' })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(screen.getByTestId('invite-card').textContent).toContain('换手机：家人 2')
})

test('in Tibetan: a removal the server refuses is explained in Tibetan and the list stays', async () => {
  await renderPage(HouseholdMembersPage, {
    lang: 'bo',
    routes: routes([on(identity, 'unbind', refuse('FORBIDDEN'))]),
  })
  expect(screen.getAllByTestId('member')[0]!.textContent).toContain(bo('roles.head'))
  await tap(screen.getAllByTestId('member')[1]!.querySelector('[data-testid="member-unbind"]')!)
  expect(shownError('FORBIDDEN')).toBe(bo('error.FORBIDDEN'))
  expect(screen.getAllByTestId('member')).toHaveLength(2)
})

test('a list that fails to load shows the error, and retry loads it', async () => {
  await renderPage(HouseholdMembersPage, {
    routes: routes([on(identity, 'householdMembers', (_input, n) => (n === 1 ? refuse('INTERNAL') : family))]),
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('member')).toHaveLength(2)
})

test('the head reaches it from the household home; a member who is not the head sees no way in', async () => {
  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', myHousehold)] })
  await tap(screen.getByTestId('open-members'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual(['/pages/household/members/index'])

  cleanup()
  freshTaro()
  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', { ...myHousehold, head: false })] })
  expect(screen.getByTestId('household')).toBeTruthy()
  expect(screen.queryByTestId('open-members')).toBeNull()
})
