/**
 * The monthly and quarterly reports (issue 15 item 6): once a month or a quarter has ended (China time),
 * the timer makes each region's report — its figures beside the period before, the level below side by
 * side, the households overdue for contact (masked) and the requests past their deadline — so that no
 * office types the same figures into a form for the level above. Offices list their region's ended
 * periods and open a report (`reports`, `openReport`); a report the timer has not reached yet is made when
 * it is first opened, by the same rule, so an office never waits for the walk.
 *
 * Made once per region and period: a report is taken by adding its document with a fixed `_id`
 * (`addOnce`), so two runs at once never both make it, a rerun finds it made, and its file's path is fixed
 * by period and region. The regions are walked in `_id` order; the run document keeps the last one reached,
 * moved on only from the value the run read (compare-and-set), so each tick picks up where the last one
 * stopped. A run that died while making a report leaves it `making`; after STALE_MINUTES the next run takes
 * it over.
 *
 * The lists are the present's when the report is made (the timer runs within minutes of the period's
 * end): overdue is a state, not a count of the period.
 */
import type { DashboardReport, DashboardReportRun, Region, Request } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import type { MessageKey } from '@shared/i18n'
import { isMessageKey } from '@shared/i18n'
import { levelOf, normaliseRegion } from '@shared/region'
import { chinaDay, now } from '@shared/time'
import { writeAudit } from '@fn/audit'
import type { Db } from '@fn/db'
import { PAGE, collection } from '@fn/db'
import type { ActionContext, TimerContext } from '@fn/handler'
import { writeXlsx } from '@fn/xlsx-write'
import type { RequestLine, Sheet } from './domain/sheets'
import { belowSheet, figuresSheet, householdsSheet, requestsSheet, word } from './domain/sheets'
import { duePeriods, ended, endedPeriods, periodKind, reportId, reportPath, runId, stale } from './domain/reports'
import { FILE_TTL_S, linkTo, listLines, storeFile } from './exports'
import { drill, home } from './views'

/** households and requests a report lists at most; the level below's reports list the rest */
export const REPORT_LIST_MAX = 500
/** regions read per step of a run */
const REGIONS_PER_STEP = 20

/**
 * The context the views read in when the platform's timer makes a report: no caller, the reach of an
 * administrator (the timer reads every region, as the nightly count does), Chinese for messages.
 */
function timerView(ctx: Pick<TimerContext, 'db' | 'cloud'>): ActionContext<undefined> {
  const grant = { role: 'admin', grantedBy: 'timer', grantedByOffices: [] } as unknown as RoleGrant
  return {
    caller: { openid: '', roles: [grant] },
    lang: 'zh-Hans',
    db: ctx.db,
    cloud: ctx.cloud,
    action: 'dashboard.reports',
    scope: { grants: [grant] },
    prefetched: undefined,
  }
}

async function names(db: Db, name: 'regions' | 'departments' | 'requestCategories', ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(Boolean)
  if (!unique.length) return new Map<string, Bilingual>()
  const docs = await collection(db, name).find({ _id: db.command.in(unique) }, { fields: ['name'], limit: PAGE })
  return new Map(docs.map((d) => [d._id, d.name as Bilingual]))
}

const both = (zh: string, bo: string) => (bo && bo !== zh ? `${zh} ${bo}` : zh)

/** The region's open requests past their deadline (the requests timer escalated them), oldest first. */
async function overdueRequests(db: Db, region: string): Promise<RequestLine[]> {
  const _ = db.command
  const found = (await collection(db, 'requests').find(
    { regionPath: region, open: true, 'told.escalations': _.gt(0) },
    {
      fields: ['regionPath', 'category', 'state', 'createdAt', 'unit'],
      orderBy: [['createdAt', 'asc']],
      limit: REPORT_LIST_MAX,
    },
  )) as Pick<Request, '_id' | 'regionPath' | 'category' | 'state' | 'createdAt' | 'unit'>[]
  const [villages, categories, departments] = await Promise.all([
    names(
      db,
      'regions',
      found.map((r) => r.regionPath[r.regionPath.length - 1] ?? ''),
    ),
    names(
      db,
      'requestCategories',
      found.map((r) => r.category),
    ),
    names(
      db,
      'departments',
      found.flatMap((r) => (r.unit?.kind === 'department' ? [r.unit.id] : [])),
    ),
  ])
  const text = (key: string) => (isMessageKey(key) ? word('both', key as MessageKey) : key)
  return found.map((r) => {
    const category = categories.get(r.category)
    const department = r.unit?.kind === 'department' ? departments.get(r.unit.id) : undefined
    return {
      village: villages.get(r.regionPath[r.regionPath.length - 1] ?? '') ?? EMPTY_BILINGUAL,
      category: category ? both(category['zh-Hans'], category.bo) : text(`requests.category.${r.category}`),
      state: text(`requests.state.${r.state}`),
      raised: chinaDay(r.createdAt),
      unit: department ? both(department['zh-Hans'], department.bo) : r.unit ? word('both', 'reports.col.office') : '',
    }
  })
}

/** A region's report for a period, as sheets: both languages in every header. */
export async function reportSheets(
  ctx: Pick<TimerContext, 'db' | 'cloud'>,
  region: Pick<Region, '_id' | 'level' | 'name'>,
  period: string,
): Promise<Sheet[]> {
  const view = timerView(ctx)
  const [h, below, overdue, requests] = await Promise.all([
    home({ region: region._id, period }, view),
    region.level === 'village' ? undefined : drill({ region: region._id, period, axis: 'region' }, view),
    listLines({ region: region._id, figure: 'overdue' }, view, REPORT_LIST_MAX),
    overdueRequests(ctx.db, region._id),
  ])
  const heading = word('both', 'reports.heading', {
    place: both(region.name['zh-Hans'], region.name.bo),
    period,
  })
  const sheets = [figuresSheet('both', heading, h)]
  if (below?.rows.length) sheets.push(belowSheet('both', below.rows))
  const households = householdsSheet('both', 'reports.sheet.overdue', overdue.lines)
  if (overdue.total > overdue.lines.length)
    households.rows.push([word('both', 'reports.more', { count: overdue.total - overdue.lines.length })])
  sheets.push(households, requestsSheet('both', requests))
  return sheets
}

type Made = 'made' | 'found' | 'busy'

/** Makes one region's report for a period unless it is made or being made. */
export async function makeReport(
  ctx: Pick<TimerContext, 'db' | 'cloud'>,
  region: Pick<Region, '_id' | 'level' | 'name' | 'path'>,
  period: string,
): Promise<Made> {
  const files = collection(ctx.db, 'dashboardFiles')
  const id = reportId(period, region._id)
  const takenAt = now()
  const doc: DashboardReport = {
    _id: id,
    kind: 'report',
    region: region._id,
    regionPath: region.path,
    level: region.level,
    period,
    periodKind: periodKind(period),
    state: 'making',
    takenAt,
    madeAt: null,
    file: null,
  }
  if (!(await files.addOnce(doc))) {
    const found = await files.get(id)
    if (found?.kind !== 'report' || found.state === 'done') return 'found'
    if (!stale(found.takenAt, takenAt)) return 'busy'
    const retaken = await files.updateWhere({ _id: id, state: 'making', takenAt: found.takenAt }, { takenAt })
    if (retaken !== 1) return 'busy'
  }
  const content = await writeXlsx(await reportSheets(ctx, region, period))
  const file = await storeFile(ctx, reportPath(period, region._id), content, 60)
  await files.updateWhere(
    { _id: id, takenAt },
    { state: 'done', madeAt: now(), file: { fileID: file.fileID, fileName: file.fileName } },
  )
  return 'made'
}

/**
 * The timer's part: the due periods' reports, region after region, while `budgetMs` lasts. Answers how many
 * reports it made, found made, or left to a run still making them.
 */
export async function makeReports(
  ctx: Pick<TimerContext, 'db' | 'cloud' | 'time'>,
  budgetMs: number,
): Promise<Record<Made, number>> {
  const started = Date.now()
  const counts: Record<Made, number> = { made: 0, found: 0, busy: 0 }
  const files = collection(ctx.db, 'dashboardFiles')
  const regions = collection(ctx.db, 'regions')
  const _ = ctx.db.command
  for (const period of duePeriods(ctx.time)) {
    const fresh: DashboardReportRun = {
      _id: runId(period),
      kind: 'run',
      period,
      after: '',
      done: false,
      updatedAt: now(),
    }
    await files.addOnce(fresh)
    const stored = await files.get(runId(period))
    let run = stored?.kind === 'run' ? stored : fresh
    while (!run.done && Date.now() - started < budgetMs) {
      const batch = (await regions.find(run.after ? { _id: _.gt(run.after) } : {}, {
        fields: ['level', 'name', 'path'],
        orderBy: [['_id', 'asc']],
        limit: REGIONS_PER_STEP,
      })) as Pick<Region, '_id' | 'level' | 'name' | 'path'>[]
      let after = run.after
      let finished = true
      for (const region of batch) {
        if (Date.now() - started >= budgetMs) {
          finished = false
          break
        }
        counts[await makeReport(ctx, region, period)]++
        after = region._id
      }
      const done = finished && batch.length < REGIONS_PER_STEP
      if (after === run.after && !done) break
      const moved = await files.updateWhere(
        { _id: run._id, after: run.after, done: false },
        { after, done, updatedAt: now() },
      )
      // another run moved it first: it carries on from there
      if (moved !== 1) break
      run = { ...run, after, done }
    }
  }
  return counts
}

// ---------------------------------------------------------------------------------------------------
// The office's list

/** The region a call is about: the one it names, else the caller's own office region. */
function regionOf(input: { region?: string }, ctx: ActionContext): string {
  if (input.region !== undefined) return normaliseRegion(input.region)
  const office = ctx.scope.grants.find((g) => g.role === 'office')
  if (office?.role === 'office') return normaliseRegion(office.region)
  throw new AppError('INVALID_ARGUMENT', 'validation.required')
}

/** The ended periods an office's list offers: the last REPORT_MONTHS months and REPORT_QUARTERS quarters. */
export const REPORT_MONTHS = 12
export const REPORT_QUARTERS = 4

export async function reports(input: { region?: string }, ctx: ActionContext) {
  const region = regionOf(input, ctx)
  if (!levelOf(region)) throw new AppError('INVALID_ARGUMENT', 'validation.invalid')
  const periods = endedPeriods(now(), REPORT_MONTHS, REPORT_QUARTERS)
  const [place, docs] = await Promise.all([
    collection(ctx.db, 'regions').get(region, ['name', 'level']),
    collection(ctx.db, 'dashboardFiles').find(
      { _id: ctx.db.command.in(periods.map((p) => reportId(p, region))) },
      { fields: ['state', 'madeAt', 'period'], limit: periods.length },
    ) as Promise<Pick<DashboardReport, '_id' | 'state' | 'madeAt' | 'period'>[]>,
  ])
  if (!place) throw new AppError('NOT_FOUND', 'dashboard.error.notFound')
  const made = new Map(docs.filter((d) => d.state === 'done').map((d) => [d.period, d.madeAt]))
  return {
    region,
    name: place.name,
    level: place.level,
    reports: periods.map((period) => ({ period, kind: periodKind(period), madeAt: made.get(period) ?? null })),
  }
}

/** A temporary link to a region's report for an ended period, made now if no run has made it yet. */
export async function openReport(input: { region: string; period: string }, ctx: ActionContext) {
  const region = normaliseRegion(input.region)
  if (!ended(input.period, now())) throw new AppError('INVALID_ARGUMENT', 'reports.notEnded')
  const files = collection(ctx.db, 'dashboardFiles')
  let doc = await files.get(reportId(input.period, region))
  if (doc?.kind !== 'report' || doc.state !== 'done') {
    const place = await collection(ctx.db, 'regions').get(region, ['level', 'name', 'path'])
    if (!place) throw new AppError('NOT_FOUND', 'dashboard.error.notFound')
    if ((await makeReport(ctx, place, input.period)) === 'busy') throw new AppError('CONFLICT', 'reports.making')
    doc = await files.get(reportId(input.period, region))
  }
  if (doc?.kind !== 'report' || !doc.file) throw new AppError('CONFLICT', 'reports.making')
  const [url] = await Promise.all([
    linkTo(ctx, doc.file.fileID, FILE_TTL_S),
    writeAudit(ctx.db, {
      kind: 'export',
      actor: ctx.caller.openid,
      subject: region,
      fields: [],
      action: ctx.action,
      details: `report ${input.period}, masked`,
    }),
  ])
  return { url, fileName: `${region}-${input.period}.xlsx` }
}
