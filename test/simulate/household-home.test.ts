/**
 * @jest-environment jsdom
 *
 * The household home as WeChat would run it: the compiled dist/weapp page under miniprogram-simulate.
 */
import { bootWeapp, renderPage, until, weappBuilt } from './support'
import { HOUSEHOLD } from '../fixtures/household'

// the first wcc compile of dist/weapp takes a few seconds on a cold machine
jest.setTimeout(30_000)
const built = weappBuilt()
const maybe = built ? test : test.skip

const myHousehold = {
  household: HOUSEHOLD,
  officials: [
    { id: 'O1', name: '扎西卓玛', department: { 'zh-Hans': '康定市民政局', bo: '' }, phoneMasked: '151****9948' },
  ],
}

maybe('renders from dist, asks registry.myHousehold through wx.cloud, and shows the household', async () => {
  const wx = bootWeapp({ language: 'zh_CN' })
  // the home also asks whether to offer notice messages; only the household call is under test here
  wx.callFunction.mockImplementation(({ name }: { name: string }) => ({
    result: name === 'registry' ? { ok: true, data: myHousehold } : { ok: true, data: { askSubscribe: false } },
    errMsg: 'cloud.callFunction:ok',
  }))
  const page = renderPage('pages/household/home/index')

  await until(() => page.text().includes('泽仁拉姆'), 'the head of household')
  const registryCalls = wx.callFunction.mock.calls.filter(([options]) => options.name === 'registry')
  expect(registryCalls).toHaveLength(1)
  expect(wx.callFunction).toHaveBeenCalledWith({
    name: 'registry',
    data: { action: 'myHousehold', data: {}, lang: 'zh-Hans' },
  })
  expect(page.text()).toContain('嘎拉社区')
  expect(page.text()).toContain('扎西卓玛')
  expect(page.text()).toContain('151****9948')
  expect(page.text()).toContain('我的联谊干部')
})
