import { containsUnmaskedNumber, maskIdNumber, maskNumbersInText, maskPhone } from '@shared/mask'

describe('masking personal numbers for lists', () => {
  test('ID numbers keep the address code and the last four; the birth date is hidden', () => {
    expect(maskIdNumber('513301198506151234')).toBe('513301********1234')
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X')
    expect(maskIdNumber('')).toBe('')
  })

  test('mobiles keep the carrier prefix and the last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('138 1234 5678')).toBe('138****5678')
    expect(maskPhone('12345')).toBe('*****')
  })

  test('a masked number no longer reads as an unmasked one', () => {
    expect(containsUnmaskedNumber('13812345678')).toBe(true)
    expect(containsUnmaskedNumber(maskPhone('13812345678'))).toBe(false)
    expect(containsUnmaskedNumber(maskIdNumber('513301198506151234'))).toBe(false)
  })
})

describe('numbers inside free text', () => {
  test('ID and mobile numbers someone typed into a sentence are masked as lists mask them; other figures stay', () => {
    const text = '我的身份证 513301199001011234，电话13800001111，家里3口人，收入12000元'
    const masked = maskNumbersInText(text)
    expect(masked).toBe(
      `我的身份证 ${maskIdNumber('513301199001011234')}，电话${maskPhone('13800001111')}，家里3口人，收入12000元`,
    )
    expect(containsUnmaskedNumber(masked)).toBe(false)
  })
})
