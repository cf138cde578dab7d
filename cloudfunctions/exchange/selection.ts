/**
 * The selection up to the prefecture's decision: opening a campaign, nominating, the household's consent,
 * the three reviews, and the offices' view of a campaign and its nominations.
 *
 * Round trips (∥ = sent together):
 * - open: caller → the insert (→ the stored one, when the id was taken).
 * - queue: caller → the campaign ∥ the region's nominations → names and villages ∥ counties named ∥ the
 *   counties' passed counts ∥ unanswered objections.
 * - nominate: caller → the campaign ∥ the household or studio ∥ the caller's departments → the household's
 *   standing nominations → the insert.
 * - consent: caller (the household in scope) → the nomination ∥ its campaign → the conditional update.
 * - review: caller → the nomination → its campaign (∥ the county's passed count) → the conditional update.
 */
import type { Campaign, ExchangeActor, Nomination, NominationReview } from '@config/documents'
import { isAdmin } from '@fn/access'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import { acceptFiles } from '@fn/storage'
import type {
  CampaignDetail,
  NominateInput,
  NominationItem,
  NominationState,
  OpenCampaignInput,
  ReviewInput,
} from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { maskNumbersInText } from '@shared/mask'
import { covers, levelOf, pathOf } from '@shared/region'
import { chinaDay, now } from '@shared/time'
import { datesProblem, stageOn } from './domain/stages'
import {
  PASSED_COUNTY,
  REVIEW_FLOW,
  countyOf,
  madeBy,
  nextReview,
  nominatorFor,
  quotaOf,
  reviewingOffice,
  scoresProblem,
  total,
} from './domain/selection'
import { readsMedia } from './media'
import { campaignItem, placeOf, regionNames } from './views'

/** nominations one region's list holds at once: a county puts forward a few dozen a year */
const NOMINATIONS_MAX = 500
/** stopped nominations that free the household for another one */
const STOPPED: readonly NominationState[] = ['declined', 'refused', 'struck']

/** The actor an administrator or office acts as, for the record. */
function actorOf(ctx: ActionContext, region?: string): ExchangeActor {
  if (region) return { openid: ctx.caller.openid, role: 'office', id: region }
  return { openid: ctx.caller.openid, role: 'admin', id: ctx.caller.openid }
}

export async function loadCampaign(db: Db, id: string): Promise<Campaign> {
  const campaign = await collection(db, 'campaigns').get(id)
  if (!campaign) throw new AppError('NOT_FOUND', 'exchange.noCampaign')
  return campaign
}

export async function open(
  input: OpenCampaignInput,
  ctx: ActionContext,
): Promise<{ id: string; status: 'created' | 'duplicate' }> {
  if (levelOf(input.region) !== 'prefecture') throw new AppError('FORBIDDEN', 'exchange.prefectureOnly')
  const problem = datesProblem(input, chinaDay())
  if (problem)
    throw new AppError('INVALID_ARGUMENT', problem, undefined, [
      { path: problem === 'exchange.datesPast' ? 'deadlines.nomination' : 'deadlines', message: '' },
    ])
  const counties = input.quotas.map((q) => q.county)
  if (
    counties.some((c) => levelOf(c) !== 'county' || !covers(input.region, c)) ||
    new Set(counties).size !== counties.length
  )
    throw new AppError('INVALID_ARGUMENT', 'exchange.quotaCounty')
  if (new Set(input.rubric.map((c) => c.key)).size !== input.rubric.length)
    throw new AppError('INVALID_ARGUMENT', 'exchange.rubricKeys')
  const at = now()
  const doc: Campaign = {
    _id: input.id,
    year: input.year,
    kind: input.kind,
    title: { 'zh-Hans': input.title['zh-Hans'], bo: input.title.bo },
    region: input.region,
    quotas: Object.fromEntries(input.quotas.map((q) => [q.county, q.places])),
    rubric: input.rubric,
    deadlines: input.deadlines,
    publicity: input.publicity,
    state: 'open',
    listed: [],
    publishedAt: null,
    confirmedAt: null,
    createdBy: isAdmin(ctx.scope.grants) ? actorOf(ctx) : actorOf(ctx, input.region),
    createdAt: at,
    updatedAt: at,
  }
  const campaigns = collection(ctx.db, 'campaigns')
  if (await campaigns.addOnce(doc)) return { id: doc._id, status: 'created' }
  const stored = await campaigns.get(doc._id, ['region', 'year', 'kind'])
  if (stored && stored.region === doc.region && stored.year === doc.year && stored.kind === doc.kind)
    return { id: doc._id, status: 'duplicate' }
  throw new AppError('CONFLICT', 'exchange.idTaken')
}

/** A nominee's name as lists show it: the household head's, or the studio's. */
export async function nomineeNames(
  db: Db,
  docs: readonly Pick<Nomination, 'householdId' | 'unitId'>[],
): Promise<Map<string, { 'zh-Hans': string; bo: string }>> {
  const _ = db.command
  const households = [...new Set(docs.flatMap((d) => (d.householdId ? [d.householdId] : [])))]
  const units = [...new Set(docs.flatMap((d) => (d.unitId ? [d.unitId] : [])))]
  const [h, u] = await Promise.all([
    households.length
      ? collection(db, 'households').find(
          { _id: _.in(households) },
          { fields: ['head.name'], limit: households.length },
        )
      : [],
    units.length ? collection(db, 'units').find({ _id: _.in(units) }, { fields: ['name'], limit: units.length }) : [],
  ])
  return new Map([...h.map((x) => [x._id, x.head.name] as const), ...u.map((x) => [x._id, x.name] as const)])
}

export const nomineeId = (n: Pick<Nomination, 'householdId' | 'unitId'>): string => n.householdId ?? n.unitId ?? ''

export async function queue(
  input: { campaignId: string; region: string },
  ctx: ActionContext,
): Promise<{ campaign: CampaignDetail; items: NominationItem[] }> {
  const _ = ctx.db.command
  const [campaign, docs] = await Promise.all([
    loadCampaign(ctx.db, input.campaignId),
    collection(ctx.db, 'nominations').find(
      { campaignId: input.campaignId, regionPath: input.region },
      {
        orderBy: [
          ['score', 'desc'],
          ['createdAt', 'asc'],
        ],
        limit: NOMINATIONS_MAX,
      },
    ),
  ])
  if (!covers(campaign.region, input.region) && !covers(input.region, campaign.region))
    throw new AppError('NOT_FOUND', 'exchange.noCampaign')
  const counties = Object.keys(campaign.quotas)
  const [names, places, passed, unanswered] = await Promise.all([
    nomineeNames(ctx.db, docs),
    regionNames(ctx.db, [...docs.map((d) => placeOf(d.regionPath)), ...counties]),
    collection(ctx.db, 'nominations').find(
      { campaignId: campaign._id, state: _.in([...PASSED_COUNTY]) },
      { fields: ['regionPath'], limit: NOMINATIONS_MAX },
    ),
    collection(ctx.db, 'objections').count({ campaignId: campaign._id, answer: null }),
  ])
  const today = chinaDay()
  const grants = ctx.scope.grants
  const items = docs.map((d): NominationItem => {
    const stage = nextReview(d.state)
    const mine = madeBy(d, grants, ctx.caller.openid)
    const mayReview =
      stage !== undefined &&
      campaign.state === 'open' &&
      !mine &&
      reviewingOffice(grants, stage, d.regionPath) !== undefined &&
      today <= campaign.deadlines[stage]
    return {
      id: d._id,
      kind: d.kind,
      name: names.get(nomineeId(d)) ?? { 'zh-Hans': '', bo: '' },
      village: places.get(placeOf(d.regionPath)) ?? { 'zh-Hans': '', bo: '' },
      county: countyOf(d.regionPath),
      story: { text: maskNumbersInText(d.story.text), photos: d.story.photos.length, voice: d.story.voice !== null },
      state: d.state,
      reviews: d.reviews.map((r) => ({
        stage: r.stage,
        pass: r.pass,
        comment: maskNumbersInText(r.comment),
        ...(r.scores ? { scores: r.scores } : {}),
        at: r.at,
      })),
      score: d.score,
      mine,
      ...(mayReview ? { next: stage } : {}),
      ...((d.story.photos.length > 0 || d.story.voice !== null) && readsMedia(d, ctx) ? { media: true } : {}),
    }
  })
  return {
    campaign: {
      ...campaignItem(campaign, today),
      quotas: counties.map((county) => ({
        county,
        name: places.get(county) ?? { 'zh-Hans': '', bo: '' },
        places: quotaOf(campaign, county),
        passed: passed.filter((p) => countyOf(p.regionPath) === county).length,
      })),
      rubric: campaign.rubric,
      listed: campaign.listed.length,
      unanswered,
    },
    items,
  }
}

export async function nominate(
  input: NominateInput,
  ctx: ActionContext,
): Promise<{ id: string; state: NominationState; status: 'created' | 'duplicate' }> {
  const grants = ctx.scope.grants
  const departmentIds = grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  const _ = ctx.db.command
  const [campaign, household, unit, departments] = await Promise.all([
    collection(ctx.db, 'campaigns').get(input.campaignId),
    input.householdId ? collection(ctx.db, 'households').get(input.householdId, ['regionPath']) : undefined,
    input.unitId ? collection(ctx.db, 'units').get(input.unitId, ['regionPath', 'kind']) : undefined,
    departmentIds.length
      ? collection(ctx.db, 'departments').find({ _id: _.in(departmentIds) }, { fields: ['regionPath'] })
      : [],
  ])
  const nominee = household ?? (unit?.kind === 'studio' ? unit : undefined)
  const nominator = nominee
    ? nominatorFor(
        grants,
        ctx.caller.openid,
        { kind: household ? 'household' : 'studio', path: nominee.regionPath },
        new Map(departments.map((d) => [d._id, d.regionPath])),
      )
    : undefined
  // a household or studio outside the caller's reach is refused alike whether it exists or not
  if (!nominee || !nominator) throw new AppError('FORBIDDEN', 'exchange.notYourNominee')
  if (!campaign || !covers(campaign.region, nominee.regionPath[nominee.regionPath.length - 1] ?? ''))
    throw new AppError('NOT_FOUND', 'exchange.noCampaign')
  if ((campaign.kind === 'family') !== (household !== undefined))
    throw new AppError('INVALID_ARGUMENT', 'exchange.wrongKind')
  const nominations = collection(ctx.db, 'nominations')
  const stored = await nominations.get(input.id, ['campaignId', 'householdId', 'unitId', 'state'])
  if (stored) {
    if (
      stored.campaignId === campaign._id &&
      nomineeId(stored) === nomineeId({ householdId: input.householdId ?? null, unitId: input.unitId ?? null })
    )
      return { id: input.id, state: stored.state, status: 'duplicate' }
    throw new AppError('CONFLICT', 'exchange.idTaken')
  }
  if (campaign.state !== 'open' || chinaDay() > campaign.deadlines.nomination)
    throw new AppError('CONFLICT', 'exchange.nominationClosed')
  acceptFiles(ctx, 'story.photos', input.story.photos, { kind: 'nominationMedia', id: input.id })
  if (input.story.voice) acceptFiles(ctx, 'story.voice', [input.story.voice], { kind: 'nominationMedia', id: input.id })
  const standing = await nominations.count({
    campaignId: campaign._id,
    ...(input.householdId ? { householdId: input.householdId } : { unitId: input.unitId }),
    state: _.nin([...STOPPED]),
  })
  if (standing > 0) throw new AppError('CONFLICT', 'exchange.alreadyNominated')
  const at = now()
  const doc: Nomination = {
    _id: input.id,
    campaignId: campaign._id,
    kind: campaign.kind,
    householdId: input.householdId ?? null,
    unitId: input.unitId ?? null,
    regionPath: nominee.regionPath,
    nominator,
    story: {
      text: input.story.text,
      lang: /[\u0F00-\u0FFF]/.test(input.story.text) ? 'bo' : 'zh-Hans',
      photos: input.story.photos,
      voice: input.story.voice ?? null,
    },
    consent: null,
    // a studio is put forward by its unit; a family says yes itself first
    state: household ? 'consent' : 'nominated',
    reviews: [],
    score: null,
    createdAt: at,
    updatedAt: at,
  }
  if (!(await nominations.addOnce(doc))) throw new AppError('CONFLICT', 'exchange.idTaken')
  return { id: doc._id, state: doc.state, status: 'created' }
}

export async function consent(
  input: { householdId: string; nominationId: string; given: boolean },
  ctx: ActionContext,
): Promise<{ id: string; state: NominationState }> {
  const nominations = collection(ctx.db, 'nominations')
  const nomination = await nominations.get(input.nominationId, ['householdId', 'campaignId', 'state', 'consent'])
  if (!nomination || nomination.householdId !== input.householdId)
    throw new AppError('FORBIDDEN', 'exchange.notYourNomination')
  const target: NominationState = input.given ? 'nominated' : 'refused'
  if (nomination.state === target) return { id: nomination._id, state: target }
  if (nomination.state !== 'consent') throw new AppError('CONFLICT', 'exchange.consentGiven')
  const campaign = await loadCampaign(ctx.db, nomination.campaignId)
  if (campaign.state !== 'open' || chinaDay() > campaign.deadlines.nomination)
    throw new AppError('CONFLICT', 'exchange.nominationClosed')
  const at = now()
  const changed = await nominations.updateWhere(
    { _id: nomination._id, state: 'consent' },
    { state: target, consent: { given: input.given, at, by: ctx.caller.openid, lang: ctx.lang }, updatedAt: at },
  )
  if (!changed) throw new AppError('CONFLICT', 'exchange.consentGiven')
  return { id: nomination._id, state: target }
}

export async function review(input: ReviewInput, ctx: ActionContext): Promise<{ id: string; state: NominationState }> {
  const nominations = collection(ctx.db, 'nominations')
  const nomination = await nominations.get(input.nominationId)
  const region = nomination ? reviewingOffice(ctx.scope.grants, input.stage, nomination.regionPath) : undefined
  // a nomination outside the caller's office at this level is refused alike whether it exists or not
  if (!nomination || !region) throw new AppError('FORBIDDEN', 'exchange.notYourReview')
  if (madeBy(nomination, ctx.scope.grants, ctx.caller.openid)) throw new AppError('FORBIDDEN', 'exchange.ownNomination')
  const flow = REVIEW_FLOW[input.stage]
  if (nomination.state !== flow.from) throw new AppError('CONFLICT', 'exchange.notAtStage')
  const campaign = await loadCampaign(ctx.db, nomination.campaignId)
  const today = chinaDay()
  if (campaign.state !== 'open' || today > campaign.deadlines[input.stage])
    throw new AppError('CONFLICT', 'exchange.stageClosed')
  let score = nomination.score
  if (input.stage === 'county') {
    const problem = scoresProblem(campaign.rubric, input.scores)
    if (problem) throw new AppError('INVALID_ARGUMENT', problem, undefined, [{ path: 'scores', message: '' }])
    score = total(input.scores)
    if (input.pass) {
      const county = countyOf(nomination.regionPath)
      const passed = await nominations.count({
        campaignId: campaign._id,
        regionPath: county,
        state: ctx.db.command.in([...PASSED_COUNTY]),
      })
      if (passed >= quotaOf(campaign, county)) throw new AppError('CONFLICT', 'exchange.quotaFull')
    }
  }
  const at = now()
  const entry: NominationReview = {
    stage: input.stage,
    pass: input.pass,
    comment: input.comment,
    ...(input.stage === 'county' && input.scores ? { scores: input.scores } : {}),
    by: { openid: ctx.caller.openid, role: 'office', id: region },
    at,
  }
  const state: NominationState = input.pass ? flow.to : 'declined'
  const changed = await nominations.updateWhere(
    { _id: nomination._id, state: flow.from },
    { state, score, reviews: ctx.db.command.push([entry]), updatedAt: at },
  )
  if (!changed) throw new AppError('CONFLICT', 'exchange.notAtStage')
  return { id: nomination._id, state }
}

/** Today's stage of a campaign, for screens that only need to know whether a step is open. */
export const stageToday = (campaign: Campaign) => stageOn(campaign, chinaDay())
export { pathOf }
