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
 *    interrupted never duplicates anything. A row that moves a stored household or official to another
 *    region moves the `regionPath` of the grants bound to it as well.
 *
 * What a row means (its region, its clashes, the document it writes) is decided in domain/roster; this
 * module reads, asks and writes.
 */
import type {
  Household,
  ImportChunk,
  ImportErrorsChunk,
  ImportRowsChunk,
  Official,
  RosterImport,
  RosterJob,
  RosterKind,
  StoredRowError,
} from '@config/documents'
import type { ImportJob } from '@shared/contracts/registry'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import type { RegionPath } from '@shared/region'
import { chinaDay, now } from '@shared/time'
import { reachesRegion } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { Collection, Db } from '@fn/db'
import { collection, isDuplicate } from '@fn/db'
import { FigureChanges, figureKeys, keepFigures, readFiguresAhead } from '@fn/figures'
import type { ActionContext } from '@fn/handler'
import { acceptFiles, ownerOf } from '@fn/storage'
import { ownerOfPath, parseFileId } from '@shared/storage'
import {
  byIds,
  BUDGET_MS,
  eachLimit,
  HOUSEHOLD_FACTS,
  householdStands,
  OFFICIAL_FACTS,
  officialStands,
  PARALLEL,
  writeWhileUnchanged,
} from './data'
import { followMoves } from './domain/grants'
import { isFieldName } from './domain/pairings'
import type { ColumnMap } from './domain/roster/columns'
import { RosterError } from './domain/roster/errors'
import { DEFAULT_LIMITS } from './domain/roster/read'
import {
  chunksOfPage,
  databaseClashes,
  householdFields,
  insideRegion,
  newHousehold,
  newOfficial,
  officialFields,
  storedError,
  writableNow,
} from './domain/roster/records'
import type { HouseholdRecord, OfficialRecord, RowChecker } from './domain/roster/validate'
import { householdChecker, officialChecker } from './domain/roster/validate'
import { eachRosterRow } from './formats'

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

type StagedRecord = HouseholdRecord | OfficialRecord

function jobView(doc: RosterImport): ImportJob {
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

const fileMissing = () => new AppError('INVALID_ARGUMENT', 'registry.import.fileMissing')
const tooLarge = (maxBytes: number) =>
  new AppError('INVALID_ARGUMENT', 'import.tooLarge', { maxMb: Math.round(maxBytes / 1048576) })

/**
 * The uploaded file, never more than `maxBytes` of it. Storage states the file's size (the temporary
 * URL's Content-Length) before any byte is read: a larger file is refused there. The body is then read
 * with a running count that aborts past the cap, so a size the answer misstates cannot make the
 * function hold more either. (The SDK's `downloadFile` buffers the whole file before answering.)
 */
async function download(ctx: ActionContext, fileID: string, maxBytes: number): Promise<Buffer> {
  let url = ''
  try {
    const res = (await ctx.cloud.getTempFileURL({ fileList: [fileID] })) as {
      fileList?: { tempFileURL?: string; code?: string }[]
    }
    url = res.fileList?.[0]?.tempFileURL ?? ''
  } catch {
    throw fileMissing()
  }
  if (!url) throw fileMissing()
  const abort = new AbortController()
  let res: Response
  try {
    // encoded as the SDK encodes a temporary URL before its own download
    res = await fetch(encodeURI(url), { signal: abort.signal })
  } catch {
    throw fileMissing()
  }
  if (!res.ok || !res.body) {
    abort.abort()
    throw fileMissing()
  }
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    abort.abort()
    throw tooLarge(maxBytes)
  }
  const parts: Uint8Array[] = []
  let size = 0
  try {
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += part.length
      if (size > maxBytes) {
        abort.abort()
        throw tooLarge(maxBytes)
      }
      parts.push(part)
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw fileMissing()
  }
  return Buffer.concat(parts, size)
}

function rowsChunk(chunk: ImportChunk | undefined): ImportRowsChunk | undefined {
  return chunk?.kind === 'rows' ? chunk : undefined
}

function isErrorsChunk(chunk: ImportChunk): chunk is ImportErrorsChunk {
  return chunk.kind === 'errors'
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * The job an upload names: its folder's id (`imports/<uploadId>/roster.<ext>`) is the job's `_id`, read
 * beside the caller's lookup (the registry's `prefetch`). The environment is checked by the handler.
 */
export function readUploadJob({ fileID }: { fileID: string }, db: Db): Promise<RosterJob | undefined> | undefined {
  const id = ownerOfPath('importUpload', parseFileId(fileID)?.path ?? '')
  return id === undefined ? undefined : collection(db, 'imports').get(id)
}

/** What `readUploadJob` found, as `importUpload` receives it. */
export type UploadContext = ActionContext<RosterJob | undefined>

export async function importUpload(
  input: { region: string; kind: RosterKind; fileID: string; fileName: string; batchSize: number },
  ctx: UploadContext,
): Promise<ImportJob> {
  const started = Date.now()
  const { db } = ctx
  // only a file in an import upload folder of this environment; its folder's id becomes the job's, so
  // the upload belongs to the job and the job to the caller who first sent it
  const jobId = ownerOf(ctx.cloud, 'importUpload', input.fileID) ?? ''
  acceptFiles(ctx, 'fileID', [input.fileID], { kind: 'importUpload', id: jobId })
  const existing = await ctx.prefetched
  if (existing) {
    if (existing.type !== 'import' || existing.createdBy !== ctx.caller.openid) throw new AppError('FORBIDDEN')
    // the same upload sent again (a retry after a lost answer): the job it already made
    return jobView(existing)
  }
  const fileName = input.fileName || input.fileID.split('/').pop() || ''
  // the file, and what a row may name: every known village (or, for officials, region) and department
  const [bytes, regions, departmentIds] = await Promise.all([
    download(ctx, input.fileID, DEFAULT_LIMITS.maxBytes),
    collection(db, 'regions').findAll({}, ['level']),
    collection(db, 'departments').findAll({}, ['_id']),
  ])
  const villages = new Set(regions.filter((r) => r.level === 'village').map((r) => r._id))
  const regionCodes = new Set(regions.map((r) => r._id))
  const departments = new Set(departmentIds.map((d) => d._id))
  const context = {
    villageExists: (code: string) => villages.has(code),
    regionExists: (code: string) => regionCodes.has(code),
    departmentExists: (id: string) => departments.has(id),
    today: chinaDay(),
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
    if (error instanceof RosterError) throw new AppError('INVALID_ARGUMENT', error.code, error.params)
    throw error
  }
  if (!holder.checker) throw new AppError('INVALID_ARGUMENT', 'import.noRows')
  const result = await holder.checker.finish()

  // a row placed outside the caller's office region is not the caller's to write
  const columnOf = (field: string) => columns.fields.get(field)?.header ?? field
  const placed = insideRegion(
    result.valid,
    input.region,
    columnOf(input.kind === 'households' ? 'villageCode' : 'regionCode'),
  )
  const errors = [...result.errors.map(storedError), ...placed.outside]
  result.errors.length = 0
  result.valid.length = 0
  const valid = placed.inside
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

  const fileErrorChunks = chunked(errors, ERROR_CHUNK).map((items, n): ImportErrorsChunk => ({
    _id: `${jobId}:e:${n}`,
    jobId,
    kind: 'errors',
    n,
    count: items.length,
    items,
  }))
  // database clashes follow the file's errors, one chunk per batch that has any (as runChecks writes them)
  const clashChunks: ImportErrorsChunk[] = []
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
  const stagedChunk = (n: number): ImportRowsChunk => {
    const check = n < checkedBatches ? checks[n] : undefined
    return {
      _id: `${jobId}:r:${n}`,
      jobId,
      kind: 'rows',
      n,
      payload: JSON.stringify(batches[n]),
      rejected: check ? check.errors.map((e) => e.row) : [],
      known: check ? check.known : null,
      columns: chunkColumns,
    }
  }
  // staged a group at a time, so the file's rows are never held twice over as JSON
  const groups: number[][] = chunked(
    Array.from({ length: batches.length }, (_x, n) => n),
    CHUNKS_PER_INSERT,
  )
  const chunks = collection(db, 'importChunks')
  const stage = async (docs: ImportChunk[]): Promise<void> => {
    try {
      await chunks.addMany(docs)
    } catch (error) {
      if (!isDuplicate(error)) throw error
      // the same upload read by another call at once: the same chunks under the same ids, written over
      await eachLimit(docs, STAGE_IN_FLIGHT, async ({ _id, ...rest }) => {
        await chunks.set(_id, rest)
      })
    }
  }
  await eachLimit(groups, STAGE_IN_FLIGHT, (group) => stage(group.map(stagedChunk)))
  for (const group of chunked([...fileErrorChunks, ...clashChunks], CHUNKS_PER_INSERT)) await stage(group)
  const at = now()
  const state: RosterImport['state'] = checkedBatches === batches.length ? 'checked' : 'checking'
  const doc: RosterImport = {
    _id: jobId,
    type: 'import',
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
    createdAt: at,
    updatedAt: at,
  }
  if (!(await collection(db, 'imports').addOnce(doc))) {
    // the other call made the job first
    const made = await collection(db, 'imports').get(jobId)
    if (made?.type === 'import' && made.createdBy === ctx.caller.openid) return jobView(made)
    throw new AppError('CONFLICT', 'registry.import.wrongState')
  }
  return jobView(state === 'checking' ? await runChecks(ctx, doc, deadline) : doc)
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
  columns: ImportRowsChunk['columns'],
): Promise<BatchCheck> {
  const { db } = ctx
  const _ = db.command
  const idNumbers = records.map((r) => r.idNumber)
  const externalIds = records.map((r) => r.externalId)
  // the numbers are looked up everywhere (a person is registered once), but where the holder lies outside
  // the caller's region the answer says no more than "not here" (domain/roster/records.ts)
  const [owners, stored] = await Promise.all([
    kind === 'households'
      ? collection(db, 'households')
          .find({ 'head.idNumber': _.in(idNumbers) }, { fields: ['externalId', 'head.idNumber', 'regionPath'] })
          .then((docs) => new Map(docs.map((d) => [d.head.idNumber, d])))
      : collection(db, 'officials')
          .find({ idNumber: _.in(idNumbers) }, { fields: ['externalId', 'idNumber', 'regionPath'] })
          .then((docs) => new Map(docs.map((d) => [d.idNumber, d]))),
    kind === 'households'
      ? byIds(db, 'households', externalIds, ['regionPath'])
      : byIds(db, 'officials', externalIds, ['regionPath']),
  ])
  return { errors: databaseClashes(records, owners, stored, region, columns), known: [...stored.keys()] }
}

/** Compares staged batches with the database until done or out of time; the job records each batch. */
async function runChecks(ctx: ActionContext, start: RosterImport, deadline: number): Promise<RosterImport> {
  const { db } = ctx
  const _ = db.command
  const chunks = collection(db, 'importChunks')
  const imports = collection(db, 'imports')
  let job = start
  while (job.state === 'checking' && job.checkedBatches < job.batches && Date.now() < deadline) {
    const n = job.checkedBatches
    const id = `${job._id}:r:${n}`
    const chunk = rowsChunk(await chunks.get(id))
    const check = chunk
      ? await checkBatch(ctx, job.kind, job.region, JSON.parse(chunk.payload) as StagedRecord[], chunk.columns)
      : { errors: [], known: [] }
    const { errors } = check
    const rejected = errors.map((e) => e.row)
    if (rejected.length > 0) {
      // the error chunk's id is fixed by the batch, so a repeated check overwrites instead of adding
      const clashes: Omit<ImportErrorsChunk, '_id'> = {
        jobId: job._id,
        kind: 'errors',
        n: job.errorChunks,
        count: errors.length,
        items: errors,
      }
      await chunks.set(`${job._id}:d:${n}`, clashes)
    }
    if (chunk) await chunks.update(id, { rejected: _.set(rejected), known: _.set(check.known) })
    const last = n + 1 === job.batches
    const advanced = await imports.updateWhere(
      { _id: job._id, checkedBatches: n },
      {
        checkedBatches: n + 1,
        valid: _.inc(-rejected.length),
        rowErrors: _.inc(rejected.length),
        errorChunks: _.inc(rejected.length > 0 ? 1 : 0),
        updatedAt: now(),
        ...(last ? { state: 'checked' } : {}),
      },
    )
    if (advanced !== 1) break
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
    await imports.update(job._id, { state: 'checked' })
    job = { ...job, state: 'checked' }
  }
  return job
}

/** The job an import call names, read beside the caller's lookup (the registry's `prefetch`). */
export function readImportJob({ jobId }: { jobId: string }, db: Db): Promise<RosterJob | undefined> {
  return collection(db, 'imports').get(jobId)
}

/** What `readImportJob` found, as the handler receives it. */
export type ImportContext = ActionContext<RosterJob | undefined>

/** The job, if the caller's office (or administrator grant) reaches its region; else FORBIDDEN. */
async function loadJob(ctx: ImportContext, jobId: string): Promise<RosterImport> {
  const doc = await ctx.prefetched
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  // roster exports keep their jobs in the same collection (exports.ts): not an import
  if (!doc || doc._id !== jobId || doc.type === 'export') throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN')
  // a job is its uploader's alone, and only while their office still reaches its region
  if (doc.createdBy !== ctx.caller.openid || !reachesRegion(ctx.scope.grants, doc.region))
    throw new AppError('FORBIDDEN')
  return doc
}

/** how many of the caller's latest import jobs `importJobs` answers */
const RECENT_JOBS = 10

/**
 * The caller's latest import jobs made for `region` (the office's own region, which the roster screen
 * imports at), newest first: read by the region and time index, the caller's kept. Exports share the
 * collection and are left out.
 */
export async function importJobs(region: string, ctx: ActionContext): Promise<{ jobs: ImportJob[] }> {
  const docs = await collection(ctx.db, 'imports').find(
    { region, createdBy: ctx.caller.openid },
    { orderBy: [['createdAt', 'desc']], limit: RECENT_JOBS * 2 },
  )
  const jobs = docs.filter((d): d is RosterImport => d.type !== 'export').slice(0, RECENT_JOBS)
  return { jobs: jobs.map(jobView) }
}

export async function importDryRun(
  input: { jobId: string; offset: number; limit: number },
  ctx: ImportContext,
): Promise<{ job: ImportJob; errors: { row: number; column: string; message: string }[]; more: boolean }> {
  const job = await loadJob(ctx, input.jobId)
  // error chunks differ in size (file errors in chunks of 1,000, database clashes one chunk per batch):
  // their sizes say which ones hold the asked page
  const _ = ctx.db.command
  const chunks = collection(ctx.db, 'importChunks')
  // the filter keeps error chunks only, which the accessor's union type cannot see
  const heads = (await chunks.findAll({ jobId: job._id, kind: 'errors' }, ['n', 'count'])) as Pick<
    ImportErrorsChunk,
    '_id' | 'n' | 'count'
  >[]
  const { wanted, skip } = chunksOfPage(heads, input.offset, input.limit)
  const found = wanted.length ? (await chunks.find({ _id: _.in(wanted) })).filter(isErrorsChunk) : []
  found.sort((a, b) => a.n - b.n)
  const page = found.flatMap((c) => c.items).slice(skip, skip + input.limit)
  return {
    job: jobView(job),
    errors: page.map((e) => ({ row: e.row, column: e.column, message: t(ctx.lang, e.code, e.params) })),
    more: input.offset + page.length < job.rowErrors,
  }
}

// ---------------------------------------------------------------------------------------------------
// Commit

interface Written {
  inserted: number
  updated: number
  /** rows the commit's re-check refused: placed, or stored, outside the job's region now */
  refused: number
}

/**
 * Writes one staged batch; returns how many rows were inserted and updated. `known` is what the dry run
 * found already stored: when that was nothing (a first import), the batch is inserted in one request
 * without asking again; if any of its ids has been written since (another import, or this batch before
 * a crash), the insert fails and the batch is compared and written row by row like any other.
 */
function writeBatch(
  ctx: ActionContext,
  job: Pick<RosterImport, '_id' | 'kind' | 'region'>,
  records: StagedRecord[],
  known: readonly string[] | null,
): Promise<Written> {
  return job.kind === 'households'
    ? writeHouseholds(ctx, records as HouseholdRecord[], job, known)
    : writeOfficials(ctx, records as OfficialRecord[], job, known)
}

/**
 * Inserts new records; answers those this call inserted. Where another call inserted some first (the same
 * batch resumed twice at once, or another file naming the same ids), the others go in one at a time and the
 * ids found stored come back in `taken`, to be written as updates.
 */
async function insertNew<T extends Household | Official>(
  docs: Collection<T>,
  fresh: readonly T[],
): Promise<{ inserted: T[]; taken: string[] }> {
  if (fresh.length === 0) return { inserted: [], taken: [] }
  try {
    await docs.addMany(fresh)
    return { inserted: [...fresh], taken: [] }
  } catch (error) {
    if (!isDuplicate(error)) throw error
  }
  const inserted: T[] = []
  const taken: string[] = []
  await eachLimit(fresh, PARALLEL, async (doc) => {
    if (await docs.addOnce(doc)) inserted.push(doc)
    else taken.push(doc._id)
  })
  return { inserted, taken }
}

async function writeHouseholds(
  ctx: ActionContext,
  staged: HouseholdRecord[],
  { _id: jobId, region }: Pick<RosterImport, '_id' | 'region'>,
  known: readonly string[] | null,
): Promise<Written> {
  const { db } = ctx
  const _ = db.command
  const households = collection(db, 'households')
  const at = now()
  const changes = new FigureChanges()
  // the figures' documents of the batch's regions are read while the batch is written
  const ahead = readFiguresAhead(db, figureKeys(staged.map((r) => r.regionPath)), at)
  if (known && known.length === 0) {
    const { writable, refused } = writableNow(staged, new Map(), region)
    const fresh = writable.map((r) => newHousehold(r, jobId, at))
    let inserted = false
    try {
      await households.addMany(fresh)
      inserted = true
    } catch {
      // compared below
    }
    if (inserted) {
      for (const doc of fresh) changes.household(undefined, doc)
      await keepFigures(db, changes, at, ahead)
      return { inserted: writable.length, updated: 0, refused }
    }
  }
  const existing = await byIds(
    db,
    'households',
    staged.map((r) => r.externalId),
    HOUSEHOLD_FACTS,
  )
  const { writable: records, refused } = writableNow(staged, existing, region)
  const fresh: Household[] = []
  const changed: HouseholdRecord[] = []
  for (const r of records) {
    if (existing.has(r.externalId)) changed.push(r)
    else fresh.push(newHousehold(r, jobId, at))
  }
  const { inserted, taken } = await insertNew(households, fresh)
  for (const doc of inserted) changes.household(undefined, doc)
  if (taken.length > 0) {
    // written by another call since the read: updated like the others, from what it holds now
    const found = await byIds(db, 'households', taken, HOUSEHOLD_FACTS)
    for (const [id, doc] of found) existing.set(id, doc)
    for (const r of records) if (found.has(r.externalId)) changed.push(r)
  }
  await eachLimit(changed, PARALLEL, async (r) => {
    const { head: _head, ...fields } = householdFields(r)
    // replace the name object whole: a Tibetan name removed from the roster must not survive a merge
    const patch = {
      ...fields,
      'head.name': _.set(r.headName),
      'head.idNumber': r.idNumber,
      regionPath: _.set(r.regionPath),
      importJob: jobId,
      importedAt: at,
    }
    const was = await writeWhileUnchanged(
      _,
      existing.get(r.externalId)!,
      householdStands,
      (filter) => households.updateWhere(filter, patch),
      () => households.get(r.externalId, HOUSEHOLD_FACTS),
    )
    if (was) changes.household(was, { ...was, regionPath: r.regionPath })
  })
  await keepFigures(db, changes, at, ahead)
  await followToGrants(ctx, 'households', changed)
  return { inserted: inserted.length, updated: changed.length, refused }
}

async function writeOfficials(
  ctx: ActionContext,
  staged: OfficialRecord[],
  { _id: jobId, region }: Pick<RosterImport, '_id' | 'region'>,
  known: readonly string[] | null,
): Promise<Written> {
  const { db } = ctx
  const _ = db.command
  const officials = collection(db, 'officials')
  const households = collection(db, 'households')
  const at = now()
  const changes = new FigureChanges()
  // the figures' documents of the batch's regions are read while the batch is written
  const ahead = readFiguresAhead(
    db,
    figureKeys(
      staged.map((r) => r.regionPath),
      staged.map((r) => r.departmentId),
    ),
    at,
  )
  if (known && known.length === 0) {
    const { writable, refused } = writableNow(staged, new Map(), region)
    const fresh = writable.map((r) => newOfficial(r, jobId, at))
    let inserted = false
    try {
      await officials.addMany(fresh)
      inserted = true
    } catch {
      // compared below
    }
    if (inserted) {
      for (const doc of fresh) changes.official(undefined, doc)
      await keepFigures(db, changes, at, ahead)
      return { inserted: writable.length, updated: 0, refused }
    }
  }
  const existing = await byIds(
    db,
    'officials',
    staged.map((r) => r.externalId),
    OFFICIAL_FACTS,
  )
  const { writable: records, refused } = writableNow(staged, existing, region)
  const fresh: Official[] = []
  const changed: OfficialRecord[] = []
  for (const r of records) {
    if (existing.has(r.externalId)) changed.push(r)
    else fresh.push(newOfficial(r, jobId, at))
  }
  const { inserted, taken } = await insertNew(officials, fresh)
  for (const doc of inserted) changes.official(undefined, doc)
  if (taken.length > 0) {
    const found = await byIds(db, 'officials', taken, OFFICIAL_FACTS)
    for (const [id, doc] of found) existing.set(id, doc)
    for (const r of records) if (found.has(r.externalId)) changed.push(r)
  }
  await eachLimit(changed, PARALLEL, async (r) => {
    const fields = officialFields(r)
    // replace the name objects whole: a Tibetan name removed from the roster must not survive a merge
    const patch = {
      ...fields,
      name: _.set(fields.name),
      position: _.set(fields.position),
      regionPath: _.set(r.regionPath),
      importJob: jobId,
      importedAt: at,
    }
    const stored = existing.get(r.externalId)!
    // an official who moves department takes the households paired with them along (their
    // officialDepartments entry, which the contacts and the department's figures read): read them first,
    // to count what changes
    const moving = stored.departmentId !== r.departmentId && isFieldName(r.externalId)
    const paired = moving
      ? await households.findAll({ officialIds: r.externalId }, ['officialIds', 'officialDepartments'])
      : []
    const was = await writeWhileUnchanged(
      _,
      stored,
      officialStands,
      (filter) => officials.updateWhere(filter, patch),
      () => officials.get(r.externalId, OFFICIAL_FACTS),
    )
    if (was) changes.official(was, { ...was, regionPath: r.regionPath, departmentId: r.departmentId })
    if (moving) {
      await households.updateWhere(
        { officialIds: r.externalId },
        { [`officialDepartments.${r.externalId}`]: r.departmentId },
      )
      // only where this call moved the official: a concurrent one that got there first counts its own
      if (was && was.departmentId !== r.departmentId)
        for (const h of paired)
          changes.household(
            { regionPath: [], ...h },
            {
              regionPath: [],
              ...h,
              officialDepartments: { ...h.officialDepartments, [r.externalId]: r.departmentId },
            },
          )
    }
  })
  await keepFigures(db, changes, at, ahead)
  await followToGrants(ctx, 'officials', changed)
  return { inserted: inserted.length, updated: changed.length, refused }
}

/**
 * The grants of the users bound to updated records carry each record's `regionPath`: a record the roster
 * moved (a new village, a new home region) takes them along. Asked of every updated record, not only of
 * those whose stored path differed, so a batch re-run after a crash still moves the grants it had not.
 */
async function followToGrants(
  ctx: ActionContext,
  kind: RosterKind,
  changed: readonly { externalId: string; regionPath: RegionPath }[],
): Promise<void> {
  if (changed.length === 0) return
  const _ = ctx.db.command
  const users = collection(ctx.db, 'users')
  const paths = new Map(changed.map((r) => [r.externalId, r.regionPath]))
  const ids = _.in([...paths.keys()])
  const bound = await users.findAll(kind === 'households' ? { householdId: ids } : { officialId: ids }, ['roles'])
  await eachLimit(bound, PARALLEL, async (user) => {
    const roles = followMoves(user.roles, kind, paths)
    if (roles) await users.update(user._id, { roles: _.set(roles) })
  })
}

export async function runImport(
  ctx: ImportContext,
  jobId: string,
  start: boolean,
  maxBatches: number | undefined,
): Promise<ImportJob> {
  const { db } = ctx
  const _ = db.command
  const imports = collection(db, 'imports')
  const chunks = collection(db, 'importChunks')
  let job = await loadJob(ctx, jobId)
  if (job.state === 'checking') return jobView(await runChecks(ctx, job, Date.now() + CHECK_BUDGET_MS))
  if (!start && job.state === 'checked') throw new AppError('CONFLICT', 'registry.import.wrongState')
  if (job.state === 'done') return jobView(job)
  if (job.state === 'checked') {
    if (job.valid === 0) throw new AppError('INVALID_ARGUMENT', 'registry.import.nothingValid')
    await imports.updateWhere({ _id: job._id, state: 'checked' }, { state: 'committing', updatedAt: now() })
    job = { ...job, state: 'committing' }
  }
  const deadline = Date.now() + BUDGET_MS
  const limit = Math.min(job.batches, job.batchesDone + (maxBatches ?? Infinity))
  // A sliding window of batches in flight: while the database stores one, the function reads and encodes
  // the next. Their external ids are distinct (duplicates within a file are row errors), so they never
  // touch the same document. The job advances over finished batches in order only, one update at a time.
  let next = job.batchesDone
  let stopped = false
  let refusedNow = 0
  let finishedHere = false
  const finished = new Map<number, Written>()
  let recording: Promise<void> = Promise.resolve()
  const record = async (): Promise<void> => {
    const from = job.batchesDone
    let to = from
    const written = { inserted: 0, updated: 0 }
    for (let w = finished.get(to); w && !stopped; w = finished.get(to)) {
      finished.delete(to)
      written.inserted += w.inserted
      written.updated += w.updated
      refusedNow += w.refused
      to++
    }
    if (to === from) return
    const last = to === job.batches
    // advance only from where this job stood: a concurrent call that got there first wins, this one stops
    const advanced = await imports.updateWhere(
      { _id: job._id, batchesDone: from },
      {
        batchesDone: to,
        inserted: _.inc(written.inserted),
        updated: _.inc(written.updated),
        updatedAt: now(),
        ...(last ? { state: 'done' } : {}),
      },
    )
    if (advanced !== 1) {
      // a flag only ever set to true: no count to lose, whichever job sets it
      // eslint-disable-next-line require-atomic-updates
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
    if (last) finishedHere = true
    // written batches' staged rows are read by nobody again (a crash before this leaves harmless orphans)
    await chunks.removeWhere({ _id: _.in(Array.from({ length: to - from }, (_x, i) => `${job._id}:r:${from + i}`)) })
  }
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (!stopped && next < limit && Date.now() < deadline) {
        const n = next++
        const chunk = rowsChunk(await chunks.get(`${job._id}:r:${n}`))
        const refused = new Set(chunk?.rejected ?? [])
        const records = (chunk ? (JSON.parse(chunk.payload) as StagedRecord[]) : []).filter((r) => !refused.has(r.row))
        finished.set(
          n,
          records.length > 0
            ? await writeBatch(ctx, job, records, chunk?.known ?? null)
            : { inserted: 0, updated: 0, refused: 0 },
        )
        recording = recording.then(record)
        await recording
      }
    }),
  )
  const [latest] = await Promise.all([
    imports.get(job._id),
    // the call that wrote the last batch records the commit: who, where, how many
    finishedHere
      ? writeAudit(db, {
          kind: 'import',
          actor: ctx.caller.openid,
          subject: job.region,
          fields: [],
          action: 'registry.importCommit',
          details: `${job.kind} ${job._id}: inserted ${job.inserted}, updated ${job.updated}, refused ${job.rowErrors}${
            refusedNow > 0 ? `, refused at commit ${refusedNow}` : ''
          }`,
        })
      : undefined,
  ])
  return jobView(latest && latest.type !== 'export' ? latest : job)
}
