/**
 * Reads the first worksheet of an XLSX file as rows of text, streaming and with a row cap.
 *
 * Why not ExcelJS's reader: its streaming WorkbookReader (4.4.0) decodes each inflated chunk on its own
 * (lib/utils/parse-sax.js), so a Chinese or Tibetan character that straddles a chunk boundary comes out
 * as U+FFFD — silently, about once in a few thousand rows (exceljs issues #2063, #2084, #2316; fixes
 * never merged). Its in-memory `xlsx.load` decodes correctly but needs ≈ 1.3 GB and 24 s for the
 * prefecture's 265k-row household roster. This reader streams the sheet out of the zip, decodes UTF-8
 * with a streaming decoder (a split character waits for its next bytes), and stops at the row cap, so a
 * small zip that inflates into millions of rows costs nothing. It uses JSZip and saxes, the unzip and XML
 * parser ExcelJS itself depends on.
 *
 * Only what a roster needs: cell text by column, shared and inline strings, numbers as written, booleans,
 * errors — and formulas as their formula text, never their cached result.
 */
import JSZip from 'jszip'
import { SaxesParser } from 'saxes'

export interface SheetRows {
  rows: string[][]
  /** the sheet's own row numbers, aligned with `rows` (blank rows are skipped but keep their numbers) */
  numbers: number[]
  /** "rowIndex:columnIndex" of numeric cells too long for a double to keep every digit */
  lossy: Set<string>
}

export class SheetTooLong extends Error {
  constructor() {
    super('sheet has more rows than allowed')
    this.name = 'SheetTooLong'
  }
}

/** 'B12' → 1 (zero-based column); undefined when the reference is missing or malformed. */
function columnOf(ref: string | undefined): number | undefined {
  if (!ref) return undefined
  let col = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    col = col * 26 + (c - 64)
  }
  return i === 0 ? undefined : col - 1
}

/** Runs saxes over a zip entry as it inflates; `stop()` ends early without reading the rest. */
async function parseEntry(zip: JSZip, path: string, handlers: (parser: SaxesParser) => void): Promise<boolean> {
  const entry = zip.file(path)
  if (!entry) return false
  const parser = new SaxesParser({ position: false })
  handlers(parser)
  const decoder = new TextDecoder('utf-8')
  const stream = entry.nodeStream('nodebuffer')
  await new Promise<void>((resolve, reject) => {
    let failed = false
    const fail = (error: unknown): void => {
      if (failed) return
      failed = true
      // pause the inflater: nothing more is read once the cap is hit
      ;(stream as unknown as { pause?: () => void }).pause?.()
      reject(error)
    }
    stream.on('data', (chunk: Buffer) => {
      if (failed) return
      try {
        parser.write(decoder.decode(chunk, { stream: true }))
      } catch (error) {
        fail(error)
      }
    })
    stream.on('end', () => {
      if (failed) return
      try {
        parser.write(decoder.decode())
        parser.close()
        resolve()
      } catch (error) {
        fail(error)
      }
    })
    stream.on('error', fail)
  })
  return true
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const p of target.split('/')) {
    if (p === '..') parts.pop()
    else if (p !== '.') parts.push(p)
  }
  return parts.join('/')
}

async function firstSheetPath(zip: JSZip): Promise<{ sheet: string; sharedStrings: string }> {
  let firstId: string | undefined
  await parseEntry(zip, 'xl/workbook.xml', (p) => {
    p.on('opentag', (node) => {
      if (firstId === undefined && (node.name === 'sheet' || node.name.endsWith(':sheet'))) {
        const attrs = node.attributes as Record<string, string>
        firstId = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1]
      }
    })
  })
  const targets = new Map<string, { target: string; type: string }>()
  await parseEntry(zip, 'xl/_rels/workbook.xml.rels', (p) => {
    p.on('opentag', (node) => {
      if (node.name !== 'Relationship') return
      const a = node.attributes as Record<string, string>
      if (a.Id && a.Target) targets.set(a.Id, { target: a.Target, type: a.Type ?? '' })
    })
  })
  const sheetTarget = firstId ? targets.get(firstId)?.target : undefined
  const sharedTarget = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'))?.target
  return {
    sheet: sheetTarget ? resolveTarget('xl/workbook.xml', sheetTarget) : 'xl/worksheets/sheet1.xml',
    sharedStrings: sharedTarget ? resolveTarget('xl/workbook.xml', sharedTarget) : 'xl/sharedStrings.xml',
  }
}

async function readSharedStrings(zip: JSZip, path: string): Promise<string[]> {
  const strings: string[] = []
  let current = ''
  let inT = false
  // phonetic runs (<rPh>, Japanese furigana) are not part of the cell's text
  let inPhonetic = false
  await parseEntry(zip, path, (p) => {
    p.on('opentag', (node) => {
      if (node.name === 'si') current = ''
      else if (node.name === 'rPh') inPhonetic = true
      else if (node.name === 't' && !inPhonetic) inT = true
    })
    p.on('text', (text) => {
      if (inT) current += text
    })
    p.on('closetag', (node) => {
      if (node.name === 't') inT = false
      else if (node.name === 'rPh') inPhonetic = false
      else if (node.name === 'si') strings.push(current)
    })
  })
  return strings
}

/** Reads the first sheet; throws `SheetTooLong` past `maxRows` non-blank rows (header included). */
export async function readFirstSheet(bytes: Uint8Array, maxRows: number): Promise<SheetRows> {
  const result: SheetRows = { rows: [], numbers: [], lossy: new Set() }
  await eachSheetRow(bytes, maxRows, (row, number, lossy) => {
    for (const col of lossy) result.lossy.add(`${result.rows.length}:${col}`)
    result.rows.push(row)
    result.numbers.push(number)
  })
  return result
}

/**
 * The same, one row at a time and keeping none: `onRow` gets each non-blank row as it is parsed, with the
 * sheet's row number and the columns of numeric cells too long to keep every digit. An error it throws
 * stops the read and rejects with that error.
 */
export async function eachSheetRow(
  bytes: Uint8Array,
  maxRows: number,
  onRow: (row: string[], number: number, lossy: readonly number[]) => void,
): Promise<void> {
  const zip = await JSZip.loadAsync(bytes)
  const paths = await firstSheetPath(zip)
  const shared = await readSharedStrings(zip, paths.sharedStrings)
  const sharedFormulas = new Map<string, string>()
  let count = 0
  let lossyCols: number[] = []

  let row: string[] = []
  let rowNumber = 0
  let col = -1
  let type = ''
  let value = ''
  let formula: string | undefined
  let formulaShared: string | undefined
  let text: 'v' | 'f' | 't' | undefined
  let lossy = false

  const found = await parseEntry(zip, paths.sheet, (p) => {
    p.on('opentag', (node) => {
      const a = node.attributes as Record<string, string>
      switch (node.name) {
        case 'row':
          row = []
          rowNumber = a.r ? Number(a.r) : rowNumber + 1
          col = -1
          lossyCols = []
          break
        case 'c':
          col = columnOf(a.r) ?? col + 1
          type = a.t ?? 'n'
          value = ''
          formula = undefined
          formulaShared = undefined
          lossy = false
          break
        case 'f':
          text = 'f'
          formula = ''
          formulaShared = a.t === 'shared' ? a.si : undefined
          break
        case 'v':
          text = 'v'
          break
        case 't':
          if (type === 'inlineStr') text = 't'
          break
      }
    })
    p.on('text', (t) => {
      if (text === 'v' || text === 't') value += t
      else if (text === 'f') formula += t
    })
    p.on('closetag', (node) => {
      switch (node.name) {
        case 'v':
        case 't':
        case 'f':
          text = undefined
          if (node.name === 'f' && formulaShared !== undefined) {
            // a shared formula's master carries the text; the cells that reuse it carry only its id
            if (formula) sharedFormulas.set(formulaShared, formula)
            else formula = sharedFormulas.get(formulaShared) ?? ''
          }
          break
        case 'c': {
          let cell: string
          if (formula !== undefined) cell = `=${formula}`
          else if (type === 's') cell = shared[Number(value)] ?? ''
          else if (type === 'b') cell = value === '1' ? 'TRUE' : 'FALSE'
          else if (type === 'inlineStr' || type === 'str' || type === 'e' || type === 'd') cell = value
          else if (value === '') cell = ''
          else {
            const n = Number(value)
            lossy = Math.abs(n) >= 1e15 && !Number.isSafeInteger(n)
            cell = Number.isFinite(n) ? String(n) : value
          }
          while (row.length < col) row.push('')
          row[col] = cell
          if (lossy) lossyCols.push(col)
          break
        }
        case 'row':
          if (row.some((x) => x.trim() !== '')) {
            if (count >= maxRows) throw new SheetTooLong()
            count++
            // saxes hands out text as slices of the decoded chunk (64 KB), so a kept cell would keep its
            // whole chunk, and a 265k-row roster the whole sheet; joined and split, the row's cells share
            // one string of the row's own size instead (XML text never holds U+0000)
            onRow(row.join('\u0000').split('\u0000'), rowNumber, lossyCols)
          }
          break
      }
    })
  })
  if (!found) throw new Error('no worksheet')
}
