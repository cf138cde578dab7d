/**
 * Pairing in the database: plans stored for review and applied in resumable batches, re-pairing when an
 * official leaves, and coverage. The rules themselves are the domain's (domain/planner.ts, coverage.ts).
 *
 * History: a pairing is never deleted. Ending one sets `to` and `endReason`; a new one is a new
 * document (`_id` official:household:from), so applying the same batch twice writes nothing new.
 * The current pairings are denormalised onto `households.officialIds`, which the household card, the
 * official's "my households" and coverage read, and each current official's department onto
 * `households.officialDepartments.<officialId>` ('' for none), which the contacts function reads instead
 * of looking the official up; an official's entry goes when the pairing ends.
 */
import type { ActionContext } from '../_shared/handler'
import { normaliseRegion, reachesOfficial, reachesRegion } from '../_shared/access'
import { AppError } from '../../src/shared/errors'
import { t } from '../../src/shared/i18n'
import type { PlanView } from '../../src/shared/contracts/registry'
import { OPEN_WORK } from '../../src/shared/contracts/registry'
import type { CoverageOfficial, HouseholdGroup } from './domain/coverage'
import { coverageFromGroups, notCounted } from './domain/coverage'
import { aggregate, COUNTY_OF_PATH, GROUPS } from './aggregate'
import { exportParts, partMatch } from './exports'
import type { PlanException, PlannerHousehold, PlannerOfficial } from './domain/planner'
import { plan as runPlanner, reassign as runReassign } from './domain/planner'
import type { Bilingual, Pairing, PairingEndReason } from './domain/types'
import { pairingId } from './domain/types'
import { coll, getById, PAGE, readAll, rows } from '../_shared/db'
import { byIds, EMPTY_NAME, eachLimit, newId, PARALLEL, readRegion, regionNames, today } from './data'
import { BUDGET_MS } from './imports'
import type { HouseholdStoredDoc } from './views'
import { householdRow } from './views'

export const PLANS = 'plans'
export const PLAN_CHUNKS = 'planChunks'
const PLAN_BATCH = 500
const EXCEPTIONS_SHOWN = 100

interface OfficialLite {
  _id: string
  regionPath?: string[]
  active?: boolean
  departmentId?: string
  name?: Bilingual
}
interface HouseholdLite {
  _id: string
  regionPath: string[]
  officialIds?: string[]
  officialDepartments?: Record<string, string>
}

interface PlanOp {
  householdId: string
  add: string[]
  remove: string[]
}

interface PlanDoc {
  _id: string
  region: string
  state: PlanView['state']
  date: string
  keepExisting: boolean
  counts: Omit<
    PlanView,
    'planId' | 'region' | 'state' | 'loads' | 'exceptions' | 'exceptionCount' | 'batchesDone' | 'batches'
  >
  loads: { load: number; officials: number }[]
  exceptions: PlanException[]
  exceptionCount: number
  batches: number
  batchesDone: number
  createdBy: string
  createdAt: Date
}

async function exceptionMessages(ctx: ActionContext, exceptions: PlanException[]): Promise<PlanView['exceptions']> {
  const regions = await regionNames(
    ctx.db,
    exceptions.flatMap((e) => (e.kind === 'noOfficials' || e.kind === 'unbalanced' ? [e.region] : [])),
  )
  const officialIds = exceptions.flatMap((e) => ('officialId' in e ? [e.officialId] : []))
  const officials = await byIds<OfficialLite>(ctx.db, 'officials', officialIds, { name: true })
  const regionName = (code: string) => regions.get(code)?.[ctx.lang] || regions.get(code)?.['zh-Hans'] || code
  const who = (id: string) => {
    const name = officials.get(id)?.name
    return `${name?.[ctx.lang] || name?.['zh-Hans'] || id}: `
  }
  return exceptions.map((e) => {
    switch (e.kind) {
      case 'noOfficials':
        return {
          kind: e.kind,
          message: t(ctx.lang, 'pairing.noOfficials', { region: regionName(e.region), households: e.households }),
        }
      case 'unbalanced':
        return {
          kind: e.kind,
          message: t(ctx.lang, 'pairing.unbalanced', { region: regionName(e.region), spread: e.spread }),
        }
      case 'idleOfficial':
        return { kind: e.kind, message: who(e.officialId) + t(ctx.lang, 'pairing.idleOfficial') }
      case 'sharedHousehold':
        return { kind: e.kind, message: who(e.officialId) + t(ctx.lang, 'pairing.sharedHousehold') }
      case 'overTarget':
        return { kind: e.kind, message: who(e.officialId) + t(ctx.lang, 'pairing.overTarget', { load: e.load }) }
    }
  })
}

async function planView(ctx: ActionContext, doc: PlanDoc): Promise<PlanView> {
  return {
    planId: doc._id,
    region: doc.region,
    state: doc.state,
    ...doc.counts,
    loads: doc.loads,
    exceptions: await exceptionMessages(ctx, doc.exceptions),
    exceptionCount: doc.exceptionCount,
    batches: doc.batches,
    batchesDone: doc.batchesDone,
  }
}

/** aggregations over households in flight at once */
const AGGREGATIONS = 2

/**
 * The region's officials as the planner needs them, in one request: the database groups them by region
 * path (and the paths by county, so the answer is a handful of documents).
 */
async function regionOfficials(ctx: ActionContext, region: string): Promise<OfficialLite[]> {
  const groups = await aggregate<{ g: { p: string[]; i: string[]; a: boolean[] }[] }>(ctx.db, 'officials', [
    { $match: { regionPath: region } },
    { $group: { _id: '$regionPath', i: { $push: '$_id' }, a: { $push: { $ne: ['$active', false] } } } },
    { $group: { _id: COUNTY_OF_PATH('$_id'), g: { $push: { p: '$_id', i: '$i', a: '$a' } } } },
    { $limit: GROUPS },
  ])
  return groups.flatMap((c) =>
    c.g.flatMap((g) => g.i.map((id, n) => ({ _id: id, regionPath: g.p ?? [], active: g.a[n] !== false }))),
  )
}

/**
 * The region's households as the planner needs them (id, region path, current officials): one request
 * per county (or one for a smaller region), the database grouping them by village and the villages by
 * township, so each answer is a few dozen documents of ≈ 1 MB at most.
 */
async function regionHouseholds(ctx: ActionContext, region: string): Promise<HouseholdLite[]> {
  const children = await rows<{ _id: string }>(
    coll(ctx.db, 'regions').where({ parent: region }).field({ _id: true }).limit(PAGE),
  )
  const parts = exportParts(
    region,
    children.map((c) => c._id),
  )
  const out: HouseholdLite[][] = []
  // two at a time: a county's aggregation reads every household of it, and wx-server-sdk gives up on a
  // request after 15 s, queueing included
  await eachLimit(parts, AGGREGATIONS, async (part) => {
    const groups = await aggregate<{ g: { p: string[]; i: string[]; o: string[][] }[] }>(ctx.db, 'households', [
      { $match: partMatch(ctx, part) },
      { $group: { _id: '$regionPath', i: { $push: '$_id' }, o: { $push: { $ifNull: ['$officialIds', []] } } } },
      { $group: { _id: { $arrayElemAt: ['$_id', 2] }, g: { $push: { p: '$_id', i: '$i', o: '$o' } } } },
      { $limit: GROUPS },
    ])
    out.push(
      groups.flatMap((c) =>
        c.g.flatMap((g) => g.i.map((id, n) => ({ _id: id, regionPath: g.p ?? [], officialIds: g.o[n] ?? [] }))),
      ),
    )
  })
  return out.flat()
}

export async function planPairing(
  input: { region: string; keepExisting: boolean },
  ctx: ActionContext,
): Promise<PlanView> {
  const { db } = ctx
  const region = normaliseRegion(input.region)
  const [officialDocs, householdDocs] = await Promise.all([regionOfficials(ctx, region), regionHouseholds(ctx, region)])
  // officials outside the region already paired with its households stay in the picture, so a plan for
  // a township does not end pairings with officials who live in the next one
  const known = new Set(officialDocs.map((o) => o._id))
  const outside = [...new Set(householdDocs.flatMap((h) => h.officialIds ?? []))].filter((id) => !known.has(id))
  const outsideDocs = await byIds<OfficialLite>(db, 'officials', outside, { regionPath: true, active: true })
  const officials: PlannerOfficial[] = [...officialDocs, ...outsideDocs.values()].map((o) => ({
    id: o._id,
    regionPath: o.regionPath ?? [],
    active: o.active !== false,
  }))
  const households: PlannerHousehold[] = householdDocs.map((h) => ({
    id: h._id,
    regionPath: h.regionPath,
    officialIds: h.officialIds ?? [],
  }))
  const result = runPlanner(officials, households, { keepExisting: input.keepExisting })

  const ops = new Map<string, PlanOp>()
  const op = (householdId: string): PlanOp => {
    let found = ops.get(householdId)
    if (!found) ops.set(householdId, (found = { householdId, add: [], remove: [] }))
    return found
  }
  for (const a of result.added) op(a.householdId).add.push(a.officialId)
  for (const r of result.removed) op(r.householdId).remove.push(r.officialId)
  const opList = [...ops.values()].sort((a, b) => (a.householdId < b.householdId ? -1 : 1))

  const histogram = new Map<number, number>()
  for (const load of Object.values(result.loads)) histogram.set(load, (histogram.get(load) ?? 0) + 1)

  const planId = newId('plan')
  const chunks: { _id: string; planId: string; n: number; ops: PlanOp[] }[] = []
  for (let i = 0; i < opList.length; i += PLAN_BATCH) {
    const n = chunks.length
    chunks.push({ _id: `${planId}:${n}`, planId, n, ops: opList.slice(i, i + PLAN_BATCH) })
  }
  for (let i = 0; i < chunks.length; i += 8) await coll(db, PLAN_CHUNKS).add({ data: chunks.slice(i, i + 8) })
  const c = result.counts
  const doc: PlanDoc = {
    _id: planId,
    region,
    state: 'planned',
    date: today(),
    keepExisting: input.keepExisting,
    counts: {
      households: c.households,
      officials: c.officials,
      coveredHouseholds: c.coveredHouseholds,
      coveredOfficials: c.coveredOfficials,
      kept: c.kept,
      added: c.added,
      removed: c.removed,
      byLevel: c.byLevel,
      maxTownshipSpread: c.maxTownshipSpread,
    },
    loads: [...histogram].sort((a, b) => a[0] - b[0]).map(([load, officials]) => ({ load, officials })),
    exceptions: result.exceptions.slice(0, EXCEPTIONS_SHOWN),
    exceptionCount: result.exceptions.length,
    batches: chunks.length,
    batchesDone: 0,
    createdBy: ctx.caller.openid,
    createdAt: new Date(),
  }
  await coll(db, PLANS).add({ data: doc })
  return planView(ctx, doc)
}

async function loadPlan(ctx: ActionContext, planId: string): Promise<PlanDoc> {
  const doc = await getById<PlanDoc>(ctx.db, PLANS, planId)
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  if (!doc) throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN', admin ? 'registry.pairing.notFound' : undefined)
  if (!reachesRegion(ctx.scope.grants, doc.region)) throw new AppError('FORBIDDEN')
  return doc
}

export async function showPlan(input: { planId: string }, ctx: ActionContext): Promise<PlanView> {
  return planView(ctx, await loadPlan(ctx, input.planId))
}

/** Official ids usable as a key of `officialDepartments` (a path segment cannot hold '.' or start with '$'). */
const FIELD_NAME = /^[^.$]+$/

/** The departments of these officials ('' for an official without one or not found). */
async function departmentsOf(ctx: ActionContext, officialIds: Iterable<string>): Promise<Map<string, string>> {
  const found = await byIds<OfficialLite>(ctx.db, 'officials', [...new Set(officialIds)], { departmentId: true })
  const out = new Map<string, string>()
  for (const [id, o] of found) out.set(id, o.departmentId ?? '')
  return out
}

/**
 * The update that gives a household its current officials: `officialIds`, and beside it every current
 * official's department (rewritten whole, so a household paired before the map existed gets it filled) with
 * the entries of officials no longer paired removed.
 */
export function pairedUpdate(
  _: ActionContext['db']['command'],
  before: readonly string[],
  after: readonly string[],
  departments: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const data: Record<string, unknown> = { officialIds: _.set([...after]) }
  for (const id of after) if (FIELD_NAME.test(id)) data[`officialDepartments.${id}`] = departments.get(id) ?? ''
  for (const id of before) {
    if (!after.includes(id) && FIELD_NAME.test(id)) data[`officialDepartments.${id}`] = _.remove()
  }
  return data
}

/**
 * Writes pairing changes for a set of households: new pairings added (existing ids skipped), ended
 * ones closed with a date and reason, and each household's `officialIds` recomputed from what it holds
 * now. Safe to repeat.
 */
async function applyChanges(
  ctx: ActionContext,
  ops: PlanOp[],
  date: string,
  reason: Pairing['reason'],
  endReason: PairingEndReason,
): Promise<void> {
  const { db } = ctx
  const _ = db.command
  const wanted: Pairing[] = ops.flatMap((o) =>
    o.add.map((officialId) => ({
      _id: pairingId(officialId, o.householdId, date),
      officialId,
      householdId: o.householdId,
      from: date,
      to: null,
      reason,
      endReason: null,
    })),
  )
  const existing = await byIds<{ _id: string }>(
    db,
    'pairings',
    wanted.map((p) => p._id),
    { _id: true },
  )
  const fresh = wanted.filter((p) => !existing.has(p._id))
  for (let i = 0; i < fresh.length; i += PAGE) await coll(db, 'pairings').add({ data: fresh.slice(i, i + PAGE) })
  const current = await byIds<HouseholdLite>(
    db,
    'households',
    ops.map((o) => o.householdId),
    { officialIds: true, officialDepartments: true },
  )
  const changes = ops.map((o) => {
    const before = current.get(o.householdId)?.officialIds ?? []
    const after = [...before.filter((id) => !o.remove.includes(id))]
    for (const id of o.add) if (!after.includes(id)) after.push(id)
    return { o, before, after }
  })
  const departments = await departmentsOf(
    ctx,
    changes.flatMap((c) => c.after),
  )
  await eachLimit(changes, PARALLEL, async ({ o, before, after }) => {
    for (const officialId of o.remove) {
      await coll(db, 'pairings')
        .where({ officialId, householdId: o.householdId, to: null })
        .update({ data: { to: date, endReason } })
    }
    const known = current.get(o.householdId)?.officialDepartments ?? {}
    const listed = after.every((id) => !FIELD_NAME.test(id) || known[id] === (departments.get(id) ?? ''))
    const gone = before.some((id) => !after.includes(id) && id in known)
    if (after.length !== before.length || after.some((id, i) => id !== before[i]) || !listed || gone) {
      await coll(db, 'households')
        .doc(o.householdId)
        .update({ data: pairedUpdate(_, before, after, departments) })
    }
  })
}

export async function confirmPlan(
  input: { planId: string; maxBatches?: number },
  ctx: ActionContext,
): Promise<PlanView> {
  const { db } = ctx
  let doc = await loadPlan(ctx, input.planId)
  if (doc.state === 'planned') {
    await coll(db, PLANS)
      .where({ _id: doc._id, state: 'planned' })
      .update({ data: { state: 'confirming' } })
    doc = { ...doc, state: 'confirming' }
  }
  const deadline = Date.now() + BUDGET_MS
  let ran = 0
  while (doc.batchesDone < doc.batches && ran < (input.maxBatches ?? Infinity) && Date.now() < deadline) {
    const n = doc.batchesDone
    const chunk = await getById<{ ops: PlanOp[] }>(db, PLAN_CHUNKS, `${doc._id}:${n}`)
    if (chunk) await applyChanges(ctx, chunk.ops, doc.date, 'plan', 'replan')
    const done = n + 1 === doc.batches
    const res = (await coll(db, PLANS)
      .where({ _id: doc._id, batchesDone: n })
      .update({ data: { batchesDone: n + 1, ...(done ? { state: 'done' } : {}) } })) as { stats?: { updated?: number } }
    if ((res.stats?.updated ?? 0) !== 1) break
    doc = { ...doc, batchesDone: n + 1, state: done ? 'done' : doc.state }
    ran++
  }
  if (doc.batches === 0 && doc.state !== 'done') {
    await coll(db, PLANS)
      .doc(doc._id)
      .update({ data: { state: 'done' } })
    doc = { ...doc, state: 'done' }
  }
  return planView(ctx, (await getById<PlanDoc>(db, PLANS, doc._id)) ?? doc)
}

// ---------------------------------------------------------------------------------------------------
// Re-pairing

export async function reassignOfficial(
  input: { officialId: string; endReason: PairingEndReason; toOfficialId?: string; keepActive: boolean; date?: string },
  ctx: ActionContext,
) {
  const { db } = ctx
  const _ = db.command
  const date = input.date ?? today()
  const leaving = await getById<OfficialLite>(db, 'officials', input.officialId)
  if (!leaving) throw new AppError('NOT_FOUND')
  if (input.toOfficialId !== undefined) {
    if (input.toOfficialId === input.officialId)
      throw new AppError('INVALID_ARGUMENT', 'registry.reassign.sameOfficial')
    const target = await getById<OfficialLite>(db, 'officials', input.toOfficialId)
    if (!target) throw new AppError(ctx.scope.grants.some((g) => g.role === 'admin') ? 'NOT_FOUND' : 'FORBIDDEN')
    if (!reachesOfficial(ctx.scope.grants, { ...target, regionPath: target.regionPath ?? [] }))
      throw new AppError('FORBIDDEN')
    if (target.active === false) throw new AppError('INVALID_ARGUMENT', 'registry.reassign.notActive')
  }

  const open = await readAll<Pairing>(db, 'pairings', { officialId: input.officialId, to: null })
  const paired = await readAll<HouseholdLite>(
    db,
    'households',
    { officialIds: input.officialId },
    {
      regionPath: true,
      officialIds: true,
    },
  )
  // a household listing the official without a pairing record (data from before history was kept) gets
  // one, so ending it leaves a trace too
  const recorded = new Set(open.map((p) => p.householdId))
  for (const h of paired) {
    if (!recorded.has(h._id))
      open.push({
        _id: pairingId(input.officialId, h._id, 'unrecorded'),
        officialId: input.officialId,
        householdId: h._id,
        from: 'unrecorded',
        to: null,
        reason: 'manual',
        endReason: null,
      })
  }
  const households = await byIds<HouseholdLite>(
    db,
    'households',
    open.map((p) => p.householdId),
    {
      regionPath: true,
      officialIds: true,
    },
  )

  // successors come from the leaving official's county; loads are counted over that county
  const county = (leaving.regionPath ?? [])[1] ?? (leaving.regionPath ?? [])[0] ?? ''
  let candidates: OfficialLite[] = []
  const loads: Record<string, number> = {}
  if (input.toOfficialId === undefined && county) {
    const [officials, countyHouseholds] = await Promise.all([
      readRegion<OfficialLite>(db, 'officials', county, { regionPath: true, active: true }),
      readRegion<HouseholdLite>(db, 'households', county, { officialIds: true }),
    ])
    candidates = officials
    for (const h of countyHouseholds) for (const id of h.officialIds ?? []) loads[id] = (loads[id] ?? 0) + 1
  } else if (input.toOfficialId !== undefined) {
    candidates = [
      ...(
        await byIds<OfficialLite>(db, 'officials', [input.toOfficialId], { regionPath: true, active: true })
      ).values(),
    ]
  }

  const result = runReassign({
    leavingOfficialId: input.officialId,
    pairings: open,
    households: [...households.values()].map((h) => ({
      id: h._id,
      regionPath: h.regionPath,
      officialIds: h.officialIds ?? [],
    })),
    officials: candidates.map((o) => ({ id: o._id, regionPath: o.regionPath ?? [], active: o.active !== false })),
    loads,
    date,
    endReason: input.endReason,
    ...(input.toOfficialId !== undefined ? { toOfficialId: input.toOfficialId } : {}),
  })

  // closed pairings keep their document: `set` writes the ended record whether or not it existed
  await eachLimit(result.closed, PARALLEL, async (p) => {
    const { _id, ...rest } = p
    await coll(db, 'pairings').doc(_id).set({ data: rest })
  })
  const openedIds = await byIds<{ _id: string }>(
    db,
    'pairings',
    result.opened.map((p) => p._id),
    { _id: true },
  )
  const fresh = result.opened.filter((p) => !openedIds.has(p._id))
  if (fresh.length > 0) await coll(db, 'pairings').add({ data: fresh })
  const departments = await departmentsOf(
    ctx,
    result.households.flatMap((h) => h.officialIds),
  )
  await eachLimit(result.households, PARALLEL, async (h) => {
    const before = households.get(h.id)?.officialIds ?? [input.officialId]
    await coll(db, 'households')
      .doc(h.id)
      .update({ data: pairedUpdate(_, before, h.officialIds, departments) })
  })
  if (!input.keepActive && input.endReason !== 'manual') {
    await coll(db, 'officials')
      .doc(input.officialId)
      .update({ data: { active: false, endReason: input.endReason, endedAt: date } })
  }

  // the leaving official's open work on each household goes to the official who takes the household over:
  // the successor, else (the chosen one was already paired with it) the one asked for, else the first
  // official the household still has; with nobody left it stays (the household is listed as unassigned)
  const successor = new Map(result.moves.map((m) => [m.householdId, m.to]))
  const heirs = new Map<string, string[]>()
  for (const h of result.households) {
    const to =
      successor.get(h.id) ??
      (input.toOfficialId !== undefined && h.officialIds.includes(input.toOfficialId)
        ? input.toOfficialId
        : h.officialIds[0])
    if (to === undefined) continue
    const list = heirs.get(to)
    if (list) list.push(h.id)
    else heirs.set(to, [h.id])
  }
  const movedRequests = await moveOpenWork(ctx, input.officialId, heirs, date)

  const names = await byIds<OfficialLite>(
    db,
    'officials',
    result.moves.map((m) => m.to),
    { name: true },
  )
  return {
    closed: result.closed.length,
    opened: result.opened.length,
    moves: result.moves.map((m) => ({
      householdId: m.householdId,
      to: m.to,
      toName: names.get(m.to)?.name ?? EMPTY_NAME,
    })),
    unassigned: result.unassigned,
    movedRequests,
  }
}

/** CloudBase's answer for a collection that was never created (wx-server-sdk errCode -502005). */
function missingCollection(error: unknown): boolean {
  const e = error as { errCode?: number; message?: string } | undefined
  return e?.errCode === -502005 || /DATABASE_COLLECTION_NOT_EXIST/.test(String(e?.message ?? error))
}

/**
 * Hands the leaving official's open work over: in each OPEN_WORK collection, the documents held by
 * `from` (`officialId`), for one of the given households, still `open: true`, go to that household's heir
 * (one update per heir and collection, 1,000 households at a time). Returns how many documents moved.
 * A collection not created yet (its feature has stored nothing) holds nothing to move.
 */
async function moveOpenWork(
  ctx: ActionContext,
  from: string,
  heirs: ReadonlyMap<string, string[]>,
  date: string,
): Promise<number> {
  const _ = ctx.db.command
  const jobs: { collection: string; to: string; householdIds: string[] }[] = []
  for (const collection of OPEN_WORK) {
    for (const [to, householdIds] of heirs) {
      for (let i = 0; i < householdIds.length; i += PAGE)
        jobs.push({ collection, to, householdIds: householdIds.slice(i, i + PAGE) })
    }
  }
  const missing = new Set<string>()
  let moved = 0
  await eachLimit(jobs, PARALLEL, async (job) => {
    if (missing.has(job.collection)) return
    try {
      const res = (await coll(ctx.db, job.collection)
        .where({ officialId: from, householdId: _.in(job.householdIds), open: true })
        .update({ data: { officialId: job.to, reassignedFrom: from, reassignedAt: date } })) as {
        stats?: { updated?: number }
      }
      moved += res.stats?.updated ?? 0
    } catch (error) {
      if (!missingCollection(error)) throw error
      missing.add(job.collection)
    }
  })
  return moved
}

// ---------------------------------------------------------------------------------------------------
// Coverage

const LIST_SHOWN = 20

/** The first unpaired households of the region by id: listing nobody, or only officials in `ignored`. */
async function firstUnpaired(ctx: ActionContext, region: string, ignored: readonly string[]) {
  const listed = { $ifNull: ['$officialIds', []] }
  const counted =
    ignored.length === 0
      ? { $size: listed }
      : { $size: { $filter: { input: listed, as: 'o', cond: { $not: [{ $in: ['$$o', [...ignored]] }] } } } }
  return aggregate<HouseholdStoredDoc>(ctx.db, 'households', [
    { $match: { regionPath: region } },
    { $addFields: { counted_: counted } },
    { $match: { counted_: 0 } },
    { $sort: { _id: 1 } },
    { $limit: LIST_SHOWN },
    { $project: { counted_: 0 } },
  ])
}

/**
 * The region's households counted by region path and list of officials: one aggregation per county (two
 * at a time), grouped by village and the villages by township, so each answer stays small.
 */
async function householdLists(ctx: ActionContext, region: string) {
  const children = await rows<{ _id: string }>(
    coll(ctx.db, 'regions').where({ parent: region }).field({ _id: true }).limit(PAGE),
  )
  const parts = exportParts(
    region,
    children.map((c) => c._id),
  )
  const out: { p: string[]; l: { o: string[]; n: number }[] }[][] = []
  await eachLimit(parts, AGGREGATIONS, async (part) => {
    const groups = await aggregate<{ g: { p: string[]; l: { o: string[]; n: number }[] }[] }>(ctx.db, 'households', [
      { $match: partMatch(ctx, part) },
      { $project: { _id: 0, p: '$regionPath', o: { $ifNull: ['$officialIds', []] } } },
      { $group: { _id: { p: '$p', o: '$o' }, n: { $sum: 1 } } },
      { $group: { _id: '$_id.p', l: { $push: { o: '$_id.o', n: '$n' } } } },
      { $group: { _id: { $arrayElemAt: ['$_id', 2] }, g: { $push: { p: '$_id', l: '$l' } } } },
      { $limit: GROUPS },
    ])
    out.push(groups.flatMap((c) => c.g))
  })
  return out.flat()
}

/**
 * Coverage of a region of any size in a few database requests. One pass over the region's households (a county per request):
 * the database counts them by region path and list of officials (officials serve households of one
 * village, so a village holds a few hundred distinct lists at most), grouped by village and the
 * villages by county. One over its officials, grouped by region path. From these, the function knows
 * every official's load, every village's unpaired households and the households listing two officials
 * or more (`coverageFromGroups`). Only when households are unpaired are the first of them asked for.
 * Listings of officials who are not active officials of the region are not pairings.
 */
export async function coverageOf(input: { region: string }, ctx: ActionContext) {
  const { db } = ctx
  const region = normaliseRegion(input.region)
  const [officialGroups, listGroups] = await Promise.all([
    aggregate<{ g: { p: string[]; i: string[]; d: string[]; a: boolean[] }[] }>(db, 'officials', [
      { $match: { regionPath: region } },
      {
        $group: {
          _id: '$regionPath',
          i: { $push: '$_id' },
          d: { $push: { $ifNull: ['$departmentId', ''] } },
          a: { $push: { $ne: ['$active', false] } },
        },
      },
      { $group: { _id: COUNTY_OF_PATH('$_id'), g: { $push: { p: '$_id', i: '$i', d: '$d', a: '$a' } } } },
      { $limit: GROUPS },
    ]),
    householdLists(ctx, region),
  ])
  const officials: CoverageOfficial[] = officialGroups.flatMap((c) =>
    c.g.flatMap((g) =>
      g.i.map((id, n) => ({ id, regionPath: g.p ?? [], departmentId: g.d[n] ?? '', active: g.a[n] !== false })),
    ),
  )
  const lists = listGroups
  const loads = new Map<string, number>()
  for (const g of lists) for (const l of g.l) for (const id of l.o) loads.set(id, (loads.get(id) ?? 0) + l.n)
  const ignored = new Set(notCounted(officials, loads.keys()))
  const shared: string[][] = []
  const households: HouseholdGroup[] = lists.map((g) => {
    const group = { regionPath: g.p ?? [], households: 0, unpaired: 0, pairings: 0 }
    for (const l of g.l) {
      const counted = l.o.filter((id) => !ignored.has(id)).length
      group.households += l.n
      group.pairings += counted * l.n
      if (counted === 0) group.unpaired += l.n
      if (l.o.length >= 2) for (let i = 0; i < l.n; i++) shared.push(l.o)
    }
    return group
  })
  const unpaired = households.reduce((n, g) => n + g.unpaired, 0)
  const unpairedDocs = unpaired > 0 ? await firstUnpaired(ctx, region, [...ignored]) : []
  const result = coverageFromGroups(
    {
      officials,
      loads,
      households,
      shared,
      unpairedHouseholdIds: unpairedDocs.map((h) => h._id),
    },
    { listLimit: LIST_SHOWN },
  )
  const departmentIds = Object.keys(result.byDepartment)
  const [children, departments, regionName, named] = await Promise.all([
    rows<{ _id: string; name: Bilingual }>(
      coll(db, 'regions').where({ parent: region }).field({ name: true }).limit(PAGE),
    ),
    byIds<{ _id: string; name: Bilingual }>(db, 'departments', departmentIds, { name: true }),
    regionNames(db, [region]).then((names) => names.get(region) ?? EMPTY_NAME),
    byIds<OfficialLite>(db, 'officials', [...result.overOfficialIds, ...result.underOfficialIds], { name: true }),
  ])
  const row = (key: string, name: Bilingual, r = result.total) => ({
    key,
    name,
    households: r.households,
    unpairedHouseholds: r.unpairedHouseholds,
    officials: r.officials,
    officialsUnder: r.officialsUnder,
    officialsOver: r.officialsOver,
  })
  const empty = { households: 0, unpairedHouseholds: 0, officials: 0, officialsUnder: 0, officialsOver: 0, pairings: 0 }
  const person = (id: string) => ({ id, name: named.get(id)?.name ?? EMPTY_NAME, load: loads.get(id) ?? 0 })
  return {
    minLoad: result.minLoad,
    maxLoad: result.maxLoad,
    total: row(region, regionName),
    byRegion: children
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((c) => row(c._id, c.name, result.byRegion[c._id] ?? empty)),
    byDepartment: departmentIds
      .sort()
      .map((id) => row(id, departments.get(id)?.name ?? EMPTY_NAME, result.byDepartment[id] ?? empty)),
    unpairedHouseholds: unpairedDocs.map(householdRow),
    overOfficials: result.overOfficialIds.map(person),
    underOfficials: result.underOfficialIds.map(person),
  }
}
