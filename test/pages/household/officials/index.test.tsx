import { act, screen, within } from '@testing-library/react'
import { setLang } from '@/services/settings'
import MyOfficialsPage from '@/pages/household/officials/index'
import { registry } from '@shared/contracts/registry'
import { myHousehold, OFFICIAL_ID } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  OFFLINE,
  refuse,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
  zh,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const reveal = on(registry, 'callOfficial', { officialId: OFFICIAL_ID, name: '扎西卓玛', phone: '15183349948' })

test('each paired official with a masked number; "call" asks for the full number and dials it', async () => {
  await renderPage(MyOfficialsPage, { routes: [on(registry, 'myHousehold', myHousehold), reveal] })
  const cards = screen.getAllByTestId('my-official')
  expect(cards).toHaveLength(2)
  expect(cards[0]!.textContent).toContain('扎西卓玛')
  expect(cards[0]!.textContent).toContain('康定市民政局')
  expect(cards[0]!.textContent).toContain('151****9948')

  await tap(within(cards[0]!).getByTestId('call'))
  expect(lastInput('registry', 'callOfficial')).toEqual({ officialId: OFFICIAL_ID })
  expect(taroStub.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '15183349948' })
})

test('"add on WeChat" copies the number and says where to paste it, in Tibetan', async () => {
  await renderPage(MyOfficialsPage, { lang: 'bo', routes: [on(registry, 'myHousehold', myHousehold), reveal] })
  await tap(within(screen.getAllByTestId('my-official')[0]!).getByTestId('wechat'))
  expect(taroStub.setClipboardData).toHaveBeenCalledWith({ data: '15183349948' })
  expect(screen.getByTestId('officials-message').textContent).toBe(
    bo('registry.officials.wechatHint', { phone: '15183349948' }),
  )
})

test('a refused reveal is said in the user’s language', async () => {
  await renderPage(MyOfficialsPage, {
    routes: [on(registry, 'myHousehold', myHousehold), on(registry, 'callOfficial', refuse('FORBIDDEN'))],
  })
  await tap(within(screen.getAllByTestId('my-official')[0]!).getByTestId('call'))
  expect(taroStub.makePhoneCall).not.toHaveBeenCalled()
  expect(screen.getByTestId('officials-message').textContent).toBe(zh('error.FORBIDDEN'))
})

test('no paired official yet: said, not an empty list', async () => {
  await renderPage(MyOfficialsPage, { routes: [on(registry, 'myHousehold', { ...myHousehold, officials: [] })] })
  expect(screen.getByText('暂时还没有为您家结对联谊干部')).toBeTruthy()
})

test('without signal the error is shown, and retry lists the officials', async () => {
  await renderPage(MyOfficialsPage, {
    routes: [on(registry, 'myHousehold', (_input, n) => (n === 1 ? OFFLINE : myHousehold))],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getAllByTestId('my-official')).toHaveLength(2)
})

test('switching to Tibetan asks for the officials again, their names in Tibetan where the roster has them', async () => {
  await renderPage(MyOfficialsPage, {
    routes: [
      // the function names people in the language of the call
      {
        key: 'registry.myHousehold',
        reply: (_input, lang) => ({
          ...myHousehold,
          officials: myHousehold.officials.map((o, i) =>
            i === 0 && lang === 'bo' ? { ...o, name: 'བཀྲ་ཤིས་སྒྲོལ་མ།' } : o,
          ),
        }),
      },
    ],
  })
  expect(screen.getAllByTestId('my-official')[0]!.textContent).toContain('扎西卓玛')
  await act(async () => setLang('bo'))
  await settle(3)
  const cards = screen.getAllByTestId('my-official')
  expect(cards[0]!.textContent).toContain('བཀྲ་ཤིས་སྒྲོལ་མ།')
  expect(cards[0]!.textContent).toContain('དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས')
  expect(cards[1]!.textContent).toContain('李明')
  expect(callsTo('registry').map((c) => c.lang)).toEqual(['zh-Hans', 'bo'])
})
