/**
 * @jest-environment jsdom
 *
 * The compiled household home for a user who chose Tibetan: the event carries `lang: 'bo'` and the
 * page shows Tibetan labels and the Tibetan names from the data.
 */
import { bootWeapp, renderPage, until, weappBuilt } from './support'

// the first wcc compile of dist/weapp takes a few seconds on a cold machine
jest.setTimeout(30_000)
const maybe = weappBuilt() ? test : test.skip

maybe('a Tibetan reader gets the page in Tibetan, and the cloud is asked in Tibetan', async () => {
  const wx = bootWeapp({ language: 'zh_CN' })
  wx.storage.set('shiliuzi.lang', 'bo')
  wx.callFunction.mockResolvedValue({
    result: {
      ok: true,
      data: {
        household: {
          id: 'H1',
          headName: 'ཚེ་རིང་ལྷ་མོ',
          memberCount: 3,
          regionNames: [{ 'zh-Hans': '嘎拉社区', bo: 'དཀར་ལྷ་སྡོད་ཁུལ' }],
        },
        officials: [],
      },
    },
    errMsg: 'cloud.callFunction:ok',
  })
  const page = renderPage('pages/household/home/index')

  await until(() => page.text().includes('ཚེ་རིང་ལྷ་མོ'), 'the head of household')
  expect(wx.callFunction).toHaveBeenCalledWith({
    name: 'registry',
    data: { action: 'myHousehold', data: {}, lang: 'bo' },
  })
  expect(page.text()).toContain('ངའི་ཁྱིམ།')
  expect(page.text()).toContain('དཀར་ལྷ་སྡོད་ཁུལ')
  expect(page.text()).toContain('ད་ལྟ་ཁྱེད་ཀྱི་ཁྱིམ་ཚང་ལ་མཐུན་འབྲེལ་ལས་བྱེད་པ་ཟུང་སྒྲིག་བྱས་མེད།')
  expect(page.dom.innerHTML).toContain('lang-bo')
})
