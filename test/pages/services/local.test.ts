/** H5 local mode: which gateway the app calls and which demo identity it calls as. */
import { chooseLocalIdentity, gatewayUrl, localIdentityName, localOpenid } from '@/services/local'

beforeEach(() => {
  localStorage.clear()
  window.history.replaceState({}, '', '/')
})

test("the gateway is the page's own origin unless the address names another", () => {
  expect(gatewayUrl()).toBe(window.location.origin)
  window.history.replaceState({}, '', '/?cloud=http://127.0.0.1:9000/#/pages/start/index')
  expect(gatewayUrl()).toBe('http://127.0.0.1:9000')
})

test('the identity picked in the panel is kept across reloads', () => {
  expect(localOpenid()).toBe('')
  chooseLocalIdentity({ openid: 'demo-household-1', role: 'household', name: '周刚涛' })
  expect(localOpenid()).toBe('demo-household-1')
  expect(localIdentityName()).toBe('周刚涛')
})

test("?as= in the address picks the identity, and forgets the previous one's name", () => {
  chooseLocalIdentity({ openid: 'demo-household-1', role: 'household', name: '周刚涛' })
  window.history.replaceState({}, '', '/?as=demo-official-1')
  expect(localOpenid()).toBe('demo-official-1')
  expect(localIdentityName()).toBeUndefined()
  window.history.replaceState({}, '', '/')
  expect(localOpenid()).toBe('demo-official-1')
})
