/**
 * report: a household's difficulty, reported by a member of the household, a paired official (from the
 * outbox, which resends until it hears back) or the office of the household's region. The request is
 * stored under the phone's id with its submission and its assignment in one insert, so a resend is
 * answered from what is stored and nothing is counted twice.
 *
 * Round trips (∥ = sent together): serve's caller ∥ household (the declared scope) ∥ whatever is stored
 * under the id (`prefetchReport`) ∥ the category's active services → the insert ∥ the rate counters' increments
 * (counting.ts). 2 round trips (3 when a counters document is new); a resend
 * is answered after the first. The text's moderation (an open API call) runs between them.
 */
import type { Request, RequestActor, RequestSource } from '@config/documents'
import { passesModeration } from '@fn/moderation'
import type { ReportInput } from '@shared/contracts/requests'
import { RISK_CATEGORY } from '@shared/contracts/risk'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { now } from '@shared/time'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import { acceptFiles } from '@fn/storage'
import { addRates } from './counting'
import { makeCalendar } from './domain/calendar'
import { begin } from './domain/lifecycle'
import { increments } from './domain/rates'
import { OTHER_CATEGORY, dispatcherFor, route } from './domain/routing'

type Stored = Pick<Request, '_id' | 'householdId' | 'category' | 'text' | 'state' | 'unit' | 'events'>

function readStored(db: Db, id: string): Promise<Stored | undefined> {
  return collection(db, 'requests').get(id, ['householdId', 'category', 'text', 'state', 'unit', 'events'])
}

/** Read beside the caller's lookup; serve quiets the promise a prefetch answers, not the ones inside it. */
export function prefetchReport(input: ReportInput, db: Db) {
  const stored = readStored(db, input.id)
  stored.catch(() => undefined)
  const menu =
    input.category === OTHER_CATEGORY
      ? Promise.resolve([])
      : collection(db, 'services').find({ category: input.category, active: true })
  menu.catch(() => undefined)
  return { stored, menu }
}

type Answer = {
  id: string
  status: 'created' | 'duplicate'
  state: Request['state']
  unit: { kind: 'department' | 'office'; level: 'township' | 'county' | 'prefecture' }
  fallback?: string
}

function fallbackOf(events: Request['events']): Request['events'][number] | undefined {
  return events.find((e) => e.type === 'assign')
}

function answerOf(stored: Stored, status: Answer['status'], ctx: ActionContext<unknown>): Answer {
  const assign = fallbackOf(stored.events)
  const unit = stored.unit ?? (assign?.type === 'assign' ? assign.unit : undefined)
  if (!unit) throw new AppError('UNAVAILABLE')
  return {
    id: stored._id,
    status,
    state: stored.state,
    unit: { kind: unit.kind, level: unit.level },
    ...(assign?.type === 'assign' && assign.fallback ? { fallback: t(ctx.lang, assign.fallback) } : {}),
  }
}

/** A resend is the same household, category and text; the same id with other content is refused. */
function resent(stored: Stored, input: ReportInput, ctx: ActionContext<unknown>): Answer {
  if (stored.householdId !== input.householdId || stored.category !== input.category || stored.text !== input.text)
    throw new AppError('CONFLICT', 'requests.exists')
  return answerOf(stored, 'duplicate', ctx)
}

/** Who reports, as the household relation serve found says: the household itself, its official, or an office. */
function reporter(ctx: ActionContext<unknown>): { by: RequestActor; source: RequestSource; officialId: string | null } {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  const paired = household.officialIds ?? []
  const official = ctx.scope.grants.find((g) => g.role === 'official' && paired.includes(g.officialId))
  const officialId = official?.role === 'official' ? official.officialId : (paired[0] ?? null)
  switch (ctx.scope.relation) {
    case 'member':
      return { by: { id: household._id, role: 'household' }, source: 'household', officialId }
    case 'paired':
      return { by: { id: officialId ?? ctx.caller.openid, role: 'official' }, source: 'official', officialId }
    case 'localOffice':
    case 'upperOffice':
      return { by: { id: ctx.caller.openid, role: 'office' }, source: 'office', officialId }
    default:
      throw new AppError('FORBIDDEN')
  }
}

export async function report(
  input: ReportInput,
  ctx: ActionContext<ReturnType<typeof prefetchReport>>,
): Promise<Answer> {
  const { by, source, officialId } = reporter(ctx)
  const household = ctx.scope.household!
  // a risk lead has its own action (risk.ts), which routes it to the county's team
  if (input.category === RISK_CATEGORY)
    throw new AppError('INVALID_ARGUMENT', 'riskLead.reserved', undefined, [
      { path: 'category', message: t(ctx.lang, 'riskLead.reserved') },
    ])
  // photos and the recording only from this request's own upload folder, before anything is written
  acceptFiles(ctx, 'photos', input.photos ?? [], { kind: 'requestMedia', id: input.id })
  if (input.voice) acceptFiles(ctx, 'voice', [input.voice], { kind: 'requestMedia', id: input.id })
  const stored = await ctx.prefetched.stored
  if (stored) return resent(stored, input, ctx)
  // the text reaches the units handling it and, in the household's list, the household itself; a report
  // spoken in a recording may have none
  if (input.text && !(await passesModeration(ctx.cloud, [input.text], ctx.caller.openid, 1)))
    throw new AppError('INVALID_ARGUMENT', 'notice.moderationFailed', undefined, [
      { path: 'text', message: t(ctx.lang, 'notice.moderationFailed') },
    ])
  const routed = route(await ctx.prefetched.menu, input.category, household.regionPath)
  const dispatcher = dispatcherFor(household.regionPath)
  // a stored household always has a well-formed path; one that does not cannot be routed at all
  if (!routed || !dispatcher) throw new AppError('UNAVAILABLE')
  const at = now()
  const submit = { type: 'submit' as const, at, by, dispatcher }
  const life = begin(submit)
  const assign = {
    type: 'assign' as const,
    at,
    by: { id: 'routing', role: 'office' as const },
    unit: routed.unit,
    deadlineDays: routed.deadlineDays,
    ...(routed.fallback ? { fallback: routed.fallback } : {}),
  }
  const doc: Request = {
    ...life,
    _id: input.id,
    householdId: household._id,
    officialId,
    regionPath: household.regionPath,
    source,
    category: input.category,
    serviceId: routed.serviceId,
    text: input.text,
    voice: input.voice ?? null,
    photos: input.photos ?? [],
    lang: ctx.lang,
    state: 'assigned',
    unit: routed.unit,
    firstUnit: routed.unit,
    deadlineDays: routed.deadlineDays,
    events: [submit, assign],
    createdAt: at,
    updatedAt: at,
    nextCheckAt: at,
    told: { warned: false, escalations: 0 },
  }
  // what submit and assign count, sent beside the insert and taken back if a racing send stored it first
  const calendar = makeCalendar()
  const assigned = {
    ...life,
    state: 'assigned' as const,
    unit: routed.unit,
    firstUnit: routed.unit,
    events: [submit, assign],
  }
  const changes = [...increments(null, submit, life, calendar), ...increments(life, assign, assigned, calendar)]
  const [created] = await Promise.all([
    collection(ctx.db, 'requests').addOnce(doc),
    addRates(ctx.db, household.regionPath, changes),
  ])
  if (created) return answerOf(doc, 'created', ctx)
  await addRates(ctx.db, household.regionPath, changes, -1)
  // the same id stored meanwhile by a send racing this one
  const raced = await readStored(ctx.db, input.id)
  if (!raced) throw new AppError('UNAVAILABLE')
  return resent(raced, input, ctx)
}
