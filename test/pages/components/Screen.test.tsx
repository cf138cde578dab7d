import { act, fireEvent, render, screen } from '@testing-library/react'
import HouseholdHomePage from '@/pages/household/home/index'
import { resetSettings } from '@/services/settings'
import { registry } from '@shared/contracts/registry'
import { myHousehold } from '../fixtures'
import { taroStub } from '../stubs/taro'
import { callsTo, freshTaro, on, route, settle } from '../helpers'

// the Screen's switches, seen on the household home (every screen has them)
beforeEach(() => {
  freshTaro()
  route([on(registry, 'myHousehold', myHousehold)])
})

test('first run follows a Chinese WeChat', async () => {
  taroStub.systemInfo = { language: 'zh_CN' }
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getByText('我的家')).toBeTruthy()
  expect(screen.getByText('嘎拉社区')).toBeTruthy()
})

test('first run follows a system that reports Tibetan (browsers can)', async () => {
  taroStub.systemInfo = { language: 'bo-CN' }
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getByText('ངའི་ཁྱིམ།')).toBeTruthy()
  expect(screen.getByText('དཀར་ལྷ་སྡོད་ཁུལ')).toBeTruthy()
})

test('the switch changes the language at once, asks the cloud in it, and is remembered', async () => {
  render(<HouseholdHomePage />)
  await settle()
  fireEvent.click(screen.getByTestId('lang-bo'))
  expect(screen.getByText('ངའི་ཁྱིམ།')).toBeTruthy()
  expect(screen.getByText('དཀར་ལྷ་སྡོད་ཁུལ')).toBeTruthy()
  expect(screen.getByTestId('lang-bo').getAttribute('aria-pressed')).toBe('true')
  expect(taroStub.titles[taroStub.titles.length - 1]).toBe('ངའི་ཁྱིམ།')
  // people's names come back in the language of the call, so the page asks again in Tibetan
  await settle()
  expect(callsTo('registry').map((event) => event.lang)).toEqual(['zh-Hans', 'bo'])

  // next launch: the stored choice wins over the system language
  act(() => resetSettings())
  taroStub.systemInfo = { language: 'zh_CN' }
  render(<HouseholdHomePage />)
  await settle()
  expect(screen.getAllByText('ངའི་ཁྱིམ།').length).toBeGreaterThan(0)
  expect(callsTo('registry')[2]?.lang).toBe('bo')
})

test('Tibetan screens carry the Tibetan font class', async () => {
  const { container } = render(<HouseholdHomePage />)
  await settle()
  fireEvent.click(screen.getByTestId('lang-bo'))
  expect(container.querySelector('.screen')!.className).toContain('lang-bo')
  await settle()
})

test("large type follows WeChat's font size, and the toggle overrides and is remembered", async () => {
  taroStub.systemInfo = { language: 'zh_CN', fontSizeSetting: 20 }
  const { container, unmount } = render(<HouseholdHomePage />)
  await settle()
  expect(container.querySelector('.screen')!.className).toContain('screen--large')

  fireEvent.click(screen.getByTestId('large-text'))
  expect(container.querySelector('.screen')!.className).not.toContain('screen--large')
  unmount()

  act(() => resetSettings())
  const again = render(<HouseholdHomePage />)
  await settle()
  expect(again.container.querySelector('.screen')!.className).not.toContain('screen--large')
})
