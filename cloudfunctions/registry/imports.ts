/**
 * Roster import as a resumable job.
 *
 * 1. `importUpload`: the file is downloaded from cloud storage, capped in size and rows, read and
 *    validated in one pass. Rows that pass are staged in `importChunks`, one document per commit batch,
 *    and row errors beside them; the `imports` document records the summary. Then each staged batch is
 *    compared with the database (an ID number registered under another external id, an external id of
 *    another region) while the time budget lasts; `importContinue` finishes that for large files
 *    (state `checking` → `checked`). The roster itself is not touched.
 * 2. `importDryRun`: the summary and every row error, a page at a time, worded in the caller's language
 *    (file errors first in row order, then database clashes in row order).
 * 3. `importCommit` / `importContinue`: batches are written in order until the time budget is spent;
 *    the job records the next batch only after a batch is fully written. A batch is idempotent (rows
 *    whose external id exists are updated, the others inserted), so re-running the batch a crash
 *    interrupted never duplicates anything.
 */
import type { ActionContext } from '../_shared/handler'
import { reachesRegion } from '../_shared/access'
import { AppError } from '../../src/shared/errors'
import type { MessageKey } from '../../src/shared/i18n'
import { t } from '../../src/shared/i18n'
import type { ImportJob, RosterKind } from '../../src/shared/contracts/registry'
import type { ColumnMap } from './domain/roster/columns'
import { RosterError, type RowError } from './domain/roster/errors'
import { DEFAULT_LIMITS } from './domain/roster/read'
import type { HouseholdRecord, OfficialRecord, RowChecker } from './domain/roster/validate'
import { householdChecker, officialChecker } from './domain/roster/validate'
import { eachRosterRow } from './formats'
import { coll, getById, PAGE, readAll, rows } from '../_shared/db'
import { byIds, eachLimit, newId, PARALLEL, today } from './data'

export const IMPORTS = 'imports'
export const CHUNKS = 'importChunks'
/** a call stops starting batches after this long: the function's timeout is 60 s */
export const BUDGET_MS = 25_000
/** the dry run's database comparison stops after this long in one call */
const CHECK_BUDGET_MS = 25_000
/**
 * `importUpload` compares batches with the database until this long after it started (reading and
 * validating the file included), then stages them all; the function's timeout is 60 s
 */
const UPLOAD_CHECK_BUDGET_MS = 30_000
/** batches compared with the database at once in `importUpload` (two reads each) */
const CHECK_IN_FLIGHT = 4
/** commit batches in flight at once */
const IN_FLIGHT = 3
/** staging inserts in flight */
const STAGE_IN_FLIGHT = 2
const ERROR_CHUNK = 1000
/** staged chunk documents per insert request (each up to a few hundred KB) */
const CHUNKS_PER_INSERT = 8

export interface ImportDoc {
  _id: string
  kind: RosterKind
  region: string
  fileName: string
  fileID: string
  state: ImportJob['state']
  rows: number
  valid: number
  rowErrors: number
  ignoredColumns: string[]
  batches: number
  checkedBatches: number
  /** error chunks written so far (the next one's `n`) */
  errorChunks: number
  batchesDone: number
  inserted: number
  updated: number
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

/** A row problem as stored: a catalogue key and its parameters, worded when read. */
interface StoredRowError {
  row: number
  column: string
  code: string
  params?: Record<string, string | number>
}

type StagedRecord = HouseholdRecord | OfficialRecord

export function jobView(doc: ImportDoc): ImportJob {
  return {
    jobId: doc._id,
    kind: doc.kind,
    region: doc.region,
    fileName: doc.fileName,
    state: doc.state,
    rows: doc.rows,
    valid: doc.valid,
    rowErrors: doc.rowErrors,
    ignoredColumns: doc.ignoredColumns,
    checkedBatches: doc.checkedBatches,
    batches: doc.batches,
    batchesDone: doc.batchesDone,
    inserted: doc.inserted,
    updated: doc.updated,
  }
}

async function download(ctx: ActionContext, fileID: string): Promise<Buffer> {
  try {
    const res = (await ctx.cloud.downloadFile({ fileID })) as { fileContent?: Buffer }
    if (!res.fileContent) throw new Error('no content')
    return Buffer.from(res.fileContent)
  } catch {
    throw new AppError('INVALID_ARGUMENT', 'registry.import.fileMissing')
  }
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export async function importUpload(
  input: { region: string; kind: RosterKind; fileID: string; fileName: string; batchSize: number },
  ctx: ActionContext,
): Promise<ImportJob> {
  const started = Date.now()
  const { db } = ctx
  const bytes = await download(ctx, input.fileID)
  const fileName = input.fileName || input.fileID.split('/').pop() || ''

  // what a row may name: every known village (or, for officials, region) and department
  const regions = await readAll<{ _id: string; level: string }>(db, 'regions', {}, { _id: true, level: true })
  const villages = new Set(regions.filter((r) => r.level === 'village').map((r) => r._id))
  const regionCodes = new Set(regions.map((r) => r._id))
  const departments = new Set((await readAll<{ _id: string }>(db, 'departments', {}, { _id: true })).map((d) => d._id))
  const context = {
    villageExists: (code: string) => villages.has(code),
    regionExists: (code: string) => regionCodes.has(code),
    departmentExists: (id: string) => departments.has(id),
    today: today(),
  }

  // rows are validated as they are parsed: a 265k-row file is never held as a table of text as well
  const holder: { checker?: RowChecker<StagedRecord> } = {}
  let columns: ColumnMap
  try {
    const read = await eachRosterRow(input.kind, { name: fileName, bytes }, DEFAULT_LIMITS, (row, cols) => {
      holder.checker ??= (
        input.kind === 'households' ? householdChecker(cols, context) : officialChecker(cols, context)
      ) as RowChecker<StagedRecord>
      holder.checker.add(row)
    })
    columns = read.columns
  } catch (error) {
    if (error instanceof RosterError) throw new AppError('INVALID_ARGUMENT', error.code as MessageKey, error.params)
    throw error
  }
  if (!holder.checker) throw new AppError('INVALID_ARGUMENT', 'import.noRows')
  const result = await holder.checker.finish()

  // a row placed outside the caller's office region is not the caller's to write
  const errors: StoredRowError[] = result.errors.map((e: RowError) => ({
    row: e.row,
    column: e.column,
    code: e.code,
    ...(e.params ? { params: e.params } : {}),
  }))
  result.errors.length = 0
  const columnOf = (field: string) => columns.fields.get(field)?.header ?? field
  const placeField = input.kind === 'households' ? 'villageCode' : 'regionCode'
  const valid = result.valid.filter((r) => {
    if (r.regionPath.includes(input.region)) return true
    errors.push({ row: r.row, column: columnOf(placeField), code: 'registry.import.outsideRegion' })
    return false
  })
  result.valid.length = 0
  errors.sort((a, b) => a.row - b.row)
  const chunkColumns = { idNumber: columnOf('idNumber'), externalId: columnOf('externalId') }

  // the database half of the dry run, on the rows in hand, several batches at once while time lasts;
  // batches past the first one left unchecked are compared by importContinue (runChecks)
  const batches = chunked(valid, input.batchSize)
  const checks: (BatchCheck | undefined)[] = []
  const deadline = started + UPLOAD_CHECK_BUDGET_MS
  let nextCheck = 0
  await Promise.all(
    Array.from({ length: Math.min(CHECK_IN_FLIGHT, batches.length) }, async () => {
      while (nextCheck < batches.length && Date.now() < deadline) {
        const n = nextCheck++
        checks[n] = await checkBatch(ctx, input.kind, input.region, batches[n]!, chunkColumns)
      }
    }),
  )
  let checkedBatches = 0
  while (checkedBatches < batches.length && checks[checkedBatches]) checkedBatches++

  const jobId = newId('imp')
  const fileErrorChunks = chunked(errors, ERROR_CHUNK).map((items, n) => ({
    _id: `${jobId}:e:${n}`,
    jobId,
    kind: 'errors',
    n,
    count: items.length,
    items,
  }))
  // database clashes follow the file's errors, one chunk per batch that has any (as runChecks writes them)
  const clashChunks: typeof fileErrorChunks = []
  let refused = 0
  for (let n = 0; n < checkedBatches; n++) {
    const check = checks[n]!
    if (check.errors.length === 0) continue
    refused += check.errors.length
    clashChunks.push({
      _id: `${jobId}:d:${n}`,
      jobId,
      kind: 'errors',
      n: fileErrorChunks.length + clashChunks.length,
      count: check.errors.length,
      items: check.errors,
    })
  }
  const stagedChunk = (n: number) => {
    const check = n < checkedBatches ? checks[n] : undefined
    return {
      _id: `${jobId}:r:${n}`,
      jobId,
      kind: 'rows',
      n,
      // one JSON string rather than 1,000 objects: the SDK's canonical EJSON walks every value (a number
      // becomes {"$numberInt": …}), which made staging a 265k-row file take longer than the timeout
      payload: JSON.stringify(batches[n]),
      /** row numbers the database check refused */
      rejected: check ? check.errors.map((e) => e.row) : [],
      /** external ids the database already held when the batch was checked; null: not checked yet */
      known: check ? check.known : null,
      columns: chunkColumns,
    }
  }
  // staged a group at a time, so the file's rows are never held twice over as JSON
  const groups: number[][] = chunked(
    Array.from({ length: batches.length }, (_x, n) => n),
    CHUNKS_PER_INSERT,
  )
  await eachLimit(groups, STAGE_IN_FLIGHT, async (group) => {
    await coll(db, CHUNKS).add({ data: group.map(stagedChunk) })
  })
  for (const group of chunked([...fileErrorChunks, ...clashChunks], CHUNKS_PER_INSERT)) {
    await coll(db, CHUNKS).add({ data: group })
  }
  const now = new Date()
  const state: ImportDoc['state'] = checkedBatches === batches.length ? 'checked' : 'checking'
  const doc: ImportDoc = {
    _id: jobId,
    kind: input.kind,
    region: input.region,
    fileName,
    fileID: input.fileID,
    state,
    rows: result.rows,
    valid: valid.length - refused,
    rowErrors: errors.length + refused,
    ignoredColumns: result.ignoredColumns,
    batches: batches.length,
    checkedBatches,
    errorChunks: fileErrorChunks.length + clashChunks.length,
    batchesDone: 0,
    inserted: 0,
    updated: 0,
    createdBy: ctx.caller.openid,
    createdAt: now,
    updatedAt: now,
  }
  await coll(db, IMPORTS).add({ data: doc })
  return jobView(state === 'checking' ? await runChecks(ctx, doc, deadline) : doc)
}

interface RowChunk {
  /** JSON of StagedRecord[] */
  payload: string
  rejected: number[]
  /** external ids found in the database by the dry run; null or absent: not known */
  known?: string[] | null
  columns: { idNumber: string; externalId: string }
}

interface BatchCheck {
  errors: StoredRowError[]
  /** the batch's external ids the database already holds (rows that will update) */
  known: string[]
}

/** The database half of the dry run for one batch: row errors found (those rows are refused), ids known. */
async function checkBatch(
  ctx: ActionContext,
  kind: RosterKind,
  region: string,
  records: readonly StagedRecord[],
  columns: RowChunk['columns'],
): Promise<BatchCheck> {
  const { db } = ctx
  const _ = db.command
  const errors: StoredRowError[] = []
  const byIdNumber = new Map<string, string>()
  const idNumbers = records.map((r) => r.idNumber)
  const [owners, existing] = await Promise.all([
    kind === 'households'
      ? rows<{ externalId: string; head: { idNumber: string } }>(
          coll(db, 'households')
            .where({ 'head.idNumber': _.in(idNumbers) })
            .field({ externalId: true, 'head.idNumber': true })
            .limit(PAGE),
        ).then((docs) => docs.map((d) => [d.head.idNumber, d.externalId] as const))
      : rows<{ externalId: string; idNumber: string }>(
          coll(db, 'officials')
            .where({ idNumber: _.in(idNumbers) })
            .field({ externalId: true, idNumber: true })
            .limit(PAGE),
        ).then((docs) => docs.map((d) => [d.idNumber, d.externalId] as const)),
    byIds<{ _id: string; regionPath?: string[] }>(
      db,
      kind,
      records.map((r) => r.externalId),
      { regionPath: true },
    ),
  ])
  for (const [idNumber, externalId] of owners) byIdNumber.set(idNumber, externalId)
  for (const r of records) {
    const owner = byIdNumber.get(r.idNumber)
    if (owner !== undefined && owner !== r.externalId) {
      errors.push({
        row: r.row,
        column: columns.idNumber,
        code: 'import.duplicateInDatabase',
        params: { externalId: owner },
      })
      continue
    }
    const doc = existing.get(r.externalId)
    if (doc && !(doc.regionPath ?? []).includes(region)) {
      errors.push({
        row: r.row,
        column: columns.externalId,
        code: 'registry.import.belongsElsewhere',
        params: { externalId: r.externalId },
      })
    }
  }
  return { errors, known: [...existing.keys()] }
}

/** Compares staged batches with the database until done or out of time; the job records each batch. */
async function runChecks(ctx: ActionContext, start: ImportDoc, deadline: number): Promise<ImportDoc> {
  const { db } = ctx
  const _ = db.command
  let job = start
  while (job.state === 'checking' && job.checkedBatches < job.batches && Date.now() < deadline) {
    const n = job.checkedBatches
    const id = `${job._id}:r:${n}`
    const chunk = await getById<RowChunk>(db, CHUNKS, id)
    const check = chunk
      ? await checkBatch(ctx, job.kind, job.region, JSON.parse(chunk.payload) as StagedRecord[], chunk.columns)
      : { errors: [], known: [] }
    const { errors } = check
    const rejected = errors.map((e) => e.row)
    if (rejected.length > 0) {
      // the error chunk's id is fixed by the batch, so a repeated check overwrites instead of adding
      await coll(db, CHUNKS)
        .doc(`${job._id}:d:${n}`)
        .set({
          data: { jobId: job._id, kind: 'errors', n: job.errorChunks, count: errors.length, items: errors },
        })
    }
    if (chunk) {
      await coll(db, CHUNKS)
        .doc(id)
        .update({ data: { rejected: _.set(rejected), known: _.set(check.known) } })
    }
    const last = n + 1 === job.batches
    const res = (await coll(db, IMPORTS)
      .where({ _id: job._id, checkedBatches: n })
      .update({
        data: {
          checkedBatches: n + 1,
          valid: _.inc(-rejected.length),
          rowErrors: _.inc(rejected.length),
          errorChunks: _.inc(rejected.length > 0 ? 1 : 0),
          updatedAt: new Date(),
          ...(last ? { state: 'checked' } : {}),
        },
      })) as { stats?: { updated?: number } }
    if ((res.stats?.updated ?? 0) !== 1) break
    job = {
      ...job,
      checkedBatches: n + 1,
      valid: job.valid - rejected.length,
      rowErrors: job.rowErrors + rejected.length,
      errorChunks: job.errorChunks + (rejected.length > 0 ? 1 : 0),
      state: last ? 'checked' : job.state,
    }
  }
  if (job.state === 'checking' && job.batches === 0) {
    await coll(db, IMPORTS)
      .doc(job._id)
      .update({ data: { state: 'checked' } })
    job = { ...job, state: 'checked' }
  }
  return job
}

/** The job, if the caller's office (or administrator grant) reaches its region; else FORBIDDEN. */
export async function loadJob(ctx: ActionContext, jobId: string): Promise<ImportDoc> {
  const doc = await getById<ImportDoc & { type?: string }>(ctx.db, IMPORTS, jobId)
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  // roster exports keep their jobs in the same collection (exports.ts): not an import
  if (!doc || doc.type === 'export') throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN')
  if (!reachesRegion(ctx.scope.grants, doc.region)) throw new AppError('FORBIDDEN')
  return doc
}

export async function importDryRun(
  input: { jobId: string; offset: number; limit: number },
  ctx: ActionContext,
): Promise<{ job: ImportJob; errors: { row: number; column: string; message: string }[]; more: boolean }> {
  const job = await loadJob(ctx, input.jobId)
  // error chunks differ in size (file errors in chunks of 1,000, database clashes one chunk per batch):
  // their sizes say which ones hold the asked page
  const _ = ctx.db.command
  const heads = await readAll<{ _id: string; n: number; count: number }>(
    ctx.db,
    CHUNKS,
    { jobId: job._id, kind: 'errors' },
    { n: true, count: true },
  )
  heads.sort((a, b) => a.n - b.n)
  const wanted: string[] = []
  let at = 0
  let skip = 0
  for (const head of heads) {
    const end = at + head.count
    if (end > input.offset && at < input.offset + input.limit) {
      if (wanted.length === 0) skip = input.offset - at
      wanted.push(head._id)
    }
    at = end
  }
  const chunks = wanted.length
    ? await rows<{ n: number; items: StoredRowError[] }>(
        coll(ctx.db, CHUNKS)
          .where({ _id: _.in(wanted) })
          .limit(PAGE),
      )
    : []
  chunks.sort((a, b) => a.n - b.n)
  const page = chunks.flatMap((c) => c.items).slice(skip, skip + input.limit)
  return {
    job: jobView(job),
    errors: page.map((e) => ({ row: e.row, column: e.column, message: t(ctx.lang, e.code as MessageKey, e.params) })),
    more: input.offset + page.length < job.rowErrors,
  }
}

// ---------------------------------------------------------------------------------------------------
// Commit

interface StoredRow {
  _id: string
  departmentId?: string
}

/** Official ids usable as a key of a household's `officialDepartments` (no '.', no leading '$'). */
const FIELD_NAME = /^[^.$]+$/

function sexFromId(idNumber: string): 'male' | 'female' {
  return Number(idNumber.charAt(16)) % 2 === 1 ? 'male' : 'female'
}

function householdFields(r: HouseholdRecord): Record<string, unknown> {
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

function officialFields(r: OfficialRecord): Record<string, unknown> {
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

/** A new household or official from a roster row. */
function freshDoc(kind: RosterKind, r: StagedRecord, jobId: string, now: Date): Record<string, unknown> {
  if (kind === 'households') {
    const h = r as HouseholdRecord
    return {
      _id: h.externalId,
      ...householdFields(h),
      phone: h.phone,
      memberCount: h.memberCount ?? 1,
      members: [],
      riskLevel: h.riskLevel ?? 'none',
      sensitive: { monastic: false, disability: false },
      officialIds: [],
      officialDepartments: {},
      lastContactAt: null,
      importJob: jobId,
      importedAt: now,
    }
  }
  return {
    _id: r.externalId,
    ...officialFields(r as OfficialRecord),
    active: true,
    importJob: jobId,
    importedAt: now,
  }
}

/**
 * Writes one staged batch; returns how many rows were inserted and updated. `known` is what the dry run
 * found already stored: when that was nothing (a first import), the batch is inserted in one request
 * without asking again; if any of its ids has been written since (another import, or this batch before
 * a crash), the insert fails and the batch is compared and written row by row like any other.
 */
async function writeBatch(
  ctx: ActionContext,
  kind: RosterKind,
  records: StagedRecord[],
  jobId: string,
  known: readonly string[] | null | undefined,
) {
  const { db } = ctx
  const _ = db.command
  const now = new Date()
  if (known && known.length === 0) {
    try {
      await coll(db, kind).add({ data: records.map((r) => freshDoc(kind, r, jobId, now)) })
      return { inserted: records.length, updated: 0 }
    } catch {
      // compared below
    }
  }
  const existing = await byIds<StoredRow>(
    db,
    kind,
    records.map((r) => r.externalId),
    kind === 'households' ? { _id: true } : { departmentId: true },
  )
  const fresh: Record<string, unknown>[] = []
  const changed: StagedRecord[] = []
  for (const r of records) {
    if (existing.has(r.externalId)) changed.push(r)
    else fresh.push(freshDoc(kind, r, jobId, now))
  }
  if (fresh.length > 0) await coll(db, kind).add({ data: fresh })
  await eachLimit(changed, PARALLEL, async (r) => {
    const fields = kind === 'households' ? householdFields(r as HouseholdRecord) : officialFields(r as OfficialRecord)
    // replace the name objects whole: a Tibetan name removed from the roster must not survive a merge
    const data: Record<string, unknown> = { ...fields, importJob: jobId, importedAt: now }
    if (kind === 'households') {
      const h = r as HouseholdRecord
      delete data.head
      data['head.name'] = _.set(h.headName)
      data['head.idNumber'] = h.idNumber
    } else {
      data.name = _.set((r as OfficialRecord).name)
      data.position = _.set(fields.position)
    }
    data.regionPath = _.set(r.regionPath)
    await coll(db, kind).doc(r.externalId).update({ data })
    // an official who moved to another department: the households they are paired with hold the
    // department beside the pairing (officialDepartments), which must follow
    const departmentId = (r as OfficialRecord).departmentId
    if (
      kind === 'officials' &&
      existing.get(r.externalId)?.departmentId !== departmentId &&
      FIELD_NAME.test(r.externalId)
    ) {
      await coll(db, 'households')
        .where({ officialIds: r.externalId })
        .update({ data: { [`officialDepartments.${r.externalId}`]: departmentId } })
    }
  })
  return { inserted: fresh.length, updated: changed.length }
}

export async function runImport(
  ctx: ActionContext,
  jobId: string,
  start: boolean,
  maxBatches: number | undefined,
): Promise<ImportJob> {
  const { db } = ctx
  const _ = db.command
  let job = await loadJob(ctx, jobId)
  if (job.state === 'checking') return jobView(await runChecks(ctx, job, Date.now() + CHECK_BUDGET_MS))
  if (!start && job.state === 'checked') throw new AppError('CONFLICT', 'registry.import.wrongState')
  if (job.state === 'done') return jobView(job)
  if (job.state === 'checked') {
    if (job.valid === 0) throw new AppError('INVALID_ARGUMENT', 'registry.import.nothingValid')
    await coll(db, IMPORTS)
      .where({ _id: job._id, state: 'checked' })
      .update({ data: { state: 'committing', updatedAt: new Date() } })
    job = { ...job, state: 'committing' }
  }
  const deadline = Date.now() + BUDGET_MS
  const limit = Math.min(job.batches, job.batchesDone + (maxBatches ?? Infinity))
  // A sliding window of batches in flight: while the database stores one, the function reads and encodes
  // the next. Their external ids are distinct (duplicates within a file are row errors), so they never
  // touch the same document. The job advances over finished batches in order only, one update at a time.
  let next = job.batchesDone
  let stopped = false
  const finished = new Map<number, { inserted: number; updated: number }>()
  let recording: Promise<void> = Promise.resolve()
  const record = async (): Promise<void> => {
    const from = job.batchesDone
    let to = from
    const written = { inserted: 0, updated: 0 }
    for (let w = finished.get(to); w && !stopped; w = finished.get(to)) {
      finished.delete(to)
      written.inserted += w.inserted
      written.updated += w.updated
      to++
    }
    if (to === from) return
    const last = to === job.batches
    // advance only from where this job stood: a concurrent call that got there first wins, this one stops
    const res = (await coll(db, IMPORTS)
      .where({ _id: job._id, batchesDone: from })
      .update({
        data: {
          batchesDone: to,
          inserted: _.inc(written.inserted),
          updated: _.inc(written.updated),
          updatedAt: new Date(),
          ...(last ? { state: 'done' } : {}),
        },
      })) as { stats?: { updated?: number } }
    if ((res.stats?.updated ?? 0) !== 1) {
      stopped = true
      return
    }
    job = {
      ...job,
      batchesDone: to,
      inserted: job.inserted + written.inserted,
      updated: job.updated + written.updated,
      state: last ? 'done' : job.state,
    }
    // written batches' staged rows are read by nobody again (a crash before this leaves harmless orphans)
    await coll(db, CHUNKS)
      .where({ _id: _.in(Array.from({ length: to - from }, (_x, i) => `${job._id}:r:${from + i}`)) })
      .remove()
  }
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!stopped && next < limit && Date.now() < deadline) {
        const n = next++
        const chunk = await getById<RowChunk>(db, CHUNKS, `${job._id}:r:${n}`)
        const refused = new Set(chunk?.rejected ?? [])
        const records = (chunk ? (JSON.parse(chunk.payload) as StagedRecord[]) : []).filter((r) => !refused.has(r.row))
        finished.set(
          n,
          records.length > 0
            ? await writeBatch(ctx, job.kind, records, job._id, chunk?.known)
            : { inserted: 0, updated: 0 },
        )
        recording = recording.then(record)
        await recording
      }
    }),
  )
  const latest = await getById<ImportDoc>(db, IMPORTS, job._id)
  return jobView(latest ?? job)
}
