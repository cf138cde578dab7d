import { render, screen } from '@testing-library/react'
import HouseholdHomePage from '@/pages/household/home/index'
import { registry } from '@shared/contracts/registry'
import { myHousehold } from '../../fixtures'
import {
  callsTo,
  freshTaro,
  on,
  OFFLINE,
  refuse,
  renderPage,
  retry,
  route,
  settle,
  shownError,
  tap,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('shows the household head, village, region path, members and paired officials', async () => {
  route([on(registry, 'myHousehold', myHousehold)])
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

test('the head may invite family members; other members are not offered it', async () => {
  const head = await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', myHousehold)] })
  await tap(screen.getByTestId('open-invite'))
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/household/invite/index' }])
  head.unmount()

  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', { ...myHousehold, head: false })] })
  expect(screen.queryByTestId('open-invite')).toBeNull()
})

test('in Tibetan, place and department names come from the data in Tibetan, falling back to Chinese', async () => {
  await renderPage(HouseholdHomePage, { lang: 'bo', routes: [on(registry, 'myHousehold', myHousehold)] })

  expect(screen.getByText('དཀར་ལྷ་སྡོད་ཁུལ')).toBeTruthy()
  expect(screen.getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།')).toBeTruthy()
  expect(screen.getByText('ཁྱིམ་མི་ 4')).toBeTruthy()
  const cards = screen.getAllByTestId('official')
  expect(cards[0]!.textContent).toContain('དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས')
  expect(cards[1]!.textContent).toContain('康定市教育局')
  expect(taroStub.callFunction.mock.calls[0][0].data.lang).toBe('bo')
})

test('a household without paired officials sees that said, not an empty list', async () => {
  await renderPage(HouseholdHomePage, { routes: [on(registry, 'myHousehold', { ...myHousehold, officials: [] })] })
  expect(screen.getByText('暂时还没有为您家结对联谊干部')).toBeTruthy()
  expect(screen.queryAllByTestId('official')).toHaveLength(0)
})

test('a typed error shows its message, and retry loads the page', async () => {
  await renderPage(HouseholdHomePage, {
    routes: [on(registry, 'myHousehold', (_input, n) => (n === 1 ? refuse('NOT_FOUND') : myHousehold))],
  })
  expect(shownError('NOT_FOUND')).toContain('没有找到相关内容')
  await retry()
  expect(screen.getByText('泽仁拉姆')).toBeTruthy()
  expect(callsTo('registry')).toHaveLength(2)
})

test('no signal: the user is told the network is unavailable, in their language', async () => {
  await renderPage(HouseholdHomePage, { lang: 'bo', routes: [on(registry, 'myHousehold', OFFLINE)] })
  expect(shownError('UNAVAILABLE')).toContain('དྲ་བ་མཐུད་མི་ཐུབ།')
})
