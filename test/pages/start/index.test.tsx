import { fireEvent, render, screen } from '@testing-library/react'
import StartPage from '../../../src/pages/start/index'
import { taroStub } from '../stubs/taro'
import { answer, freshTaro, settle } from '../helpers'

beforeEach(freshTaro)

function me(roles: unknown[], displayName?: string) {
  answer({ 'identity.me': () => ({ ok: true, data: { bound: roles.length > 0, roles, displayName } }) })
}

test.each([
  ['a household', [{ role: 'household', householdId: 'H1' }], '/pages/household/home/index'],
  ['an official', [{ role: 'official', officialId: 'O1' }], '/pages/official/home/index'],
  ['office staff', [{ role: 'office', region: '513301000000' }], '/pages/office/home/index'],
  ['a reviewer', [{ role: 'reviewer', region: '513301000000' }], '/pages/office/home/index'],
  ['a department', [{ role: 'department', departmentId: 'D1' }], '/pages/office/home/index'],
  ['an administrator', [{ role: 'admin' }], '/pages/office/home/index'],
  [
    'office staff who also review',
    [
      { role: 'office', region: '513301000000' },
      { role: 'reviewer', region: '513301000000' },
    ],
    '/pages/office/home/index',
  ],
])('%s goes straight to their home', async (_who, roles, url) => {
  me(roles)
  render(<StartPage />)
  await settle()
  expect(taroStub.navigations).toEqual([{ kind: 'redirectTo', url }])
  expect(taroStub.callFunction).toHaveBeenCalledWith({
    name: 'identity',
    data: { action: 'me', data: {}, lang: 'zh-Hans' },
  })
})

test('someone with several roles chooses where to go', async () => {
  me([
    { role: 'household', householdId: 'H1' },
    { role: 'official', officialId: 'O1' },
  ])
  render(<StartPage />)
  await settle()
  expect(taroStub.navigations).toEqual([])
  expect(screen.getByText('您有多个身份，请选择进入')).toBeTruthy()
  fireEvent.click(screen.getByText('联谊干部'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/official/home/index' }])
})

test('an unbound user is told how to bind with an invitation code', async () => {
  me([])
  render(<StartPage />)
  await settle()
  expect(screen.getByText('您还没有绑定身份')).toBeTruthy()
  expect(screen.getByText(/邀请码/, { selector: 'span' })).toBeTruthy()
  fireEvent.click(screen.getByText('输入邀请码绑定'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/bind/index' }])
})

test('when the cloud cannot be reached, the start screen says so and retries', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  taroStub.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' })
  render(<StartPage />)
  await settle()
  expect(screen.getByRole('alert').textContent).toContain('网络不可用')
  me([{ role: 'household', householdId: 'H1' }])
  fireEvent.click(screen.getByText('重试'))
  await settle()
  expect(taroStub.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/household/home/index' }])
  warn.mockRestore()
})
