/**
 * The `contacts` function: officials' household list and contact log, households' view and confirmation,
 * the information sheet and risk level, rollups and the recount. The serve() wrapper has already checked
 * roles and the declared scope (loading the household for household-scoped actions) before a handler runs;
 * logContact checks the same scope itself, with the household read beside the caller (see startEarly).
 *
 * Database round trips on the common paths (∥ = sent together, so one round trip):
 * - myHouseholds: caller (users) → households by officialIds. 2 requests, 2 round trips.
 * - logContact: caller ∥ household ∥ the contact's id (is it a resend?) → contact insert ∥ household
 *   update ∥ the counters' increments (one request per set of increments) ∥ a marker insert per period
 *   the household shows no contact in yet. 2 round trips: 5 requests when the household was contacted
 *   this month already, up to 10 on its first contact of a month. A resend is answered after the first.
 *   The counters move before the insert and the markers have answered, as if this send won both; a send
 *   that lost either takes its increments back in a third round trip (two sends of one contact racing
 *   each other, or a household's first contact of a month racing another). Stats documents a function
 *   instance has not seen yet are incremented one request each, and one that does not exist is created
 *   in a third round trip; the daily timer makes the coming periods' documents in advance.
 *   A crash between the writes and the taking back leaves a counter over until the recount.
 *   Two different versions of one contact id sent at the same moment: the one stored wins, the other
 *   is kept for review and its needs taken back, but the household's latest contact time may follow it.
 * - The daily timer (event Type 'Timer') recomputes the gauges (risk levels, overdue households).
 */
import cloud from 'wx-server-sdk'
import type { ContactInput, ContactView, Counters, HouseholdRow, RiskLevel } from '../../src/shared/contracts/contacts'
import { contacts } from '../../src/shared/contracts/contacts'
import { AppError } from '../../src/shared/errors'
import { t } from '../../src/shared/i18n'
import type { ActionContext, Db } from '../_shared/handler'
import { readEarly, serve } from '../_shared/handler'
import { type HouseholdRef, checkScope, scopeLoader } from '../_shared/access'
import { coll, getById, insertOnce, readAll } from '../_shared/db'
import { COLLECTIONS, addToStats, ensureStats, incrementStats } from './data'
import { fingerprint, judgeResend } from './domain/fingerprint'
import { daysSince, isOverdue, parsePeriodTable, periodDaysFor, sortByUrgency } from './domain/overdue'
import { monthOf, quarterOf } from './domain/periods'
import {
  EVENT_COUNTERS,
  GAUGES,
  NOW,
  RISK_COUNTER,
  Recount,
  allStatsIds,
  comingStatsIds,
  compareCounters,
  contactKeys,
  departmentStatsId,
  emptyCounters,
  incrementGroups,
  provenMarkers,
  regionStatsId,
} from './domain/rollup'
import { contactProblems, toFieldIssues } from './domain/validate'

interface OpenNeed {
  id: string
  text: string
  contactId: string
  at: string
}

/** The household document as this function reads and extends it (the registry owns the rest). */
interface HouseholdDoc {
  _id: string
  regionPath: string[]
  officialIds?: string[]
  /** officialId → departmentId, kept beside officialIds by pairing, so a contact needs no official lookup */
  officialDepartments?: Record<string, string>
  head?: { name?: { 'zh-Hans': string; bo: string } }
  headName?: string | { 'zh-Hans': string; bo: string }
  memberCount?: number
  members?: unknown[]
  riskLevel?: RiskLevel
  lastContactAt?: string | null
  /** departmentId → its latest contact with this household: decides the department axis as lastContactAt does the region one */
  departmentContactAt?: Record<string, string>
  openNeeds?: OpenNeed[]
  sheetVersion?: number
}

interface ContactDoc {
  _id: string
  householdId: string
  officialId: string
  departmentId: string | null
  regionPath: string[]
  channel: ContactInput['channel']
  at: string
  month: string
  quarter: string
  topics: ContactInput['topics']
  notes: string
  /** moderation held the notes back from the household; officials still see them */
  notesHeld: boolean
  photos: string[]
  location: ContactInput['location'] | null
  needs: OpenNeed[]
  fingerprint: string
  statsIds: string[]
  confirmedAt: string | null
  createdAt: string
}

const periodTable = parsePeriodTable(process.env.CONTACT_PERIOD_DAYS)
/** ids used as keys in a household's maps: a dot would make a nested path, a `$` an operator */
const FIELD_NAME = /^[^.$]+$/

function officialGrant(ctx: ActionContext): string {
  const grant = ctx.caller.roles.find((g) => g.role === 'official')
  if (!grant || grant.role !== 'official') throw new AppError('FORBIDDEN')
  return grant.officialId
}

function scopedHousehold(ctx: ActionContext): HouseholdDoc {
  const household = ctx.scope.household as HouseholdDoc | undefined
  if (!household) throw new AppError('FORBIDDEN')
  return household
}

function headName(h: HouseholdDoc): { 'zh-Hans': string; bo: string } {
  if (h.head?.name) return h.head.name
  if (typeof h.headName === 'string') return { 'zh-Hans': h.headName, bo: '' }
  return h.headName ?? { 'zh-Hans': '', bo: '' }
}

/** Moderation of notes that the household will read (security.msgSecCheck v2); fails closed. */
async function notesPass(notes: string, openid: string): Promise<boolean> {
  if (!notes.trim()) return true
  try {
    const res = (await cloud.openapi.security.msgSecCheck({ content: notes, version: 2, scene: 1, openid })) as {
      result?: { suggest?: string }
    }
    return res.result?.suggest === 'pass'
  } catch {
    return false
  }
}

/** What logContact reads beside the caller, before it knows who the caller is (see startEarly). */
interface Early {
  /** whatever is stored under the contact's id already: a resend, or another version of it */
  stored: Promise<StoredContact | undefined>
  /** the moderation verdict on the notes */
  notesOk: Promise<boolean>
}

type StoredContact = Pick<ContactDoc, '_id' | 'fingerprint' | 'officialId' | 'needs'>

async function logContact(
  input: ContactInput,
  ctx: ActionContext,
  early: Early,
): Promise<{ id: string; status: 'created' | 'duplicate' }> {
  const now = new Date()
  const problems = contactProblems(input, now)
  if (problems.length)
    throw new AppError(
      'INVALID_ARGUMENT',
      undefined,
      undefined,
      toFieldIssues(problems, (k) => t(ctx.lang, k)),
    )
  const officialId = officialGrant(ctx)
  const household = scopedHousehold(ctx)
  // An office may reach the household too, but only its paired officials log contacts with it.
  if (!(household.officialIds ?? []).includes(officialId)) throw new AppError('FORBIDDEN', 'contacts.notPaired')
  const db = ctx.db
  const print = fingerprint(input)
  // A resend of something already stored is answered from the first round trip, and writes nothing
  // (except a conflicting version, kept for review).
  const stored = await early.stored
  if (stored) return answerResend(ctx, input, household._id, officialId, print, stored)

  const cachedDepartment = household.officialDepartments?.[officialId]
  const [departmentId, notesOk] = await Promise.all([
    // pairing records the department beside the official; only a pairing made without it costs a read
    cachedDepartment !== undefined
      ? cachedDepartment || null
      : getById<{ departmentId?: string }>(db, COLLECTIONS.officials, officialId, { departmentId: true }).then(
          (o) => o?.departmentId ?? null,
        ),
    early.notesOk,
  ])
  const at = new Date(input.at)
  const atIso = at.toISOString()
  const keys = contactKeys({
    householdId: household._id,
    regionPath: household.regionPath,
    departmentId,
    at,
    channel: input.channel,
  })
  const trackDepartment = departmentId !== null && FIELD_NAME.test(departmentId)
  const proven = provenMarkers(
    keys,
    at,
    household.lastContactAt,
    trackDepartment ? household.departmentContactAt?.[departmentId] : null,
  )
  const open = [...keys.regionMarkers, ...keys.departmentMarkers].filter((m) => !proven.has(m.marker))
  const needs: OpenNeed[] = input.needs.map((n, i) => ({
    id: `${input.id}:${i}`,
    text: n.text,
    contactId: input.id,
    at: atIso,
  }))
  const doc: ContactDoc = {
    _id: input.id,
    householdId: household._id,
    officialId,
    departmentId,
    regionPath: household.regionPath,
    channel: input.channel,
    at: atIso,
    month: monthOf(at),
    quarter: quarterOf(at),
    topics: input.topics,
    notes: input.notes,
    notesHeld: !notesOk,
    photos: input.photos,
    location: input.channel === 'visit' && input.locationConsent ? (input.location ?? null) : null,
    needs,
    fingerprint: print,
    statsIds: allStatsIds(keys),
    confirmedAt: null,
    createdAt: now.toISOString(),
  }
  const _ = db.command
  const max = _.max as unknown as (value: string) => unknown
  // ISO instants in UTC order as strings do; $max keeps the latest when an older contact arrives late
  const householdUpdate: Record<string, unknown> = { lastContactAt: max(atIso) }
  if (trackDepartment) householdUpdate[`departmentContactAt.${departmentId}`] = max(atIso)
  // learnt once per pairing, so the next contact by this official needs no lookup
  if (cachedDepartment === undefined && FIELD_NAME.test(officialId))
    householdUpdate[`officialDepartments.${officialId}`] = departmentId ?? ''
  // a set: two sends of one contact racing each other add its needs once
  if (needs.length) householdUpdate.openNeeds = _.addToSet({ $each: needs })

  // Everything at once. The contact insert is the gate (its `_id` is the client's UUID, so one send of
  // it gets past); the markers decide "households contacted"; the counters move as if both went this
  // send's way, and are put right below when they did not.
  const first = new Set(open.map((m) => m.marker))
  const groups = incrementGroups(keys, first, input.channel)
  const [inserted, , won] = await Promise.all([
    insertOnce(db, COLLECTIONS.contacts, doc as unknown as ContactDoc & Record<string, unknown>),
    coll(db, COLLECTIONS.households).doc(household._id).update({ data: householdUpdate }),
    Promise.all(open.map((m) => insertOnce(db, COLLECTIONS.marks, { _id: m.marker, contactId: input.id }))),
    Promise.all(groups.map((g) => addToStats(db, g.ids, g.inc))),
  ])
  const undo = new Map<string, Partial<Counters>>()
  const take = (ids: readonly string[], counter: keyof Counters) => {
    for (const id of ids) {
      const c = undo.get(id) ?? {}
      c[counter] = (c[counter] ?? 0) - 1
      undo.set(id, c)
    }
  }
  // a marker someone else holds: the household was already counted in that period
  open.forEach((m, i) => {
    if (!won[i]) take(m.statsIds, 'householdsContacted')
  })
  if (!inserted) {
    // another send of this id got in first: its counts stand, this one's go. A marker this send took
    // stays: it belongs to the same contact id, which is stored.
    take(doc.statsIds, 'contacts')
    if (input.channel === 'visit') take(doc.statsIds, 'visits')
  }
  const [after] = await Promise.all([inserted ? undefined : readStored(db, input.id), decrement(db, undo)])
  if (inserted) return { id: input.id, status: 'created' }
  if (after && after.fingerprint !== print && needs.length) {
    // a different version racing this one: take back the needs only this version added
    const theirs = after.needs ?? []
    const mine = needs.filter((n) => !theirs.some((s) => sameNeed(s, n)))
    if (mine.length)
      await coll(db, COLLECTIONS.households)
        .doc(household._id)
        .update({ data: { openNeeds: _.pullAll(mine) } })
  }
  return answerResend(ctx, input, household._id, officialId, print, after)
}

function sameNeed(a: OpenNeed, b: OpenNeed): boolean {
  return a.id === b.id && a.text === b.text && a.contactId === b.contactId && a.at === b.at
}

function readStored(db: Db, id: string): Promise<StoredContact | undefined> {
  return getById<StoredContact>(db, COLLECTIONS.contacts, id, { fingerprint: true, officialId: true, needs: true })
}

/** The answer to a send whose id is stored: the same content is a duplicate, other content a conflict kept for review. */
async function answerResend(
  ctx: ActionContext,
  input: ContactInput,
  householdId: string,
  officialId: string,
  print: string,
  stored: StoredContact | undefined,
): Promise<{ id: string; status: 'duplicate' }> {
  if (judgeResend(stored, print) === 'duplicate') return { id: input.id, status: 'duplicate' }
  // Never overwrite: keep the other version for an office to review. One record per distinct version.
  await insertOnce(ctx.db, COLLECTIONS.conflicts, {
    _id: `${input.id}:${print}`,
    contactId: input.id,
    householdId,
    officialId,
    storedFingerprint: stored?.fingerprint ?? '',
    incoming: input as unknown as Record<string, unknown>,
    receivedAt: new Date().toISOString(),
    reviewed: false,
  })
  throw new AppError('CONFLICT', 'contacts.conflict')
}

/** Takes back optimistic increments: one request per distinct set of decrements. */
async function decrement(db: Db, undo: ReadonlyMap<string, Partial<Counters>>): Promise<void> {
  const groups = new Map<string, { inc: Partial<Counters>; ids: string[] }>()
  for (const [id, inc] of undo) {
    const sig = JSON.stringify(inc)
    const group = groups.get(sig) ?? { inc, ids: [] }
    group.ids.push(id)
    groups.set(sig, group)
  }
  await Promise.all([...groups.values()].map((g) => incrementStats(db, g.ids, g.inc)))
}

async function myHouseholds(ctx: ActionContext): Promise<{ households: HouseholdRow[]; overdueCount: number }> {
  const officialId = officialGrant(ctx)
  const now = new Date()
  // One indexed query returns everything the list shows: the household document carries its last
  // contact, open needs and risk level. About 4 households per official; 100 is far above any pairing.
  const res = (await coll(ctx.db, COLLECTIONS.households)
    .where({ officialIds: officialId })
    .field({
      regionPath: true,
      head: true,
      headName: true,
      memberCount: true,
      riskLevel: true,
      lastContactAt: true,
      openNeeds: true,
    })
    .limit(100)
    .get()) as { data: HouseholdDoc[] }
  const rows = res.data.map((h) => {
    const periodDays = periodDaysFor(h.regionPath, periodTable)
    const days = daysSince(h.lastContactAt, now)
    return {
      id: h._id,
      headName: headName(h),
      memberCount: h.memberCount ?? h.members?.length ?? 1,
      regionPath: h.regionPath,
      lastContactAt: h.lastContactAt ?? null,
      daysSince: days,
      overdue: isOverdue(days, periodDays),
      periodDays,
      riskLevel: h.riskLevel ?? 'none',
      openNeeds: (h.openNeeds ?? []).length,
    }
  })
  const households = sortByUrgency(rows)
  return { households, overdueCount: households.filter((h) => h.overdue).length }
}

const PAGE = 20

async function householdContacts(
  input: { householdId?: string; before?: string },
  ctx: ActionContext,
): Promise<{ contacts: ContactView[]; more: boolean }> {
  const household = scopedHousehold(ctx)
  const member = ctx.scope.relation === 'member'
  const _ = ctx.db.command
  const where: Record<string, unknown> = { householdId: household._id }
  if (input.before) where.at = _.lt(new Date(input.before).toISOString())
  const res = (await coll(ctx.db, COLLECTIONS.contacts)
    .where(where)
    .field({ fingerprint: false, statsIds: false, location: false, regionPath: false })
    .orderBy('at', 'desc')
    .limit(PAGE + 1)
    .get()) as { data: ContactDoc[] }
  const page = res.data.slice(0, PAGE)
  const officialIds = [...new Set(page.map((c) => c.officialId))]
  const officials = officialIds.length
    ? (
        (await coll(ctx.db, COLLECTIONS.officials)
          .where({ _id: _.in(officialIds) })
          .field({ name: true })
          .limit(100)
          .get()) as {
          data: { _id: string; name?: { 'zh-Hans': string; bo: string } }[]
        }
      ).data
    : []
  const names = new Map(officials.map((o) => [o._id, o.name ?? { 'zh-Hans': '', bo: '' }]))
  const urls = await photoUrls(
    ctx,
    page.flatMap((c) => c.photos),
  )
  return {
    contacts: page.map((c) => ({
      id: c._id,
      householdId: c.householdId,
      officialId: c.officialId,
      officialName: names.get(c.officialId) ?? { 'zh-Hans': '', bo: '' },
      channel: c.channel,
      at: c.at,
      topics: c.topics,
      notes: member && c.notesHeld ? '' : c.notes,
      photos: c.photos,
      photoUrls: c.photos.map((p) => urls.get(p) ?? ''),
      needs: c.needs.map((n) => n.text),
      confirmedAt: c.confirmedAt,
    })),
    more: res.data.length > PAGE,
  }
}

/** Temporary download URLs for photos (one storage request per page): H5 cannot show a `cloud://` fileID. */
async function photoUrls(ctx: ActionContext, fileList: string[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>()
  if (fileList.length === 0) return urls
  try {
    const res = (await ctx.cloud.getTempFileURL({ fileList })) as {
      fileList?: { fileID: string; tempFileURL?: string }[]
    }
    for (const f of res.fileList ?? []) urls.set(f.fileID, f.tempFileURL ?? '')
  } catch (error) {
    // the list still shows; only the pictures are missing
    console.warn('[contacts] getTempFileURL failed', error)
  }
  return urls
}

async function confirmVisit(
  input: { householdId: string; contactId: string },
  ctx: ActionContext,
): Promise<{ id: string; confirmedAt: string }> {
  const grants = ctx.caller.roles.flatMap((g) => (g.role === 'household' ? [g.householdId] : []))
  const contact = await getById<ContactDoc>(ctx.db, COLLECTIONS.contacts, input.contactId, {
    householdId: true,
    channel: true,
    statsIds: true,
    confirmedAt: true,
  })
  if (!contact || contact.householdId !== input.householdId || !grants.includes(contact.householdId)) {
    throw new AppError('NOT_FOUND')
  }
  if (contact.channel !== 'visit') throw new AppError('INVALID_ARGUMENT', 'contacts.notVisit')
  if (contact.confirmedAt) return { id: contact._id, confirmedAt: contact.confirmedAt }
  const confirmedAt = new Date().toISOString()
  // Compare-and-set: of two taps (or two members) only the one that flips null moves the counter.
  const res = (await coll(ctx.db, COLLECTIONS.contacts)
    .where({ _id: contact._id, confirmedAt: null })
    .update({ data: { confirmedAt, confirmedBy: ctx.caller.openid } })) as { stats: { updated: number } }
  if (res.stats.updated === 1) {
    await ensureStats(ctx.db, contact.statsIds)
    await incrementStats(ctx.db, contact.statsIds, { visitsConfirmed: 1 })
    return { id: contact._id, confirmedAt }
  }
  const now = await getById<ContactDoc>(ctx.db, COLLECTIONS.contacts, contact._id, { confirmedAt: true })
  return { id: contact._id, confirmedAt: now?.confirmedAt ?? confirmedAt }
}

async function updateInfoSheet(
  input: { householdId: string; sheet: Record<string, unknown> },
  ctx: ActionContext,
): Promise<{ version: number }> {
  const officialId = officialGrant(ctx)
  const household = scopedHousehold(ctx)
  if (!(household.officialIds ?? []).includes(officialId)) throw new AppError('FORBIDDEN', 'contacts.notPaired')
  const version = (household.sheetVersion ?? 0) + 1
  const now = new Date().toISOString()
  // The version is the compare-and-set: two officials saving at once cannot both win the same version.
  const res = (await coll(ctx.db, COLLECTIONS.households)
    .where({ _id: household._id, sheetVersion: household.sheetVersion ?? ctx.db.command.exists(false) })
    .update({ data: { infoSheet: input.sheet, sheetVersion: version, sheetUpdatedAt: now } })) as {
    stats: { updated: number }
  }
  if (res.stats.updated !== 1) throw new AppError('CONFLICT')
  await coll(ctx.db, COLLECTIONS.history).add({
    data: {
      householdId: household._id,
      kind: 'infoSheet',
      version,
      by: ctx.caller.openid,
      officialId,
      at: now,
      value: input.sheet,
    },
  })
  return { version }
}

async function setRiskLevel(
  input: { householdId: string; level: RiskLevel; reason: string; date: string },
  ctx: ActionContext,
): Promise<{ riskLevel: RiskLevel; changed: boolean }> {
  const household = scopedHousehold(ctx)
  const relation = ctx.scope.relation
  // the household's officials, or an office at its village (local offices: village or township)
  if (relation !== 'paired' && relation !== 'localOffice') throw new AppError('FORBIDDEN')
  const before = household.riskLevel ?? 'none'
  const now = new Date().toISOString()
  let changed = false
  if (before !== input.level) {
    const res = (await coll(ctx.db, COLLECTIONS.households)
      .where({ _id: household._id, riskLevel: before === 'none' ? ctx.db.command.in(['none', null]) : before })
      .update({ data: { riskLevel: input.level, riskReason: input.reason, riskDate: input.date } })) as {
      stats: { updated: number }
    }
    if (res.stats.updated !== 1) throw new AppError('CONFLICT')
    changed = true
    const ids = household.regionPath.map((r) => regionStatsId(r, NOW))
    await ensureStats(ctx.db, ids)
    await incrementStats(ctx.db, ids, { [RISK_COUNTER[input.level]]: 1, [RISK_COUNTER[before]]: -1 })
  } else {
    await coll(ctx.db, COLLECTIONS.households)
      .doc(household._id)
      .update({ data: { riskReason: input.reason, riskDate: input.date } })
  }
  await coll(ctx.db, COLLECTIONS.history).add({
    data: {
      householdId: household._id,
      kind: 'risk',
      by: ctx.caller.openid,
      at: now,
      before,
      after: input.level,
      reason: input.reason,
      date: input.date,
    },
  })
  return { riskLevel: input.level, changed }
}

async function rollup(
  input: { axis: 'region' | 'department'; key: string; period: string },
  ctx: ActionContext,
): Promise<{ axis: string; key: string; period: string; counters: Counters }> {
  const grants = ctx.scope.grants
  const admin = grants.some((g) => g.role === 'admin')
  if (input.axis === 'region') {
    const { reachesRegion } = await import('../_shared/access')
    if (!reachesRegion(grants, input.key)) throw new AppError('FORBIDDEN')
  } else if (!admin && !grants.some((g) => g.role === 'department' && g.departmentId === input.key)) {
    throw new AppError('FORBIDDEN')
  }
  const id =
    input.axis === 'region' ? regionStatsId(input.key, input.period) : departmentStatsId(input.key, input.period)
  const now = new Date()
  // the current month and quarter read their gauges live; past periods keep the timer's last snapshot
  const live = input.axis === 'region' && (input.period === monthOf(now) || input.period === quarterOf(now))
  const ids = live ? [id, regionStatsId(input.key, NOW)] : [id]
  const res = (await coll(ctx.db, COLLECTIONS.stats)
    .where({ _id: ctx.db.command.in(ids) })
    .limit(2)
    .get()) as {
    data: (Partial<Counters> & { _id: string })[]
  }
  const counters = emptyCounters()
  const period = res.data.find((d) => d._id === id)
  const gauges = res.data.find((d) => d._id !== id)
  for (const name of EVENT_COUNTERS) counters[name] = period?.[name] ?? 0
  for (const name of GAUGES) counters[name] = (gauges ?? period)?.[name] ?? 0
  return { ...input, counters }
}

/**
 * Rebuilds every counter from contacts and households, compares, and (by default) writes the rebuilt
 * values and markers back. Reads whole collections page by page: an administrator's repair tool.
 */
export async function recountAll(
  db: Db,
  fix: boolean,
  now = new Date(),
): Promise<{ checked: number; differences: ReturnType<typeof compareCounters> }> {
  const recount = new Recount(now, periodTable)
  const contactDocs = await readAll<ContactDoc>(
    db,
    COLLECTIONS.contacts,
    {},
    {
      householdId: true,
      regionPath: true,
      departmentId: true,
      at: true,
      channel: true,
      confirmedAt: true,
    },
  )
  for (const c of contactDocs) recount.addContact({ ...c, at: new Date(c.at) })
  const households = await readAll<HouseholdDoc>(
    db,
    COLLECTIONS.households,
    {},
    { regionPath: true, riskLevel: true, lastContactAt: true },
  )
  for (const h of households) recount.addHousehold({ ...h, regionPath: h.regionPath ?? [] })
  const stored = new Map<string, Partial<Counters>>()
  const _ = db.command
  for (const doc of await readAll<Partial<Counters> & { _id: string }>(db, COLLECTIONS.stats, {
    axis: _.in(['region', 'department']),
  })) {
    stored.set(doc._id, doc)
  }
  const differences = compareCounters(stored, recount.expected)
  if (fix) {
    // overdue households are refreshed as well, though never reported (see RISK_GAUGES)
    const ids = [
      ...new Set([
        ...differences.map((d) => d.id),
        ...[...recount.expected.keys()].filter((id) => id.endsWith(`:${NOW}`)),
      ]),
    ]
    await ensureStats(db, ids)
    for (const id of ids) {
      const value = recount.expected.get(id) ?? emptyCounters()
      await coll(db, COLLECTIONS.stats).doc(id).update({ data: value })
    }
    const markers = [...recount.markers()]
    for (let i = 0; i < markers.length; i += 20) {
      await Promise.all(
        markers.slice(i, i + 20).map((m) => insertOnce(db, COLLECTIONS.marks, { _id: m, contactId: '' })),
      )
    }
  }
  return { checked: stored.size, differences }
}

/**
 * The daily timer: gauges of the present into `now`, and copied into the current month and quarter; and
 * the stats documents of the coming days' periods, for every region with households and every department.
 */
export async function snapshotGauges(db: Db, now = new Date()): Promise<{ updated: number; created: number }> {
  const recount = new Recount(now, periodTable)
  const [households, departments] = await Promise.all([
    readAll<HouseholdDoc>(db, COLLECTIONS.households, {}, { regionPath: true, riskLevel: true, lastContactAt: true }),
    readAll<{ _id: string }>(db, COLLECTIONS.departments, {}, { _id: true }),
  ])
  for (const h of households) recount.addHousehold({ ...h, regionPath: h.regionPath ?? [] })
  const regions = new Set(households.flatMap((h) => h.regionPath ?? []))
  const coming = comingStatsIds(
    regions,
    departments.map((d) => d._id).filter((id) => FIELD_NAME.test(id)),
    now,
  )
  let created = 0
  for (let i = 0; i < coming.length; i += 1000) created += await ensureStats(db, coming.slice(i, i + 1000))
  let updated = 0
  const entries = [...recount.expected]
  for (let i = 0; i < entries.length; i += 20) {
    const batch = entries.slice(i, i + 20)
    await Promise.all(
      batch.map(async ([id, c]) => {
        const region = id.slice(2, -`:${NOW}`.length)
        const value = Object.fromEntries(GAUGES.map((g) => [g, c[g]]))
        const targets = [id, regionStatsId(region, monthOf(now)), regionStatsId(region, quarterOf(now))]
        await ensureStats(db, targets)
        await coll(db, COLLECTIONS.stats)
          .where({ _id: db.command.in(targets) })
          .update({ data: value })
        updated += targets.length
      }),
    )
  }
  return { updated, created }
}

/**
 * logContact is served with its declared household scope checked in the handler rather than by serve():
 * the same check (checkScope, the same rules), but the household, the contact's id and the moderation of
 * its notes are started beside the caller's lookup (serve's `early`), which saves the busiest action two
 * sequential round trips. Nothing read early is used, or shown, unless the caller may log the contact.
 */
const serving = {
  ...contacts,
  actions: { ...contacts.actions, logContact: { ...contacts.actions.logContact, scope: 'none' as const } },
}

/** What a logContact event names, read before the caller is known. */
interface Prefetched extends Early {
  householdId: string
  contactId: string
  notes: string
  household: Promise<HouseholdRef | undefined>
}

function startEarly(event: unknown, db: Db, openid: string): Prefetched | undefined {
  const e = event as { action?: unknown; data?: { householdId?: unknown; id?: unknown; notes?: unknown } } | undefined
  if (e?.action !== 'logContact') return undefined
  const { householdId, id, notes } = e.data ?? {}
  const looksLikeId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 64
  if (!looksLikeId(householdId) || !looksLikeId(id)) return undefined
  const text = typeof notes === 'string' && notes.length <= 2000 ? notes : ''
  return {
    householdId,
    contactId: id,
    notes: text,
    household: readEarly(scopeLoader(db).household(householdId)),
    stored: readEarly(readStored(db, id)),
    notesOk: readEarly(notesPass(text, openid)),
  }
}

const served = serve(
  serving,
  {
    myHouseholds: (_input, ctx) => myHouseholds(ctx),
    logContact: async (input, ctx) => {
      const early = ctx.early as Prefetched | undefined
      const loader = scopeLoader(ctx.db)
      const scope = await checkScope(contacts.actions.logContact.scope, ctx.scope.grants, input, {
        ...loader,
        household: (id) => (early && id === early.householdId ? early.household : loader.household(id)),
      })
      const read =
        early && input.id === early.contactId && input.notes === early.notes
          ? early
          : { stored: readStored(ctx.db, input.id), notesOk: notesPass(input.notes, ctx.caller.openid) }
      return logContact(input, { ...ctx, scope }, read)
    },
    householdContacts: (input, ctx) => householdContacts(input, ctx),
    confirmVisit: (input, ctx) => confirmVisit(input, ctx),
    updateInfoSheet: (input, ctx) => updateInfoSheet(input, ctx),
    setRiskLevel: (input, ctx) => setRiskLevel(input, ctx),
    rollup: (input, ctx) => rollup(input, ctx),
    recount: (input, ctx) => recountAll(ctx.db, input.fix),
  },
  { early: startEarly },
)

export async function main(event: unknown, context?: unknown): Promise<unknown> {
  if (event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer') {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })
    return snapshotGauges(cloud.database())
  }
  void context
  return served(event as Parameters<typeof served>[0])
}
