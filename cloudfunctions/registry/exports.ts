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
 */
import type { ActionContext } from '../_shared/handler'
import { normaliseRegion, reachesRegion, regionLevel } from '../_shared/access'
import { coll, getById, PAGE, rows } from '../_shared/db'
import { AppError } from '../../src/shared/errors'
import type { ExportJob, RosterKind } from '../../src/shared/contracts/registry'
import {
  householdRow as rosterHouseholdRow,
  officialRow as rosterOfficialRow,
  type RosterRow,
} from './domain/roster/columns'
import { exportRoster as writeRosterXlsx } from './formats'
import type { Bilingual, RiskLevel } from './domain/types'
import { aggregate, GROUPS } from './aggregate'
import { EMPTY_NAME, eachLimit, newId, today } from './data'
import { CHUNKS, IMPORTS } from './imports'

/** a call starts no new part after this long */
const READ_BUDGET_MS = 20_000
/** a call writes the file only if it gets there this early (the write takes ≈ 12 s for 265k rows locally) */
const WRITE_START_MS = 8_000
/** rows per staged chunk: ≈ 1.5 MB of JSON, under the 6 MB request limit with room */
const ROWS_PER_CHUNK = 10_000
/** staged chunks read at once while writing: each answer stays under 16 MB */
const CHUNK_READS = 4

/** The stored job. */
interface ExportDoc {
  _id: string
  type: 'export'
  kind: RosterKind
  region: string
  /** region codes whose subtrees are read one by one; `=<code>`: the documents recorded at <code> itself */
  parts: string[]
  partsDone: number
  /** staged chunks so far (the next one's `n`) */
  chunks: number
  rows: number
  state: ExportJob['state']
  file: { fileID: string; url: string; fileName: string } | null
  createdBy: string
  createdAt: Date
}

export function exportView(doc: ExportDoc): ExportJob {
  return {
    jobId: doc._id,
    kind: doc.kind,
    region: doc.region,
    state: doc.state,
    parts: doc.parts.length,
    partsDone: doc.partsDone,
    rows: doc.rows,
    fileID: doc.file?.fileID ?? '',
    url: doc.file?.url ?? '',
    fileName: doc.file?.fileName ?? '',
  }
}

/** A file written to cloud storage, and a temporary link to it. */
export async function store(ctx: ActionContext, cloudPath: string, content: Buffer) {
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string }
  const res = (await ctx.cloud.getTempFileURL({ fileList: [uploaded.fileID] })) as {
    fileList?: { tempFileURL?: string }[]
  }
  return {
    fileID: uploaded.fileID,
    url: res.fileList?.[0]?.tempFileURL ?? '',
    fileName: cloudPath.split('/').pop() ?? '',
  }
}

/** The parts a region is read in: children of a prefecture or county, else the region whole. */
export function exportParts(region: string, children: readonly string[]): string[] {
  const level = regionLevel(region)
  if ((level === 'prefecture' || level === 'county') && children.length > 0)
    return [...[...children].sort(), `=${region}`]
  return [region]
}

/** The match for a part: a subtree, or (`=code`) the documents whose region path stops at `code`. */
export function partMatch(ctx: ActionContext, part: string): Record<string, unknown> {
  if (!part.startsWith('=')) return { regionPath: part }
  const code = part.slice(1)
  const depth = regionLevel(code) === 'prefecture' ? 1 : 2
  return { regionPath: code, [`regionPath.${depth}`]: ctx.db.command.exists(false) }
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
async function readPart(ctx: ActionContext, kind: RosterKind, part: string): Promise<[string, RosterRow][]> {
  const groupBy = { $arrayElemAt: ['$regionPath', 2] }
  if (kind === 'households') {
    const groups = await aggregate<{ r: HouseholdProjection[] }>(ctx.db, 'households', [
      { $match: partMatch(ctx, part) },
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
        rosterHouseholdRow({
          externalId: h.e ?? h.i,
          head: { name: h.h?.name ?? EMPTY_NAME, idNumber: h.h?.idNumber ?? '' },
          phone: h.ph ?? '',
          villageCode: h.v ?? h.p ?? '',
          ...(h.m !== undefined ? { memberCount: h.m } : {}),
          ...(h.k !== undefined ? { riskLevel: h.k } : {}),
        }),
      ]),
    )
  }
  const groups = await aggregate<{ r: OfficialProjection[] }>(ctx.db, 'officials', [
    { $match: partMatch(ctx, part) },
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
      rosterOfficialRow({
        externalId: o.e ?? o.i,
        name: o.n ?? EMPTY_NAME,
        idNumber: o.id ?? '',
        phone: o.ph ?? '',
        departmentId: o.d ?? '',
        regionPath: o.p ?? [],
        position: o.pos ?? EMPTY_NAME,
      }),
    ]),
  )
}

const chunkId = (jobId: string, part: number, piece: number) => `${jobId}:x:${part}:${piece}`

async function loadExport(ctx: ActionContext, jobId: string, region: string, kind: RosterKind): Promise<ExportDoc> {
  const doc = await getById<ExportDoc>(ctx.db, IMPORTS, jobId)
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  if (!doc || doc.type !== 'export') throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN')
  if (!reachesRegion(ctx.scope.grants, doc.region) || doc.region !== region || doc.kind !== kind)
    throw new AppError('FORBIDDEN')
  return doc
}

/**
 * `exportRoster`: starts an export (no `jobId`) or continues one, reading parts and then writing the
 * file while the call's time lasts. Call again with the `jobId` until `state` is `done`.
 */
export async function exportRosterJob(
  input: { region: string; kind: RosterKind; jobId?: string; maxParts?: number },
  ctx: ActionContext,
): Promise<ExportJob> {
  const started = Date.now()
  const { db } = ctx
  const region = normaliseRegion(input.region)
  let job: ExportDoc
  if (input.jobId !== undefined) job = await loadExport(ctx, input.jobId, region, input.kind)
  else {
    const children = await rows<{ _id: string }>(
      coll(db, 'regions').where({ parent: region }).field({ _id: true }).limit(PAGE),
    )
    job = {
      _id: newId('exp'),
      type: 'export',
      kind: input.kind,
      region,
      parts: exportParts(
        region,
        children.map((c) => c._id),
      ),
      partsDone: 0,
      chunks: 0,
      rows: 0,
      state: 'reading',
      file: null,
      createdBy: ctx.caller.openid,
      createdAt: new Date(),
    }
    await coll(db, IMPORTS).add({ data: job })
  }

  const stopAt = Math.min(job.parts.length, job.partsDone + (input.maxParts ?? Infinity))
  while (job.state === 'reading' && job.partsDone < stopAt && Date.now() - started < READ_BUDGET_MS) {
    const n = job.partsDone
    const found = await readPart(ctx, job.kind, job.parts[n]!)
    const pieces: { _id: string; jobId: string; kind: 'export'; n: number; payload: string }[] = []
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
      await coll(db, CHUNKS).doc(_id).set({ data: rest })
    })
    const last = n + 1 === job.parts.length
    const res = (await coll(db, IMPORTS)
      .where({ _id: job._id, partsDone: n })
      .update({
        data: {
          partsDone: n + 1,
          chunks: db.command.inc(pieces.length),
          rows: db.command.inc(found.length),
          ...(last ? { state: 'writing' } : {}),
        },
      })) as { stats?: { updated?: number } }
    // another call advanced the job first: it owns the rest
    if ((res.stats?.updated ?? 0) !== 1) return exportView((await getById<ExportDoc>(db, IMPORTS, job._id)) ?? job)
    job = {
      ...job,
      partsDone: n + 1,
      chunks: job.chunks + pieces.length,
      rows: job.rows + found.length,
      state: last ? 'writing' : job.state,
    }
  }

  if (job.state === 'writing' && Date.now() - started < WRITE_START_MS) {
    const ids = await rows<{ _id: string; n: number }>(
      coll(db, CHUNKS).where({ jobId: job._id, kind: 'export' }).field({ n: true }).limit(PAGE),
    )
    const staged: [string, RosterRow][] = []
    await eachLimit(ids, CHUNK_READS, async ({ _id }) => {
      const chunk = await getById<{ payload: string }>(db, CHUNKS, _id)
      if (chunk) for (const entry of JSON.parse(chunk.payload) as [string, RosterRow][]) staged.push(entry)
    })
    if (staged.length !== job.rows) throw new AppError('CONFLICT', 'registry.export.incomplete')
    staged.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    const content = await writeRosterXlsx(
      job.kind,
      staged.map((e) => e[1]),
    )
    staged.length = 0
    const file = await store(ctx, `exports/${job.region}-${job.kind}-${today()}-${newId('')}.xlsx`, content)
    const res = (await coll(db, IMPORTS)
      .where({ _id: job._id, state: 'writing' })
      .update({ data: { state: 'done', file } })) as { stats?: { updated?: number } }
    if ((res.stats?.updated ?? 0) === 1) {
      job = { ...job, state: 'done', file }
      await coll(db, CHUNKS).where({ jobId: job._id, kind: 'export' }).remove()
    } else job = (await getById<ExportDoc>(db, IMPORTS, job._id)) ?? job
  }
  return exportView(job)
}
