/**
 * detail: one request whole — its text, photos and recording, its timeline with units by name, its clocks,
 * the household by its masked name and its village, and the steps the caller may take now.
 *
 * Who reads it: the unit handling it and the first unit that received it (首接负责), its dispatcher, the
 * offices it escalated to (from the clocks, or the timer's `watchers`), the office above a unit that asked
 * for an extension not yet answered (it grants or refuses), the household's paired officials and the
 * household itself. Anyone else is refused alike whether the request exists or not. Every read but the
 * household's own leaves an audit record (`view`, subject the household).
 *
 * Round trips (∥ = sent together): caller ∥ the request ∥ the calendar → the household ∥ the names of its
 * village and of the units ∥ the departments' names → the audit record ∥ the files' temporary URLs. 3.
 */
import type { Request, RequestEvent, UnitRef } from '@config/documents'
import { writeAudit } from '@fn/audit'
import { collection } from '@fn/db'
import type { ActionContext, Db } from '@fn/handler'
import { temporaryUrls } from '@fn/storage'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { RequestDetail, Step, StepType, TimelineEntry, UnitName } from '@shared/contracts/requests'
import { ANSWER_DAYS, STEP_TYPES } from '@shared/contracts/requests'
import { AppError } from '@shared/errors'
import { maskName } from '@shared/mask'
import { now } from '@shared/time'
import type { WorkingCalendar } from './domain/calendar'
import { status } from './domain/clocks'
import { apply, pendingExtension } from './domain/lifecycle'
import { RELIEF_LEVELS, officeAt, rank, sameUnit, unitAbove, unitKey } from './domain/units'
import { prefetchCalendar } from './menu'
import { eventFor, officesOf, unitsFor } from './work'

export function prefetchDetail(input: { id: string }, db: Db) {
  const request = collection(db, 'requests').get(input.id)
  request.catch(() => undefined)
  return { request, calendar: prefetchCalendar(db) }
}

type Reader = RequestDetail['as']

const SAMPLE_TARGET = '00000000-0000-4000-8000-000000000000'

/** The work offices a request has escalated to: from its clocks now, and whatever the timer recorded. */
function escalatedTo(request: Request, calendar: WorkingCalendar): string[] {
  const clocks = status(request, now(), calendar)
  const place = request.regionPath[request.regionPath.length - 1] ?? ''
  const fromClocks = clocks
    ? RELIEF_LEVELS.filter((l) => rank(l) > rank(clocks.baseLevel) && rank(l) <= rank(clocks.escalationLevel)).flatMap(
        (l) => {
          const office = officeAt(l, place)
          return office ? [unitKey(office)] : []
        },
      )
    : []
  return [...fromClocks, ...(request.watchers ?? [])]
}

/** Why a unit-side caller may read the request, or undefined. */
function unitReader(ctx: ActionContext<unknown>, request: Request, calendar: WorkingCalendar): Reader | undefined {
  const departments = ctx.scope.grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  const offices = officesOf(ctx)
  const isMine = (u: UnitRef | null | undefined) =>
    !!u && ((u.kind === 'department' && departments.includes(u.id)) || offices.some((o) => sameUnit(o, u)))
  if (isMine(request.unit) || isMine(request.firstUnit)) return 'unit'
  if (offices.some((o) => sameUnit(o, request.dispatcher))) return 'dispatcher'
  const escalated = escalatedTo(request, calendar)
  if (offices.some((o) => escalated.includes(unitKey(o)))) return 'escalated'
  const asked = pendingExtension(request.events)
  const above = asked ? unitAbove(asked.unit) : undefined
  if (above && offices.some((o) => sameUnit(o, above))) return 'extension'
  return undefined
}

/** The steps the caller may take now: each tried through the lifecycle with a well-formed sample. */
function stepsFor(ctx: ActionContext<unknown>, request: Request, calendar: WorkingCalendar): StepType[] {
  const units = unitsFor(ctx, request)
  if (units.length === 0) return []
  const asked = pendingExtension(request.events)
  const sample = (type: StepType): Step => {
    switch (type) {
      case 'accept':
        return { type }
      case 'progress':
      case 'resolve':
        return { type, note: '.' }
      case 'return':
      case 'extendRefuse':
      case 'close':
        return { type, reason: '.' }
      case 'extendAsk':
        return { type, days: 1, reason: '.' }
      case 'extendGrant':
        return { type, days: asked?.days ?? 1 }
      case 'assign':
        return { type, level: 'township', deadlineDays: 1 }
      case 'merge':
        // into any other request: the target is chosen on the screen
        return { type, into: SAMPLE_TARGET }
    }
  }
  return STEP_TYPES.filter((type) =>
    units.some((unit) => {
      const event = eventFor(sample(type), unit, request, ctx)
      return !!event && apply(request, event, calendar).ok
    }),
  )
}

function unitName(
  unit: UnitRef | null | undefined,
  regions: Map<string, Bilingual>,
  departments: Map<string, Bilingual>,
): UnitName | undefined {
  if (!unit) return undefined
  const name = unit.kind === 'department' ? departments.get(unit.id) : regions.get(unit.region)
  return { kind: unit.kind, level: unit.level, name: name ?? EMPTY_BILINGUAL }
}

function entryOf(
  event: RequestEvent,
  name: (u: UnitRef | null | undefined) => UnitName | undefined,
  urls: Map<string, string>,
): TimelineEntry {
  const by = event.by.id === 'routing' ? 'routing' : event.by.role
  const base = { type: event.type, at: event.at, by } as TimelineEntry
  switch (event.type) {
    case 'submit':
      return { ...base, unit: name(event.dispatcher) }
    case 'assign':
      return {
        ...base,
        unit: name(event.unit),
        days: event.deadlineDays,
        ...(event.fallback ? { fallback: event.fallback } : {}),
      }
    case 'accept':
      return { ...base, unit: name(event.unit) }
    case 'progress':
      return {
        ...base,
        unit: name(event.unit),
        text: event.note,
        photos: event.photos.map((fileId) => ({ fileId, url: urls.get(fileId) ?? '' })),
      }
    case 'return':
    case 'extendRefuse':
    case 'close':
      return { ...base, unit: name(event.unit), text: event.reason }
    case 'resolve':
      return { ...base, unit: name(event.unit), text: event.note }
    case 'extendAsk':
      return { ...base, unit: name(event.unit), days: event.days, text: event.reason }
    case 'extendGrant':
      return { ...base, unit: name(event.unit), days: event.days }
    case 'confirm':
      return {
        ...base,
        unit: name(event.unit),
        answer: event.answer,
        ...(event.rating ? { rating: event.rating } : {}),
        onBehalf: event.onBehalf,
      }
    case 'merge':
      return { ...base, unit: name(event.unit), into: event.into }
    case 'unanswered':
      return { ...base, unit: name(event.unit), days: ANSWER_DAYS }
    default:
      return { ...base, unit: name(event.unit) }
  }
}

function unitsNamed(request: Request): UnitRef[] {
  return [
    request.dispatcher,
    request.unit,
    request.firstUnit,
    ...request.events.flatMap((e) => (e.type === 'submit' ? [e.dispatcher] : 'unit' in e ? [e.unit] : [])),
  ].filter((u): u is UnitRef => !!u)
}

export async function detail(
  input: { id: string },
  ctx: ActionContext<ReturnType<typeof prefetchDetail>>,
): Promise<RequestDetail> {
  const request = await ctx.prefetched.request
  // a request nobody may read here is refused alike whether it exists or not
  if (!request) throw new AppError('FORBIDDEN', 'inbox.notYours')
  const calendar = await ctx.prefetched.calendar
  const place = request.regionPath[request.regionPath.length - 1] ?? ''
  const units = unitsNamed(request)
  const regionIds = [...new Set([place, ...units.filter((u) => u.kind === 'office').map((u) => u.region)])]
  const departmentIds = [...new Set(units.filter((u) => u.kind === 'department').map((u) => u.id))]
  const _ = ctx.db.command
  const [household, regions, departments] = await Promise.all([
    collection(ctx.db, 'households').get(request.householdId, ['head', 'officialIds', 'regionPath']),
    collection(ctx.db, 'regions').find({ _id: _.in(regionIds) }, { fields: ['name'], limit: regionIds.length }),
    departmentIds.length
      ? collection(ctx.db, 'departments').find(
          { _id: _.in(departmentIds) },
          { fields: ['name'], limit: departmentIds.length },
        )
      : Promise.resolve([]),
  ])

  const member = ctx.scope.grants.some((g) => g.role === 'household' && g.householdId === request.householdId)
  const paired = ctx.scope.grants.some(
    (g) => g.role === 'official' && (household?.officialIds ?? []).includes(g.officialId),
  )
  const reader: Reader | undefined =
    unitReader(ctx, request, calendar) ?? (member ? 'household' : paired ? 'official' : undefined)
  if (!reader || !household) throw new AppError('FORBIDDEN', 'inbox.notYours')

  const progressPhotos = request.events.flatMap((e) => (e.type === 'progress' ? e.photos : []))
  const owner = { kind: 'requestMedia' as const, id: request._id }
  const files = [...request.photos, ...(request.voice ? [request.voice] : []), ...progressPhotos]
  const [urls] = await Promise.all([
    temporaryUrls(
      ctx.cloud,
      files.map((fileId) => ({ fileId, owner })),
    ),
    reader === 'household'
      ? Promise.resolve()
      : writeAudit(ctx.db, {
          kind: 'view',
          actor: ctx.caller.openid,
          subject: request.householdId,
          fields: ['request.text', 'request.media'],
          action: ctx.action,
          details: request._id,
        }),
  ])

  const regionNames = new Map(regions.map((r) => [r._id, r.name]))
  const departmentNames = new Map(departments.map((d) => [d._id, d.name]))
  const name = (u: UnitRef | null | undefined) => unitName(u, regionNames, departmentNames)
  const clocks = status(request, now(), calendar)
  const asked = pendingExtension(request.events)
  const media = (fileId: string) => ({ fileId, url: urls.get(fileId) ?? '' })
  const head = household.head.name
  return {
    id: request._id,
    category: request.category,
    text: request.text,
    source: request.source,
    state: request.state,
    events: request.events.length,
    household: {
      id: request.householdId,
      name: { 'zh-Hans': maskName(head['zh-Hans']), bo: maskName(head.bo) },
      region: place,
      place: regionNames.get(place) ?? EMPTY_BILINGUAL,
    },
    photos: request.photos.map(media),
    voice: request.voice ? media(request.voice) : null,
    unit: name(request.unit) ?? null,
    dispatcher: name(request.dispatcher)!,
    due: clocks?.due ?? null,
    overdue: clocks?.overdue ?? false,
    escalationLevel: clocks?.escalationLevel ?? 'township',
    pending: asked ? { days: asked.days, reason: asked.reason, level: asked.unit.level } : null,
    mergedInto: request.mergedInto,
    as: reader,
    steps: reader === 'household' || reader === 'official' ? [] : stepsFor(ctx, request, calendar),
    timeline: request.events.map((e) => entryOf(e, name, urls)),
    createdAt: request.createdAt,
  }
}
