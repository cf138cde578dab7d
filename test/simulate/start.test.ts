/**
 * @jest-environment jsdom
 *
 * The compiled start screen: asks identity.me through wx.cloud and sends a household to its home.
 */
import { bootWeapp, renderPage, until, weappBuilt } from './support'

// the first wcc compile of dist/weapp takes a few seconds on a cold machine
jest.setTimeout(30_000)
const maybe = weappBuilt() ? test : test.skip

maybe('a household is redirected from the start screen to the household home', async () => {
  const wx = bootWeapp()
  wx.callFunction.mockResolvedValue({
    result: {
      ok: true,
      data: { bound: true, roles: [{ role: 'household', householdId: 'H1' }], displayName: '泽仁拉姆' },
    },
    errMsg: 'cloud.callFunction:ok',
  })
  renderPage('pages/start/index')
  await until(() => wx.navigations.length > 0, 'a navigation')
  expect(wx.callFunction).toHaveBeenCalledWith({ name: 'identity', data: { action: 'me', data: {}, lang: 'zh-Hans' } })
  expect(wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/household/home/index' }])
})
