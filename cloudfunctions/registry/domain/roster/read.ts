/**
 * Reading a roster file: size cap before anything is parsed, row cap while reading (a zip can inflate a
 * small upload into millions of rows), then columns found by their headers (columns.ts). File-level
 * problems throw a `RosterError` with a catalogue key; nothing is imported.
 *
 * CSV is read here; a spreadsheet's rows come from the reader the caller passes (`SheetReader`: the
 * function's file formats module owns the XLSX library), so this module stays free of it.
 */
import { mapColumns, unescapeCell, type ColumnMap, type RosterKind } from './columns'
import { decodeText, eachCsvRecord, hasControlCharacters } from './csv'
import { RosterError } from './errors'

export interface RosterLimits {
  /** bytes of the uploaded file (default 32 MiB: a 300,000-row CSV is about 30 MB) */
  maxBytes?: number
  /** data rows, header excluded (default 300,000: the whole prefecture's households fit one file) */
  maxRows?: number
}

export const DEFAULT_LIMITS: Required<RosterLimits> = { maxBytes: 32 * 1024 * 1024, maxRows: 300_000 }

export interface RosterFile {
  name?: string
  bytes: Uint8Array
}

export interface ParsedRow {
  /** as a spreadsheet shows it: the header is row 1 */
  row: number
  values: Record<string, string>
  /** fields whose spreadsheet cell was a number too long to keep every digit */
  lossy?: string[]
}

export type RosterFormat = 'xlsx' | 'csv'

export interface ParsedRoster {
  kind: RosterKind
  format: RosterFormat
  columns: ColumnMap
  rows: ParsedRow[]
}

/**
 * A spreadsheet's first sheet, row by row: the cells as text, the sheet's row number, and the indexes of
 * numeric cells too long to keep every digit. It reads at most `maxRows` data rows after the header and
 * throws `RosterError` (`import.tooManyRows`, `import.unreadable`) for the file as a whole.
 */
export type SheetReader = (
  bytes: Uint8Array,
  maxRows: number,
  onRow: (cells: string[], row: number, lossy: readonly number[]) => void,
) => Promise<void>

/** An XLSX file is a zip: it starts with a local file header. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * Reads a roster file one row at a time, keeping none of them: `onRow` gets each non-blank data row,
 * mapped to fields, as it is parsed (the header, the first non-blank row, is mapped to columns first).
 * Throws `RosterError` for problems with the file as a whole, possibly after some rows were handed out;
 * `onRow` may throw to stop the read. Returns the format, the column map and how many rows there were.
 */
export async function eachRosterRow(
  kind: RosterKind,
  file: RosterFile,
  limits: RosterLimits,
  readSheet: SheetReader,
  onRow: (row: ParsedRow, columns: ColumnMap) => void,
): Promise<{ kind: RosterKind; format: RosterFormat; columns: ColumnMap; rowCount: number }> {
  const { maxBytes, maxRows } = { ...DEFAULT_LIMITS, ...limits }
  if (file.bytes.length === 0) throw new RosterError('import.empty')
  if (file.bytes.length > maxBytes) throw new RosterError('import.tooLarge', { maxMb: Math.round(maxBytes / 1048576) })

  let columns: ColumnMap | undefined
  let fields: [string, number][] = []
  let rowCount = 0
  /** a record as the file holds it: the header (the first non-blank one) or a data row */
  const take = (cells: readonly string[], row: number, lossy: readonly number[]): void => {
    if (cells.every((x) => x.trim() === '')) return
    if (!columns) {
      columns = mapColumns(kind, cells)
      fields = [...columns.fields].map(([field, { index }]) => [field, index])
      return
    }
    if (++rowCount > maxRows) throw new RosterError('import.tooManyRows', { maxRows })
    const values: Record<string, string> = {}
    const lost: string[] = []
    for (const [field, index] of fields) {
      values[field] = unescapeCell((cells[index] ?? '').trim())
      if (lossy.includes(index)) lost.push(field)
    }
    onRow({ row, values, ...(lost.length > 0 ? { lossy: lost } : {}) }, columns)
  }
  let format: RosterFormat
  if (isZip(file.bytes)) {
    format = 'xlsx'
    await readSheet(file.bytes, maxRows, take)
  } else {
    format = 'csv'
    const text = decodeText(file.bytes)
    // a binary file that is not a zip (an old .xls, a picture) decodes to control characters
    if (hasControlCharacters(text.slice(0, 4096))) throw new RosterError('import.unreadable')
    // a CSV record's row number is its place in the file (blank records count, as a spreadsheet shows them)
    const none: readonly number[] = []
    eachCsvRecord(text, (record, index) => take(record, index + 1, none))
  }
  if (!columns) throw new RosterError('import.empty')
  if (rowCount === 0) throw new RosterError('import.noRows')
  return { kind, format, columns, rowCount }
}

/** Reads and maps a whole roster file, keeping every row. */
export async function readRoster(
  kind: RosterKind,
  file: RosterFile,
  limits: RosterLimits,
  readSheet: SheetReader,
): Promise<ParsedRoster> {
  const rows: ParsedRow[] = []
  const read = await eachRosterRow(kind, file, limits, readSheet, (row) => {
    rows.push(row)
  })
  return { ...read, rows }
}
