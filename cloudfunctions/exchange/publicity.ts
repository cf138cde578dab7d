/**
 * The 公示 and after: the prefecture publishes its proposed list as one batch; from the start day everyone
 * bound in a county on it reads that county's entries and may object during the window; the county answers
 * each objection (an upheld one strikes the entry); the prefecture confirms once the window has closed with
 * every objection answered, which names the families and studios and tells the families.
 *
 * Round trips (∥ = sent together):
 * - publish: caller → the campaign → nominations waiting for a decision ∥ the approved → the conditional update.
 * - publicity: caller → its units' regions → lists started → their entries ∥ the caller's objections → names
 *   ∥ villages.
 * - object: caller → the campaign ∥ the nomination ∥ its units' regions → the caller's objections → the insert.
 * - objections: caller → the campaign → its objections → their nominations → names ∥ villages.
 * - answer: caller → the objection → its nomination ∥ campaign → the conditional update (→ the strike).
 * - confirm: caller → the campaign → unanswered objections ∥ the listed → names → the named inserted ∥ the
 *   nominations marked → the campaign → the families' messages.
 * - mine: caller (the household in scope) → waiting nominations ∥ named ∥ lists started → their campaigns ∥
 *   entries of the county.
 */
import type { Campaign, ExchangeActor, Named, Nomination, Objection } from '@config/documents'
import { isAdmin } from '@fn/access'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import type { HouseholdExchange, ObjectionItem, PublicEntry, Publicity } from '@shared/contracts/exchange'
import { AppError } from '@shared/errors'
import { maskNumbersInText } from '@shared/mask'
import { normaliseRegion, pathOf } from '@shared/region'
import { addDays, chinaDay, now } from '@shared/time'
import { publicityEnd } from './domain/stages'
import { countyOf, readerRegions, reads, reviewingOffice } from './domain/selection'
import { tellNamed } from './messages'
import { loadCampaign, nomineeId, nomineeNames } from './selection'
import { placeOf, regionNames } from './views'

/** lists a reader sees at once: a prefecture publishes one or two a year */
const LISTS_MAX = 10
/** a confirmed list stays readable this many days after its window */
const CONFIRMED_SHOWN_DAYS = 30
const ENTRIES_MAX = 500
const OBJECTIONS_MAX = 500
/** a story as a public list shows it */
const STORY_SHOWN = 200

/** The prefecture office that runs a campaign (its own prefecture's), or an administrator. */
function prefectureActor(ctx: ActionContext, campaign: Campaign): ExchangeActor {
  const grants = ctx.scope.grants
  if (grants.some((g) => g.role === 'office' && normaliseRegion(g.region) === campaign.region))
    return { openid: ctx.caller.openid, role: 'office', id: campaign.region }
  if (isAdmin(grants)) return { openid: ctx.caller.openid, role: 'admin', id: ctx.caller.openid }
  throw new AppError('FORBIDDEN', 'exchange.prefectureOnly')
}

/** The caller's campaign, or FORBIDDEN alike when it does not exist or is not its prefecture's. */
async function ownCampaign(ctx: ActionContext, id: string): Promise<{ campaign: Campaign; actor: ExchangeActor }> {
  const campaign = await collection(ctx.db, 'campaigns').get(id)
  if (!campaign) {
    if (isAdmin(ctx.scope.grants)) throw new AppError('NOT_FOUND', 'exchange.noCampaign')
    throw new AppError('FORBIDDEN', 'exchange.prefectureOnly')
  }
  return { campaign, actor: prefectureActor(ctx, campaign) }
}

export async function publish(
  input: { campaignId: string },
  ctx: ActionContext,
): Promise<{ listed: number; start: string; end: string }> {
  const { campaign } = await ownCampaign(ctx, input.campaignId)
  const window = { start: campaign.publicity.start, end: publicityEnd(campaign) }
  if (campaign.state !== 'open') return { listed: campaign.listed.length, ...window }
  // the 公示 runs its full length: published on its start day at the latest
  if (chinaDay() > campaign.publicity.start) throw new AppError('CONFLICT', 'exchange.publicityPassed')
  const nominations = collection(ctx.db, 'nominations')
  const [waiting, approved] = await Promise.all([
    nominations.count({ campaignId: campaign._id, state: 'county' }),
    nominations.find({ campaignId: campaign._id, state: 'approved' }, { fields: ['state'], limit: ENTRIES_MAX }),
  ])
  if (waiting > 0) throw new AppError('CONFLICT', 'exchange.decisionsPending', { count: waiting })
  if (approved.length === 0) throw new AppError('CONFLICT', 'exchange.nothingApproved')
  const at = now()
  const listed = approved.map((n) => n._id)
  const changed = await collection(ctx.db, 'campaigns').updateWhere(
    { _id: campaign._id, state: 'open' },
    { state: 'published', listed, publishedAt: at, updatedAt: at },
  )
  if (!changed) throw new AppError('CONFLICT', 'exchange.published')
  return { listed: listed.length, ...window }
}

/** The regions of the caller's units (departments), for whose counties' lists it reads. */
async function departmentRegions(ctx: ActionContext): Promise<Map<string, string[]>> {
  const ids = ctx.scope.grants.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
  if (!ids.length) return new Map()
  const docs = await collection(ctx.db, 'departments').find(
    { _id: ctx.db.command.in(ids) },
    { fields: ['regionPath'], limit: ids.length },
  )
  return new Map(docs.map((d) => [d._id, d.regionPath]))
}

/** Lists whose 公示 has started and is still shown today. */
async function listsShown(db: Db, today: string): Promise<Campaign[]> {
  const _ = db.command
  const docs = await collection(db, 'campaigns').find(
    { state: _.in(['published', 'confirmed']), 'publicity.start': _.lte(today) },
    { orderBy: [['publicity.start', 'desc']], limit: LISTS_MAX * 3 },
  )
  return docs
    .filter((c) => c.state === 'published' || addDays(publicityEnd(c), CONFIRMED_SHOWN_DAYS) >= today)
    .slice(0, LISTS_MAX)
}

function entryState(n: Pick<Nomination, 'state'>): PublicEntry['state'] {
  return n.state === 'struck' ? 'struck' : n.state === 'named' ? 'named' : 'listed'
}

function shortStory(text: string): string {
  const chars = [...maskNumbersInText(text)]
  return chars.length <= STORY_SHOWN ? chars.join('') : `${chars.slice(0, STORY_SHOWN - 1).join('')}…`
}

export async function publicity(_input: Record<string, never>, ctx: ActionContext): Promise<{ items: Publicity[] }> {
  const today = chinaDay()
  const [regions, lists] = await Promise.all([
    departmentRegions(ctx).then((d) => readerRegions(ctx.scope.grants, d)),
    listsShown(ctx.db, today),
  ])
  const ids = lists.flatMap((c) => c.listed)
  if (!ids.length) return { items: [] }
  const _ = ctx.db.command
  const [entries, mine] = await Promise.all([
    collection(ctx.db, 'nominations').find(
      { _id: _.in(ids) },
      { fields: ['campaignId', 'kind', 'householdId', 'unitId', 'regionPath', 'story', 'state'], limit: ENTRIES_MAX },
    ),
    collection(ctx.db, 'objections').find(
      { campaignId: _.in(lists.map((c) => c._id)), 'by.openid': ctx.caller.openid },
      { limit: OBJECTIONS_MAX },
    ),
  ])
  const visible = entries.filter((n) => reads(regions, n.regionPath))
  const [names, places] = await Promise.all([
    nomineeNames(ctx.db, visible),
    regionNames(
      ctx.db,
      visible.map((n) => placeOf(n.regionPath)),
    ),
  ])
  const items: Publicity[] = []
  for (const c of lists) {
    const own = visible.filter((n) => n.campaignId === c._id)
    if (!own.length) continue
    const end = publicityEnd(c)
    items.push({
      campaignId: c._id,
      year: c.year,
      kind: c.kind,
      title: c.title,
      start: c.publicity.start,
      end,
      open: c.state === 'published' && today <= end,
      confirmed: c.state === 'confirmed',
      entries: own.map((n) => {
        const objection = mine.find((o) => o.nominationId === n._id)
        return {
          nominationId: n._id,
          kind: n.kind,
          name: names.get(nomineeId(n)) ?? { 'zh-Hans': '', bo: '' },
          village: places.get(placeOf(n.regionPath)) ?? { 'zh-Hans': '', bo: '' },
          story: shortStory(n.story.text),
          state: entryState(n),
          ...(objection
            ? {
                objection: {
                  reason: maskNumbersInText(objection.reason),
                  ...(objection.answer
                    ? { answer: maskNumbersInText(objection.answer.text), upheld: objection.answer.upheld }
                    : {}),
                },
              }
            : {}),
        }
      }),
    })
  }
  return { items }
}

/** The caller as an objector: its household, official, office or unit, in that order. */
function objector(ctx: ActionContext): ExchangeActor {
  const openid = ctx.caller.openid
  for (const g of ctx.scope.grants) {
    if (g.role === 'household') return { openid, role: 'household', id: g.householdId }
    if (g.role === 'official') return { openid, role: 'official', id: g.officialId }
    if (g.role === 'office') return { openid, role: 'office', id: normaliseRegion(g.region) }
    if (g.role === 'department') return { openid, role: 'department', id: g.departmentId }
  }
  throw new AppError('FORBIDDEN')
}

export async function object(
  input: { id: string; campaignId: string; nominationId: string; reason: string },
  ctx: ActionContext,
): Promise<{ id: string; status: 'created' | 'duplicate' }> {
  const [campaign, nomination, departments] = await Promise.all([
    collection(ctx.db, 'campaigns').get(input.campaignId),
    collection(ctx.db, 'nominations').get(input.nominationId, ['regionPath', 'state']),
    departmentRegions(ctx),
  ])
  const today = chinaDay()
  // an entry the caller does not read — another county's, or a list not started — is refused alike
  if (
    !campaign ||
    !nomination ||
    !campaign.listed.includes(nomination._id) ||
    today < campaign.publicity.start ||
    !reads(readerRegions(ctx.scope.grants, departments), nomination.regionPath)
  )
    throw new AppError('FORBIDDEN', 'exchange.notYourList')
  const objections = collection(ctx.db, 'objections')
  const stored = await objections.get(input.id, ['nominationId', 'by'])
  if (stored) {
    if (stored.nominationId === nomination._id && stored.by.openid === ctx.caller.openid)
      return { id: input.id, status: 'duplicate' }
    throw new AppError('CONFLICT', 'exchange.idTaken')
  }
  if (campaign.state !== 'published' || today > publicityEnd(campaign))
    throw new AppError('CONFLICT', 'exchange.windowClosed')
  if (nomination.state !== 'approved') throw new AppError('CONFLICT', 'exchange.struck')
  const earlier = await objections.count({ nominationId: nomination._id, 'by.openid': ctx.caller.openid })
  if (earlier > 0) throw new AppError('CONFLICT', 'exchange.alreadyObjected')
  const doc: Objection = {
    _id: input.id,
    campaignId: campaign._id,
    nominationId: nomination._id,
    county: countyOf(nomination.regionPath),
    by: objector(ctx),
    reason: input.reason,
    at: now(),
    answer: null,
  }
  if (!(await objections.addOnce(doc))) throw new AppError('CONFLICT', 'exchange.idTaken')
  return { id: doc._id, status: 'created' }
}

export async function objections(
  input: { campaignId: string; region: string },
  ctx: ActionContext,
): Promise<{ items: ObjectionItem[] }> {
  const campaign = await loadCampaign(ctx.db, input.campaignId)
  const county = pathOf(input.region)[1]
  const docs = await collection(ctx.db, 'objections').find(
    { campaignId: campaign._id, ...(county ? { county } : {}) },
    { orderBy: [['at', 'asc']], limit: OBJECTIONS_MAX },
  )
  if (!docs.length) return { items: [] }
  const nominationIds = [...new Set(docs.map((o) => o.nominationId))]
  const nominations = await collection(ctx.db, 'nominations').find(
    { _id: ctx.db.command.in(nominationIds), regionPath: input.region },
    { fields: ['householdId', 'unitId', 'regionPath'], limit: nominationIds.length },
  )
  const [names, places] = await Promise.all([
    nomineeNames(ctx.db, nominations),
    regionNames(
      ctx.db,
      nominations.map((n) => placeOf(n.regionPath)),
    ),
  ])
  const byId = new Map(nominations.map((n) => [n._id, n]))
  return {
    items: docs.flatMap((o): ObjectionItem[] => {
      const n = byId.get(o.nominationId)
      if (!n) return []
      return [
        {
          id: o._id,
          nominationId: o.nominationId,
          name: names.get(nomineeId(n)) ?? { 'zh-Hans': '', bo: '' },
          village: places.get(placeOf(n.regionPath)) ?? { 'zh-Hans': '', bo: '' },
          reason: maskNumbersInText(o.reason),
          by: o.by.role === 'admin' ? 'office' : o.by.role,
          at: o.at,
          ...(o.answer
            ? { answer: { text: maskNumbersInText(o.answer.text), upheld: o.answer.upheld, at: o.answer.at } }
            : {}),
          mayAnswer:
            !o.answer && campaign.state === 'published' && !!reviewingOffice(ctx.scope.grants, 'county', n.regionPath),
        },
      ]
    }),
  }
}

export async function answer(
  input: { objectionId: string; upheld: boolean; text: string },
  ctx: ActionContext,
): Promise<{ id: string; upheld: boolean }> {
  const objections = collection(ctx.db, 'objections')
  const objection = await objections.get(input.objectionId)
  const [nomination, campaign] = objection
    ? await Promise.all([
        collection(ctx.db, 'nominations').get(objection.nominationId, ['regionPath', 'state']),
        collection(ctx.db, 'campaigns').get(objection.campaignId, ['state']),
      ])
    : [undefined, undefined]
  const region = nomination ? reviewingOffice(ctx.scope.grants, 'county', nomination.regionPath) : undefined
  // the nomination's county answers; anyone else is refused alike whether the objection exists or not
  if (!objection || !nomination || !campaign || !region) throw new AppError('FORBIDDEN', 'exchange.notYourObjection')
  if (objection.answer) {
    if (objection.answer.text === input.text && objection.answer.upheld === input.upheld)
      return { id: objection._id, upheld: input.upheld }
    throw new AppError('CONFLICT', 'exchange.answered')
  }
  if (campaign.state !== 'published') throw new AppError('CONFLICT', 'exchange.notPublished')
  const at = now()
  const changed = await objections.updateWhere(
    { _id: objection._id, answer: null },
    {
      answer: {
        text: input.text,
        upheld: input.upheld,
        by: { openid: ctx.caller.openid, role: 'office', id: region },
        at,
      },
    },
  )
  if (!changed) throw new AppError('CONFLICT', 'exchange.answered')
  if (input.upheld)
    await collection(ctx.db, 'nominations').updateWhere(
      { _id: nomination._id, state: 'approved' },
      { state: 'struck', updatedAt: at },
    )
  return { id: objection._id, upheld: input.upheld }
}

export async function confirm(
  input: { campaignId: string },
  ctx: ActionContext,
): Promise<{ named: number; told: { sent: number; refused: number; failed: number } }> {
  const { campaign, actor } = await ownCampaign(ctx, input.campaignId)
  const none = { sent: 0, refused: 0, failed: 0 }
  const named = collection(ctx.db, 'named')
  if (campaign.state === 'confirmed')
    return { named: await named.count({ campaignId: campaign._id, status: 'active' }), told: none }
  if (campaign.state !== 'published') throw new AppError('CONFLICT', 'exchange.notPublished')
  if (chinaDay() <= publicityEnd(campaign)) throw new AppError('CONFLICT', 'exchange.publicityRunning')
  const _ = ctx.db.command
  const [unanswered, listed] = await Promise.all([
    collection(ctx.db, 'objections').count({ campaignId: campaign._id, answer: null }),
    campaign.listed.length
      ? collection(ctx.db, 'nominations').find(
          { _id: _.in(campaign.listed), state: _.in(['approved', 'named']) },
          { fields: ['kind', 'householdId', 'unitId', 'regionPath', 'consent'], limit: ENTRIES_MAX },
        )
      : [],
  ])
  if (unanswered > 0) throw new AppError('CONFLICT', 'exchange.objectionsOpen', { count: unanswered })
  const names = await nomineeNames(ctx.db, listed)
  const at = now()
  const docs: Named[] = listed.map((n) => ({
    _id: n._id,
    campaignId: campaign._id,
    year: campaign.year,
    kind: n.kind,
    householdId: n.householdId,
    unitId: n.unitId,
    name: names.get(nomineeId(n)) ?? { 'zh-Hans': '', bo: '' },
    regionPath: n.regionPath,
    status: 'active',
    history: [{ type: 'named', at, by: actor, year: campaign.year }],
    told: n.householdId ? 'pending' : 'none',
    namedAt: at,
    updatedAt: at,
  }))
  // named first, the campaign last: a confirmation cut short is finished by confirming again
  await Promise.all(docs.map((d) => named.addOnce(d)))
  await collection(ctx.db, 'nominations').updateWhere(
    { _id: _.in(listed.map((n) => n._id)), state: 'approved' },
    { state: 'named', updatedAt: at },
  )
  const changed = await collection(ctx.db, 'campaigns').updateWhere(
    { _id: campaign._id, state: 'published' },
    { state: 'confirmed', confirmedAt: at, updatedAt: at },
  )
  if (!changed) return { named: docs.length, told: none }
  const langs = new Map(listed.map((n) => [n._id, n.consent?.lang ?? 'zh-Hans']))
  return { named: docs.length, told: await tellNamed(ctx.db, ctx.cloud, campaign, docs, langs) }
}

export async function mine(input: { householdId: string }, ctx: ActionContext): Promise<HouseholdExchange> {
  const household = ctx.scope.household
  const county = household ? countyOf(household.regionPath) : ''
  const today = chinaDay()
  const [waiting, own, lists] = await Promise.all([
    collection(ctx.db, 'nominations').find(
      { householdId: input.householdId, state: 'consent' },
      { fields: ['campaignId', 'kind', 'story'], limit: 10 },
    ),
    collection(ctx.db, 'named').find(
      { householdId: input.householdId, status: 'active' },
      { fields: ['year', 'kind'], orderBy: [['year', 'desc']], limit: 10 },
    ),
    listsShown(ctx.db, today),
  ])
  const _ = ctx.db.command
  const open = lists.filter((c) => c.state === 'published')
  const listedIds = open.flatMap((c) => c.listed)
  const [campaigns, entries] = await Promise.all([
    waiting.length
      ? collection(ctx.db, 'campaigns').find(
          { _id: _.in([...new Set(waiting.map((n) => n.campaignId))]) },
          { fields: ['year', 'kind', 'title', 'deadlines', 'state'], limit: 10 },
        )
      : [],
    listedIds.length && county
      ? collection(ctx.db, 'nominations').count({ _id: _.in(listedIds), regionPath: county })
      : 0,
  ])
  const byId = new Map(campaigns.map((c) => [c._id, c]))
  return {
    consents: waiting.flatMap((n) => {
      const c = byId.get(n.campaignId)
      if (!c || c.state !== 'open' || today > c.deadlines.nomination) return []
      return [
        {
          nominationId: n._id,
          campaignId: c._id,
          year: c.year,
          kind: c.kind,
          title: c.title,
          story: maskNumbersInText(n.story.text),
          until: c.deadlines.nomination,
        },
      ]
    }),
    named: own.map((n) => ({ id: n._id, year: n.year, kind: n.kind })),
    publicity: entries > 0,
  }
}
