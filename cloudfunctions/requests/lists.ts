/**
 * A household's requests as the household and its paired officials read them: where each is (its state,
 * the kind and level of the unit that has it), its steps in order, the overall deadline while a unit works
 * on it and, when the township work office took it, why, in the reader's language. Units are named by kind
 * and level only and no step names the person who took it; the text is the household's own.
 *
 * Round trips (∥ = sent together): mine: caller ∥ the calendar → the household's newest page. forHousehold:
 * caller ∥ household (the declared scope) ∥ the calendar → the same page. item: caller ∥ the request ∥ the
 * calendar → the files' temporary URLs (none when it has no files).
 */
import type { Request, RequestEvent } from '@config/documents'
import type { ActionOutput } from '@shared/contract'
import type { ItemEvent, RequestItem, requests } from '@shared/contracts/requests'
import { ANSWER_DAYS, ITEM_EVENTS_MAX, REQUESTS_PAGE } from '@shared/contracts/requests'
import { RISK_CATEGORY } from '@shared/contracts/risk'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { now } from '@shared/time'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import { temporaryUrls } from '@fn/storage'
import type { WorkingCalendar } from './domain/calendar'
import { status } from './domain/clocks'
import { prefetchCalendar } from './menu'

const FIELDS = [
  'category',
  'text',
  'source',
  'state',
  'unit',
  'events',
  'voice',
  'photos',
  'createdAt',
  'updatedAt',
] as const

/** What `item` reads beyond the list's fields: whose request it is. */
const ITEM_FIELDS = [...FIELDS, 'householdId'] as const

type Listed = Pick<Request, '_id' | (typeof FIELDS)[number]>

/** The calendar the deadlines are counted on, read beside the caller's lookup. */
export function prefetchList(_input: unknown, db: Db) {
  const calendar = prefetchCalendar(db)
  calendar.catch(() => undefined)
  return { calendar }
}

type Context = ActionContext<ReturnType<typeof prefetchList>>

async function pageOf(ctx: Context, householdId: string): Promise<{ items: RequestItem[] }> {
  const [docs, calendar] = await Promise.all([
    // risk leads are the officials' and the county team's (risk.ts): the household hears of them from the village
    collection(ctx.db, 'requests').find(
      { householdId, category: ctx.db.command.neq(RISK_CATEGORY) },
      { fields: FIELDS, orderBy: [['createdAt', 'desc']], limit: REQUESTS_PAGE },
    ),
    ctx.prefetched.calendar,
  ])
  const at = now()
  return { items: docs.map((d) => itemOf(d, ctx, calendar, at)) }
}

/** while a unit works on it the household is shown the deadline; a resolution waits for its own answer */
const RUNNING = new Set<Request['state']>(['submitted', 'assigned', 'accepted', 'returned', 'reopened'])

function itemOf(
  d: Listed,
  ctx: Pick<Context, 'lang'>,
  calendar: WorkingCalendar,
  at: string,
  urls?: Map<string, string>,
): RequestItem {
  const assigned = [...d.events].reverse().find((e) => e.type === 'assign')
  const fallback = assigned?.type === 'assign' && d.unit && assigned.fallback ? assigned.fallback : undefined
  const clocks = status(d, at, calendar)
  return {
    id: d._id,
    category: d.category,
    text: d.text,
    source: d.source,
    state: d.state,
    ...(d.unit ? { unit: { kind: d.unit.kind, level: d.unit.level } } : {}),
    ...(fallback ? { fallback: t(ctx.lang, fallback) } : {}),
    events: d.events.length,
    timeline: timelineOf(d.events, urls),
    due: clocks && RUNNING.has(d.state) ? clocks.overallDue : null,
    overdue: clocks?.overdue ?? false,
    voice: Boolean(d.voice),
    photos: d.photos.length,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}

/** The steps the household reads, the submission first and then the newest. */
function timelineOf(events: readonly RequestEvent[], urls?: Map<string, string>): ItemEvent[] {
  const seen = events.map((e) => seenOf(e, urls)).filter((e): e is ItemEvent => e !== undefined)
  if (seen.length <= ITEM_EVENTS_MAX) return seen
  return [...seen.slice(0, 1), ...seen.slice(seen.length - ITEM_EVENTS_MAX + 1)]
}

function seenOf(e: RequestEvent, urls?: Map<string, string>): ItemEvent | undefined {
  const base = { at: e.at }
  switch (e.type) {
    case 'progress': {
      const photos = urls ? e.photos.map((fileId) => ({ fileId, url: urls.get(fileId) ?? '' })) : []
      return {
        type: 'progress',
        ...base,
        unit: { kind: e.unit.kind, level: e.unit.level },
        text: e.note,
        ...(photos.length ? { photos } : {}),
      }
    }
    case 'submit':
      return { type: 'submit', ...base }
    case 'assign':
    case 'accept':
    case 'return':
    case 'merge':
      return { type: e.type, ...base, unit: { kind: e.unit.kind, level: e.unit.level } }
    case 'resolve':
      return { type: e.type, ...base, unit: { kind: e.unit.kind, level: e.unit.level }, text: e.note }
    case 'close':
      return { type: 'close', ...base, unit: { kind: e.unit.kind, level: e.unit.level }, text: e.reason }
    case 'extendGrant':
      return { type: 'extendGrant', ...base, days: e.days }
    case 'unanswered':
      return { type: 'unanswered', ...base, unit: { kind: e.unit.kind, level: e.unit.level }, days: ANSWER_DAYS }
    case 'confirm':
      return {
        type: 'confirm',
        ...base,
        answer: e.answer,
        ...(e.rating ? { rating: e.rating } : {}),
        onBehalf: e.onBehalf,
      }
    default:
      // an extension asked or refused is between the unit and the level above
      return undefined
  }
}

export function mine(_input: unknown, ctx: Context): Promise<{ items: RequestItem[] }> {
  const grant = ctx.scope.grants.find((g) => g.role === 'household')
  if (grant?.role !== 'household') throw new AppError('FORBIDDEN')
  return pageOf(ctx, grant.householdId)
}

export function forHousehold(_input: { householdId: string }, ctx: Context): Promise<{ items: RequestItem[] }> {
  const household = ctx.scope.household
  if (!household || ctx.scope.relation !== 'paired') throw new AppError('FORBIDDEN')
  return pageOf(ctx, household._id)
}

export function prefetchItem(input: { id: string }, db: Db) {
  const request = collection(db, 'requests').get(input.id, ITEM_FIELDS)
  request.catch(() => undefined)
  return { request, calendar: prefetchCalendar(db) }
}

export async function item(
  _input: { id: string },
  ctx: ActionContext<ReturnType<typeof prefetchItem>>,
): Promise<ActionOutput<typeof requests, 'item'>> {
  const grant = ctx.scope.grants.find((g) => g.role === 'household')
  const d = await ctx.prefetched.request
  // another household's request and a risk lead are refused alike, whether the id exists or not
  if (grant?.role !== 'household' || !d || d.householdId !== grant.householdId || d.category === RISK_CATEGORY)
    throw new AppError('FORBIDDEN', 'requests.notFound')
  const owner = { kind: 'requestMedia' as const, id: d._id }
  const progress = d.events.flatMap((e) => (e.type === 'progress' ? e.photos : []))
  const files = [...d.photos, ...(d.voice ? [d.voice] : []), ...progress]
  const [calendar, urls] = await Promise.all([
    ctx.prefetched.calendar,
    temporaryUrls(
      ctx.cloud,
      files.map((fileId) => ({ fileId, owner })),
    ),
  ])
  const media = (fileId: string) => ({ fileId, url: urls.get(fileId) ?? '' })
  return {
    item: itemOf(d, ctx, calendar, now(), urls),
    voice: d.voice ? media(d.voice) : null,
    photos: d.photos.map(media),
  }
}
