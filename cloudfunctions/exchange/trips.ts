/**
 * Exchange trips: the organising office makes a trip and its first places are offered down its order; the
 * household (or its paired official for it, recorded as such; a studio's own official) confirms or declines;
 * the timer expires what was not answered in time and offers the place on; the organisers read where every
 * candidate stands and, after the trip, write a report that becomes a draft notice of their office.
 *
 * Every write to a trip is made from the version it read and lands only on that version (`seq`): a write
 * that lost reads the trip again and computes its events anew, so an answer, a second answer and a timer
 * run at once end as if they had come one after another, and confirmed places never exceed the slots.
 *
 * Round trips (∥ = sent together):
 * - saveTrip: caller → the named records → the insert.
 * - answerTrip: caller → the trip → the household or studio → the conditional write (again when it lost).
 * - tripOffers: caller ∥ the household → the household's trips.
 * - studioTripOffers: caller → the studios it is a member of → their trips.
 * - trip: caller → the trip → township names.
 * - tripReport: caller → the trip → the notice insert → the trip's report.
 */
import type { ExchangeActor, Notice, Trip, TripCandidate, TripEvent } from '@config/documents'
import { householdRelation, isAdmin, officeRegions } from '@fn/access'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext, TimerContext } from '@fn/handler'
import { createNotice } from '@fn/notice-draft'
import { acceptFiles } from '@fn/storage'
import type { Bilingual } from '@shared/bilingual'
import type {
  StudioTripOffer,
  TripAnswer,
  TripInput,
  TripItem,
  TripOffer,
  TripReportInput,
  TripRow,
} from '@shared/contracts/exchange'
import type { NoticeDraft } from '@shared/contracts/notices'
import { AppError } from '@shared/errors'
import { covers, levelOf, normaliseRegion, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'
import { chinaDay, now } from '@shared/time'
import { NO_DUE, advance, answerEvents, candidateOf, counts, nextDue, standings } from './domain/trips'

/** a write that lost to another is tried again from the trip as it now is, this many times in all */
const TRIES = 6
const TRIPS_MAX = 100
/** studios one official is a member of: one, rarely a few */
const STUDIOS_MAX = 20
/** trips one timer run brings up to date; the rest wait for the next run */
const TIMER_BATCH = 50

const EMPTY: Bilingual = { 'zh-Hans': '', bo: '' }

/** The caller's office over a trip's region (the organiser or an office above it), or an administrator. */
function organiser(ctx: ActionContext, region: string): ExchangeActor | undefined {
  const office = officeRegions(ctx.scope.grants).find((r) => covers(r, region))
  if (office) return { openid: ctx.caller.openid, role: 'office', id: office }
  if (isAdmin(ctx.scope.grants)) return { openid: ctx.caller.openid, role: 'admin', id: ctx.caller.openid }
  return undefined
}

function itemOf(trip: Trip): TripItem {
  const { confirmed, offered } = counts(trip)
  return {
    id: trip._id,
    region: trip.region,
    title: trip.title,
    places: trip.places,
    startDay: trip.startDay,
    endDay: trip.endDay,
    slots: trip.slots,
    confirmed,
    offered,
    ...(trip.report ? { noticeId: trip.report.noticeId } : {}),
  }
}

/**
 * Appends `events` to the trip as it was read; false when another write came first (nothing is written
 * then). The derived fields are computed from the whole new list, so they always match it.
 */
async function appendEvents(db: Db, trip: Trip, events: TripEvent[], at: Instant): Promise<boolean> {
  if (!events.length) return true
  const after = { ...trip, events: [...trip.events, ...events] }
  const changed = await collection(db, 'trips').updateWhere(
    { _id: trip._id, seq: trip.seq },
    {
      events: db.command.push(events),
      seq: trip.seq + 1,
      nextDue: nextDue(after),
      confirmed: counts(after).confirmed,
      updatedAt: at,
    },
  )
  return changed === 1
}

export async function saveTrip(input: TripInput, ctx: ActionContext) {
  const by = organiser(ctx, input.region)
  const level = levelOf(input.region)
  if (!by || (level !== 'prefecture' && level !== 'county')) throw new AppError('FORBIDDEN', 'exchange.trips.organiser')
  const at = now()
  if (input.startDay <= chinaDay(at)) throw new AppError('INVALID_ARGUMENT', 'exchange.trips.startsPast')
  const trips = collection(ctx.db, 'trips')
  const existing = await trips.get(input.id)
  if (existing) {
    if (existing.region === normaliseRegion(input.region) && existing.startDay === input.startDay)
      return { id: input.id, status: 'duplicate' as const, offered: counts(existing).offered }
    throw new AppError('CONFLICT', 'exchange.trips.idTaken')
  }
  const named = await collection(ctx.db, 'named').find(
    { _id: ctx.db.command.in(input.named) },
    { fields: ['kind', 'householdId', 'unitId', 'name', 'regionPath', 'status'], limit: input.named.length },
  )
  const byId = new Map(named.map((n) => [n._id, n]))
  const region = normaliseRegion(input.region)
  const candidates: TripCandidate[] = []
  for (const id of input.named) {
    const n = byId.get(id)
    // only active names of the organiser's region: a revoked family is never offered a place
    if (!n || !n.regionPath.includes(region)) throw new AppError('FORBIDDEN', 'exchange.trips.namedElsewhere')
    if (n.status !== 'active') throw new AppError('CONFLICT', 'exchange.trips.namedRevoked')
    candidates.push({
      namedId: id,
      kind: n.kind,
      householdId: n.householdId,
      unitId: n.unitId,
      name: n.name,
      regionPath: n.regionPath,
    })
  }
  const draft: Trip = {
    _id: input.id,
    region,
    regionPath: pathOf(region),
    title: input.title,
    places: input.places,
    startDay: input.startDay,
    endDay: input.endDay,
    slots: input.slots,
    replyDays: input.replyDays,
    candidates,
    householdIds: [...new Set(candidates.flatMap((c) => (c.householdId ? [c.householdId] : [])))],
    events: [],
    seq: 1,
    nextDue: NO_DUE,
    confirmed: 0,
    report: null,
    createdBy: by,
    createdAt: at,
    updatedAt: at,
  }
  const events = advance(draft, at)
  const doc = { ...draft, events, nextDue: nextDue({ candidates, events }) }
  if (!(await trips.addOnce(doc))) throw new AppError('CONFLICT', 'exchange.trips.idTaken')
  return { id: doc._id, status: 'created' as const, offered: counts(doc).offered }
}

export async function trips(input: { region: string }, ctx: ActionContext): Promise<{ items: TripItem[] }> {
  const docs = await collection(ctx.db, 'trips').find(
    { regionPath: normaliseRegion(input.region) },
    {
      orderBy: [
        ['startDay', 'desc'],
        ['_id', 'asc'],
      ],
      limit: TRIPS_MAX,
    },
  )
  return { items: docs.map(itemOf) }
}

/** The trip for its organisers; another region's trip is refused alike whether it exists or not. */
async function organisedTrip(ctx: ActionContext, id: string) {
  const trip = await collection(ctx.db, 'trips').get(id)
  const by = trip ? organiser(ctx, trip.region) : undefined
  if (!trip || !by) throw new AppError('FORBIDDEN', 'exchange.trips.notYours')
  return { trip, by }
}

export async function trip(input: { id: string }, ctx: ActionContext): Promise<{ trip: TripItem; rows: TripRow[] }> {
  const { trip } = await organisedTrip(ctx, input.id)
  const townships = [...new Set(trip.candidates.flatMap((c) => (c.regionPath[2] ? [c.regionPath[2]] : [])))]
  const names = townships.length
    ? await collection(ctx.db, 'regions').find(
        { _id: ctx.db.command.in(townships) },
        { fields: ['name'], limit: townships.length },
      )
    : []
  const township = new Map(names.map((r) => [r._id, r.name]))
  const standing = standings(trip)
  const rows = trip.candidates.map((c): TripRow => {
    const s = standing.get(c.namedId) ?? { state: 'waiting' as const }
    return {
      namedId: c.namedId,
      kind: c.kind,
      name: c.name,
      township: township.get(c.regionPath[2] ?? '') ?? EMPTY,
      state: s.state,
      ...(s.due && s.state !== 'waiting' ? { due: s.due } : {}),
      ...(s.answeredAt ? { answeredAt: s.answeredAt } : {}),
      ...(s.onBehalf !== undefined ? { onBehalf: s.onBehalf } : {}),
    }
  })
  return { trip: itemOf(trip), rows }
}

/** Who answers for a candidate: its household's member, the household's paired official (for it), or an
 * official of the studio. Anyone else is refused alike, whether the trip exists or not. */
async function answerer(
  ctx: ActionContext,
  candidate: TripCandidate,
): Promise<{ by: ExchangeActor; onBehalf: boolean } | undefined> {
  const grants = ctx.scope.grants
  const openid = ctx.caller.openid
  if (candidate.householdId) {
    const household = await collection(ctx.db, 'households').get(candidate.householdId, ['regionPath', 'officialIds'])
    if (!household) return undefined
    const relation = householdRelation(grants, household)
    if (relation === 'member') return { by: { openid, role: 'household', id: household._id }, onBehalf: false }
    if (relation === 'paired') {
      const official = grants.find((g) => g.role === 'official' && household.officialIds.includes(g.officialId))
      const id = official?.role === 'official' ? official.officialId : ''
      return { by: { openid, role: 'official', id }, onBehalf: true }
    }
    return undefined
  }
  if (candidate.unitId) {
    const unit = await collection(ctx.db, 'units').get(candidate.unitId, ['members'])
    const ids = new Set((unit?.members ?? []).flatMap((m) => (m.officialId ? [m.officialId] : [])))
    const official = grants.find((g) => g.role === 'official' && ids.has(g.officialId))
    if (official?.role === 'official')
      return { by: { openid, role: 'official', id: official.officialId }, onBehalf: false }
  }
  return undefined
}

export async function answerTrip(
  input: { tripId: string; namedId: string; answer: TripAnswer },
  ctx: ActionContext,
): Promise<{ state: 'confirmed' | 'declined'; status: 'done' | 'duplicate' }> {
  const trips = collection(ctx.db, 'trips')
  let trip = await trips.get(input.tripId)
  const candidate = trip ? candidateOf(trip, input.namedId) : undefined
  const who = candidate ? await answerer(ctx, candidate) : undefined
  if (!trip || !who) throw new AppError('FORBIDDEN', 'exchange.trips.notYourOffer')
  for (let i = 0; i < TRIES; i++) {
    const at = now()
    const { events, status } = answerEvents(trip, input.namedId, input.answer, who.by, who.onBehalf, at)
    if (await appendEvents(ctx.db, trip, events, at))
      return { state: input.answer === 'confirm' ? 'confirmed' : 'declined', status }
    const again = await trips.get(input.tripId)
    if (!again) throw new AppError('FORBIDDEN', 'exchange.trips.notYourOffer')
    trip = again
  }
  throw new AppError('CONFLICT', 'exchange.trips.busy')
}

/** What a candidate's standing on a trip shows the one who answers for it; nothing before it is offered. */
function offerOf(trip: Trip, c: TripCandidate, standing: ReturnType<typeof standings>): TripOffer | undefined {
  const s = standing.get(c.namedId)
  // a place not offered yet is nobody's business but the organisers': no queue position is shown
  if (!s || s.state === 'waiting') return undefined
  return {
    tripId: trip._id,
    namedId: c.namedId,
    title: trip.title,
    places: trip.places,
    startDay: trip.startDay,
    endDay: trip.endDay,
    state: s.state,
    ...(s.due ? { due: s.due } : {}),
    ...(s.onBehalf !== undefined ? { onBehalf: s.onBehalf } : {}),
  }
}

export async function tripOffers(input: { householdId: string }, ctx: ActionContext): Promise<{ items: TripOffer[] }> {
  const docs = await collection(ctx.db, 'trips').find(
    { householdIds: input.householdId },
    { orderBy: [['startDay', 'desc']], limit: TRIPS_MAX },
  )
  const items: TripOffer[] = []
  for (const trip of docs) {
    const standing = standings(trip)
    for (const c of trip.candidates) {
      const offer = c.householdId === input.householdId ? offerOf(trip, c, standing) : undefined
      if (offer) items.push(offer)
    }
  }
  return { items }
}

/**
 * The places offered to the studios whose members include the calling official: a studio answers through
 * its own officials (answerTrip checks the same membership), so they are the ones shown its offers.
 */
export async function studioTripOffers(
  _input: Record<string, never>,
  ctx: ActionContext,
): Promise<{ items: StudioTripOffer[] }> {
  const officials = ctx.scope.grants.flatMap((g) => (g.role === 'official' ? [g.officialId] : []))
  if (!officials.length) return { items: [] }
  const _ = ctx.db.command
  const units = await collection(ctx.db, 'units').find(
    { 'members.officialId': _.in(officials), kind: 'studio' },
    { fields: ['name'], limit: STUDIOS_MAX },
  )
  if (!units.length) return { items: [] }
  const names = new Map(units.map((u) => [u._id, u.name]))
  const docs = await collection(ctx.db, 'trips').find(
    { 'candidates.unitId': _.in([...names.keys()]) },
    { orderBy: [['startDay', 'desc']], limit: TRIPS_MAX },
  )
  const items: StudioTripOffer[] = []
  for (const trip of docs) {
    const standing = standings(trip)
    for (const c of trip.candidates) {
      const studio = c.unitId ? names.get(c.unitId) : undefined
      const offer = studio ? offerOf(trip, c, standing) : undefined
      if (studio && offer) items.push({ ...offer, studio })
    }
  }
  return { items }
}

/**
 * The report as a draft notice of the organising office for the households and officials of its region,
 * made by the same code as a draft the notices' editor saves (cloudfunctions/_shared/notice-draft.ts). The
 * office reviews and publishes it like any notice; nobody on the trip is asked to write anything.
 */
function reportNotice(input: TripReportInput, office: string, openid: string, at: Instant): Notice {
  const draft: NoticeDraft = {
    title: input.title,
    body: input.body,
    category: 'other',
    media: input.photos.map((fileID) => ({ kind: 'image' as const, fileID })),
    audience: { regions: [office], roles: 'both' },
    publishAt: null,
    expireAt: null,
  }
  return createNotice(input.noticeId, draft, { openid, region: office }, at)
}

export async function tripReport(input: TripReportInput, ctx: ActionContext) {
  const trip = await collection(ctx.db, 'trips').get(input.id, ['region', 'endDay', 'report'])
  // the notice is the organising office's own: an office above or an administrator does not write it
  const office = officeRegions(ctx.scope.grants).find((r) => trip && r === trip.region)
  if (!trip || !office) throw new AppError('FORBIDDEN', 'exchange.trips.notYours')
  if (trip.report) {
    if (trip.report.noticeId === input.noticeId) return { noticeId: input.noticeId, status: 'duplicate' as const }
    throw new AppError('CONFLICT', 'exchange.trips.reported')
  }
  const at = now()
  if (chinaDay(at) < trip.endDay) throw new AppError('CONFLICT', 'exchange.trips.notOver')
  acceptFiles(ctx, 'photos', input.photos, { kind: 'noticeMedia', id: input.noticeId })
  const by: ExchangeActor = { openid: ctx.caller.openid, role: 'office', id: office }
  const notices = collection(ctx.db, 'notices')
  if (!(await notices.addOnce(reportNotice(input, office, ctx.caller.openid, at))))
    throw new AppError('CONFLICT', 'exchange.trips.idTaken')
  const claimed = await collection(ctx.db, 'trips').updateWhere(
    { _id: trip._id, report: null },
    { report: { noticeId: input.noticeId, at, by } },
  )
  if (claimed !== 1) {
    // another report landed first: this draft is nobody's, so it goes
    await notices.remove(input.noticeId)
    throw new AppError('CONFLICT', 'exchange.trips.reported')
  }
  return { noticeId: input.noticeId, status: 'created' as const }
}

/**
 * The timer: every trip with an offer past its due is brought up to now (expired, and the place offered
 * on). A trip another run or an answer wrote meanwhile is read again; each run writes what the events
 * call for and nothing twice.
 */
export async function tripTimer(ctx: Pick<TimerContext, 'db' | 'time'>) {
  const trips = collection(ctx.db, 'trips')
  const due = await trips.find(
    { nextDue: ctx.db.command.lte(ctx.time) },
    { orderBy: [['nextDue', 'asc']], limit: TIMER_BATCH },
  )
  let expired = 0
  let offered = 0
  for (const first of due) {
    let trip: Trip | undefined = first
    for (let i = 0; trip && i < TRIES; i++) {
      const events = advance(trip, ctx.time)
      if (await appendEvents(ctx.db, trip, events, ctx.time)) {
        expired += events.filter((e) => e.type === 'expire').length
        offered += events.filter((e) => e.type === 'offer').length
        break
      }
      trip = await trips.get(first._id)
    }
  }
  return { checked: due.length, expired, offered }
}
