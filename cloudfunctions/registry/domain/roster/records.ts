/**
 * What a validated roster row means for the registry: where the caller may write it, how it clashes
 * with what the database holds, and the household or official it writes (new, or fields of a stored one).
 * The import job (registry/imports.ts) reads the database and writes; these rules decide.
 */
import type { Household, Official, StoredRowError } from '@config/documents'
import type { Instant } from '@shared/time'
import type { RowError } from './errors'
import type { HouseholdRecord, OfficialRecord } from './validate'

/** A row problem as the job stores it: the field name is the validator's, not the reader's. */
export function storedError(e: RowError): StoredRowError {
  return { row: e.row, column: e.column, code: e.code, ...(e.params ? { params: e.params } : {}) }
}

/**
 * The records the caller may write: those placed inside `region` (the caller's office region). The
 * others are refused with a row error against `column`, the file's header of the place column.
 */
export function insideRegion<T extends { row: number; regionPath: readonly string[] }>(
  records: readonly T[],
  region: string,
  column: string,
): { inside: T[]; outside: StoredRowError[] } {
  const inside: T[] = []
  const outside: StoredRowError[] = []
  for (const r of records) {
    if (r.regionPath.includes(region)) inside.push(r)
    else outside.push({ row: r.row, column, code: 'registry.import.outsideRegion' })
  }
  return { inside, outside }
}

/**
 * The database half of the dry run for one batch. `owners`: ID number → the record it is stored under
 * (anywhere: a person is registered once); `stored`: the batch's external ids already stored → their
 * region path. A number stored under another external id inside `region` (the caller's office region) is
 * a duplicate the caller can see and fix. Anything that lies outside it — the number's holder, or the
 * record the row would overwrite — refuses the row with one message, on the row's external id, that
 * says neither which nor whether a number exists there: the office above, which sees both, resolves it.
 * Each refused row has one error.
 */
export function databaseClashes(
  records: readonly { row: number; externalId: string; idNumber: string }[],
  owners: ReadonlyMap<string, { externalId: string; regionPath?: readonly string[] }>,
  stored: ReadonlyMap<string, { regionPath?: readonly string[] }>,
  region: string,
  columns: { idNumber: string; externalId: string },
): StoredRowError[] {
  const errors: StoredRowError[] = []
  const notHere = (row: number): StoredRowError => ({
    row,
    column: columns.externalId,
    code: 'registry.import.notHere',
  })
  for (const r of records) {
    const owner = owners.get(r.idNumber)
    const doc = stored.get(r.externalId)
    if (owner !== undefined && owner.externalId !== r.externalId) {
      errors.push(
        (owner.regionPath ?? []).includes(region)
          ? {
              row: r.row,
              column: columns.idNumber,
              code: 'import.duplicateInDatabase',
              params: { externalId: owner.externalId },
            }
          : notHere(r.row),
      )
    } else if (doc && !(doc.regionPath ?? []).includes(region)) errors.push(notHere(r.row))
  }
  return errors
}

/**
 * The commit's re-check of a batch against the caller's office region as it is now: a row is written
 * only when it places its record inside `region` and the record it would update (if stored) is still
 * inside it. What the dry run allowed may have moved since (another import, a re-pairing).
 */
export function writableNow<T extends { externalId: string; regionPath: readonly string[] }>(
  records: readonly T[],
  stored: ReadonlyMap<string, { regionPath?: readonly string[] }>,
  region: string,
): { writable: T[]; refused: number } {
  const writable = records.filter((r) => {
    const doc = stored.get(r.externalId)
    return r.regionPath.includes(region) && (!doc || (doc.regionPath ?? []).includes(region))
  })
  return { writable, refused: records.length - writable.length }
}

/** The sex the 17th digit of a Chinese ID number records: odd male, even female. */
export function sexFromId(idNumber: string): Official['sex'] {
  return Number(idNumber.charAt(16)) % 2 === 1 ? 'male' : 'female'
}

/** What a roster row sets on a household, new or stored (a blank phone, size or risk keeps the stored one). */
export function householdFields(r: HouseholdRecord) {
  return {
    externalId: r.externalId,
    regionPath: r.regionPath,
    villageCode: r.villageCode,
    head: { name: r.headName, idNumber: r.idNumber },
    ...(r.phone ? { phone: r.phone } : {}),
    ...(r.memberCount !== undefined ? { memberCount: r.memberCount } : {}),
    ...(r.riskLevel !== undefined ? { riskLevel: r.riskLevel } : {}),
  }
}

/** What a roster row sets on an official, new or stored (the roster's position is Chinese only). */
export function officialFields(r: OfficialRecord) {
  return {
    externalId: r.externalId,
    name: r.name,
    sex: sexFromId(r.idNumber),
    departmentId: r.departmentId,
    regionPath: r.regionPath,
    phone: r.phone,
    idNumber: r.idNumber,
    position: { 'zh-Hans': r.position, bo: '' },
  }
}

/** A household first known from a roster row: unpaired, never contacted, its external id as `_id`. */
export function newHousehold(r: HouseholdRecord, jobId: string, at: Instant): Household {
  return {
    _id: r.externalId,
    ...householdFields(r),
    phone: r.phone,
    memberCount: r.memberCount ?? 1,
    members: [],
    riskLevel: r.riskLevel ?? 'none',
    sensitive: { monastic: false, disability: false },
    officialIds: [],
    officialDepartments: {},
    lastContactAt: null,
    importJob: jobId,
    importedAt: at,
  }
}

/** An official first known from a roster row: active, their external id as `_id`. */
export function newOfficial(r: OfficialRecord, jobId: string, at: Instant): Official {
  return { _id: r.externalId, ...officialFields(r), active: true, importJob: jobId, importedAt: at }
}

/**
 * Which stored error chunks hold the dry run's page `offset`..`offset + limit` (chunks differ in size:
 * the file's errors a thousand a chunk, database clashes one chunk per batch), in order of `n`, and how
 * many of the first one's errors come before the page.
 */
export function chunksOfPage(
  heads: readonly { _id: string; n: number; count: number }[],
  offset: number,
  limit: number,
): { wanted: string[]; skip: number } {
  const wanted: string[] = []
  let at = 0
  let skip = 0
  for (const head of [...heads].sort((a, b) => a.n - b.n)) {
    const end = at + head.count
    if (end > offset && at < offset + limit) {
      if (wanted.length === 0) skip = offset - at
      wanted.push(head._id)
    }
    at = end
  }
  return { wanted, skip }
}
