import { pick, writtenIn } from '@shared/bilingual'

describe('the language of text a person wrote', () => {
  test('Tibetan script is Tibetan, whatever its punctuation and digits', () => {
    expect(writtenIn('བཅར་འདྲི་བྱས། ཁྱིམ་མི་ 4 ཡོད།')).toBe('bo')
    expect(writtenIn('༄༅། །')).toBe('bo')
  })

  test('Chinese ideographs are Chinese, with Chinese punctuation, digits and Latin letters', () => {
    expect(writtenIn('了解了家里的医保缴费情况，3 月再来。')).toBe('zh-Hans')
    expect(writtenIn('已加微信 WeChat')).toBe('zh-Hans')
    // extension A and B ideographs, found in people's and places' names
    expect(writtenIn('㐀')).toBe('zh-Hans')
    expect(writtenIn('𠀀')).toBe('zh-Hans')
  })

  test('both scripts are mixed; neither is other', () => {
    expect(writtenIn('给 ཚེ་རིང་ 家送了药')).toBe('mixed')
    expect(writtenIn('OK 13:30')).toBe('other')
    expect(writtenIn('，。！')).toBe('other')
    expect(writtenIn('')).toBe('other')
  })
})

describe('a name in the reader’s language', () => {
  test('falls back to the other language, and a plain string is the same in both', () => {
    expect(pick({ 'zh-Hans': '康定市', bo: '' }, 'bo')).toBe('康定市')
    expect(pick({ 'zh-Hans': '', bo: 'དར་རྩེ་མདོ' }, 'zh-Hans')).toBe('དར་རྩེ་མདོ')
    expect(pick('扎西', 'bo')).toBe('扎西')
    expect(pick(undefined, 'zh-Hans')).toBe('')
  })
})
