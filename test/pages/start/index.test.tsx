import { fireEvent, screen } from '@testing-library/react'
import StartPage from '@/pages/start/index'
import type { ActionOutput } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import { identity } from '@shared/contracts/identity'
import { KANGDING } from '../fixtures'
import { bo, freshTaro, on, OFFLINE, renderPage, retry, shownError } from '../helpers'
import { taroStub } from '../stubs/taro'

beforeEach(freshTaro)

/** `identity.me` for someone holding `roles`, with a card for each as the function lists them */
function me(roles: RoleGrant[]): ActionOutput<typeof identity, 'me'> {
  return {
    bound: roles.length > 0,
    roles,
    cards: roles.map((grant) => ({ key: grant.role, grant, label: { 'zh-Hans': '', bo: '' }, regionNames: [] })),
  }
}

const homes: [string, RoleGrant[], string][] = [
  ['a household', [{ role: 'household', householdId: 'H1' }], '/pages/household/home/index'],
  ['an official', [{ role: 'official', officialId: 'O1' }], '/pages/official/home/index'],
  ['office staff', [{ role: 'office', region: KANGDING }], '/pages/office/home/index'],
  ['a reviewer', [{ role: 'reviewer', region: KANGDING }], '/pages/office/home/index'],
  ['a department', [{ role: 'department', departmentId: 'D1' }], '/pages/office/home/index'],
  ['an administrator', [{ role: 'admin' }], '/pages/office/home/index'],
  [
    'office staff who also review',
    [
      { role: 'office', region: KANGDING },
      { role: 'reviewer', region: KANGDING },
    ],
    '/pages/office/home/index',
  ],
]

test.each(homes)('%s goes straight to their home', async (_who, roles, url) => {
  await renderPage(StartPage, { routes: [on(identity, 'me', me(roles))] })
  expect(taroStub.navigations).toEqual([{ kind: 'redirectTo', url }])
  expect(taroStub.callFunction).toHaveBeenCalledWith({
    name: 'identity',
    data: { action: 'me', data: {}, lang: 'zh-Hans' },
  })
})

test('someone with several roles chooses where to go', async () => {
  await renderPage(StartPage, {
    routes: [
      on(
        identity,
        'me',
        me([
          { role: 'household', householdId: 'H1' },
          { role: 'official', officialId: 'O1' },
        ]),
      ),
    ],
  })
  expect(taroStub.navigations).toEqual([])
  expect(screen.getByText('您有多个身份，请选择进入')).toBeTruthy()
  fireEvent.click(screen.getByText('联谊干部'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/official/home/index' }])
})

test('an unbound user is told how to bind with an invitation code', async () => {
  await renderPage(StartPage, { routes: [on(identity, 'me', me([]))] })
  expect(screen.getByText('您还没有绑定身份')).toBeTruthy()
  expect(screen.getByText(/邀请码/, { selector: 'span' })).toBeTruthy()
  fireEvent.click(screen.getByText('输入邀请码绑定'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/bind/index' }])
})

test('the same in Tibetan', async () => {
  await renderPage(StartPage, { lang: 'bo', routes: [on(identity, 'me', me([]))] })
  expect(screen.getByText(bo('start.unbound.title'))).toBeTruthy()
  expect(screen.getByText(bo('start.unbound.bind'))).toBeTruthy()
})

test('when the cloud cannot be reached, the start screen says so and retries', async () => {
  await renderPage(StartPage, {
    routes: [on(identity, 'me', (_input, n) => (n === 1 ? OFFLINE : me([{ role: 'household', householdId: 'H1' }])))],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用')
  await retry()
  expect(taroStub.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/household/home/index' }])
})
