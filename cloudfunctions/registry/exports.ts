/**
 * Roster export as a resumable job, for regions too large for one invocation (the prefecture's 265k
 * households took 60 s in one call).
 *
 * 1. `exportRoster` without `jobId` creates the job: the region is cut into parts (its counties, or its
 *    townships, or the region itself), plus the documents recorded at the region itself.
 * 2. Each call reads parts while its time budget lasts: the database projects each part's documents to
 *    the exported fields (grouped by township, so one answer stays well under 16 MB), the rows are
 *    staged in `importChunks` as one JSON string per chunk, and the job advances past the part only after
 *    its rows are stored (a chunk's id is fixed by part and piece, so a part read again overwrites).
 * 3. A call that finds every part read early enough in its budget writes the XLSX from the staged rows
 *    (sorted by id, as the one-call export was), stores it and finishes the job; otherwise the next call
 *    does. The file is the same as before; only the calls differ.
 *
 * Jobs live in `imports` beside roster imports (`type: 'export'`, `_id` starting `exp`), their rows in
 * `importChunks` (`kind: 'export'`), so no collection or index is added.
 *
 * Personal numbers: ID and phone numbers are masked (@shared/mask) unless the caller asks for full ones,
 * may have them and says why. Full numbers go to the offices that see them on a household's own page
 * (village and township offices over the region: `householdVisibility`), never to a county or prefecture
 * office or an administrator. The job is its creator's alone; the call that finishes it writes one audit
 * record (kind `export`: actor, region, rows, masked or full, the reason).
 *
 * Expiry: the file's temporary URL lasts `FILE_TTL_S`, the job records `expiresAt`, a job past it answers
 * without fileID or URL, and registry's hourly `expireExports` timer deletes expired files from storage
 * (a timer rather than the next export call: a file is deleted even if nobody exports again).
 */
import type { ExportRowsChunk, RiskLevel, RosterExport, RosterJob, RosterKind } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { ExportJob } from '@shared/contracts/registry'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { maskIdNumber, maskPhone } from '@shared/mask'
import { normaliseRegion, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'
import { chinaDay, now } from '@shared/time'
import { householdRelation, householdVisibility, reachesRegion } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext, TimerContext } from '@fn/handler'
import { aggregate, GROUPS, partMatch, partsOf } from './aggregate'
import { eachLimit, newId } from './data'
import { householdRow, officialRow, type RosterRow } from './domain/roster/columns'
import { exportRoster } from './formats'

/** a call starts no new part after this long */
const READ_BUDGET_MS = 20_000
/** a call writes the file only if it gets there this early (the write takes ≈ 12 s for 265k rows locally) */
const WRITE_START_MS = 8_000
/** rows per staged chunk: ≈ 1.5 MB of JSON, under the 6 MB request limit with room */
const ROWS_PER_CHUNK = 10_000
/** staged chunks read at once while writing: each answer stays under 16 MB */
const CHUNK_READS = 4
/** an export file's life: its temporary URL lasts as long, then the file is deleted */
export const FILE_TTL_S = 3600
/** expired files deleted per timer run (one storage request, one update each) */
const EXPIRE_BATCH = 50

/** A job past its expiry (or finished before expiry was recorded) answers without its file. */
function expired(doc: RosterExport, at: Instant = now()): boolean {
  return doc.state === 'done' && (doc.expiresAt === undefined || doc.expiresAt <= at)
}

function exportView(doc: RosterExport): ExportJob {
  const file = expired(doc) ? null : doc.file
  return {
    jobId: doc._id,
    kind: doc.kind,
    region: doc.region,
    state: doc.state,
    parts: doc.parts.length,
    partsDone: doc.partsDone,
    rows: doc.rows,
    // jobs from before masking were full-number exports
    masked: doc.masked ?? false,
    fileID: file?.fileID ?? '',
    url: file?.url ?? '',
    fileName: file?.fileName ?? '',
    expiresAt: doc.state === 'done' ? (doc.expiresAt ?? doc.createdAt) : '',
  }
}

/**
 * Whether the caller may export `region` with full numbers: an office whose own region, at village or
 * township level, covers it: the offices that see a household's full numbers there.
 */
export function mayExportFull(grants: ActionContext['scope']['grants'], region: string): boolean {
  const relation = householdRelation(grants, { _id: '', regionPath: pathOf(region), officialIds: [] })
  return relation === 'localOffice' && householdVisibility(relation).fullNumbers
}

/** A file written to cloud storage, and a temporary link to it (`maxAge` seconds; the platform's default day). */
export async function store(ctx: ActionContext, cloudPath: string, content: Buffer, maxAge?: number) {
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string }
  const res = (await ctx.cloud.getTempFileURL({
    fileList: [maxAge === undefined ? uploaded.fileID : { fileID: uploaded.fileID, maxAge }],
  })) as {
    fileList?: { tempFileURL?: string }[]
  }
  return {
    fileID: uploaded.fileID,
    url: res.fileList?.[0]?.tempFileURL ?? '',
    fileName: cloudPath.split('/').pop() ?? '',
  }
}

interface HouseholdProjection {
  i: string
  e?: string
  h?: { name?: Bilingual; idNumber?: string }
  ph?: string
  v?: string
  m?: number
  k?: RiskLevel
  p?: string
}
interface OfficialProjection {
  i: string
  e?: string
  n?: Bilingual
  id?: string
  ph?: string
  d?: string
  p?: string[]
  pos?: Bilingual | string
}

/** One part's rows, each with its document id, as the one-call export built them. */
async function readPart(
  ctx: ActionContext,
  kind: RosterKind,
  part: string,
  masked: boolean,
): Promise<[string, RosterRow][]> {
  const id = (value: string) => (masked ? maskIdNumber(value) : value)
  const phone = (value: string) => (masked ? maskPhone(value) : value)
  const groupBy = { $arrayElemAt: ['$regionPath', 2] }
  if (kind === 'households') {
    const groups = await aggregate<{ r: HouseholdProjection[] }>(ctx.db, 'households', [
      { $match: partMatch(ctx.db, part) },
      {
        $group: {
          _id: groupBy,
          r: {
            $push: {
              i: '$_id',
              e: '$externalId',
              h: '$head',
              ph: '$phone',
              v: '$villageCode',
              m: '$memberCount',
              k: '$riskLevel',
              p: { $arrayElemAt: ['$regionPath', -1] },
            },
          },
        },
      },
      { $limit: GROUPS },
    ])
    return groups.flatMap((g) =>
      g.r.map((h): [string, RosterRow] => [
        h.i,
        householdRow({
          externalId: h.e ?? h.i,
          head: { name: h.h?.name ?? EMPTY_BILINGUAL, idNumber: id(h.h?.idNumber ?? '') },
          phone: phone(h.ph ?? ''),
          villageCode: h.v ?? h.p ?? '',
          ...(h.m !== undefined ? { memberCount: h.m } : {}),
          ...(h.k !== undefined ? { riskLevel: h.k } : {}),
        }),
      ]),
    )
  }
  const groups = await aggregate<{ r: OfficialProjection[] }>(ctx.db, 'officials', [
    { $match: partMatch(ctx.db, part) },
    {
      $group: {
        _id: groupBy,
        r: {
          $push: {
            i: '$_id',
            e: '$externalId',
            n: '$name',
            id: '$idNumber',
            ph: '$phone',
            d: '$departmentId',
            p: '$regionPath',
            pos: '$position',
          },
        },
      },
    },
    { $limit: GROUPS },
  ])
  return groups.flatMap((g) =>
    g.r.map((o): [string, RosterRow] => [
      o.i,
      officialRow({
        externalId: o.e ?? o.i,
        name: o.n ?? EMPTY_BILINGUAL,
        idNumber: id(o.id ?? ''),
        phone: phone(o.ph ?? ''),
        departmentId: o.d ?? '',
        regionPath: o.p ?? [],
        position: o.pos ?? EMPTY_BILINGUAL,
      }),
    ]),
  )
}

const chunkId = (jobId: string, part: number, piece: number) => `${jobId}:x:${part}:${piece}`

/** The job a continuing export names, read beside the caller's lookup (the registry's `prefetch`). */
export function readExportJob({ jobId }: { jobId?: string }, db: Db): Promise<RosterJob | undefined> | undefined {
  return jobId === undefined ? undefined : collection(db, 'imports').get(jobId)
}

/** What `readExportJob` found, as the handler receives it. */
export type ExportContext = ActionContext<RosterJob | undefined>

async function loadExport(ctx: ExportContext, jobId: string, region: string, kind: RosterKind): Promise<RosterExport> {
  const doc = await ctx.prefetched
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  if (!doc || doc._id !== jobId || doc.type !== 'export') throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN')
  if (
    doc.createdBy !== ctx.caller.openid ||
    !reachesRegion(ctx.scope.grants, doc.region) ||
    doc.region !== region ||
    doc.kind !== kind
  )
    throw new AppError('FORBIDDEN')
  return doc
}

/** The job as stored now (another call may have moved it on), else as this call last knew it. */
async function reload(ctx: ActionContext, job: RosterExport): Promise<RosterExport> {
  const doc = await collection(ctx.db, 'imports').get(job._id)
  return doc?.type === 'export' ? doc : job
}

/**
 * `exportRoster`: starts an export (no `jobId`) or continues one, reading parts and then writing the
 * file while the call's time lasts. Call again with the `jobId` until `state` is `done`.
 */
export async function exportRosterJob(
  input: { region: string; kind: RosterKind; jobId?: string; full: boolean; reason: string; maxParts?: number },
  ctx: ExportContext,
): Promise<ExportJob> {
  const started = Date.now()
  const { db } = ctx
  const _ = db.command
  const imports = collection(db, 'imports')
  const chunks = collection(db, 'importChunks')
  const region = normaliseRegion(input.region)
  let job: RosterExport
  if (input.jobId !== undefined) job = await loadExport(ctx, input.jobId, region, input.kind)
  else {
    if (input.full) {
      if (!mayExportFull(ctx.scope.grants, region)) throw new AppError('FORBIDDEN', 'registry.export.fullNotAllowed')
      if (input.reason === '')
        throw new AppError('INVALID_ARGUMENT', 'registry.export.reasonRequired', undefined, [
          { path: 'reason', message: t(ctx.lang, 'registry.export.reasonRequired') },
        ])
    }
    job = {
      _id: newId('exp'),
      type: 'export',
      kind: input.kind,
      region,
      parts: await partsOf(db, region),
      partsDone: 0,
      chunks: 0,
      rows: 0,
      state: 'reading',
      masked: !input.full,
      ...(input.full ? { reason: input.reason } : {}),
      file: null,
      createdBy: ctx.caller.openid,
      createdAt: now(),
    }
    await imports.add(job)
  }

  const stopAt = Math.min(job.parts.length, job.partsDone + (input.maxParts ?? Infinity))
  while (job.state === 'reading' && job.partsDone < stopAt && Date.now() - started < READ_BUDGET_MS) {
    const n = job.partsDone
    const found = await readPart(ctx, job.kind, job.parts[n]!, job.masked ?? false)
    const pieces: ExportRowsChunk[] = []
    for (let i = 0; i < found.length; i += ROWS_PER_CHUNK) {
      const piece = pieces.length
      pieces.push({
        _id: chunkId(job._id, n, piece),
        jobId: job._id,
        kind: 'export',
        n: job.chunks + piece,
        payload: JSON.stringify(found.slice(i, i + ROWS_PER_CHUNK)),
      })
    }
    // `set` by a fixed id: a part read twice (a call that died after staging) overwrites its chunks
    await eachLimit(pieces, 2, async ({ _id, ...rest }) => {
      await chunks.set(_id, rest)
    })
    const last = n + 1 === job.parts.length
    const advanced = await imports.updateWhere(
      { _id: job._id, partsDone: n },
      {
        partsDone: n + 1,
        chunks: _.inc(pieces.length),
        rows: _.inc(found.length),
        ...(last ? { state: 'writing' } : {}),
      },
    )
    // another call advanced the job first: it owns the rest
    if (advanced !== 1) return exportView(await reload(ctx, job))
    job = {
      ...job,
      partsDone: n + 1,
      chunks: job.chunks + pieces.length,
      rows: job.rows + found.length,
      state: last ? 'writing' : job.state,
    }
  }

  if (job.state === 'writing' && Date.now() - started < WRITE_START_MS) {
    const ids = await chunks.find({ jobId: job._id, kind: 'export' }, { fields: ['n'] })
    const staged: [string, RosterRow][] = []
    await eachLimit(ids, CHUNK_READS, async ({ _id }) => {
      const chunk = await chunks.get(_id)
      if (chunk?.kind === 'export')
        for (const entry of JSON.parse(chunk.payload) as [string, RosterRow][]) staged.push(entry)
    })
    if (staged.length !== job.rows) throw new AppError('CONFLICT', 'registry.export.incomplete')
    staged.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const content = await exportRoster(
      job.kind,
      staged.map((e) => e[1]),
    )
    staged.length = 0
    const file = await store(
      ctx,
      `exports/${job.region}-${job.kind}-${chinaDay()}-${newId('')}.xlsx`,
      content,
      FILE_TTL_S,
    )
    const expiresAt = new Date(Date.now() + FILE_TTL_S * 1000).toISOString()
    const finished = await imports.updateWhere({ _id: job._id, state: 'writing' }, { state: 'done', file, expiresAt })
    if (finished === 1) {
      job = { ...job, state: 'done', file, expiresAt }
      const masked = job.masked ?? false
      await Promise.all([
        chunks.removeWhere({ jobId: job._id, kind: 'export' }),
        writeAudit(ctx.db, {
          kind: 'export',
          actor: ctx.caller.openid,
          subject: job.region,
          fields: masked ? [] : ['idNumber', 'phone'],
          action: 'registry.exportRoster',
          details: `${job.kind} ${job._id}: ${job.rows} rows, ${masked ? 'masked' : `full numbers: ${job.reason ?? ''}`}`,
        }),
      ])
    } else job = await reload(ctx, job)
  }
  return exportView(job)
}

/**
 * registry's `expireExports` timer: export files past their expiry are deleted from storage and their
 * jobs forget them. A file whose deletion fails stays recorded and is tried again next time.
 */
export async function expireExports(ctx: TimerContext): Promise<{ deleted: number }> {
  const _ = ctx.db.command
  const imports = collection(ctx.db, 'imports')
  const expiring = (expiresAt: unknown) =>
    imports.find(
      { type: 'export', state: 'done', file: _.neq(null), expiresAt },
      { fields: ['file'], limit: EXPIRE_BATCH },
    ) as Promise<Pick<RosterExport, '_id' | 'file'>[]>
  // jobs finished before expiry was recorded have none: their files are past any expiry
  const due = (await Promise.all([expiring(_.lte(ctx.time)), expiring(_.exists(false))])).flat()
  const files = due.flatMap((d) => (d.file ? [d.file.fileID] : []))
  if (files.length === 0) return { deleted: 0 }
  // wx-server-sdk answers `status` 0 for each deleted file; the node SDK under it, `code`
  const res = (await ctx.cloud.deleteFile({ fileList: files })) as {
    fileList?: { fileID: string; status?: number; code?: string; errMsg?: string }[]
  }
  const gone = new Set(
    (res.fileList ?? [])
      .filter((f) => f.status === 0 || f.code === 'SUCCESS' || `${f.code ?? ''}${f.errMsg ?? ''}`.includes('NONEXIST'))
      .map((f) => f.fileID),
  )
  const done = due.filter((d) => d.file && gone.has(d.file.fileID))
  await eachLimit(done, 4, async (d) => {
    await imports.update(d._id, { file: null })
  })
  return { deleted: done.length }
}
