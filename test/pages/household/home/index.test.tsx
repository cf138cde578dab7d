import { fireEvent, render, screen } from '@testing-library/react'
import HouseholdHomePage from '../../../../src/pages/household/home/index'
import { taroStub } from '../../stubs/taro'
import { answer, callsTo, freshTaro, settle } from '../../helpers'
import { HOUSEHOLD } from '../../../fixtures/household'

const household = {
  household: HOUSEHOLD,
  officials: [
    {
      id: 'O51330100059',
      name: '扎西卓玛',
      department: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' },
      phoneMasked: '151****9948',
    },
    { id: 'O51330100060', name: '李明', department: { 'zh-Hans': '康定市教育局', bo: '' }, phoneMasked: '138****5678' },
  ],
}

beforeEach(freshTaro)

test('shows the household head, village, region path, members and paired officials', async () => {
  answer({ 'registry.myHousehold': () => ({ ok: true, data: household }) })
  render(<HouseholdHomePage />)
  expect(screen.getByText('正在加载…')).toBeTruthy()
  await settle()

  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(screen.getByText('4 位家庭成员')).toBeTruthy()
  expect(screen.getByText('嘎拉社区')).toBeTruthy()
  expect(screen.getByText('甘孜藏族自治州 · 康定市 · 拉卓镇')).toBeTruthy()
  const cards = screen.getAllByTestId('official')
  expect(cards).toHaveLength(2)
  expect(cards[0]!.textContent).toContain('扎西卓玛')
  expect(cards[0]!.textContent).toContain('康定市民政局')
  expect(cards[0]!.textContent).toContain('151****9948')
  expect(taroStub.callFunction).toHaveBeenCalledWith({
    name: 'registry',
    data: { action: 'myHousehold', data: {}, lang: 'zh-Hans' },
  })
})

test('in Tibetan, place and department names come from the data in Tibetan, falling back to Chinese', async () => {
  taroStub.storage.set('shiliuzi.lang', 'bo')
  answer({ 'registry.myHousehold': () => ({ ok: true, data: household }) })
  render(<HouseholdHomePage />)
  await settle()

  expect(screen.getByText('དཀར་ལྷ་སྡོད་ཁུལ')).toBeTruthy()
  expect(screen.getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།')).toBeTruthy()
  expect(screen.getByText('ཁྱིམ་མི་ 4')).toBeTruthy()
  const cards = screen.getAllByTestId('official')
  expect(cards[0]!.textContent).toContain('དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས')
  expect(cards[1]!.textContent).toContain('康定市教育局')
  expect(taroStub.callFunction.mock.calls[0][0].data.lang).toBe('bo')
})

test('a household without paired officials sees that said, not an empty list', async () => {
  answer({ 'registry.myHousehold': () => ({ ok: true, data: { ...household, officials: [] } }) })
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getByText('暂时还没有为您家结对联谊干部')).toBeTruthy()
  expect(screen.queryAllByTestId('official')).toHaveLength(0)
})

test('a typed error shows its message, and retry loads the page', async () => {
  let calls = 0
  answer({
    'registry.myHousehold': () =>
      ++calls === 1
        ? { ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } }
        : { ok: true, data: household },
  })
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getByRole('alert').textContent).toContain('没有找到相关内容')

  fireEvent.click(screen.getByText('重试'))
  await settle()
  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(callsTo('registry')).toHaveLength(2)
})

test('no signal: the user is told the network is unavailable, in their language', async () => {
  taroStub.storage.set('shiliuzi.lang', 'bo')
  taroStub.callFunction.mockRejectedValue({ errMsg: 'cloud.callFunction:fail request:fail timeout' })
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getByRole('alert').getAttribute('data-code')).toBe('UNAVAILABLE')
  expect(screen.getByRole('alert').textContent).toContain('དྲ་བ་མཐུད་མི་ཐུབ།')
  warn.mockRestore()
})
