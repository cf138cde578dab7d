/**
 * Pairing plans: planned for a region and stored for review, then applied in resumable batches. The rules
 * are the planner's (domain/planner.ts); re-pairing when one official leaves is repairing.ts, coverage
 * coverage.ts.
 *
 * History: a pairing is never deleted. Ending one sets `to` and `endReason`; a new one is a new
 * document (`_id` official:household:from), so applying the same batch twice writes nothing new.
 * The current pairings are denormalised onto `households.officialIds`, which the household card, the
 * official's "my households" and coverage read, and each current official's department onto
 * `households.officialDepartments.<officialId>` ('' for none), which the contacts function reads instead
 * of looking the official up; an official's entry goes when the pairing ends.
 *
 * Applying a plan re-checks each household against the plan's region (a household may have moved since
 * the plan was made): one outside is left alone and counted (`outsideRegion`). Each confirming call that
 * applies batches writes one audit record with its counts.
 */
import type { Pairing, PairingEndReason, Plan, PlanChunk, PlanException, PlanOp } from '@config/documents'
import { pairingId } from '@config/documents'
import { EMPTY_BILINGUAL, pick } from '@shared/bilingual'
import type { PlanChange, PlanView } from '@shared/contracts/registry'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { maskPhone } from '@shared/mask'
import { normaliseRegion, pathCovered } from '@shared/region'
import { chinaDay, now, type Day } from '@shared/time'
import { reachesOfficial, reachesRegion } from '@fn/access'
import { collection, PAGE } from '@fn/db'
import { FigureChanges, keepFigures } from '@fn/figures'
import type { ActionContext } from '@fn/handler'
import type { PlannerHousehold, PlannerOfficial } from './domain/planner'
import { officialsAfter, pairingStale } from './domain/pairings'
import { loadHistogram, plan as runPlanner, planOps } from './domain/planner'
import { aggregate, AGGREGATIONS, COUNTY_OF_PATH, GROUPS, partMatch, partsOf } from './aggregate'
import {
  BUDGET_MS,
  byIds,
  departmentsOf,
  eachLimit,
  HOUSEHOLD_FACTS,
  householdStands,
  newId,
  PARALLEL,
  pairedFacts,
  pairedUpdate,
  regionNames,
  writeWhileUnchanged,
} from './data'
import { auditPairing, reachesHousehold } from './reach'

const PLAN_BATCH = 500
const EXCEPTIONS_SHOWN = 100
/** plan chunks inserted per request */
const CHUNKS_PER_INSERT = 8

async function exceptionMessages(ctx: ActionContext, exceptions: PlanException[]): Promise<PlanView['exceptions']> {
  const regions = await regionNames(
    ctx.db,
    exceptions.flatMap((e) => (e.kind === 'noOfficials' || e.kind === 'unbalanced' ? [e.region] : [])),
  )
  const officialIds = exceptions.flatMap((e) => ('officialId' in e ? [e.officialId] : []))
  const officials = await byIds(ctx.db, 'officials', officialIds, ['name'])
  const regionName = (code: string) => pick(regions.get(code), ctx.lang) || code
  const who = (id: string) => `${pick(officials.get(id)?.name, ctx.lang) || id}: `
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

async function planView(ctx: ActionContext, doc: Plan): Promise<PlanView> {
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
    outsideRegion: doc.outsideRegion ?? 0,
  }
}

/**
 * The region's officials as the planner needs them, in one request: the database groups them by region
 * path (and the paths by county, so the answer is a handful of documents).
 */
async function regionOfficials(ctx: ActionContext, region: string): Promise<PlannerOfficial[]> {
  const groups = await aggregate<{ g: { p: string[]; i: string[]; a: boolean[] }[] }>(ctx.db, 'officials', [
    { $match: { regionPath: region } },
    { $group: { _id: '$regionPath', i: { $push: '$_id' }, a: { $push: { $ne: ['$active', false] } } } },
    { $group: { _id: COUNTY_OF_PATH('$_id'), g: { $push: { p: '$_id', i: '$i', a: '$a' } } } },
    { $limit: GROUPS },
  ])
  return groups.flatMap((c) =>
    c.g.flatMap((g) => g.i.map((id, n) => ({ id, regionPath: g.p ?? [], active: g.a[n] !== false }))),
  )
}

/**
 * The region's households as the planner needs them (id, region path, current officials): one request
 * per county (or one for a smaller region), the database grouping them by village and the villages by
 * township, so each answer is a few dozen documents of ≈ 1 MB at most.
 */
async function regionHouseholds(ctx: ActionContext, region: string): Promise<PlannerHousehold[]> {
  const out: PlannerHousehold[][] = []
  await eachLimit(await partsOf(ctx.db, region), AGGREGATIONS, async (part) => {
    const groups = await aggregate<{ g: { p: string[]; i: string[]; o: string[][] }[] }>(ctx.db, 'households', [
      { $match: partMatch(ctx.db, part) },
      { $group: { _id: '$regionPath', i: { $push: '$_id' }, o: { $push: { $ifNull: ['$officialIds', []] } } } },
      { $group: { _id: { $arrayElemAt: ['$_id', 2] }, g: { $push: { p: '$_id', i: '$i', o: '$o' } } } },
      { $limit: GROUPS },
    ])
    out.push(
      groups.flatMap((c) =>
        c.g.flatMap((g) => g.i.map((id, n) => ({ id, regionPath: g.p ?? [], officialIds: g.o[n] ?? [] }))),
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
  const [inRegion, households] = await Promise.all([regionOfficials(ctx, region), regionHouseholds(ctx, region)])
  // officials outside the region already paired with its households stay in the picture, so a plan for
  // a township does not end pairings with officials who live in the next one. One the caller does not
  // reach (another county's, for a county office) is left out while active: the planner then keeps their
  // pairings and gives them nothing new; an inactive one is given, so their pairings end.
  const known = new Set(inRegion.map((o) => o.id))
  const outside = [...new Set(households.flatMap((h) => h.officialIds ?? []))].filter((id) => !known.has(id))
  const outsideDocs = await byIds(db, 'officials', outside, ['regionPath', 'departmentId', 'active'])
  const officials: PlannerOfficial[] = [
    ...inRegion,
    ...[...outsideDocs.values()]
      .filter((o) => o.active === false || reachesOfficial(ctx.scope.grants, o))
      .map((o) => ({ id: o._id, regionPath: o.regionPath, active: o.active })),
  ]
  const result = runPlanner(officials, households, { keepExisting: input.keepExisting })

  const opList = planOps(result)

  const planId = newId('plan')
  const chunks: PlanChunk[] = []
  for (let i = 0; i < opList.length; i += PLAN_BATCH) {
    const n = chunks.length
    chunks.push({ _id: `${planId}:${n}`, planId, n, ops: opList.slice(i, i + PLAN_BATCH) })
  }
  for (let i = 0; i < chunks.length; i += CHUNKS_PER_INSERT)
    await collection(db, 'planChunks').addMany(chunks.slice(i, i + CHUNKS_PER_INSERT))
  const doc: Plan = {
    _id: planId,
    region,
    state: 'planned',
    date: chinaDay(),
    keepExisting: input.keepExisting,
    counts: result.counts,
    loads: loadHistogram(result.loads),
    exceptions: result.exceptions.slice(0, EXCEPTIONS_SHOWN),
    exceptionCount: result.exceptions.length,
    batches: chunks.length,
    batchesDone: 0,
    createdBy: ctx.caller.openid,
    createdAt: now(),
  }
  await collection(db, 'plans').add(doc)
  return planView(ctx, doc)
}

async function loadPlan(ctx: ActionContext, planId: string): Promise<Plan> {
  const doc = await collection(ctx.db, 'plans').get(planId)
  const admin = ctx.scope.grants.some((g) => g.role === 'admin')
  if (!doc) throw new AppError(admin ? 'NOT_FOUND' : 'FORBIDDEN', admin ? 'registry.pairing.notFound' : undefined)
  if (!reachesRegion(ctx.scope.grants, doc.region)) throw new AppError('FORBIDDEN')
  return doc
}

/**
 * A page of what a plan changes: each household's head, village and masked phone, and the officials whose
 * pairing with it begins or ends, by name. The changes are stored in chunks of PLAN_BATCH households, so
 * a page reads the one or two chunks it spans, and the last chunk says how many households there are.
 */
export async function planChanges(
  input: { planId: string; offset: number; limit: number },
  ctx: ActionContext,
): Promise<{ changes: PlanChange[]; total: number; more: boolean }> {
  const doc = await loadPlan(ctx, input.planId)
  if (doc.batches === 0) return { changes: [], total: 0, more: false }
  const _ = ctx.db.command
  const first = Math.floor(input.offset / PLAN_BATCH)
  const last = Math.min(Math.floor((input.offset + input.limit - 1) / PLAN_BATCH), doc.batches - 1)
  const wanted = [...new Set([...Array.from({ length: last - first + 1 }, (_x, i) => first + i), doc.batches - 1])]
  const chunks = await collection(ctx.db, 'planChunks').find(
    { _id: _.in(wanted.map((n) => `${doc._id}:${n}`)) },
    { fields: ['n', 'ops'] },
  )
  const byN = new Map(chunks.map((c) => [c.n, c.ops]))
  const total = (doc.batches - 1) * PLAN_BATCH + (byN.get(doc.batches - 1)?.length ?? 0)
  const skip = input.offset - first * PLAN_BATCH
  const ops = Array.from({ length: last - first + 1 }, (_x, i) => byN.get(first + i) ?? [])
    .flat()
    .slice(skip, skip + input.limit)
  const households = await byIds(
    ctx.db,
    'households',
    ops.map((o) => o.householdId),
    ['head', 'phone', 'regionPath', 'villageCode'],
  )
  // a household moved out of the caller's reach since the plan was made is not shown (applying leaves it alone)
  const shown = ops.filter((o) => reachesHousehold(ctx.scope.grants, households.get(o.householdId)))
  const [officials, villages] = await Promise.all([
    byIds(
      ctx.db,
      'officials',
      shown.flatMap((o) => [...o.add, ...o.remove]),
      ['name'],
    ),
    regionNames(
      ctx.db,
      shown.map((o) => households.get(o.householdId)?.villageCode ?? ''),
    ),
  ])
  const named = (id: string) => ({ id, name: officials.get(id)?.name ?? EMPTY_BILINGUAL })
  return {
    changes: shown.map((o) => {
      const h = households.get(o.householdId)
      return {
        householdId: o.householdId,
        headName: h?.head.name ?? EMPTY_BILINGUAL,
        phoneMasked: maskPhone(h?.phone ?? ''),
        village: villages.get(h?.villageCode ?? '') ?? EMPTY_BILINGUAL,
        begin: o.add.map(named),
        end: o.remove.map(named),
      }
    }),
    total,
    more: input.offset + ops.length < total,
  }
}

export async function showPlan(input: { planId: string }, ctx: ActionContext): Promise<PlanView> {
  return planView(ctx, await loadPlan(ctx, input.planId))
}

/** What applying one batch did: pairings opened and ended, and households left alone because they lie
 * outside the plan's region now (moved since it was planned) or are not found. */
interface Applied {
  added: number
  ended: number
  outside: number
}

/**
 * Writes pairing changes for a set of households in `region`: new pairings added (existing ids skipped),
 * ended ones closed with a date and reason, and each household's `officialIds` recomputed from what it
 * holds now. A household no longer in `region` (or not reached by the caller) is left alone. Safe to repeat.
 */
async function applyChanges(
  ctx: ActionContext,
  region: string,
  ops: readonly PlanOp[],
  date: Day,
  reason: Pairing['reason'],
  endReason: PairingEndReason,
): Promise<Applied> {
  const { db } = ctx
  const _ = db.command
  const pairings = collection(db, 'pairings')
  const wantedFor = (list: readonly PlanOp[]): Pairing[] =>
    list.flatMap((o) =>
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
  const [current, existing] = await Promise.all([
    byIds(
      db,
      'households',
      ops.map((o) => o.householdId),
      HOUSEHOLD_FACTS,
    ),
    byIds(
      db,
      'pairings',
      wantedFor(ops).map((p) => p._id),
      ['_id'],
    ),
  ])
  const inside = ops.filter((o) => {
    const h = current.get(o.householdId)
    return h !== undefined && pathCovered(region, h.regionPath) && reachesHousehold(ctx.scope.grants, h)
  })
  const fresh = wantedFor(inside).filter((p) => !existing.has(p._id))
  for (let i = 0; i < fresh.length; i += PAGE) await pairings.addMany(fresh.slice(i, i + PAGE))
  const changes = inside.map((o) => {
    const before = current.get(o.householdId)?.officialIds ?? []
    return { o, before, after: officialsAfter(before, o) }
  })
  const departments = await departmentsOf(
    db,
    changes.flatMap((c) => c.after),
  )
  let ended = 0
  const figures = new FigureChanges()
  const households = collection(db, 'households')
  await eachLimit(changes, PARALLEL, async ({ o, before, after }) => {
    for (const officialId of o.remove) {
      // awaited first: `ended += await …` reads `ended` before the wait and loses the changes beside it
      const n = await pairings.updateWhere(
        { officialId, householdId: o.householdId, to: null },
        { to: date, endReason },
      )
      ended += n
    }
    const stored = current.get(o.householdId)!
    if (pairingStale(before, after, stored.officialDepartments ?? {}, departments)) {
      const was = await writeWhileUnchanged(
        _,
        stored,
        householdStands,
        (filter) => households.updateWhere(filter, pairedUpdate(_, before, after, departments)),
        () => households.get(o.householdId, HOUSEHOLD_FACTS),
      )
      if (was) figures.household(was, pairedFacts(was, before, after, departments))
    }
  })
  await keepFigures(db, figures)
  return { added: fresh.length, ended, outside: ops.length - inside.length }
}

export async function confirmPlan(
  input: { planId: string; maxBatches?: number | undefined },
  ctx: ActionContext,
): Promise<PlanView> {
  const plans = collection(ctx.db, 'plans')
  let doc = await loadPlan(ctx, input.planId)
  if (doc.state === 'planned') {
    await plans.updateWhere({ _id: doc._id, state: 'planned' }, { state: 'confirming' })
    doc = { ...doc, state: 'confirming' }
  }
  const deadline = Date.now() + BUDGET_MS
  const first = doc.batchesDone
  const total: Applied = { added: 0, ended: 0, outside: 0 }
  let ran = 0
  while (doc.batchesDone < doc.batches && ran < (input.maxBatches ?? Infinity) && Date.now() < deadline) {
    const n = doc.batchesDone
    const chunk = await collection(ctx.db, 'planChunks').get(`${doc._id}:${n}`, ['ops'])
    const applied = chunk
      ? await applyChanges(ctx, doc.region, chunk.ops, doc.date, 'plan', 'replan')
      : { added: 0, ended: 0, outside: 0 }
    const done = n + 1 === doc.batches
    // only the call that moves `batchesDone` on from n counts the batch: a second call racing it stops
    const updated = await plans.updateWhere(
      { _id: doc._id, batchesDone: n },
      {
        batchesDone: n + 1,
        ...(applied.outside ? { outsideRegion: ctx.db.command.inc(applied.outside) } : {}),
        ...(done ? { state: 'done' } : {}),
      },
    )
    if (updated !== 1) break
    total.added += applied.added
    total.ended += applied.ended
    total.outside += applied.outside
    doc = { ...doc, batchesDone: n + 1, state: done ? 'done' : doc.state }
    ran++
  }
  if (ran > 0) {
    await auditPairing(ctx, doc._id, doc.region, {
      batches: `${first + 1}-${first + ran}/${doc.batches}`,
      opened: total.added,
      closed: total.ended,
      outside: total.outside,
    })
  }
  if (doc.batches === 0 && doc.state !== 'done') {
    await plans.update(doc._id, { state: 'done' })
    doc = { ...doc, state: 'done' }
  }
  return planView(ctx, (await plans.get(doc._id)) ?? doc)
}
