import { fireEvent, screen } from '@testing-library/react'
import OfficeBindingsPage from '@/pages/office/bindings/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { HOUSEHOLD_ID, KANGDING, OFFICIAL_ID, OFFICIAL_NAME, issuedInvite, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

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

const found: ActionOutput<typeof registry, 'findOfficials'> = {
  officials: [
    {
      id: OFFICIAL_ID,
      externalId: 'KD0059',
      name: OFFICIAL_NAME,
      departmentId: 'D513301-mz',
      department: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' },
      regionPath: ['513300000000', KANGDING],
      position: { 'zh-Hans': '科员', bo: 'ལས་བྱེད་པ།' },
      phoneMasked: '151****9948',
      active: true,
    },
  ],
  more: false,
}

const bound: ActionOutput<typeof identity, 'officialBinding'> = {
  official: { id: OFFICIAL_ID, name: OFFICIAL_NAME, active: true },
  bound: { openid: 'oAbc****wxyz', since: '2026-11-01T02:00:00.000Z' },
}

const officialRoutes = (binding = bound) => [
  on(identity, 'me', officeMe),
  on(registry, 'findOfficials', found),
  on(identity, 'officialBinding', binding),
  on(identity, 'inviteOfficial', issuedInvite),
]

async function findZhaxi(): Promise<void> {
  await tap(screen.getByTestId('bindings-officials'))
  fireEvent.change(screen.getByTestId('official-query'), { target: { value: '扎西' } })
  await tap(screen.getByTestId('official-find'))
  expect(lastInput('registry', 'findOfficials')).toMatchObject({ region: KANGDING, query: '扎西' })
  await tap(screen.getByTestId('official-choice'))
}

test('an official’s lost phone: found by name, the phone shown masked, a replacement code after asking', async () => {
  await renderPage(OfficeBindingsPage, { routes: officialRoutes() })
  await findZhaxi()
  expect(lastInput('identity', 'officialBinding')).toEqual({ officialId: OFFICIAL_ID })
  expect(screen.getByTestId('official-bound').textContent).toBe('已绑定的微信：oAbc****wxyz')

  taroStub.confirm = false
  await tap(screen.getByTestId('official-replace'))
  expect(callsTo('identity').filter((c) => c.action === 'inviteOfficial')).toHaveLength(0)

  taroStub.confirm = true
  await tap(screen.getByTestId('official-replace'))
  expect(lastInput('identity', 'inviteOfficial')).toEqual({ officialId: OFFICIAL_ID, replacesBound: true })
  expect(screen.getByTestId('invite-card').textContent).toContain('换手机：干部 扎西卓玛')
})

test('in Tibetan: an official nobody holds gets an ordinary code', async () => {
  await renderPage(OfficeBindingsPage, {
    lang: 'bo',
    routes: officialRoutes({ official: bound.official }),
  })
  await findZhaxi()
  expect(screen.getByTestId('official-unbound').textContent).toBe(bo('officialBinding.unbound'))
  await tap(screen.getByTestId('official-invite'))
  expect(lastInput('identity', 'inviteOfficial')).toEqual({ officialId: OFFICIAL_ID })
  expect(screen.getByTestId('invite-card').textContent).toContain(bo('invite.forOfficial', { name: OFFICIAL_NAME.bo }))
})

test('a replacement the server refuses is shown, with no code', async () => {
  await renderPage(OfficeBindingsPage, {
    routes: [
      ...officialRoutes().slice(0, 3),
      on(identity, 'inviteOfficial', refuse('FORBIDDEN', 'invite.mayNotReplace')),
    ],
  })
  await findZhaxi()
  await tap(screen.getByTestId('official-replace'))
  expect(screen.getByRole('alert').textContent).toContain('您无权解除这项绑定')
  expect(screen.queryByTestId('invite-card')).toBeNull()
})
