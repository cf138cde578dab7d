import { decodeText, parseCsv } from '@functions/registry/domain/roster/csv'
import { RosterError } from '@functions/registry/domain/roster/errors'

describe('CSV (RFC 4180)', () => {
  test('plain records with CRLF, LF and a final line break', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  test('quoted fields keep commas, line breaks and doubled quotes', () => {
    expect(parseCsv('"a,1","say ""hi""","two\r\nlines"\r\nx,y,z\r\n')).toEqual([
      ['a,1', 'say "hi"', 'two\r\nlines'],
      ['x', 'y', 'z'],
    ])
  })

  test('empty fields, including a trailing one, are kept', () => {
    expect(parseCsv('a,,c,\n,,,\n')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ])
    expect(parseCsv('"",x')).toEqual([['', 'x']])
  })

  test('a byte-order mark is not part of the first header', () => {
    expect(parseCsv('\ufeff家庭编号,户主姓名\n')).toEqual([['家庭编号', '户主姓名']])
  })

  test('Tibetan and Chinese text passes through unchanged', () => {
    const name = 'བཀྲ་ཤིས་རྡོ་རྗེ'
    expect(parseCsv(`${name},扎西多吉,"${name}, 康定"\n`)).toEqual([[name, '扎西多吉', `${name}, 康定`]])
  })

  test('an unclosed quote is reported with the row it opened on', () => {
    let error: unknown
    try {
      parseCsv('a,b\n1,2\n"open,3\n4,5\n')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(RosterError)
    expect((error as RosterError).code).toBe('import.badQuotes')
    expect((error as RosterError).params).toEqual({ row: 3 })
  })

  test('an empty input has no records', () => {
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('\ufeff')).toEqual([])
  })

  test('files saved by Chinese Excel in GB18030 are decoded', () => {
    // "户主" in GB18030
    expect(decodeText(new Uint8Array([0xbb, 0xa7, 0xd6, 0xf7]))).toBe('户主')
    expect(decodeText(new TextEncoder().encode('户主'))).toBe('户主')
  })
})
