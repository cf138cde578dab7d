import { isValidMobile, normalisePhone } from '@functions/registry/domain/phone'

describe('mobile numbers', () => {
  test('mainland mobiles are 11 digits starting 13–19', () => {
    expect(isValidMobile('13812345678')).toBe(true)
    expect(isValidMobile('19912345678')).toBe(true)
    expect(isValidMobile('12812345678')).toBe(false)
    expect(isValidMobile('1381234567')).toBe(false)
    expect(isValidMobile('0836-2822222')).toBe(false) // a 康定 landline is not a mobile
  })

  test('spaces, dashes, +86 and spreadsheet numbers are tolerated', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalisePhone('0086 13812345678')).toBe('13812345678')
    expect(isValidMobile(13812345678)).toBe(true)
  })
})
