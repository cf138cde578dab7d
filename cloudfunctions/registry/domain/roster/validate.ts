/**
 * The dry run: every row is validated and every problem listed as a `RowError` (row number as the
 * spreadsheet shows it, column header, catalogue key) before anything is written. Rows are checked one
 * at a time as they are read (`householdChecker`, `officialChecker`), then compared in batches with what
 * the database already holds (`lookupIdNumbers`).
 */
import type { Bilingual } from '@shared/bilingual'
import { levelOf, pathOf, type RegionPath } from '@shared/region'
import type { RiskLevel } from '@config/documents'
import { checkIdNumber, normaliseIdNumber } from '../idcard'
import { isValidMobile, normalisePhone } from '../phone'
import { columnsOf, type ColumnMap, type RosterKind } from './columns'
import type { RowError, RowErrorCode } from './errors'
import type { ParsedRoster, ParsedRow } from './read'

export interface HouseholdRecord {
  row: number
  externalId: string
  headName: Bilingual
  idNumber: string
  phone: string
  villageCode: string
  regionPath: RegionPath
  memberCount?: number
  riskLevel?: RiskLevel
}

export interface OfficialRecord {
  row: number
  externalId: string
  name: Bilingual
  idNumber: string
  phone: string
  departmentId: string
  regionPath: RegionPath
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
