/**
 * A unit's work on requests (act, inbox) and the household's answer to a resolution (answer).
 *
 * Every step goes through `lifecycle.apply` and is written as one conditional update: the request is
 * changed only if it still holds exactly the events the caller saw (no element at the next index), so two
 * actors cannot both write and a step on a stale screen is refused as CONFLICT, never lost.
 *
 * Round trips (∥ = sent together):
 * - act: caller ∥ the request ∥ the calendar → the conditional update ∥ the audit record ∥ the rate counters'
 *   increments (one request per counters document; a new document takes one more). 2.
 * - answer: caller ∥ household (the declared scope) ∥ the request ∥ the calendar → the update ∥ the counters. 2.
 * - inbox: caller ∥ the calendar → the page. 2.
 *
 * A county or prefecture office finds requests escalated to it through `watchers`, the unit keys of the
 * offices a request has escalated to. It is an index hint only, written by the timer from the clocks
 * (escalation itself is always derived from the events and the calendar), so a county inbox is one indexed
 * query rather than a scan of every open request in the county.
 */
import type { Region, Request, RequestEvent, UnitRef } from '@config/documents'
import { writeAudit } from '@fn/audit'
import type { ActionContext, Db } from '@fn/handler'
import { aggregated, collection } from '@fn/db'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import { acceptFiles } from '@fn/storage'
import type { ActInput, AnswerInput, InboxItem, Step } from '@shared/contracts/requests'
import { INBOX_PAGE } from '@shared/contracts/requests'
import { RISK_CATEGORY } from '@shared/contracts/risk'
import { AppError } from '@shared/errors'
import { maskNumbersInText } from '@shared/mask'
import { covers, levelOf, normaliseRegion } from '@shared/region'
import { now } from '@shared/time'
import type { WorkingCalendar } from './domain/calendar'
import { status } from './domain/clocks'
import type { Applied } from './domain/lifecycle'
import { owesAtOnce } from './domain/messages'
import { apply, pendingExtension } from './domain/lifecycle'
import { increments } from './domain/rates'
import { addRates } from './counting'
import { RELIEF_LEVELS, officeAt, sameUnit, unitAbove, unitKey } from './domain/units'
import { prefetchCalendar } from './menu'

function readRequest(db: Db, id: string): Promise<Request | undefined> {
  const read = collection(db, 'requests').get(id)
  read.catch(() => undefined)
  return read
}

export function prefetchAct(input: ActInput, db: Db) {
  return { request: readRequest(db, input.id), calendar: prefetchCalendar(db) }
}

export function prefetchAnswer(input: AnswerInput, db: Db) {
  return { request: readRequest(db, input.id), calendar: prefetchCalendar(db) }
}

export function prefetchInbox(_input: unknown, db: Db) {
  return { calendar: prefetchCalendar(db) }
}

/** The household's own place, the deepest code of its path. */
function placeOf(request: Pick<Request, 'regionPath'>): string {
  return request.regionPath[request.regionPath.length - 1] ?? ''
}

/** The work offices the caller's office grants make it, at the relief levels. */
export function officesOf(ctx: ActionContext<unknown>): UnitRef[] {
  return ctx.scope.grants.flatMap((g) => {
    if (g.role !== 'office') return []
    const region = normaliseRegion(g.region)
    const level = levelOf(region)
    return level && (RELIEF_LEVELS as readonly string[]).includes(level)
      ? [{ kind: 'office' as const, id: 'office', level: level as UnitRef['level'], region }]
      : []
  })
}

export function departmentsOf(ctx: ActionContext<unknown>): string[] {
  return ctx.scope.grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
}

/**
 * The units the caller may act as on this request: a department it works for wherever that department
 * has (or had) the request, and each of its work offices whose region holds the household.
 */
export function unitsFor(ctx: ActionContext<unknown>, request: Request): UnitRef[] {
  const departments = departmentsOf(ctx)
  const named = [request.unit, request.firstUnit].filter(
    (u): u is UnitRef => !!u && u.kind === 'department' && departments.includes(u.id),
  )
  const offices = officesOf(ctx).filter((o) => covers(o.region, placeOf(request)))
  return [...named, ...offices].filter((u, i, all) => all.findIndex((x) => sameUnit(x, u)) === i)
}

export function eventFor(
  step: Step,
  unit: UnitRef,
  request: Request,
  ctx: ActionContext<unknown>,
): RequestEvent | undefined {
  const at = now()
  const by = { id: ctx.caller.openid, role: unit.kind === 'office' ? ('office' as const) : ('department' as const) }
  switch (step.type) {
    case 'accept':
      return { type: 'accept', at, by, unit }
    case 'progress':
      return { type: 'progress', at, by, unit, note: step.note, photos: step.photos ?? [] }
    case 'return':
      return { type: 'return', at, by, unit, reason: step.reason }
    case 'resolve':
      return { type: 'resolve', at, by, unit, note: step.note }
    case 'extendAsk':
      return { type: 'extendAsk', at, by, unit, days: step.days, reason: step.reason }
    case 'extendGrant':
      return { type: 'extendGrant', at, by, unit, days: step.days }
    case 'extendRefuse':
      return { type: 'extendRefuse', at, by, unit, reason: step.reason }
    case 'merge':
      return step.into === request._id ? undefined : { type: 'merge', at, by, unit, into: step.into }
    case 'close':
      return { type: 'close', at, by, unit, reason: step.reason }
    case 'assign': {
      // only the work office that routes the request sends it on, within the household's place
      if (!sameUnit(unit, request.dispatcher)) return undefined
      const office = officeAt(step.level, placeOf(request))
      if (!office) return undefined
      const to: UnitRef = step.departmentId
        ? { kind: 'department', id: step.departmentId, level: step.level, region: office.region }
        : office
      return { type: 'assign', at, by, unit: to, deadlineDays: step.deadlineDays }
    }
  }
}

/** The office that answers the extension the events leave asked, as its unit key; null when none waits. */
function askedOf(events: readonly RequestEvent[]): string | null {
  const asked = pendingExtension(events)
  const above = asked ? unitAbove(asked.unit) : undefined
  return above ? unitKey(above) : null
}

/** Writes the applied request if it still holds the events read; false when someone else wrote first. */
async function writeApplied(db: Db, before: Request, after: Request, calendar: WorkingCalendar): Promise<boolean> {
  const _ = db.command
  const updatedAt = after.events[after.events.length - 1]!.at
  const clocks = status(after, updatedAt, calendar)
  const changed = await collection(db, 'requests').updateWhere(
    { _id: before._id, [`events.${before.events.length}`]: _.exists(false) },
    {
      state: after.state,
      open: after.open,
      unit: _.set(after.unit),
      firstUnit: _.set(after.firstUnit),
      deadlineDays: after.deadlineDays,
      mergedInto: after.mergedInto,
      events: _.set(after.events),
      askedOf: askedOf(after.events),
      updatedAt,
      // an assignment's or resolution's message goes with the timer's next run (domain/messages.ts)
      nextCheckAt: !after.open ? null : owesAtOnce(after.events.at(-1)) ? updatedAt : (clocks?.nextCheckAt ?? null),
    },
  )
  return changed === 1
}

function stale(request: Request, seen: number): void {
  if (request.events.length !== seen) throw new AppError('CONFLICT', 'requests.outOfOrder')
}

export async function act(
  input: ActInput,
  ctx: ActionContext<ReturnType<typeof prefetchAct>>,
): Promise<{ id: string; state: Request['state']; events: number }> {
  const request = await ctx.prefetched.request
  const units = request ? unitsFor(ctx, request) : []
  // a request outside every unit of the caller is refused alike whether it exists or not
  if (!request || units.length === 0) throw new AppError('FORBIDDEN', 'requests.notYourUnit')
  stale(request, input.events)
  // a risk lead ends with the team's result (requests.riskResult), never waiting for a household's answer
  if (request.category === RISK_CATEGORY && input.step.type === 'resolve')
    throw new AppError('CONFLICT', 'riskLead.resultOnly')
  const calendar = await ctx.prefetched.calendar
  let result: Applied<Request> | undefined
  // a progress photo only from this request's own upload folder, before anything is written
  if (input.step.type === 'progress')
    acceptFiles(ctx, 'step.photos', input.step.photos ?? [], { kind: 'requestMedia', id: request._id })
  for (const unit of units) {
    const event = eventFor(input.step, unit, request, ctx)
    if (!event) continue
    const tried = apply(request, event, calendar)
    if (tried.ok) {
      result = tried
      break
    }
    result ??= tried
  }
  if (!result) throw new AppError('FORBIDDEN', 'requests.notYourUnit')
  if (!result.ok) throw result.refusal
  const after = result.request
  const changes = increments(request, after.events[after.events.length - 1]!, after, calendar)
  const [written] = await Promise.all([
    writeApplied(ctx.db, request, after, calendar),
    addRates(ctx.db, request.regionPath, changes),
    writeAudit(ctx.db, {
      kind: 'edit',
      actor: ctx.caller.openid,
      subject: request.householdId,
      fields: [`request.${input.step.type}`],
      action: ctx.action,
      details: request._id,
    }),
  ])
  if (!written) {
    await addRates(ctx.db, request.regionPath, changes, -1)
    throw new AppError('CONFLICT', 'requests.outOfOrder')
  }
  return { id: request._id, state: after.state, events: after.events.length }
}

export async function answer(
  input: AnswerInput,
  ctx: ActionContext<ReturnType<typeof prefetchAnswer>>,
): Promise<{ id: string; state: Request['state']; events: number }> {
  const household = ctx.scope.household
  const request = await ctx.prefetched.request
  if (!household || !request || request.householdId !== household._id) throw new AppError('FORBIDDEN')
  const relation = ctx.scope.relation
  if (relation !== 'member' && relation !== 'paired') throw new AppError('FORBIDDEN', 'requests.notHousehold')
  stale(request, input.events)
  if (!request.unit) throw new AppError('CONFLICT', 'requests.notResolved')
  const official = ctx.scope.grants.find(
    (g) => g.role === 'official' && (household.officialIds ?? []).includes(g.officialId),
  )
  const by =
    relation === 'member'
      ? { id: household._id, role: 'household' as const }
      : { id: official?.role === 'official' ? official.officialId : ctx.caller.openid, role: 'official' as const }
  const event: RequestEvent = {
    type: 'confirm',
    at: now(),
    by,
    unit: request.unit,
    answer: input.answer,
    ...(input.rating ? { rating: input.rating } : {}),
    onBehalf: relation === 'paired',
  }
  const calendar = await ctx.prefetched.calendar
  const result = apply(request, event, calendar)
  if (!result.ok) throw result.refusal
  const changes = increments(request, event, result.request, calendar)
  const [written] = await Promise.all([
    writeApplied(ctx.db, request, result.request, calendar),
    addRates(ctx.db, request.regionPath, changes),
  ])
  if (!written) {
    await addRates(ctx.db, request.regionPath, changes, -1)
    throw new AppError('CONFLICT', 'requests.outOfOrder')
  }
  return { id: request._id, state: result.request.state, events: result.request.events.length }
}

const INBOX_FIELDS = [
  'category',
  'text',
  'state',
  'regionPath',
  'unit',
  'dispatcher',
  'events',
  'createdAt',
  'nextCheckAt',
  'askedOf',
] as const

type InboxDoc = Pick<Request, '_id' | 'nextCheckAt' | (typeof INBOX_FIELDS)[number]> & {
  places: Pick<Region, 'name'>[]
}

export async function inbox(
  input: { state?: Request['state']; page?: number },
  ctx: ActionContext<ReturnType<typeof prefetchInbox>>,
): Promise<{ items: InboxItem[]; more: boolean }> {
  const _ = ctx.db.command
  const departments = departmentsOf(ctx)
  const offices = officesOf(ctx)
  const keys = offices.map(unitKey)
  const mine = [
    ...(departments.length ? [{ 'unit.kind': 'department', 'unit.id': _.in(departments) }] : []),
    ...(offices.length
      ? [
          { 'unit.kind': 'office', 'unit.region': _.in(offices.map((o) => o.region)) },
          { state: 'returned', 'dispatcher.region': _.in(offices.map((o) => o.region)) },
          { watchers: _.in(keys) },
          { askedOf: _.in(keys) },
        ]
      : []),
  ]
  if (mine.length === 0) return { items: [], more: false }
  const page = input.page ?? 0
  // the village's name comes with the page ($lookup in the same request), so the inbox stays 2 round trips
  let chain = collection(ctx.db, 'requests')
    .aggregate()
    .match(_.and([{ open: true }, _.or(mine), ...(input.state ? [{ state: input.state }] : [])]))
    .sort({ nextCheckAt: 1 })
  if (page > 0) chain = chain.skip(page * INBOX_PAGE)
  const docs = await aggregated<InboxDoc>(
    chain
      .limit(INBOX_PAGE + 1)
      .project({ ...Object.fromEntries(INBOX_FIELDS.map((f) => [f, 1])), place: { $arrayElemAt: ['$regionPath', -1] } })
      .lookup({ from: 'regions', localField: 'place', foreignField: '_id', as: 'places' })
      .project({ ...Object.fromEntries(INBOX_FIELDS.map((f) => [f, 1])), 'places.name': 1 }),
  )
  const calendar = await ctx.prefetched.calendar
  const at = now()
  const items = docs.slice(0, INBOX_PAGE).map((d): InboxItem => {
    const clocks = status(d, at, calendar)
    const handles =
      (d.unit?.kind === 'department' && departments.includes(d.unit.id)) ||
      (d.unit?.kind === 'office' && offices.some((o) => sameUnit(o, d.unit)))
    const dispatches = offices.some((o) => sameUnit(o, d.dispatcher))
    return {
      id: d._id,
      category: d.category,
      text: maskNumbersInText(d.text),
      state: d.state,
      region: d.regionPath[d.regionPath.length - 1] ?? '',
      events: d.events.length,
      due: clocks?.due ?? null,
      place: d.places[0]?.name ?? EMPTY_BILINGUAL,
      overdue: clocks?.overdue ?? false,
      escalationLevel: clocks?.escalationLevel ?? 'township',
      as: handles
        ? 'unit'
        : dispatches
          ? 'dispatcher'
          : d.askedOf && keys.includes(d.askedOf)
            ? 'extension'
            : 'escalated',
      createdAt: d.createdAt,
    }
  })
  return { items, more: docs.length > INBOX_PAGE }
}
