import Taro from '@tarojs/taro'
import { confirmed } from '@/components/Manage'
import { setLang } from '@/services/settings'
import { t } from '@shared/i18n'
import { freshTaro } from '../helpers'

type Modal = { content: string; confirmText?: string; cancelText?: string }
const asked = () => (jest.mocked(Taro.showModal).mock.calls as [Modal][]).map(([o]) => o)

beforeEach(() => {
  freshTaro()
  jest.spyOn(Taro, 'showModal').mockClear()
})

test('the question names its buttons in the reader’s language', async () => {
  setLang('bo')
  await expect(confirmed('ཁྱིམ་ཚང་འདི་བསུབ་བམ།')).resolves.toBe(true)
  expect(asked()).toEqual([{ content: 'ཁྱིམ་ཚང་འདི་བསུབ་བམ།', confirmText: 'ཡིན།', cancelText: 'མིན།' }])
})

test('every language’s dialog buttons fit WeChat’s limit (8, a character outside ASCII counting 2)', () => {
  const width = (label: string) => label.replace(/[\u0391-\uFFE5]/g, 'aa').length
  for (const lang of ['zh-Hans', 'bo'] as const)
    for (const key of ['common.modalYes', 'common.modalNo'] as const) expect(width(t(lang, key))).toBeLessThanOrEqual(8)
})

test('labels WeChat refuses (longer than 4 characters) still ask, with the system’s own buttons', async () => {
  setLang('bo')
  jest
    .mocked(Taro.showModal)
    .mockImplementationOnce(() =>
      Promise.reject({ errMsg: 'showModal:fail confirmText length should not larger than 4' }),
    )
    .mockImplementationOnce(() => Promise.resolve({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
  await expect(confirmed('?')).resolves.toBe(false)
  expect(asked()).toHaveLength(2)
  expect(asked()[1]).toEqual({ content: '?' })
})
