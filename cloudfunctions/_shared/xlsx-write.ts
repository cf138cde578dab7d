/**
 * Writing XLSX with ExcelJS's streaming writer, which keeps memory flat for a 265k-row export: inline
 * strings (no shared table), a bold header row, text columns formatted as text. Shared by the registry's
 * roster files and the dashboard's exports and reports; esbuild inlines it only into the bundles that
 * import it.
 */
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'

export interface SheetSpec {
  name: string
  header: string[]
  /** column indexes Excel must keep as text ('@'): ID and phone numbers would lose digits as numbers */
  textColumns?: ReadonlySet<number>
  /** cells as they are written: numbers as numbers, strings as string cells (never formulas) */
  rows: Iterable<(string | number)[]>
}

export async function writeXlsx(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name)
    sheet.columns = s.header.map((h, i) => ({
      header: h,
      width: Math.max(12, [...h].length * 2 + 4),
      ...(s.textColumns?.has(i) ? { style: { numFmt: '@' } } : {}),
    }))
    sheet.getRow(1).font = { bold: true }
    sheet.getRow(1).commit()
    for (const values of s.rows) sheet.addRow(values).commit()
    sheet.commit()
  }
  await workbook.commit()
  await done
  return Buffer.concat(chunks)
}
