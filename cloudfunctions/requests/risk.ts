/**
 * Poverty-return risk leads (domain/risk.ts says why they are requests): a paired official or a village or
 * township office sends one (riskLead), the county's 防返贫 team lists its leads (riskLeads) and records the
 * national monitoring system's result (riskResult), the household's officials and offices read its leads on
 * its risk screen (riskOf), and a village or township office prints the public list of the households
 * identified (riskList), which names nothing but the head, the family's size, the kind and the day.
 *
 * Round trips (∥ = sent together):
 * - riskLead: caller ∥ household ∥ whatever is stored under the id ∥ the calendar → the county's team
 *   → the insert ∥ the rate counters. 3; a resend is answered after the first.
 * - riskResult: caller ∥ the lead ∥ the calendar → the conditional update ∥ the counters ∥ the audit. 2.
 * - riskOf, riskLeads: caller ∥ household (riskOf) ∥ the calendar → the leads → households and villages
 *   (riskLeads). riskList: caller → the decided leads → households ∥ villages.
 */
import type { Household, Request, RequestEvent, UnitRef } from '@config/documents'
import { writeAudit } from '@fn/audit'
import { collection } from '@fn/db'
import type { ActionContext, Db } from '@fn/handler'
import { passesModeration } from '@fn/moderation'
import type { PublicLine, RiskLeadInput, RiskLeadItem, RiskResultInput, TeamLead } from '@shared/contracts/risk'
import { RISK_CATEGORY, RISK_LEADS_PAGE, RISK_LIST_MAX } from '@shared/contracts/risk'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { maskNumbersInText } from '@shared/mask'
import { covers, levelOf, normaliseRegion } from '@shared/region'
import { chinaDay, now } from '@shared/time'
import { addRates } from './counting'
import type { WorkingCalendar } from './domain/calendar'
import { status } from './domain/clocks'
import { apply, begin } from './domain/lifecycle'
import type { RateChange } from './domain/rates'
import { increments } from './domain/rates'
import { RISK_DEADLINE_DAYS, countyOf, decidedOnProblem, identifiedHouseholds, leadUnit } from './domain/risk'
import { dispatcherFor } from './domain/routing'
import { sameUnit } from './domain/units'
import { prefetchCalendar } from './menu'

const quiet = <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => undefined)
  return p
}

export function prefetchRiskLead(input: RiskLeadInput, db: Db) {
  return { stored: quiet(collection(db, 'requests').get(input.id)), calendar: prefetchCalendar(db) }
}

export function prefetchRiskResult(input: RiskResultInput, db: Db) {
  return { request: quiet(collection(db, 'requests').get(input.id)), calendar: prefetchCalendar(db) }
}

export function prefetchClocks(_input: unknown, db: Db) {
  return { calendar: prefetchCalendar(db) }
}

const placeOf = (request: Pick<Request, 'regionPath'>) => request.regionPath[request.regionPath.length - 1] ?? ''

function resultOf(request: Pick<Request, 'risk'>): RiskLeadItem['result'] {
  const risk = request.risk
  return risk?.identified !== undefined && risk.decidedOn
    ? { identified: risk.identified, decidedOn: risk.decidedOn }
    : null
}

function clocksOf(request: Pick<Request, 'state' | 'events'>, calendar: WorkingCalendar) {
  const clocks = status(request, now(), calendar)
  return { due: clocks?.overallDue ?? null, overdue: clocks?.overdue ?? false }
}

type LeadAnswer = {
  id: string
  status: 'created' | 'duplicate'
  unit: { kind: 'department' | 'office'; level: 'county' | 'prefecture' }
  due: string
}

function answerOf(lead: Request, status: LeadAnswer['status'], calendar: WorkingCalendar): LeadAnswer {
  const assign = lead.events.find((e) => e.type === 'assign')
  if (assign?.type !== 'assign' || !lead.risk) throw new AppError('UNAVAILABLE')
  const level = assign.unit.level === 'prefecture' ? 'prefecture' : 'county'
  return {
    id: lead._id,
    status,
    unit: { kind: assign.unit.kind, level },
    due: clocksOf(lead, calendar).due ?? '',
  }
}

/** A resend is the same household, kind and text; the same id with other content is refused. */
function resent(stored: Request, input: RiskLeadInput, calendar: WorkingCalendar): LeadAnswer {
  if (
    stored.category !== RISK_CATEGORY ||
    stored.householdId !== input.householdId ||
    stored.risk?.kind !== input.kind ||
    stored.text !== input.text
  )
    throw new AppError('CONFLICT', 'requests.exists')
  return answerOf(stored, 'duplicate', calendar)
}

export async function riskLead(
  input: RiskLeadInput,
  ctx: ActionContext<ReturnType<typeof prefetchRiskLead>>,
): Promise<LeadAnswer> {
  const household = ctx.scope.household
  // the people who check on the household: its paired officials and the village or township office
  const relation = ctx.scope.relation
  if (!household || (relation !== 'paired' && relation !== 'localOffice'))
    throw new AppError('FORBIDDEN', 'riskLead.notLocal')
  const calendar = await ctx.prefetched.calendar
  const stored = await ctx.prefetched.stored
  if (stored) return resent(stored, input, calendar)
  if (!(await passesModeration(ctx.cloud, [input.text], ctx.caller.openid, 1)))
    throw new AppError('INVALID_ARGUMENT', 'notice.moderationFailed', undefined, [
      { path: 'text', message: t(ctx.lang, 'notice.moderationFailed') },
    ])
  const place = household.regionPath[household.regionPath.length - 1] ?? ''
  const county = countyOf(place)
  const teams = county
    ? await collection(ctx.db, 'departments').find({ riskTeam: true, regionPath: county }, { limit: 1 })
    : []
  const routed = leadUnit(teams[0], place)
  const dispatcher = dispatcherFor(household.regionPath)
  if (!routed || !dispatcher) throw new AppError('UNAVAILABLE')
  const paired = household.officialIds ?? []
  const official = ctx.scope.grants.find((g) => g.role === 'official' && paired.includes(g.officialId))
  const officialId = official?.role === 'official' ? official.officialId : (paired[0] ?? null)
  const by =
    relation === 'paired'
      ? { id: officialId ?? ctx.caller.openid, role: 'official' as const }
      : { id: ctx.caller.openid, role: 'office' as const }
  const at = now()
  const submit = { type: 'submit' as const, at, by, dispatcher }
  const life = begin(submit)
  const assign: RequestEvent = {
    type: 'assign',
    at,
    by: { id: 'routing', role: 'office' },
    unit: routed.unit,
    deadlineDays: RISK_DEADLINE_DAYS,
    ...(routed.fallback ? { fallback: routed.fallback } : {}),
  }
  const assigned = { ...life, state: 'assigned' as const, unit: routed.unit, firstUnit: routed.unit }
  const doc: Request = {
    ...assigned,
    _id: input.id,
    householdId: household._id,
    officialId,
    regionPath: household.regionPath,
    source: relation === 'paired' ? 'official' : 'office',
    category: RISK_CATEGORY,
    serviceId: null,
    text: input.text,
    voice: null,
    photos: [],
    lang: ctx.lang,
    deadlineDays: RISK_DEADLINE_DAYS,
    events: [submit, assign],
    createdAt: at,
    updatedAt: at,
    nextCheckAt: at,
    told: { warned: false, escalations: 0 },
    risk: { kind: input.kind },
  }
  const changes = [
    ...increments(null, submit, life, calendar),
    ...increments(life, assign, { ...assigned, events: doc.events }, calendar),
  ]
  const [created] = await Promise.all([
    collection(ctx.db, 'requests').addOnce(doc),
    addRates(ctx.db, household.regionPath, changes),
  ])
  if (created) return answerOf(doc, 'created', calendar)
  await addRates(ctx.db, household.regionPath, changes, -1)
  const raced = await collection(ctx.db, 'requests').get(input.id)
  if (!raced) throw new AppError('UNAVAILABLE')
  return resent(raced, input, calendar)
}

const LEAD_FIELDS = ['category', 'text', 'state', 'unit', 'events', 'createdAt', 'risk'] as const

export async function riskOf(
  _input: { householdId: string },
  ctx: ActionContext<ReturnType<typeof prefetchClocks>>,
): Promise<{ items: RiskLeadItem[] }> {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  const [leads, calendar] = await Promise.all([
    collection(ctx.db, 'requests').find(
      { householdId: household._id, category: RISK_CATEGORY },
      { fields: LEAD_FIELDS, orderBy: [['createdAt', 'desc']], limit: RISK_LEADS_PAGE },
    ),
    ctx.prefetched.calendar,
  ])
  return {
    items: leads.flatMap((lead) => {
      if (!lead.risk) return []
      const unit = lead.unit
      return [
        {
          id: lead._id,
          kind: lead.risk.kind,
          text: maskNumbersInText(lead.text),
          sentAt: lead.createdAt,
          ...clocksOf(lead, calendar),
          result: resultOf(lead),
          ...(unit && unit.level !== 'township'
            ? { unit: { kind: unit.kind, level: unit.level === 'prefecture' ? 'prefecture' : 'county' } }
            : {}),
        } satisfies RiskLeadItem,
      ]
    }),
  }
}

/** The units the caller works in that receive leads: its departments, and its county work offices (fallback). */
function leadUnitsOf(ctx: ActionContext<unknown>): { departments: string[]; offices: string[] } {
  const departments = ctx.scope.grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  const offices = ctx.scope.grants.flatMap((g) => {
    if (g.role !== 'office') return []
    const region = normaliseRegion(g.region)
    return levelOf(region) === 'county' ? [region] : []
  })
  return { departments, offices }
}

function mayDecide(ctx: ActionContext<unknown>, unit: UnitRef | null): boolean {
  if (!unit) return false
  const { departments, offices } = leadUnitsOf(ctx)
  return unit.kind === 'department' ? departments.includes(unit.id) : offices.includes(unit.region)
}

export async function riskLeads(
  input: { decided?: boolean; page?: number },
  ctx: ActionContext<ReturnType<typeof prefetchClocks>>,
): Promise<{ items: TeamLead[]; more: boolean }> {
  const _ = ctx.db.command
  const { departments, offices } = leadUnitsOf(ctx)
  const mine = [
    ...(departments.length ? [{ 'unit.kind': 'department', 'unit.id': _.in(departments) }] : []),
    ...(offices.length ? [{ 'unit.kind': 'office', 'unit.region': _.in(offices) }] : []),
  ]
  if (mine.length === 0) return { items: [], more: false }
  const page = input.page ?? 0
  const decided = input.decided === true
  const leads = await collection(ctx.db, 'requests').find(
    _.and([{ category: RISK_CATEGORY, open: !decided }, _.or(mine)]),
    {
      fields: [...LEAD_FIELDS, 'householdId', 'regionPath'],
      orderBy: decided ? [['updatedAt', 'desc']] : [['createdAt', 'asc']],
      skip: page * RISK_LEADS_PAGE,
      limit: RISK_LEADS_PAGE + 1,
    },
  )
  const shown = leads.slice(0, RISK_LEADS_PAGE)
  const [households, villages, calendar] = await Promise.all([
    shown.length
      ? collection(ctx.db, 'households').find(
          { _id: _.in([...new Set(shown.map((l) => l.householdId))]) },
          { fields: ['head.name'] },
        )
      : Promise.resolve([]),
    shown.length
      ? collection(ctx.db, 'regions').find({ _id: _.in([...new Set(shown.map(placeOf))]) }, { fields: ['name'] })
      : Promise.resolve([]),
    ctx.prefetched.calendar,
  ])
  const none = { 'zh-Hans': '', bo: '' }
  return {
    items: shown.flatMap((lead) => {
      if (!lead.risk) return []
      return [
        {
          id: lead._id,
          events: lead.events.length,
          kind: lead.risk.kind,
          text: maskNumbersInText(lead.text),
          head: households.find((h) => h._id === lead.householdId)?.head.name ?? none,
          village: villages.find((v) => v._id === placeOf(lead))?.name ?? none,
          sentAt: lead.createdAt,
          ...clocksOf(lead, calendar),
          result: resultOf(lead),
        },
      ]
    }),
    more: leads.length > RISK_LEADS_PAGE,
  }
}

export async function riskResult(
  input: RiskResultInput,
  ctx: ActionContext<ReturnType<typeof prefetchRiskResult>>,
): Promise<{ id: string; events: number; result: RiskLeadItem['result'] }> {
  const lead = await ctx.prefetched.request
  // a request that is not a lead, or a lead of another team, is refused alike whether it exists or not
  if (!lead || lead.category !== RISK_CATEGORY || !lead.risk || !mayDecide(ctx, lead.unit))
    throw new AppError('FORBIDDEN', 'requests.notYourUnit')
  if (lead.events.length !== input.events) throw new AppError('CONFLICT', 'requests.outOfOrder')
  const at = now()
  const problem = decidedOnProblem(input.decidedOn, chinaDay(lead.createdAt), chinaDay(at))
  if (problem)
    throw new AppError('INVALID_ARGUMENT', `riskLead.day.${problem}`, undefined, [
      { path: 'decidedOn', message: t(ctx.lang, `riskLead.day.${problem}`) },
    ])
  const calendar = await ctx.prefetched.calendar
  const unit = lead.unit!
  const by = { id: ctx.caller.openid, role: unit.kind === 'office' ? ('office' as const) : ('department' as const) }
  // recording a result answers the lead: an unaccepted one is accepted in the same write, so it counts as responded
  const steps: RequestEvent[] = [
    ...(lead.state === 'assigned' ? [{ type: 'accept' as const, at, by, unit }] : []),
    { type: 'identify', at, by, unit, identified: input.identified, decidedOn: input.decidedOn },
  ]
  let after: Request = lead
  const changes: RateChange[] = []
  for (const event of steps) {
    const applied = apply(after, event, calendar)
    if (!applied.ok) throw applied.refusal
    changes.push(...increments(after, event, applied.request, calendar))
    after = applied.request
  }
  if (!sameUnit(after.unit, unit)) throw new AppError('UNAVAILABLE')
  const _ = ctx.db.command
  const risk = { kind: lead.risk.kind, identified: input.identified, decidedOn: input.decidedOn }
  const [written] = await Promise.all([
    collection(ctx.db, 'requests').updateWhere(
      { _id: lead._id, [`events.${lead.events.length}`]: _.exists(false) },
      {
        state: after.state,
        open: after.open,
        events: _.set(after.events),
        updatedAt: at,
        nextCheckAt: null,
        risk: _.set(risk),
      },
    ),
    addRates(ctx.db, lead.regionPath, changes),
    writeAudit(ctx.db, {
      kind: 'edit',
      actor: ctx.caller.openid,
      subject: lead.householdId,
      fields: ['request.identify'],
      action: ctx.action,
      details: lead._id,
    }),
  ])
  if (written !== 1) {
    await addRates(ctx.db, lead.regionPath, changes, -1)
    throw new AppError('CONFLICT', 'requests.outOfOrder')
  }
  return { id: lead._id, events: after.events.length, result: resultOf({ risk }) }
}

export async function riskList(
  input: { region: string },
  ctx: ActionContext,
): Promise<{ region: { code: string; name: Household['head']['name'] }; items: PublicLine[]; more: boolean }> {
  const region = normaliseRegion(input.region)
  // printed and posted in the village: the office of that village or its township, not the county's
  const local = ctx.scope.grants.some((g) => {
    if (g.role !== 'office') return false
    const office = normaliseRegion(g.region)
    return ['village', 'township'].includes(levelOf(office) ?? '') && covers(office, region)
  })
  if (!local || !['village', 'township'].includes(levelOf(region) ?? ''))
    throw new AppError('FORBIDDEN', 'riskList.localOnly')
  const _ = ctx.db.command
  const [decided, self] = await Promise.all([
    collection(ctx.db, 'requests').findAll(
      { category: RISK_CATEGORY, regionPath: region, 'risk.decidedOn': _.exists(true) },
      ['householdId', 'regionPath', 'updatedAt', 'risk'],
    ),
    collection(ctx.db, 'regions').get(region, ['name']),
  ])
  const identified = identifiedHouseholds(decided)
  const shown = identified.slice(0, RISK_LIST_MAX)
  const ids = shown.map((l) => l.householdId)
  const [households, villages] = await Promise.all([
    ids.length
      ? collection(ctx.db, 'households').findAll({ _id: _.in(ids) }, ['head.name', 'memberCount'])
      : Promise.resolve([]),
    ids.length
      ? collection(ctx.db, 'regions').findAll({ _id: _.in([...new Set(shown.map(placeOf))]) }, ['name'])
      : Promise.resolve([]),
  ])
  const none = { 'zh-Hans': '', bo: '' }
  const items = shown.flatMap((lead): PublicLine[] => {
    const household = households.find((h) => h._id === lead.householdId)
    if (!household || !lead.risk?.decidedOn) return []
    return [
      {
        village: villages.find((v) => v._id === placeOf(lead))?.name ?? none,
        head: household.head.name,
        members: household.memberCount,
        kind: lead.risk.kind,
        decidedOn: lead.risk.decidedOn,
      },
    ]
  })
  items.sort(
    (a, b) =>
      a.village['zh-Hans'].localeCompare(b.village['zh-Hans'], 'zh') ||
      a.head['zh-Hans'].localeCompare(b.head['zh-Hans'], 'zh'),
  )
  return { region: { code: region, name: self?.name ?? none }, items, more: identified.length > shown.length }
}
