/**
 * Roster files in and out: households and officials, from XLSX or CSV, server-side.
 *
 * - Reading: size cap before anything is parsed, row cap while reading (a zip can inflate a small upload
 *   into millions of rows), then columns found by their Chinese template headers or common English
 *   aliases. File-level problems throw a `RosterError` with a catalogue key; nothing is imported.
 * - Dry run: every row is validated and every problem listed as a `RowError` (row number as the
 *   spreadsheet shows it, column header, catalogue key) before anything is written.
 * - Formula injection: cell text is never evaluated. A formula cell is read as its formula text
 *   (`=…`), and on export any text starting with = + - @ (or a tab/CR) gets a leading apostrophe, the
 *   OWASP-recommended neutraliser, and is written as a string cell. Re-importing our own export strips
 *   that apostrophe again, so a round trip keeps the text unchanged.
 */
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { checkIdNumber, normaliseIdNumber } from './idcard'
import { isValidMobile, normalisePhone } from './phone'
import { levelOf, pathOf } from '../../../src/shared/region'
import type { MessageKey } from '@shared/i18n'
import type { RiskLevel } from './types'
import { eachSheetRow, SheetTooLong } from './xlsx-read'

export type RosterKind = 'households' | 'officials'

export interface RosterLimits {
  /** bytes of the uploaded file (default 32 MiB: a 300,000-row CSV is about 30 MB) */
  maxBytes?: number
  /** data rows, header excluded (default 300,000: the whole prefecture's households fit one file) */
  maxRows?: number
}

export const DEFAULT_LIMITS: Required<RosterLimits> = { maxBytes: 32 * 1024 * 1024, maxRows: 300_000 }

export type RosterErrorCode = Extract<
  MessageKey,
  | 'import.empty'
  | 'import.noRows'
  | 'import.tooLarge'
  | 'import.tooManyRows'
  | 'import.unreadable'
  | 'import.badQuotes'
  | 'import.missingColumns'
>

/** A problem with the whole file: the import stops and nothing is written. */
export class RosterError extends Error {
  constructor(
    readonly code: RosterErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code)
    this.name = 'RosterError'
  }
}

export type RowErrorCode = Extract<
  MessageKey,
  | 'import.missing'
  | 'import.tooLong'
  | 'import.idFormat'
  | 'import.idAsNumber'
  | 'import.idBirthDate'
  | 'import.idRegion'
  | 'import.idChecksum'
  | 'import.phone'
  | 'import.unknownVillage'
  | 'import.unknownRegion'
  | 'import.unknownDepartment'
  | 'import.duplicateInFile'
  | 'import.duplicateInDatabase'
  | 'import.memberCount'
  | 'import.riskLevel'
>

export interface RowError {
  /** the row number a spreadsheet shows (the header is row 1) */
  row: number
  /** the header of the offending column as written in the file */
  column: string
  field: string
  code: RowErrorCode
  params?: Record<string, string | number>
}

// ---------------------------------------------------------------------------------------------------
// Columns

export interface ColumnDef {
  field: string
  /** the template's header */
  header: string
  /** other headers seen in offices' own sheets, Chinese and English */
  aliases: readonly string[]
  required: boolean
  /** a text column Excel must not turn into a number (ID and phone numbers lose digits) */
  text?: boolean
  maxLength?: number
}

// prettier-ignore
export const HOUSEHOLD_COLUMNS: readonly ColumnDef[] = [
  { field: 'externalId', header: '家庭编号', aliases: ['户编号', '户号', '家庭户号', 'household id', 'householdid', 'externalid'], required: true, text: true, maxLength: 40 },
  { field: 'headName', header: '户主姓名', aliases: ['户主', '姓名', 'head name', 'headname', 'name'], required: true, maxLength: 50 },
  { field: 'headNameBo', header: '户主藏文姓名', aliases: ['藏文姓名', 'head name (tibetan)', 'headnamebo', 'tibetan name'], required: false, maxLength: 80 },
  { field: 'idNumber', header: '户主身份证号', aliases: ['身份证号', '身份证号码', '公民身份号码', '户主身份证号码', 'id number', 'idnumber', 'id card'], required: true, text: true },
  { field: 'phone', header: '联系电话', aliases: ['手机号', '手机号码', '电话', '联系方式', 'phone', 'mobile'], required: false, text: true },
  { field: 'villageCode', header: '村(社区)代码', aliases: ['村代码', '社区代码', '村(居)代码', '村(社区)编码', 'village code', 'villagecode'], required: true, text: true },
  { field: 'memberCount', header: '家庭人口', aliases: ['人口数', '家庭人数', '人口', 'members', 'membercount', 'member count'], required: false },
  { field: 'riskLevel', header: '风险等级', aliases: ['监测风险', 'risk level', 'risklevel', 'risk'], required: false },
]

// prettier-ignore
export const OFFICIAL_COLUMNS: readonly ColumnDef[] = [
  { field: 'externalId', header: '人员编号', aliases: ['工号', '干部编号', 'official id', 'officialid', 'externalid', 'staff id'], required: true, text: true, maxLength: 40 },
  { field: 'name', header: '姓名', aliases: ['干部姓名', 'name'], required: true, maxLength: 50 },
  { field: 'nameBo', header: '藏文姓名', aliases: ['name (tibetan)', 'namebo', 'tibetan name'], required: false, maxLength: 80 },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', 'id number', 'idnumber', 'id card'], required: true, text: true },
  { field: 'phone', header: '联系电话', aliases: ['手机号', '手机号码', '电话', 'phone', 'mobile'], required: true, text: true },
  { field: 'departmentId', header: '单位代码', aliases: ['部门代码', '单位编码', 'department code', 'departmentid', 'department'], required: true, text: true },
  { field: 'regionCode', header: '居住地代码', aliases: ['居住村(社区)代码', '住址代码', 'home region code', 'regioncode', 'region code'], required: true, text: true },
  { field: 'position', header: '职务', aliases: ['职位', 'position', 'title'], required: false, maxLength: 40 },
]

export function columnsOf(kind: RosterKind): readonly ColumnDef[] {
  return kind === 'households' ? HOUSEHOLD_COLUMNS : OFFICIAL_COLUMNS
}

/** Headers compared loosely: spaces, a required-marker asterisk, full-width brackets and case are ignored. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase()
}

export interface ColumnMap {
  /** field → column index (0-based) and the header as written */
  fields: Map<string, { index: number; header: string }>
  /** headers no column definition claims (reported, not an error) */
  ignored: string[]
}

export function mapColumns(kind: RosterKind, headerRow: readonly string[]): ColumnMap {
  const defs = columnsOf(kind)
  const lookup = new Map<string, string>()
  for (const d of defs) {
    for (const name of [d.header, ...d.aliases]) {
      const key = normaliseHeader(name)
      if (!lookup.has(key)) lookup.set(key, d.field)
    }
  }
  const fields = new Map<string, { index: number; header: string }>()
  const ignored: string[] = []
  headerRow.forEach((raw, index) => {
    const header = raw.trim()
    if (header === '') return
    const field = lookup.get(normaliseHeader(header))
    if (field && !fields.has(field)) fields.set(field, { index, header })
    else ignored.push(header)
  })
  const missing = defs.filter((d) => d.required && !fields.has(d.field)).map((d) => d.header)
  if (missing.length > 0) throw new RosterError('import.missingColumns', { columns: missing.join('、') })
  return { fields, ignored }
}

// ---------------------------------------------------------------------------------------------------
// Formula injection

const FORMULA_START = /^[=+\-@\t\r]/

/** Text bound for a spreadsheet: a leading apostrophe keeps = + - @ from being read as a formula. */
export function escapeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Text read from a spreadsheet: our own export's apostrophe is removed; nothing is ever evaluated. */
export function unescapeCell(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text
}

// ---------------------------------------------------------------------------------------------------
// CSV (RFC 4180)

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

// ---------------------------------------------------------------------------------------------------
// XLSX

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

async function eachXlsxRow(
  bytes: Uint8Array,
  maxRows: number,
  onRow: (row: string[], number: number, lossy: readonly number[]) => void,
): Promise<void> {
  try {
    // the header row counts against the sheet, not against the data-row cap
    await eachSheetRow(bytes, maxRows + 1, onRow)
  } catch (error) {
    if (error instanceof SheetTooLong) throw new RosterError('import.tooManyRows', { maxRows })
    // a file-level problem found in a row (missing columns) is reported as itself
    if (error instanceof RosterError) throw error
    throw new RosterError('import.unreadable')
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading a file

/** C0 controls other than tab, LF and CR never appear in a text roster. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true
  }
  return false
}

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

export interface ParsedRoster {
  kind: RosterKind
  format: 'xlsx' | 'csv'
  columns: ColumnMap
  rows: ParsedRow[]
}

/** Reads and maps a roster file; throws `RosterError` for problems with the file as a whole. */
export async function readRoster(kind: RosterKind, file: RosterFile, limits: RosterLimits = {}): Promise<ParsedRoster> {
  const rows: ParsedRow[] = []
  const read = await eachRosterRow(kind, file, limits, (row) => {
    rows.push(row)
  })
  return { ...read, rows }
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
  onRow: (row: ParsedRow, columns: ColumnMap) => void,
): Promise<{ kind: RosterKind; format: ParsedRoster['format']; columns: ColumnMap; rowCount: number }> {
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
  let format: ParsedRoster['format']
  if (isZip(file.bytes)) {
    format = 'xlsx'
    await eachXlsxRow(file.bytes, maxRows, take)
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

// ---------------------------------------------------------------------------------------------------
// Validation

export interface HouseholdRecord {
  row: number
  externalId: string
  headName: { 'zh-Hans': string; bo: string }
  idNumber: string
  phone: string
  villageCode: string
  regionPath: string[]
  memberCount?: number
  riskLevel?: RiskLevel
}

export interface OfficialRecord {
  row: number
  externalId: string
  name: { 'zh-Hans': string; bo: string }
  idNumber: string
  phone: string
  departmentId: string
  regionPath: string[]
  position: string
}

export interface ValidationContext {
  /** true when the code names a village or community the registry knows */
  villageExists?: (code: string) => boolean
  /** officials: true when the code names any known region (their home may be a township) */
  regionExists?: (code: string) => boolean
  departmentExists?: (id: string) => boolean
  /**
   * Existing records by ID number → their external id, asked in batches. A number already registered
   * under another external id is a duplicate; under the same one it is an update.
   */
  lookupIdNumbers?: (idNumbers: string[]) => Promise<ReadonlyMap<string, string>> | ReadonlyMap<string, string>
  /** YYYY-MM-DD: birth dates after it are wrong */
  today?: string
  /** ID numbers per lookup call (default 500) */
  lookupBatch?: number
}

export interface DryRun<T> {
  kind: RosterKind
  rows: number
  valid: T[]
  errors: RowError[]
  /** headers nobody claimed (shown, not an error) */
  ignoredColumns: string[]
}

const RISK_WORDS: Record<string, RiskLevel> = {
  无: 'none', 正常: 'none', 一般: 'none', none: 'none', 'མེད': 'none',
  关注: 'watch', 监测: 'watch', 中: 'watch', watch: 'watch', 'དོ་སྣང': 'watch',
  高: 'high', 高风险: 'high', high: 'high', 'མཐོ': 'high',
} // prettier-ignore

function idProblem(id: string, today: string | undefined, lossy: boolean): RowErrorCode | undefined {
  // Excel shows a long number as 5.13301E+17 and keeps 15 significant digits
  if (lossy || /E\+?\d+$/i.test(id)) return 'import.idAsNumber'
  const check = checkIdNumber(id, today)
  if (check.ok) return undefined
  return check.problem === 'format'
    ? 'import.idFormat'
    : check.problem === 'birthDate'
      ? 'import.idBirthDate'
      : check.problem === 'region'
        ? 'import.idRegion'
        : 'import.idChecksum'
}

type Fail = (field: string, code: RowErrorCode, params?: RowError['params']) => void

/** Validation one row at a time (`add`), then the database comparison and the result (`finish`). */
export interface RowChecker<T> {
  add(row: ParsedRow): void
  finish(): Promise<DryRun<T>>
}

function rowChecker<T extends { row: number; externalId: string; idNumber: string }>(
  kind: RosterKind,
  columns: ColumnMap,
  ctx: ValidationContext,
  build: (row: ParsedRow, fail: Fail) => T,
): RowChecker<T> {
  const errors: RowError[] = []
  const candidates: T[] = []
  const headerOf = (field: string): string =>
    columns.fields.get(field)?.header ?? columnsOf(kind).find((d) => d.field === field)?.header ?? field
  const firstByExternal = new Map<string, number>()
  const firstById = new Map<string, number>()
  let rows = 0
  const add = (row: ParsedRow): void => {
    rows++
    let ok = true
    const fail = (field: string, code: RowErrorCode, params?: RowError['params']): void => {
      ok = false
      errors.push({ row: row.row, column: headerOf(field), field, code, ...(params ? { params } : {}) })
    }
    for (const def of columnsOf(kind)) {
      const value = row.values[def.field] ?? ''
      if (def.required && value === '') fail(def.field, 'import.missing')
      else if (def.maxLength !== undefined && [...value].length > def.maxLength) {
        fail(def.field, 'import.tooLong', { max: def.maxLength })
      }
    }
    const record = build(row, fail)
    if (record.externalId !== '') {
      const first = firstByExternal.get(record.externalId)
      if (first !== undefined) fail('externalId', 'import.duplicateInFile', { firstRow: first })
      else firstByExternal.set(record.externalId, row.row)
    }
    if (record.idNumber !== '') {
      const first = firstById.get(record.idNumber)
      if (first !== undefined) fail('idNumber', 'import.duplicateInFile', { firstRow: first })
      else firstById.set(record.idNumber, row.row)
    }
    if (ok) candidates.push(record)
  }
  const finish = async (): Promise<DryRun<T>> => {
    firstByExternal.clear()
    firstById.clear()
    let valid = candidates
    if (ctx.lookupIdNumbers && candidates.length > 0) {
      const batch = ctx.lookupBatch ?? 500
      const clash = new Set<T>()
      for (let i = 0; i < candidates.length; i += batch) {
        const slice = candidates.slice(i, i + batch)
        const found = await ctx.lookupIdNumbers(slice.map((r) => r.idNumber))
        for (const r of slice) {
          const existing = found.get(r.idNumber)
          if (existing !== undefined && existing !== r.externalId) {
            clash.add(r)
            errors.push({
              row: r.row,
              column: headerOf('idNumber'),
              field: 'idNumber',
              code: 'import.duplicateInDatabase',
              params: { externalId: existing },
            })
          }
        }
      }
      valid = candidates.filter((r) => !clash.has(r))
    }
    errors.sort((a, b) => a.row - b.row)
    return { kind, rows, valid, errors, ignoredColumns: columns.ignored }
  }
  return { add, finish }
}

async function validate<T extends { row: number; externalId: string; idNumber: string }>(
  parsed: ParsedRoster,
  ctx: ValidationContext,
  build: (row: ParsedRow, fail: Fail) => T,
): Promise<DryRun<T>> {
  const checker = rowChecker(parsed.kind, parsed.columns, ctx, build)
  for (const row of parsed.rows) checker.add(row)
  return checker.finish()
}

/** The ID number and mobile phone every roster row carries, normalised and checked the same way. */
function checkNumbers(row: ParsedRow, ctx: ValidationContext, fail: Fail): { idNumber: string; phone: string } {
  const idNumber = normaliseIdNumber(row.values.idNumber ?? '')
  if (idNumber !== '') {
    const problem = idProblem(idNumber, ctx.today, row.lossy?.includes('idNumber') ?? false)
    if (problem) fail('idNumber', problem)
  }
  const phone = normalisePhone(row.values.phone ?? '')
  if (phone !== '' && !isValidMobile(phone)) fail('phone', 'import.phone')
  return { idNumber, phone }
}

export function validateHouseholds(
  parsed: ParsedRoster,
  ctx: ValidationContext = {},
): Promise<DryRun<HouseholdRecord>> {
  return validate(parsed, ctx, householdBuilder(ctx))
}

export function validateOfficials(parsed: ParsedRoster, ctx: ValidationContext = {}): Promise<DryRun<OfficialRecord>> {
  return validate(parsed, ctx, officialBuilder(ctx))
}

/** Validation for rows as they are read (eachRosterRow), for files too large to hold every row at once. */
export function householdChecker(columns: ColumnMap, ctx: ValidationContext = {}): RowChecker<HouseholdRecord> {
  return rowChecker('households', columns, ctx, householdBuilder(ctx))
}

export function officialChecker(columns: ColumnMap, ctx: ValidationContext = {}): RowChecker<OfficialRecord> {
  return rowChecker('officials', columns, ctx, officialBuilder(ctx))
}

/** a village's region path, shared by the rows of one village (a prefecture roster has 265k rows, 2,200 villages) */
function pathCache(): (code: string) => string[] {
  const paths = new Map<string, string[]>()
  return (code) => {
    let found = paths.get(code)
    if (!found) paths.set(code, (found = pathOf(code)))
    return found
  }
}

function householdBuilder(ctx: ValidationContext): (row: ParsedRow, fail: Fail) => HouseholdRecord {
  const pathFor = pathCache()
  return (row, fail) => {
    const v = row.values
    const { idNumber, phone } = checkNumbers(row, ctx, fail)
    const villageCode = v.villageCode ?? ''
    if (villageCode !== '') {
      const known = levelOf(villageCode) === 'village' && (ctx.villageExists?.(villageCode) ?? true)
      if (!known) fail('villageCode', 'import.unknownVillage', { code: villageCode })
    }
    let memberCount: number | undefined
    if ((v.memberCount ?? '') !== '') {
      memberCount = Number(v.memberCount)
      if (!Number.isInteger(memberCount) || memberCount < 1 || memberCount > 30)
        fail('memberCount', 'import.memberCount')
    }
    let riskLevel: RiskLevel | undefined
    if ((v.riskLevel ?? '') !== '') {
      riskLevel = RISK_WORDS[(v.riskLevel ?? '').toLowerCase()]
      if (!riskLevel) fail('riskLevel', 'import.riskLevel')
    }
    return {
      row: row.row,
      externalId: v.externalId ?? '',
      headName: { 'zh-Hans': v.headName ?? '', bo: v.headNameBo ?? '' },
      idNumber,
      phone,
      villageCode,
      regionPath: pathFor(villageCode),
      ...(memberCount !== undefined ? { memberCount } : {}),
      ...(riskLevel !== undefined ? { riskLevel } : {}),
    }
  }
}

function officialBuilder(ctx: ValidationContext): (row: ParsedRow, fail: Fail) => OfficialRecord {
  const pathFor = pathCache()
  return (row, fail) => {
    const v = row.values
    const { idNumber, phone } = checkNumbers(row, ctx, fail)
    const departmentId = v.departmentId ?? ''
    if (departmentId !== '' && ctx.departmentExists && !ctx.departmentExists(departmentId)) {
      fail('departmentId', 'import.unknownDepartment', { code: departmentId })
    }
    const regionCode = v.regionCode ?? ''
    if (regionCode !== '') {
      const known = levelOf(regionCode) !== undefined && (ctx.regionExists?.(regionCode) ?? true)
      if (!known) fail('regionCode', 'import.unknownRegion', { code: regionCode })
    }
    return {
      row: row.row,
      externalId: v.externalId ?? '',
      name: { 'zh-Hans': v.name ?? '', bo: v.nameBo ?? '' },
      idNumber,
      phone,
      departmentId,
      regionPath: pathFor(regionCode),
      position: v.position ?? '',
    }
  }
}

/** Reads and validates in one step: the dry run the import wizard shows. */
export async function dryRun(
  kind: RosterKind,
  file: RosterFile,
  ctx: ValidationContext = {},
  limits: RosterLimits = {},
): Promise<DryRun<HouseholdRecord> | DryRun<OfficialRecord>> {
  const parsed = await readRoster(kind, file, limits)
  return kind === 'households' ? validateHouseholds(parsed, ctx) : validateOfficials(parsed, ctx)
}

// ---------------------------------------------------------------------------------------------------
// Writing: export and template

/** One exported row: field → value; strings and numbers are written, anything else leaves the cell empty. */
export type RosterRow = Readonly<Record<string, unknown>>

async function writeXlsx(
  sheets: {
    name: string
    columns: readonly ColumnDef[] | null
    header: string[]
    rows: Iterable<(string | number)[]>
  }[],
): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve)
    out.on('error', reject)
  })
  // the streaming writer keeps memory flat for a 265k-row export; inline strings (no shared table)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name)
    sheet.columns = s.header.map((h, i) => ({
      header: h,
      width: Math.max(12, [...h].length * 2 + 4),
      // '@' (text) keeps Excel from turning ID and phone numbers into floating point
      ...(s.columns?.[i]?.text ? { style: { numFmt: '@' } } : {}),
    }))
    sheet.getRow(1).font = { bold: true }
    sheet.getRow(1).commit()
    for (const values of s.rows) {
      // strings stay strings: a value starting with '=' becomes a text cell, never a formula
      sheet.addRow(values.map((x) => (typeof x === 'number' ? x : escapeCell(x)))).commit()
    }
    sheet.commit()
  }
  await workbook.commit()
  await done
  return Buffer.concat(chunks)
}

/** The current roster as XLSX with the template's headers, so the file can be edited and re-imported. */
export function exportRoster(kind: RosterKind, rows: Iterable<RosterRow>): Promise<Buffer> {
  const columns = columnsOf(kind)
  function* values(): Iterable<(string | number)[]> {
    for (const r of rows) {
      yield columns.map((c) => {
        const v = r[c.field]
        return typeof v === 'number' || typeof v === 'string' ? v : ''
      })
    }
  }
  return writeXlsx([
    { name: kind === 'households' ? '家庭' : '干部', columns, header: columns.map((c) => c.header), rows: values() },
  ])
}

/** Export rows from stored households (head name, village, contact). */
export function householdRow(h: {
  externalId: string
  head: { name: { 'zh-Hans': string; bo: string }; idNumber: string }
  phone: string
  villageCode: string
  memberCount?: number
  riskLevel?: RiskLevel
}): RosterRow {
  return {
    externalId: h.externalId,
    headName: h.head.name['zh-Hans'],
    headNameBo: h.head.name.bo,
    idNumber: h.head.idNumber,
    phone: h.phone,
    villageCode: h.villageCode,
    memberCount: h.memberCount,
    riskLevel: h.riskLevel === 'high' ? '高' : h.riskLevel === 'watch' ? '关注' : h.riskLevel ? '无' : undefined,
  }
}

export function officialRow(o: {
  externalId: string
  name: { 'zh-Hans': string; bo: string }
  idNumber: string
  phone: string
  departmentId: string
  regionPath: readonly string[]
  position: { 'zh-Hans': string } | string
}): RosterRow {
  return {
    externalId: o.externalId,
    name: o.name['zh-Hans'],
    nameBo: o.name.bo,
    idNumber: o.idNumber,
    phone: o.phone,
    departmentId: o.departmentId,
    regionCode: o.regionPath[o.regionPath.length - 1] ?? '',
    position: typeof o.position === 'string' ? o.position : o.position['zh-Hans'],
  }
}

/** Notes for the template's second sheet, in Chinese and Tibetan. */
const TEMPLATE_NOTES: Record<string, { 'zh-Hans': string; bo: string }> = {
  externalId: {
    'zh-Hans': '本单位内唯一；再次导入同一编号会更新而不会重复',
    bo: 'ཨང་རྟགས་གཅིག་བསྐྱར་དུ་ནང་འདྲེན་བྱས་ན་གསར་བཅོས་ཡིན་པ་ལས་བསྐྱར་ཟློས་མི་འབྱུང་།',
  },
  idNumber: { 'zh-Hans': '18 位，请把此列设为“文本”', bo: 'ཨང་ཀ་ 18། གཞུང་ཕྲེང་འདི་ཡི་གེའི་རྣམ་གཞག་ཏུ་སྒྲིག་རོགས།' },
  phone: { 'zh-Hans': '11 位手机号码', bo: 'ལག་ཁྱེར་ཁ་པར་ཨང་ཀ་ 11' },
  villageCode: { 'zh-Hans': '12 位统计用区划代码', bo: 'ས་ཁུལ་ཨང་རྟགས་ཨང་ཀ་ 12' },
  regionCode: { 'zh-Hans': '12 位统计用区划代码（村或乡镇）', bo: 'ས་ཁུལ་ཨང་རྟགས་ཨང་ཀ་ 12 (གྲོང་ཚོ་ཡང་ན་ཤང་)' },
  riskLevel: { 'zh-Hans': '无 / 关注 / 高', bo: 'མེད། དོ་སྣང་། མཐོ།' },
  memberCount: { 'zh-Hans': '1 到 30', bo: '1 ནས་ 30' },
}

/** The template to download: the header row alone, and a second sheet explaining each column. */
export function rosterTemplate(kind: RosterKind): Promise<Buffer> {
  const columns = columnsOf(kind)
  const notes = columns.map((c) => [
    c.header,
    c.required ? '必填 / ངེས་པར་དུ་འབྲི་དགོས' : '',
    TEMPLATE_NOTES[c.field]?.['zh-Hans'] ?? '',
    TEMPLATE_NOTES[c.field]?.bo ?? '',
  ])
  return writeXlsx([
    { name: kind === 'households' ? '家庭' : '干部', columns, header: columns.map((c) => c.header), rows: [] },
    { name: '填写说明', columns: null, header: ['列 / གཞུང་ཕྲེང', '', '说明', 'གསལ་བཤད'], rows: notes },
  ])
}
