/**
 * Opportunities for members: departments (human resources, education) and offices publish recruitment and
 * enrolment outside the prefecture; a paired official, at the household's page, recommends an open one to
 * a member of the household; whoever learns what became of it (the official, an office over the household)
 * records the outcome — never asked for, never reminded. Each recommendation and outcome moves the counters
 * of every region on the household's path at once (`opportunityCounts`: all time, and by the China month and
 * quarter it happened in), which the office's counts and the dashboard's home read and the recommendations
 * themselves recount.
 *
 * Round trips (∥ = sent together):
 * - saveOpportunity: caller → the department (when it names one) ∥ the stored opportunity → the write.
 * - householdOpportunities: caller ∥ the household → open opportunities ∥ its recommendations.
 * - recommend: caller ∥ the household → the opportunity → the insert → the counters ∥ the opportunity's count.
 * - recordOutcome: caller ∥ the household → the recommendation → the conditional update → the counters.
 * - opportunityCounts: caller → the region's children ∥ their counters.
 */
import type {
  ExchangeActor,
  Opportunity,
  OpportunityCounters,
  OpportunityCounts,
  Recommendation,
} from '@config/documents'
import { isAdmin, officeRegions, reachesDepartment } from '@fn/access'
import type { Db } from '@fn/db'
import { PAGE, collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import type {
  OpportunityInput,
  OpportunityItem,
  OpportunityOutcome,
  RecommendationItem,
} from '@shared/contracts/exchange'
import { OPPORTUNITIES_PAGE } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { covers, normaliseRegion, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'
import { chinaDay, now, periodsOf } from '@shared/time'
import { countsId, emptyCounters, isOpen, outcomeChange, visibleAt } from './domain/opportunities'

/** opportunities a household's page offers at once: the soonest deadlines first */
const OPEN_MAX = 50
const RECOMMENDATIONS_MAX = 100

function itemOf(doc: Opportunity, caller: ExchangeActor | undefined): OpportunityItem {
  return {
    id: doc._id,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    place: doc.place,
    deadline: doc.deadline,
    region: doc.region,
    mine: !!caller && caller.role === doc.publisher.role && caller.id === doc.publisher.id,
    recommended: doc.recommended,
    createdAt: doc.createdAt,
  }
}

/** The publisher the caller acts as and the region it publishes for: the department it names (its own staff)
 * for the department's own region, else its office for the region named (its own when none is). */
async function publisherFor(
  ctx: ActionContext,
  input: OpportunityInput,
): Promise<{ by: ExchangeActor; region: string }> {
  const openid = ctx.caller.openid
  const asked = input.region ? normaliseRegion(input.region) : undefined
  if (input.departmentId) {
    const department = await collection(ctx.db, 'departments').get(input.departmentId, ['regionPath'])
    const staff = ctx.scope.grants.some((g) => g.role === 'department' && g.departmentId === input.departmentId)
    if (!department || !(staff || isAdmin(ctx.scope.grants)) || !reachesDepartment(ctx.scope.grants, department))
      throw new AppError('FORBIDDEN', 'exchange.opportunities.notYourDepartment')
    // a department publishes for where it works: the prefecture's, or its county
    const own = department.regionPath[department.regionPath.length - 1]
    if (!own || (asked && asked !== own)) throw new AppError('FORBIDDEN', 'exchange.opportunities.elsewhere')
    return { by: { openid, role: 'department', id: input.departmentId }, region: own }
  }
  const offices = officeRegions(ctx.scope.grants)
  const office = asked ? offices.find((r) => covers(r, asked)) : offices[0]
  if (office) return { by: { openid, role: 'office', id: office }, region: asked ?? office }
  if (isAdmin(ctx.scope.grants) && asked) return { by: { openid, role: 'admin', id: openid }, region: asked }
  throw new AppError('FORBIDDEN', 'exchange.opportunities.elsewhere')
}

export async function saveOpportunity(input: OpportunityInput, ctx: ActionContext) {
  const { by: publisher, region } = await publisherFor(ctx, input)
  const docs = collection(ctx.db, 'opportunities')
  const at = now()
  const fields = {
    kind: input.kind,
    title: input.title,
    body: input.body,
    place: input.place,
    deadline: input.deadline,
    region,
    regionPath: pathOf(region),
    updatedAt: at,
  }
  const existing = await docs.get(input.id, ['publisher'])
  if (!existing) {
    if (input.deadline < chinaDay(at)) throw new AppError('INVALID_ARGUMENT', 'exchange.opportunities.deadlinePast')
    const doc: Opportunity = { _id: input.id, ...fields, publisher, recommended: 0, createdAt: at }
    if (await docs.addOnce(doc)) return { id: input.id, status: 'created' as const }
  }
  const stored = existing ?? (await docs.get(input.id, ['publisher']))
  // only its publisher edits it: another office or department finds it is not theirs
  if (!stored || stored.publisher.role !== publisher.role || stored.publisher.id !== publisher.id)
    throw new AppError('FORBIDDEN', 'exchange.opportunities.notYours')
  await docs.update(input.id, fields)
  return { id: input.id, status: 'updated' as const }
}

export async function opportunities(
  input: { page?: number },
  ctx: ActionContext,
): Promise<{ items: OpportunityItem[]; more: boolean }> {
  const _ = ctx.db.command
  const grants = ctx.scope.grants
  const departments = grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  const offices = officeRegions(grants)
  const filter = isAdmin(grants)
    ? {}
    : _.or([
        ...(offices.length ? [{ regionPath: _.in(offices) }] : []),
        ...(departments.length ? [{ 'publisher.role': 'department', 'publisher.id': _.in(departments) }] : []),
      ])
  const docs = await collection(ctx.db, 'opportunities').find(filter, {
    orderBy: [
      ['deadline', 'desc'],
      ['_id', 'asc'],
    ],
    skip: (input.page ?? 0) * OPPORTUNITIES_PAGE,
    limit: OPPORTUNITIES_PAGE + 1,
  })
  const me = (doc: Opportunity): ExchangeActor | undefined =>
    doc.publisher.role === 'department' && departments.includes(doc.publisher.id)
      ? doc.publisher
      : doc.publisher.role === 'office' && offices.includes(doc.publisher.id)
        ? doc.publisher
        : undefined
  return {
    items: docs.slice(0, OPPORTUNITIES_PAGE).map((d) => itemOf(d, me(d))),
    more: docs.length > OPPORTUNITIES_PAGE,
  }
}

/** The household the scope check found; a paired official is who recommends (an office over it is not). */
function pairedOfficial(ctx: ActionContext): {
  household: NonNullable<ActionContext['scope']['household']>
  by: ExchangeActor
} {
  const household = ctx.scope.household
  if (!household || ctx.scope.relation !== 'paired') throw new AppError('FORBIDDEN', 'exchange.opportunities.notPaired')
  const grant = ctx.scope.grants.find((g) => g.role === 'official' && household.officialIds.includes(g.officialId))
  const id = grant?.role === 'official' ? grant.officialId : ''
  return { household, by: { openid: ctx.caller.openid, role: 'official', id } }
}

function membersOf(household: NonNullable<ActionContext['scope']['household']>) {
  // the registry's members, by their place in the roster; the head at least
  const list = household.members.map((m, index) => ({ index, name: m.name }))
  return list.length ? list : [{ index: 0, name: household.head.name }]
}

export async function householdOpportunities(input: { householdId: string }, ctx: ActionContext) {
  const { household, by } = pairedOfficial(ctx)
  const _ = ctx.db.command
  const [open, recommendations] = await Promise.all([
    collection(ctx.db, 'opportunities').find(
      { region: _.in(household.regionPath), deadline: _.gte(chinaDay()) },
      { orderBy: [['deadline', 'asc']], limit: OPEN_MAX },
    ),
    collection(ctx.db, 'recommendations').find(
      { householdId: input.householdId },
      { orderBy: [['at', 'desc']], limit: RECOMMENDATIONS_MAX },
    ),
  ])
  const ids = [...new Set(recommendations.map((r) => r.opportunityId))]
  const named = ids.length
    ? await collection(ctx.db, 'opportunities').find(
        { _id: _.in(ids) },
        { fields: ['title', 'kind', 'deadline'], limit: ids.length },
      )
    : []
  const byId = new Map(named.map((o) => [o._id, o]))
  return {
    open: open.map((o) => itemOf(o, by)),
    recommendations: recommendations.flatMap((r): RecommendationItem[] => {
      const o = byId.get(r.opportunityId)
      if (!o) return []
      return [
        {
          id: r._id,
          opportunityId: r.opportunityId,
          title: o.title,
          kind: o.kind,
          deadline: o.deadline,
          member: r.member.name,
          outcome: r.outcome,
          at: r.at,
        },
      ]
    }),
    members: membersOf(household),
  }
}

/** A change of the counters and the moment it happened, whose China month and quarter it is counted in. */
interface Move {
  at: Instant
  change: Partial<OpportunityCounters>
}

/** The changes of each counters document `moves` make on `path`: every region's all-time counters by all of
 * them, and each region's counters of a move's China month and quarter by that move. */
function countsChanges(path: readonly string[], moves: readonly Move[]): Map<string, Partial<OpportunityCounters>> {
  const out = new Map<string, Partial<OpportunityCounters>>()
  const add = (id: string, change: Partial<OpportunityCounters>) => {
    const sum = out.get(id) ?? {}
    for (const [name, by] of Object.entries(change) as [keyof OpportunityCounters, number][])
      sum[name] = (sum[name] ?? 0) + by
    out.set(id, sum)
  }
  for (const code of path)
    for (const move of moves) {
      add(countsId(code), move.change)
      for (const period of periodsOf(move.at)) add(countsId(code, period), move.change)
    }
  return out
}

/** Moves the counters of every region on `path` (all time, and by the China month and quarter of each move),
 * creating a counters document the first time (a create that races another is retried as an increment). */
async function addCounts(db: Db, path: readonly string[], moves: readonly Move[]): Promise<void> {
  const _ = db.command
  const docs = collection(db, 'opportunityCounts')
  await Promise.all(
    [...countsChanges(path, moves)].map(async ([id, change]) => {
      // a move down and back up within one period leaves its counters as they were
      const names = (Object.keys(change) as (keyof OpportunityCounters)[]).filter((n) => change[n])
      if (!names.length) return
      const patch = Object.fromEntries(names.map((n) => [`counters.${n}`, _.inc(change[n]!)]))
      if ((await docs.updateWhere({ _id: id }, patch)) === 1) return
      const doc: OpportunityCounts = { _id: id, counters: { ...emptyCounters(), ...change } }
      if (await docs.addOnce(doc)) return
      await docs.updateWhere({ _id: id }, patch)
    }),
  )
}

export async function recommend(
  input: { id: string; householdId: string; opportunityId: string; member: number },
  ctx: ActionContext,
) {
  const { household, by } = pairedOfficial(ctx)
  const opportunity = await collection(ctx.db, 'opportunities').get(input.opportunityId, ['region', 'deadline'])
  if (!opportunity || !visibleAt(opportunity, household.regionPath))
    throw new AppError('FORBIDDEN', 'exchange.opportunities.elsewhere')
  const recommendations = collection(ctx.db, 'recommendations')
  const stored = await recommendations.get(input.id, ['householdId', 'opportunityId'])
  if (stored) {
    if (stored.householdId === input.householdId && stored.opportunityId === input.opportunityId)
      return { id: input.id, status: 'duplicate' as const }
    throw new AppError('CONFLICT', 'exchange.opportunities.idTaken')
  }
  const at = now()
  if (!isOpen(opportunity, chinaDay(at))) throw new AppError('CONFLICT', 'exchange.opportunities.closed')
  const member = membersOf(household).find((m) => m.index === input.member)
  if (!member) throw new AppError('INVALID_ARGUMENT', 'exchange.opportunities.noSuchMember')
  const doc: Recommendation = {
    _id: input.id,
    opportunityId: input.opportunityId,
    householdId: household._id,
    member,
    regionPath: household.regionPath,
    by,
    at,
    outcome: null,
    outcomeAt: null,
    outcomeBy: null,
  }
  // a resend racing the first finds it stored and changes no counter
  if (!(await recommendations.addOnce(doc))) return { id: input.id, status: 'duplicate' as const }
  await Promise.all([
    addCounts(ctx.db, household.regionPath, [{ at, change: { recommended: 1 } }]),
    collection(ctx.db, 'opportunities').update(input.opportunityId, { recommended: ctx.db.command.inc(1) }),
  ])
  return { id: input.id, status: 'created' as const }
}

export async function recordOutcome(
  input: { id: string; householdId: string; outcome: OpportunityOutcome },
  ctx: ActionContext,
) {
  const relation = ctx.scope.relation
  // what became of it is learned by who knows the family: its officials and the offices over it
  if (!relation || relation === 'member' || relation === 'admin') throw new AppError('FORBIDDEN')
  const grants = ctx.scope.grants
  const official = grants.find((g) => g.role === 'official' && ctx.scope.household?.officialIds.includes(g.officialId))
  const office = officeRegions(grants).find((r) => ctx.scope.household?.regionPath.includes(r))
  const by: ExchangeActor =
    relation === 'paired' && official?.role === 'official'
      ? { openid: ctx.caller.openid, role: 'official', id: official.officialId }
      : { openid: ctx.caller.openid, role: 'office', id: office ?? '' }
  const recommendations = collection(ctx.db, 'recommendations')
  for (let i = 0; i < 4; i++) {
    const stored = await recommendations.get(input.id, ['householdId', 'regionPath', 'outcome', 'outcomeAt'])
    if (!stored || stored.householdId !== input.householdId)
      throw new AppError('FORBIDDEN', 'exchange.opportunities.notYourRecommendation')
    if (stored.outcome === input.outcome) return { outcome: input.outcome, status: 'duplicate' as const }
    // lands only on the outcome it replaces, so the counters move from the right one in the right period
    const at = now()
    const changed = await recommendations.updateWhere(
      { _id: input.id, outcome: stored.outcome, outcomeAt: stored.outcomeAt },
      { outcome: input.outcome, outcomeAt: at, outcomeBy: by },
    )
    if (changed === 1) {
      // the outcome it replaces leaves the period it was learned in; the new one counts in this one
      await addCounts(ctx.db, stored.regionPath, [
        ...(stored.outcome && stored.outcomeAt
          ? [{ at: stored.outcomeAt, change: outcomeChange(stored.outcome, null) }]
          : []),
        { at, change: outcomeChange(null, input.outcome) },
      ])
      return { outcome: input.outcome, status: 'done' as const }
    }
  }
  throw new AppError('CONFLICT', 'exchange.opportunities.busy')
}

export async function opportunityCounts(input: { region: string }, ctx: ActionContext) {
  const code = normaliseRegion(input.region)
  const children = await collection(ctx.db, 'regions').find({ parent: code }, { fields: ['name'], limit: PAGE })
  const ids = [code, ...children.map((c) => c._id)].map((region) => countsId(region))
  const docs = await collection(ctx.db, 'opportunityCounts').find(
    { _id: ctx.db.command.in(ids) },
    { limit: ids.length },
  )
  const byId = new Map(docs.map((d) => [d._id, d.counters]))
  const of = (region: string): OpportunityCounters => ({ ...emptyCounters(), ...byId.get(countsId(region)) })
  return {
    total: of(code),
    rows: children
      .map((c) => ({ region: c._id, name: c.name, counters: of(c._id) }))
      .sort((a, b) => (a.region < b.region ? -1 : 1)),
  }
}
