/**
 * CSV as offices' spreadsheets save it (RFC 4180): UTF-8 or GB18030 text, quoted fields, any line ending.
 */
import { RosterError } from './errors'

/**
 * Parses CSV text into records. Fields are comma separated; a field in double quotes may hold commas,
 * line breaks and doubled quotes (`""` → `"`); records end in CRLF, LF or a lone CR; a leading BOM is
 * dropped; a final line break does not make an empty record. A quote that is never closed throws
 * `import.badQuotes` with the row it opened on. `onRecord` may throw to stop early (row cap).
 */
export function parseCsv(text: string, onRecord?: (record: string[], index: number) => void): string[][] {
  const records: string[][] = []
  eachCsvRecord(text, (record, index) => {
    if (onRecord) onRecord(record, index)
    records.push(record)
  })
  return records
}

/** The same parse, handing each record to `onRecord` (with its 0-based index) and keeping none. */
export function eachCsvRecord(text: string, onRecord: (record: string[], index: number) => void): void {
  let count = 0
  const n = text.length
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  if (i >= n) return
  const delimiter = /[,\r\n]/g
  let record: string[] = []
  const endRecord = (): void => {
    onRecord(record, count++)
    record = []
  }
  for (;;) {
    // a field starts at i
    let value: string
    if (text.charCodeAt(i) === 34 /* " */) {
      value = ''
      let j = i + 1
      for (;;) {
        const q = text.indexOf('"', j)
        if (q < 0) throw new RosterError('import.badQuotes', { row: count + 1 })
        value += text.slice(j, q)
        if (text.charCodeAt(q + 1) === 34) {
          value += '"'
          j = q + 2
        } else {
          i = q + 1
          break
        }
      }
    } else {
      value = ''
    }
    // up to the next delimiter: the whole unquoted field, or (leniently) stray text after a closing quote
    delimiter.lastIndex = i
    const m = delimiter.exec(text)
    const end = m ? m.index : n
    value += text.slice(i, end)
    record.push(value)
    i = end
    if (i >= n) {
      endRecord()
      return
    }
    if (text.charCodeAt(i) === 44 /* , */) {
      i++
      if (i >= n) {
        record.push('')
        endRecord()
        return
      }
      continue
    }
    // CRLF, LF or a lone CR ends the record; a final line break adds no empty record
    i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1
    endRecord()
    if (i >= n) return
  }
}

/** UTF-8 (with or without BOM); offices' Excel on Chinese Windows saves CSV as GB18030, so fall back to it. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

/** C0 controls other than tab, LF and CR never appear in a text roster. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true
  }
  return false
}
