/**
 * The registry's file formats: roster files in (XLSX read by xlsx-read.ts, CSV by the domain) and out
 * (exports and the template, written by the writer the dashboard shares, cloudfunctions/_shared/xlsx-write.ts).
 * The rules of a roster — its columns, limits, validation and the formula-injection guard — live in
 * domain/roster; this module only turns bytes into rows and rows into bytes.
 */
import type { Bilingual } from '@shared/bilingual'
import {
  columnsOf,
  escapeCell,
  rowValues,
  sheetName,
  TEMPLATE_NOTES_HEADER,
  templateNotes,
  VILLAGE_CODES_HEADER,
  VILLAGE_CODES_SHEET,
  type ColumnMap,
  type RosterKind,
  type RosterRow,
} from '../domain/roster/columns'
import { RosterError } from '../domain/roster/errors'
import * as read from '../domain/roster/read'
import { eachSheetRow, SheetTooComplex, SheetTooLong } from './xlsx-read'
import { writeXlsx } from '@fn/xlsx-write'

/** The first sheet of an XLSX roster; its problems become the roster's file errors. */
const readSheet: read.SheetReader = async (bytes, maxRows, onRow) => {
  try {
    // the header row counts against the sheet, not against the data-row cap
    await eachSheetRow(bytes, maxRows + 1, onRow)
  } catch (error) {
    if (error instanceof SheetTooLong) throw new RosterError('import.tooManyRows', { maxRows })
    if (error instanceof SheetTooComplex) throw new RosterError('import.tooComplex')
    // a file-level problem found in a row (missing columns) is reported as itself
    if (error instanceof RosterError) throw error
    throw new RosterError('import.unreadable')
  }
}

/** A roster file (XLSX or CSV) one row at a time: domain/roster/read.ts's `eachRosterRow`. */
export function eachRosterRow(
  kind: RosterKind,
  file: read.RosterFile,
  limits: read.RosterLimits,
  onRow: (row: read.ParsedRow, columns: ColumnMap) => void,
): ReturnType<typeof read.eachRosterRow> {
  return read.eachRosterRow(kind, file, limits, readSheet, onRow)
}

/** A whole roster file (XLSX or CSV), every row kept. */
export function readRoster(
  kind: RosterKind,
  file: read.RosterFile,
  limits: read.RosterLimits = {},
): Promise<read.ParsedRoster> {
  return read.readRoster(kind, file, limits, readSheet)
}

function rosterSheet(kind: RosterKind, rows: Iterable<(string | number)[]>) {
  const columns = columnsOf(kind)
  return {
    name: sheetName(kind),
    header: columns.map((c) => c.header),
    textColumns: new Set(columns.flatMap((c, i) => (c.text ? [i] : []))),
    rows,
  }
}

/** Strings stay strings: a value starting with '=' is written as escaped text, never as a formula. */
function escaped(values: (string | number)[]): (string | number)[] {
  return values.map((x) => (typeof x === 'number' ? x : escapeCell(x)))
}

/** The current roster as XLSX with the template's headers, so the file can be edited and re-imported. */
export function exportRoster(kind: RosterKind, rows: Iterable<RosterRow>): Promise<Buffer> {
  function* values(): Iterable<(string | number)[]> {
    for (const r of rows) yield escaped(rowValues(kind, r))
  }
  return writeXlsx([rosterSheet(kind, values())])
}

/** A village (community) the template lists, so a household's code is copied rather than looked up. */
export interface TemplateVillage {
  code: string
  name: Bilingual
  township: Bilingual
}

/**
 * The template to download: the header row alone, a second sheet explaining each column and, when
 * villages are given, a third listing their 12-digit codes with township and names in both languages
 * (the codes written as text, so Excel keeps every digit).
 */
export function rosterTemplate(kind: RosterKind, villages: readonly TemplateVillage[] = []): Promise<Buffer> {
  return writeXlsx([
    rosterSheet(kind, []),
    { name: '填写说明', header: TEMPLATE_NOTES_HEADER, rows: templateNotes(kind).map(escaped) },
    ...(villages.length
      ? [
          {
            name: VILLAGE_CODES_SHEET,
            header: VILLAGE_CODES_HEADER,
            textColumns: new Set([0]),
            rows: villages.map((v) =>
              escaped([v.code, v.township['zh-Hans'], v.name['zh-Hans'], v.township.bo, v.name.bo]),
            ),
          },
        ]
      : []),
  ])
}
