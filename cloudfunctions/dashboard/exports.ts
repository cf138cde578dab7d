/**
 * `exportTable`: any dashboard table — a key's figures (home), the level below side by side (drill), the
 * households behind a figure (list), a key's last 12 China months (trend, headed in both languages), the
 * progress against the current phase's targets (progress) — written
 * as XLSX here, from the same actions' answers (never from what the phone sends), stored in cloud storage
 * under `dashboard-exports/`, answered with a temporary link the phone downloads and opens
 * (`Taro.openDocument`; a download link on H5).
 *
 * The same rules as the screens: the home, drill, list, trend and progress handlers check the caller's reach as they do
 * on a call of their own. The households' names and phones are masked (the list's own phones are, and the
 * head's name is masked here), so an export carries no more than the screen showed. Each export is audited
 * and expires after FILE_TTL_S: its temporary link lasts as long, and the timer deletes the file (tick.ts).
 * There is no table of officials: a count per official is no dashboard figure and is never exported.
 */
import { randomUUID } from 'node:crypto'
import type * as v from 'valibot'
import type { DashboardExport, DashboardFileRef } from '@config/documents'
import type { ActionInput } from '@shared/contract'
import type { dashboard } from '@shared/contracts/dashboard'
import { LIST_PAGE } from '@shared/contracts/dashboard'
import { AppError } from '@shared/errors'
import { pick } from '@shared/bilingual'
import { t } from '@shared/i18n'
import { addTime, now } from '@shared/time'
import { writeAudit } from '@fn/audit'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext, TimerContext } from '@fn/handler'
import { writeXlsx } from '@fn/xlsx-write'
import type { HouseholdLine, Sheet } from './domain/sheets'
import { belowSheet, figuresSheet, householdsSheet, progressSheet, trendSheet } from './domain/sheets'
import { list } from './list'
import { progress } from './progress'
import { trend } from './trend'
import { drill, home } from './views'

/** an export's life: its temporary link lasts as long, then the timer deletes the file */
export const FILE_TTL_S = 3600
/** the most households one export lists: a longer list is exported a level further down */
export const EXPORT_ROWS_MAX = 1000
/** expired files deleted per timer run (one storage request) */
const EXPIRE_BATCH = 50

/** as the handler receives it: the schema's defaults filled in */
type Input = v.InferOutput<(typeof dashboard)['actions']['exportTable']['input']>
type ListInput = ActionInput<typeof dashboard, 'list'>

/** The same action's context without what it prefetched: each view reads for itself. */
const asView = (ctx: ActionContext): ActionContext<undefined> => ({ ...ctx, prefetched: undefined })

/** Every page of a list, up to `max` households; `total` is the whole list's length. */
export async function listLines(
  input: Omit<ListInput, 'offset'>,
  ctx: ActionContext,
  max: number,
): Promise<{ lines: HouseholdLine[]; total: number; name: string; key: string }> {
  const lines: HouseholdLine[] = []
  let total = 0
  let name = ''
  let key = ''
  for (let offset = 0; offset < max; offset += LIST_PAGE) {
    const page = await list({ ...input, offset } as ListInput, asView(ctx))
    total = page.total
    name = pick(page.key.name, ctx.lang)
    key = page.key.key
    lines.push(...page.households)
    if (!page.more) break
  }
  return { lines: lines.slice(0, max), total, name, key }
}

/** The sheets of the table the input names, in the caller's language. */
async function sheetsOf(input: Input, ctx: ActionContext): Promise<{ sheets: Sheet[]; key: string; rows: number }> {
  const whose = { region: input.region, departmentId: input.departmentId, period: input.period }
  const lang = ctx.lang
  if (input.table === 'home') {
    const h = await home(whose, asView(ctx))
    return { sheets: [figuresSheet(lang, `${pick(h.name, lang)} ${h.period}`, h)], key: h.key, rows: 1 }
  }
  if (input.table === 'drill') {
    const d = await drill({ ...whose, axis: input.axis }, asView(ctx))
    return { sheets: [belowSheet(lang, d.rows)], key: d.parent.key, rows: d.rows.length }
  }
  if (input.table === 'progress') {
    const pr = await progress({ region: input.region }, asView(ctx))
    const heading = `${pr.phase ? `${t(lang, `phases.${pr.phase.id}`)} ` : ''}${t(lang, 'phases.progress', { period: pr.period })}`
    return {
      sheets: [progressSheet(lang, heading, [pr.own, ...pr.rows])],
      key: pr.own.key,
      rows: pr.rows.length + 1,
    }
  }
  if (input.table === 'trend') {
    const tr = await trend({ region: input.region, departmentId: input.departmentId }, asView(ctx))
    return { sheets: [trendSheet('both', tr.months)], key: tr.key, rows: tr.months.length }
  }
  const { lines, total, key } = await listLines(
    { region: input.region, departmentId: input.departmentId, figure: input.figure, within: input.within },
    ctx,
    EXPORT_ROWS_MAX + 1,
  )
  if (total > EXPORT_ROWS_MAX)
    throw new AppError('INVALID_ARGUMENT', 'reports.exportTooLarge', { max: EXPORT_ROWS_MAX })
  return { sheets: [householdsSheet(lang, 'reports.sheet.households', lines)], key, rows: lines.length }
}

/** A file written to cloud storage and a temporary link to it, `maxAge` seconds. */
export async function storeFile(
  ctx: Pick<ActionContext, 'cloud'>,
  cloudPath: string,
  content: Buffer,
  maxAge: number,
): Promise<DashboardFileRef & { url: string }> {
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string }
  return {
    fileID: uploaded.fileID,
    fileName: cloudPath.split('/').pop() ?? '',
    url: await linkTo(ctx, uploaded.fileID, maxAge),
  }
}

export async function linkTo(ctx: Pick<ActionContext, 'cloud'>, fileID: string, maxAge: number): Promise<string> {
  const res = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID, maxAge }] })) as {
    fileList?: { tempFileURL?: string }[]
  }
  return res.fileList?.[0]?.tempFileURL ?? ''
}

export async function exportTable(input: Input, ctx: ActionContext) {
  const { sheets, key, rows } = await sheetsOf(input, ctx)
  const content = await writeXlsx(sheets)
  const id = randomUUID()
  const period = input.period ?? ''
  const file = await storeFile(
    ctx,
    `dashboard-exports/${key}-${input.table}${period ? `-${period}` : ''}-${id.slice(0, 8)}.xlsx`,
    content,
    FILE_TTL_S,
  )
  const createdAt = now()
  const expiresAt = addTime(createdAt, FILE_TTL_S / 60, 'minute')
  const doc: DashboardExport = {
    _id: `export:${id}`,
    kind: 'export',
    key,
    table: input.table,
    createdBy: ctx.caller.openid,
    createdAt,
    expiresAt,
    file: { fileID: file.fileID, fileName: file.fileName },
  }
  await Promise.all([
    collection(ctx.db, 'dashboardFiles').add(doc),
    writeAudit(ctx.db, {
      kind: 'export',
      actor: ctx.caller.openid,
      subject: key,
      fields: [],
      action: ctx.action,
      details: `${input.table}${input.figure ? ` ${input.figure}` : ''} ${period}: ${rows} rows, masked`,
    }),
  ])
  return {
    fileID: file.fileID,
    url: file.url,
    fileName: file.fileName,
    expiresAt,
    rows,
  }
}

/** Export files past their expiry deleted from storage; a file whose deletion fails is tried next time. */
export async function expireExports(ctx: Pick<TimerContext, 'db' | 'cloud' | 'time'>): Promise<number> {
  const files = collection(ctx.db as Db, 'dashboardFiles')
  const _ = ctx.db.command
  const due = (await files.find(
    { kind: 'export', expiresAt: _.lte(ctx.time), file: _.neq(null) },
    { fields: ['file'], limit: EXPIRE_BATCH },
  )) as Pick<DashboardExport, '_id' | 'file'>[]
  const ids = due.flatMap((d) => (d.file ? [d.file.fileID] : []))
  if (ids.length === 0) return 0
  // wx-server-sdk answers `status` 0 for each deleted file; the node SDK under it, `code`
  const res = (await ctx.cloud.deleteFile({ fileList: ids })) as {
    fileList?: { fileID: string; status?: number; code?: string; errMsg?: string }[]
  }
  const gone = new Set(
    (res.fileList ?? [])
      .filter((f) => f.status === 0 || f.code === 'SUCCESS' || `${f.code ?? ''}${f.errMsg ?? ''}`.includes('NONEXIST'))
      .map((f) => f.fileID),
  )
  const done = due.filter((d) => d.file && gone.has(d.file.fileID))
  await Promise.all(done.map((d) => files.update(d._id, { file: null })))
  return done.length
}
