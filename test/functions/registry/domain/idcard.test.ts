import {
  addressCode,
  birthDate,
  checkChar,
  checkIdNumber,
  isValidIdNumber,
  makeIdNumber,
  sexOf,
} from '@functions/registry/domain/idcard'

describe('ID numbers (GB 11643-1999)', () => {
  test('the examples printed in the standard are valid', () => {
    // GB 11643-1999's examples: a woman born 1949-12-31 in Beijing's Chaoyang district (check character X)
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    // and a man born 1880-01-01 in Guangdong (address code 440524): its check character is right, but
    // no living registrant was born before 1900, so a roster row carrying it is refused for its date
    expect(checkChar('44052418800101001')).toBe('4')
    expect(checkIdNumber('440524188001010014')).toEqual({ ok: false, problem: 'birthDate' })
  })

  test('a lower-case x is accepted as the check character', () => {
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
  })

  test('one mistyped digit breaks the check character', () => {
    expect(checkIdNumber('11010519491231003X')).toEqual({ ok: false, problem: 'checksum' })
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' })
  })

  test('wrong length, letters, impossible dates and unknown provinces are told apart', () => {
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' })
    expect(checkIdNumber('11010519491231002Y')).toEqual({ ok: false, problem: 'format' })
    expect(checkIdNumber('110105194902300021').problem).toBe('birthDate') // 30 February
    expect(checkIdNumber('110105202601010021', '2025-12-31').problem).toBe('birthDate') // not born yet
    expect(checkIdNumber('990105194912310021').problem).toBe('region')
  })

  test('birth date, address code and sex are read from the number', () => {
    expect(birthDate('11010519491231002X')).toBe('1949-12-31')
    expect(addressCode('11010519491231002X')).toBe('110105')
    // the sequence's last digit is odd for men, even for women
    expect(sexOf('11010519491231002X')).toBe('female')
    expect(sexOf('440524188001010014')).toBe('male')
  })

  test('numbers built for Ganzi pass the check', () => {
    const id = makeIdNumber('513301', '1985-06-15', 123)
    expect(id).toHaveLength(18)
    expect(id.startsWith('51330119850615123')).toBe(true)
    expect(isValidIdNumber(id)).toBe(true)
  })
})
