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

/** The file is past one of `SHEET_LIMITS` (columns, shared strings, inflated bytes, zip entries). */
export class SheetTooComplex extends Error {
  constructor(what: string) {
    super(`sheet exceeds its limit of ${what}`)
    this.name = 'SheetTooComplex'
  }
}

/**
 * What a roster sheet may hold beyond its rows. A roster row has at most five text cells of its own
 * (external id, two names, ID and phone numbers; villages, departments and risk levels repeat and are
 * shared), so 300,000 rows need at most 1.5 million distinct shared strings, and the prefecture's
 * 265k-row household roster inflates to ≈ 100 MB of XML. These leave room for that while a hostile file
 * is refused within seconds and far below the function's 1 GB heap: a cell reference far to the right
 * (`ZZZZZZ1`) would otherwise make a row of hundreds of millions of cells, and a few hundred KB of zip
 * inflate into gigabytes (reading 2 million shared strings takes ≈ 2 s).
 */
export const SHEET_LIMITS = {
  /** columns A..ZZ: a reference past it is refused before any cell is placed */
  columns: 702,
  sharedStrings: 2_000_000,
  /** UTF-16 code units over all shared strings */
  sharedStringChars: 64 * 1024 * 1024,
  /** code units of one cell's text or formula */
  cellChars: 32 * 1024,
  /** bytes inflated over every entry read, as declared by the zip and as counted while inflating */
  inflatedBytes: 256 * 1024 * 1024,
  /**
   * bytes one entry may inflate to per compressed byte: sheet XML compresses ≈ 10–30 to 1, a bomb ≈ 1000
   * to 1, so a bomb is stopped after its first MB or so instead of after 256 MB of parsing
   */
  ratio: 100,
  /** an entry may always inflate this far, whatever its ratio (a small, very regular sheet) */
  ratioFloor: 1024 * 1024,
  entries: 1000,
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
    if (col > SHEET_LIMITS.columns) throw new SheetTooComplex('columns')
  }
  return i === 0 ? undefined : col - 1
}

/**
 * The zip's central directory, read before JSZip sees the file: how many entries and what each declares
 * it inflates to. A zip64 size or count (0xFFFFFFFF, 0xFFFF) is past every limit here, so it is refused
 * instead of read. Throws `SheetTooComplex` past the limits; a missing directory is left to JSZip.
 * Answers each entry's compressed size by name (what the inflater's ratio is measured against).
 */
export function checkZipDirectory(bytes: Uint8Array): Map<string, number> {
  const compressed = new Map<string, number>()
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) return compressed
  const entries = view.getUint16(end + 10, true)
  if (entries === 0xffff || entries > SHEET_LIMITS.entries) throw new SheetTooComplex('entries')
  let at = view.getUint32(end + 16, true)
  let total = 0
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return compressed
    const nameLength = view.getUint16(at + 28, true)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    compressed.set(name, view.getUint32(at + 20, true))
    const size = view.getUint32(at + 24, true)
    if (size === 0xffffffff) throw new SheetTooComplex('inflated bytes')
    total += size
    if (total > SHEET_LIMITS.inflatedBytes) throw new SheetTooComplex('inflated bytes')
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
  }
  return compressed
}

/** Bytes inflated so far in one read: every entry's stream counts against the same allowance. */
interface Budget {
  inflated: number
  /** each entry's compressed size, from the directory */
  compressed: Map<string, number>
}

/** Runs saxes over a zip entry as it inflates; `stop()` ends early without reading the rest. */
async function parseEntry(
  zip: JSZip,
  budget: Budget,
  path: string,
  handlers: (parser: SaxesParser) => void,
): Promise<boolean> {
  const entry = zip.file(path)
  if (!entry) return false
  const parser = new SaxesParser({ position: false })
  handlers(parser)
  const decoder = new TextDecoder('utf-8')
  const stream = entry.nodeStream('nodebuffer')
  const allowed = Math.max(SHEET_LIMITS.ratioFloor, SHEET_LIMITS.ratio * (budget.compressed.get(path) ?? 0))
  let inflated = 0
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
      budget.inflated += chunk.length
      inflated += chunk.length
      // a zip may declare less than its entry inflates to: counted as it comes, too
      if (budget.inflated > SHEET_LIMITS.inflatedBytes || inflated > allowed)
        return fail(new SheetTooComplex('inflated bytes'))
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

async function firstSheetPath(zip: JSZip, budget: Budget): Promise<{ sheet: string; sharedStrings: string }> {
  let firstId: string | undefined
  await parseEntry(zip, budget, 'xl/workbook.xml', (p) => {
    p.on('opentag', (node) => {
      if (firstId === undefined && (node.name === 'sheet' || node.name.endsWith(':sheet'))) {
        const attrs = node.attributes as Record<string, string>
        firstId = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1]
      }
    })
  })
  const targets = new Map<string, { target: string; type: string }>()
  await parseEntry(zip, budget, 'xl/_rels/workbook.xml.rels', (p) => {
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

async function readSharedStrings(zip: JSZip, budget: Budget, path: string): Promise<string[]> {
  const strings: string[] = []
  let chars = 0
  let current = ''
  let inT = false
  // phonetic runs (<rPh>, Japanese furigana) are not part of the cell's text
  let inPhonetic = false
  await parseEntry(zip, budget, path, (p) => {
    p.on('opentag', (node) => {
      if (node.name === 'si') current = ''
      else if (node.name === 'rPh') inPhonetic = true
      else if (node.name === 't' && !inPhonetic) inT = true
    })
    p.on('text', (text) => {
      if (!inT) return
      chars += text.length
      if (chars > SHEET_LIMITS.sharedStringChars) throw new SheetTooComplex('shared string characters')
      current += text
    })
    p.on('closetag', (node) => {
      if (node.name === 't') inT = false
      else if (node.name === 'rPh') inPhonetic = false
      else if (node.name === 'si') {
        if (strings.length >= SHEET_LIMITS.sharedStrings) throw new SheetTooComplex('shared strings')
        strings.push(current)
      }
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
  const compressed = checkZipDirectory(bytes)
  const zip = await JSZip.loadAsync(bytes)
  const budget: Budget = { inflated: 0, compressed }
  const paths = await firstSheetPath(zip, budget)
  const shared = await readSharedStrings(zip, budget, paths.sharedStrings)
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

  const found = await parseEntry(zip, budget, paths.sheet, (p) => {
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
      else return
      if (value.length + (formula?.length ?? 0) > SHEET_LIMITS.cellChars) throw new SheetTooComplex('cell characters')
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
