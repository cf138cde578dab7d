/**
 * What the authorisation matrix and the masking scan share: every contract in src/shared/contracts, the
 * demo identities (one per role and office level, plus an unbound openid), the documents the cells act on,
 * and for each identity and action an input inside and one outside its reach with the exact outcome the
 * programme's rules give it. Expectations are written from the rules as the contracts and
 * cloudfunctions/_shared/access.ts state them, not by calling the access code under test.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as v from 'valibot'

import type { Invite } from '@config/documents'
import { cloud } from '@config/cloud'
import type { ActionDef, AnySchema, FunctionContract } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { exchange } from '@shared/contracts/exchange'
import type { RoleGrant } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { requests } from '@shared/contracts/requests'
import { wishes } from '@shared/contracts/wishes'
import type { ErrorCode } from '@shared/errors'
import { levelOf } from '@shared/region'
import { addDays, addTime, chinaDay, now } from '@shared/time'
import { handleOf, hashCode } from '@functions/identity/codes'
import type { Doc, FunctionsHarness, Slice } from './harness'
import { FUNCTIONS_DIR, ROOT } from './harness'

export const NOBODY = 'matrix-nobody'
/** bound to a household in the demo village, so every demo office may unbind it */
export const HOME_MEMBER = 'matrix-home-member'
/** bound to a household in the other county */
export const AWAY_MEMBER = 'matrix-away-member'
/** holds grantable roles for revokeRole cells */
export const ROLE_HOLDER = 'matrix-role-holder'
/** staff of the other county, who author the notices, jobs and plans no home identity may touch */
const AWAY_OFFICE = 'matrix-away-office'
const AWAY_REVIEWER = 'matrix-away-reviewer'
/** the official paired with the demo household, who logs the visit the household confirms */
const HOME_OFFICIAL = 'matrix-home-official'
/** feedback a home member sent, which the prefecture office answers */
const FEEDBACK = '5e0c9d7a-2b4f-4c8e-9a1d-3f6b8e2c7d10'
const HOME_COUNTY = '513301000000'
const OTHER_COUNTY = '513322000000'
const PREFECTURE = '513300000000'

export interface Who {
  openid: string
  grant?: RoleGrant
}

export interface ContractEntry {
  fn: string
  name: string
  def: ActionDef
  contract: FunctionContract
}

/** What a cell expects: the call answers with data, or refuses with exactly this code. */
export type Outcome = 'ok' | ErrorCode

/** Every action of every contract module, and whether its function is built and declared. */
export function allActions(): { runnable: ContractEntry[]; skipped: string[] } {
  const dir = path.join(ROOT, 'src', 'shared', 'contracts')
  const runnable: ContractEntry[] = []
  const skipped: string[] = []
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as Record<string, unknown>
    for (const value of Object.values(mod)) {
      const contract = value as FunctionContract
      if (!contract || typeof contract !== 'object' || typeof contract.name !== 'string' || !contract.actions) continue
      const built =
        cloud.functions.some((f) => f.name === contract.name) &&
        fs.existsSync(path.join(FUNCTIONS_DIR, contract.name, 'index.js'))
      for (const [name, def] of Object.entries(contract.actions)) {
        if (built) runnable.push({ fn: contract.name, name, def, contract })
        else skipped.push(`${contract.name}.${name}`)
      }
    }
  }
  return { runnable, skipped }
}

// ---------------------------------------------------------------------------------------------------
// The documents cells act on

export interface Fixtures {
  /** the demo household (its head is demo-household-1) and one in the other county */
  home: Doc
  away: Doc
  /** a visit to the demo household, not yet confirmed */
  visit: string
  /** notices authored in the demo county and in the other one, one in each state */
  notice: Record<'draft' | 'submitted' | 'approved' | 'published', { home: string; away: string }>
  /** live invitation codes: for an official nobody holds, for a member of the demo household; one used */
  codes: { official: string; household: string; used: string }
  /** registry jobs and plans of the demo county and of the other one (when the registry is built) */
  job?: { home: string; away: string; committed: string }
  plan?: { home: string; away: string }
  /** a households roster in storage re-stating the demo household */
  roster?: string
  /** a service on the menu of each department a demo identity works for, by department */
  services: Record<string, string>
  /** requests of the demo household (assigned to its township office, and one resolved by it) and of the
   * other county's household (when the requests function is built) */
  request?: { home: string; resolved: string; away: string; lead: string }
  /** wishes of the demo household (published, claimed by the official donor, fulfilled) and of the other
   * county's household (published); donors of the home county: an enterprise, and one the demo official is
   * (when the wishes function is built) */
  wish?: { published: string; claimed: string; fulfilled: string; away: string }
  donor?: { home: string; official: string; officialId: string }
  /** exchange: named records of each county, a trip of each county's office and a finished one of the demo
   * county, an opportunity and a recommendation of each county, each department's region (when the exchange
   * function is built) */
  exchange?: {
    named: string
    awayNamed: string
    trip: string
    awayTrip: string
    finished: string
    opportunity: string
    awayOpportunity: string
    recommendation: string
    awayRecommendation: string
    departments: Record<string, string>
  }
  /** exchange's selection (when the exchange function is built): see selectionFixtures */
  selection?: {
    campaign: string
    consent: string
    nominated: string
    awayNominated: string
    free: string
    window: string
    entry: string
    awayEntry: string
    objection: string
    awayObjection: string
    ended: string
    publishable: string
    named: string
    awayNamed: string
    /** each department's region path */
    departments: Record<string, string[]>
  }
}

export interface Prepared {
  identities: Who[]
  fixtures: Fixtures
}

function ok<T>(label: string, res: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!res.ok) throw new Error(`matrix fixture ${label}: ${JSON.stringify(res.error)}`)
  return res.data
}

function invite(code: string, fields: Partial<Invite>): Doc {
  const created = now()
  return {
    _id: `matrix-invite-${code}`,
    handle: handleOf(code),
    codeHash: hashCode(code),
    kind: 'official',
    // nobody the matrix calls as: an issuer never redeems its own code
    issuer: 'matrix-issuer',
    createdAt: created,
    expiresAt: addTime(created, 30, 'day'),
    usedAt: null,
    usedBy: null,
    failures: 0,
    ...fields,
  }
}

const draftFor = (region: string, title: string) => ({
  title: { 'zh-Hans': title, bo: 'ཚོད་ལྟའི་བརྡ་ཐོ།' },
  body: { 'zh-Hans': '矩阵测试正文', bo: 'ཚོད་ལྟའི་ནང་དོན།' },
  category: 'policy' as const,
  media: [],
  audience: { regions: [region], roles: 'households' as const },
  publishAt: null,
  expireAt: null,
})

/** Notices in every state, authored by `office` and reviewed by `reviewer` through the notices function. */
async function noticesIn(h: FunctionsHarness, region: string, office: string, reviewer: string, tag: string) {
  const ids = {
    draft: `00000000-0000-4000-8000-${tag}00000000001`,
    submitted: `00000000-0000-4000-8000-${tag}00000000002`,
    approved: `00000000-0000-4000-8000-${tag}00000000003`,
    published: `00000000-0000-4000-8000-${tag}00000000004`,
  }
  for (const [state, id] of Object.entries(ids)) {
    ok(`save ${state}`, await h.call(notices, 'save', { id, draft: draftFor(region, `矩阵${state}`) }, office))
    if (state === 'draft') continue
    ok(`submit ${state}`, await h.call(notices, 'submit', { id }, office))
    if (state === 'submitted') continue
    ok(`approve ${state}`, await h.call(notices, 'approve', { id }, reviewer))
    if (state === 'approved') continue
    ok(`publish ${state}`, await h.call(notices, 'publish', { id }, office))
  }
  return ids
}

const ROSTER_HEADER = '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码,家庭人口,风险等级'

/** A one-row households roster re-stating a stored household (an import upserts it: nothing new). */
function rosterOf(household: Doc): string {
  const head = household.head as { name: { 'zh-Hans': string; bo: string }; idNumber: string }
  const row = [
    household.externalId,
    head.name['zh-Hans'],
    head.name.bo,
    head.idNumber,
    household.phone,
    household.villageCode,
    household.memberCount,
    household.riskLevel,
  ]
  return [ROSTER_HEADER, row.join(',')].join('\n')
}

async function upload(h: FunctionsHarness, name: string, text: string): Promise<string> {
  const meta = (await (
    await fetch(`${h.lc.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: `imports/matrix-${name}/roster.csv` }),
    })
  ).json()) as { data: { url: string; fileId: string } }
  const put = await fetch(meta.data.url, { method: 'PUT', body: new Uint8Array(Buffer.from(text)) })
  if (!put.ok) throw new Error(`matrix fixture upload ${name}: ${put.status}`)
  return meta.data.fileId
}

/** the demo household's township office: where its requests go when nothing on the menu takes them */
const HOME_TOWNSHIP_OFFICE = 'demo-office-township'
/** the demo county's 防返贫 team, which receives the home household's risk lead */
const RISK_TEAM = 'demo-department-risk'

async function requestFixtures(h: FunctionsHarness, home: Doc, away: Doc) {
  const report = async (id: string, householdId: string, openid: string) =>
    ok(
      `report ${id}`,
      await h.call(requests, 'report', { id, householdId, category: 'other', text: '矩阵测试诉求' }, openid),
    ).id
  const homeId = await report('00000000-0000-4000-8000-0000000a0001', home._id, HOME_MEMBER)
  const resolved = await report('00000000-0000-4000-8000-0000000a0002', home._id, HOME_MEMBER)
  ok(
    'accept',
    await h.call(requests, 'act', { id: resolved, events: 2, step: { type: 'accept' } }, HOME_TOWNSHIP_OFFICE),
  )
  ok(
    'resolve',
    await h.call(
      requests,
      'act',
      { id: resolved, events: 3, step: { type: 'resolve', note: '已送煤' } },
      HOME_TOWNSHIP_OFFICE,
    ),
  )
  const awayId = await report('00000000-0000-4000-8000-0000000b0001', away._id, 'demo-office-prefecture')
  // a poverty-return risk lead the paired official sent, with the demo county's 防返贫 team
  const lead = ok(
    'risk lead',
    await h.call(
      requests,
      'riskLead',
      { id: '00000000-0000-4000-8000-0000000c0001', householdId: home._id, kind: 'sudden', text: '矩阵测试线索' },
      HOME_OFFICIAL,
    ),
  ).id
  return { request: { home: homeId, resolved, away: awayId, lead } }
}

/** Wishes made through the function as users would: published by the households, donors registered by the
 * county office, one claimed by the demo official as its own donor, one claimed and fulfilled by the office. */
async function wishFixtures(h: FunctionsHarness, home: Doc, away: Doc, request: { home: string; away: string }) {
  const officialId = h.find('users', { _id: 'demo-official-1' })[0]?.officialId as string
  const report = async (id: string) =>
    ok(
      `report ${id}`,
      await h.call(
        requests,
        'report',
        { id, householdId: home._id, category: 'other', text: '矩阵测试心愿' },
        HOME_MEMBER,
      ),
    ).id
  const publish = async (n: string, requestId: string, household: Doc, openid: string) => {
    const id = `00000000-0000-4000-8000-0000000d000${n}`
    const input = { id, householdId: household._id, requestId, text: '矩阵测试心愿', consent: true as const }
    return ok(`publish ${n}`, await h.call(wishes, 'publish', input, openid)).id
  }
  const donor = async (n: string, extra: Record<string, unknown>) => {
    const id = `00000000-0000-4000-8000-0000000e000${n}`
    const input = { id, region: HOME_COUNTY, kind: 'enterprise' as const, name: '矩阵测试捐赠方', ...extra }
    return ok(`donor ${n}`, await h.call(wishes, 'registerDonor', input, 'demo-office-county')).id
  }
  const homeDonor = await donor('1', {})
  const officialDonor = await donor('2', { kind: 'official', officialId })
  const published = await publish('1', request.home, home, HOME_MEMBER)
  const claimed = await publish('2', await report('00000000-0000-4000-8000-0000000a0003'), home, HOME_MEMBER)
  const fulfilled = await publish('3', await report('00000000-0000-4000-8000-0000000a0004'), home, HOME_MEMBER)
  const awayWish = await publish('4', request.away, away, AWAY_MEMBER)
  const claim = async (id: string, donorId: string, openid: string, n: string) =>
    ok(
      `claim ${n}`,
      await h.call(wishes, 'claim', { id, donorId, claimId: `00000000-0000-4000-8000-0000000f000${n}` }, openid),
    )
  await claim(claimed, officialDonor, 'demo-official-1', '1')
  await claim(fulfilled, homeDonor, 'demo-office-county', '2')
  ok('fulfil', await h.call(wishes, 'fulfil', { id: fulfilled }, 'demo-office-county'))
  return {
    wish: { published, claimed, fulfilled, away: awayWish },
    donor: { home: homeDonor, official: officialDonor, officialId },
  }
}

/** Exchange trips and opportunities: the demo household and the other county's one named (inserted as a
 * confirmed list leaves them), a trip of each county's office made through the function, a finished trip of
 * the demo county (inserted: a trip is never made in the past) for the report, an opportunity of each county
 * and a recommendation of each (the demo household's by its paired official through the function). */
async function exchangeFixtures(h: FunctionsHarness, home: Doc, away: Doc) {
  const at = now()
  const named = (id: string, household: Doc): Doc => ({
    _id: id,
    campaignId: 'matrix-campaign',
    year: 2026,
    kind: 'family',
    householdId: household._id,
    unitId: null,
    name: (household.head as { name: unknown }).name,
    regionPath: household.regionPath,
    status: 'active',
    history: [],
    told: 'none',
    namedAt: at,
    updatedAt: at,
  })
  h.insert('named', [named('matrix-named-home', home), named('matrix-named-away', away)])
  const trip = async (n: string, region: string, namedId: string, office: string) =>
    ok(`trip ${n}`, await h.call(exchange, 'saveTrip', exchangeTrip(`1a100${n}`, region, namedId), office)).id
  const finished = '00000000-0000-4000-8000-00000001a200'
  const actor = { openid: 'demo-office-county', role: 'office', id: HOME_COUNTY }
  h.insert('trips', [
    {
      _id: finished,
      region: HOME_COUNTY,
      regionPath: [PREFECTURE, HOME_COUNTY],
      title: { 'zh-Hans': '矩阵测试交流', bo: 'ཚོད་ལྟའི་བརྗེ་རེས།' },
      places: { 'zh-Hans': '杭州', bo: 'ཧང་ཀྲོའུ།' },
      startDay: addDays(chinaDay(), -6),
      endDay: addDays(chinaDay(), -1),
      slots: 1,
      replyDays: 3,
      candidates: [],
      householdIds: [],
      events: [],
      seq: 1,
      nextDue: '3000-01-01T00:00:00.000Z',
      confirmed: 0,
      report: null,
      createdBy: actor,
      createdAt: at,
      updatedAt: at,
    },
  ])
  const opportunity = async (n: string, region: string, office: string) =>
    ok(`opportunity ${n}`, await h.call(exchange, 'saveOpportunity', exchangeOpportunity(`1c100${n}`, region), office))
      .id
  const homeOpportunity = await opportunity('1', HOME_COUNTY, 'demo-office-county')
  const awayOpportunity = await opportunity('2', OTHER_COUNTY, AWAY_OFFICE)
  const recommendation = ok(
    'recommend',
    await h.call(
      exchange,
      'recommend',
      { id: '00000000-0000-4000-8000-00000001d101', householdId: home._id, opportunityId: homeOpportunity, member: 0 },
      HOME_OFFICIAL,
    ),
  ).id
  const awayRecommendation = '00000000-0000-4000-8000-00000001d102'
  h.insert('recommendations', [
    {
      _id: awayRecommendation,
      opportunityId: awayOpportunity,
      householdId: away._id,
      member: { index: 0, name: (away.head as { name: unknown }).name },
      regionPath: away.regionPath,
      by: { openid: 'matrix-away-official', role: 'official', id: 'matrix-away-official' },
      at,
      outcome: null,
      outcomeAt: null,
      outcomeBy: null,
    },
  ])
  // each department's own region: where its staff publish
  const departments = Object.fromEntries(
    h.find('departments').map((d) => [d._id, (d.regionPath as string[])[(d.regionPath as string[]).length - 1]!]),
  )
  return {
    exchange: {
      named: 'matrix-named-home',
      awayNamed: 'matrix-named-away',
      trip: await trip('1', HOME_COUNTY, 'matrix-named-home', 'demo-office-county'),
      awayTrip: await trip('2', OTHER_COUNTY, 'matrix-named-away', AWAY_OFFICE),
      finished,
      opportunity: homeOpportunity,
      awayOpportunity,
      recommendation,
      awayRecommendation,
      departments,
    },
  }
}

function exchangeTrip(tag: string, region: string, namedId: string) {
  return {
    id: `00000000-0000-4000-8000-000000${tag}`,
    region,
    title: { 'zh-Hans': '矩阵测试交流', bo: 'ཚོད་ལྟའི་བརྗེ་རེས།' },
    places: { 'zh-Hans': '杭州', bo: 'ཧང་ཀྲོའུ།' },
    startDay: addDays(chinaDay(), 30),
    endDay: addDays(chinaDay(), 35),
    slots: 1,
    replyDays: 3,
    named: [namedId],
  }
}

function exchangeOpportunity(tag: string, region: string, departmentId?: string) {
  return {
    id: `00000000-0000-4000-8000-000000${tag}`,
    region,
    kind: 'job' as const,
    title: { 'zh-Hans': '矩阵测试招聘', bo: 'ཚོད་ལྟའི་ལས་ཞུགས།' },
    body: { 'zh-Hans': '矩阵测试内容', bo: '' },
    place: { 'zh-Hans': '浙江湖州', bo: '' },
    deadline: addDays(chinaDay(), 30),
    ...(departmentId ? { departmentId } : {}),
  }
}

/** a region of the other county (whose office is the matrix's away office) */
const inOtherCounty = (region: string) => region.startsWith(OTHER_COUNTY.slice(0, 6))

/** The selection's documents: a campaign opened through the function, where the demo household's nomination
 * waits for its consent (made by the village office) and a neighbour's for the township; inserted as their
 * days leave them (a campaign is never opened in the past): a list in its 公示 window with an entry and an
 * unanswered objection in each county, a list whose window has closed, one ready to publish, and a named
 * family in each county. */
async function selectionFixtures(h: FunctionsHarness, home: Doc, away: Doc) {
  const at = now()
  const today = chinaDay()
  const d = (n: number) => addDays(today, n)
  const id = (n: string) => `00000000-0000-4000-8000-e1${n.padStart(10, '0')}`
  const village = h.find('households', { villageCode: home.villageCode }).filter((x) => x._id !== home._id)
  const [neighbour, free] = village
  if (!neighbour || !free) throw new Error('matrix fixture: the demo village needs three households')
  const rubric = [{ key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 100 }]
  const campaign = id('1')
  ok(
    'open',
    await h.call(
      exchange,
      'open',
      {
        id: campaign,
        region: PREFECTURE,
        year: 2026,
        kind: 'family',
        title: { 'zh-Hans': '矩阵测试评选', bo: 'ཚོད་ལྟའི་འདེམས་སྒྲུག' },
        quotas: [
          { county: HOME_COUNTY, places: 5 },
          { county: OTHER_COUNTY, places: 5 },
        ],
        rubric,
        deadlines: { nomination: d(2), township: d(4), county: d(6), prefecture: d(8) },
        publicity: { start: d(10), days: 5 },
      },
      'demo-office-prefecture',
    ),
  )
  const story = { text: '矩阵测试事迹', photos: [], voice: undefined }
  const consent = ok(
    'nominate',
    await h.call(
      exchange,
      'nominate',
      { id: id('2'), campaignId: campaign, householdId: home._id, story: { text: story.text } },
      'demo-office-village',
    ),
  ).id
  const actor = { openid: 'demo-office-village', role: 'office', id: (home.regionPath as string[])[3] }
  const nomination = (n: string, campaignId: string, household: Doc, state: string): Doc => ({
    _id: id(n),
    campaignId,
    kind: 'family',
    householdId: household._id,
    unitId: null,
    regionPath: household.regionPath,
    nominator: actor,
    story: { text: story.text, lang: 'zh-Hans', photos: [], voice: null },
    consent: { given: true, at, by: 'matrix', lang: 'zh-Hans' },
    state,
    reviews: [],
    score: null,
    createdAt: at,
    updatedAt: at,
  })
  const stored = (n: string, state: string, publicity: { start: string; days: number }, listed: string[]): Doc => ({
    _id: id(n),
    year: 2026,
    kind: 'family',
    title: { 'zh-Hans': '矩阵测试公示', bo: 'ཚོད་ལྟའི་ཁྱབ་བསྒྲགས' },
    region: PREFECTURE,
    quotas: { [HOME_COUNTY]: 5, [OTHER_COUNTY]: 5 },
    rubric,
    deadlines: { nomination: d(-20), township: d(-19), county: d(-18), prefecture: d(-17) },
    publicity,
    state,
    listed,
    publishedAt: state === 'open' ? null : at,
    confirmedAt: null,
    createdBy: { openid: 'demo-office-prefecture', role: 'office', id: PREFECTURE },
    createdAt: at,
    updatedAt: at,
  })
  h.insert('nominations', [
    nomination('3', campaign, neighbour, 'nominated'),
    nomination('4', campaign, away, 'nominated'),
    nomination('11', id('10'), home, 'approved'),
    nomination('12', id('10'), away, 'approved'),
    nomination('21', id('20'), home, 'approved'),
    nomination('31', id('30'), neighbour, 'approved'),
  ])
  h.insert('campaigns', [
    stored('10', 'published', { start: d(-1), days: 5 }, [id('11'), id('12')]),
    stored('20', 'published', { start: d(-10), days: 5 }, [id('21')]),
    {
      ...stored('30', 'open', { start: d(2), days: 5 }, []),
      deadlines: { nomination: d(-4), township: d(-3), county: d(-2), prefecture: d(-1) },
    },
  ])
  const objection = (n: string, nominationId: string, household: Doc, by: string): Doc => ({
    _id: id(n),
    campaignId: id('10'),
    nominationId,
    county: (household.regionPath as string[])[1],
    by: { openid: by, role: 'household', id: household._id },
    reason: '矩阵测试异议',
    at,
    answer: null,
  })
  h.insert('objections', [objection('13', id('11'), home, HOME_MEMBER), objection('14', id('12'), away, AWAY_MEMBER)])
  const named = (n: string, household: Doc): Doc => ({
    _id: id(n),
    campaignId: id('20'),
    year: 2026,
    kind: 'family',
    householdId: household._id,
    unitId: null,
    name: (household.head as { name: unknown }).name,
    regionPath: household.regionPath,
    status: 'active',
    history: [
      { type: 'named', at, by: { openid: 'demo-office-prefecture', role: 'office', id: PREFECTURE }, year: 2026 },
    ],
    told: 'none',
    namedAt: at,
    updatedAt: at,
  })
  h.insert('named', [named('41', home), named('42', away)])
  return {
    selection: {
      campaign,
      consent,
      nominated: id('3'),
      awayNominated: id('4'),
      free: free._id,
      window: id('10'),
      entry: id('11'),
      awayEntry: id('12'),
      objection: id('13'),
      awayObjection: id('14'),
      ended: id('20'),
      publishable: id('30'),
      named: id('41'),
      awayNamed: id('42'),
      departments: Object.fromEntries(h.find('departments').map((x) => [x._id, x.regionPath as string[]])),
    },
  }
}

async function registryFixtures(h: FunctionsHarness, home: Doc, away: Doc) {
  // one upload per job: an upload's folder names the job it makes (src/shared/storage.ts)
  const roster = await upload(h, 'home', rosterOf(home))
  const job = async (office: string, region: string, fileID: string) => {
    const kind = 'households' as const
    return ok(`import ${office}`, await h.call(registry, 'importUpload', { region, kind, fileID }, office)).jobId
  }
  const plan = async (office: string, region: string) =>
    ok(`plan ${office}`, await h.call(registry, 'planPairing', { region }, office)).planId
  // continuing a commit is asked of a job that has started one; this one has finished (a no-op to continue)
  const committed = await job('demo-office-county', HOME_COUNTY, await upload(h, 'committed', rosterOf(home)))
  ok('commit', await h.call(registry, 'importCommit', { jobId: committed }, 'demo-office-county'))
  return {
    roster,
    job: {
      home: await job('demo-office-county', HOME_COUNTY, roster),
      away: await job(AWAY_OFFICE, OTHER_COUNTY, await upload(h, 'away', rosterOf(away))),
      committed,
    },
    plan: { home: await plan('demo-office-county', HOME_COUNTY), away: await plan(AWAY_OFFICE, OTHER_COUNTY) },
  }
}

/**
 * The demo identities of the slice, the users and documents cells need, made through the functions where
 * a function makes them (notices, contacts, registry jobs) so they are what users would leave.
 */
export async function prepare(h: FunctionsHarness): Promise<Prepared> {
  const users = h.find('users')
  const homeUser = users.find((u) => u._id === 'demo-household-1')
  const home = h.find('households', { _id: homeUser?.householdId })[0]
  const away = h.find('households', { regionPath: OTHER_COUNTY })[0]
  const demoOfficial = users.find((u) => u._id === 'demo-official-1')?.officialId
  const freeOfficial = h.find('officials', { regionPath: HOME_COUNTY }).find((o) => o._id !== demoOfficial)
  if (!home || !away || !freeOfficial) throw new Error('matrix fixture: the slice lacks a household or official')
  const pairedOfficial = (home.officialIds as string[])[0]
  if (!pairedOfficial) throw new Error('matrix fixture: the demo household has no paired official')
  const regions = users.flatMap((u) =>
    (u.roles as RoleGrant[]).flatMap((g) => (g.role === 'office' || g.role === 'reviewer' ? [g.region] : [])),
  )
  const departments = users.flatMap((u) =>
    (u.roles as RoleGrant[]).flatMap((g) => (g.role === 'department' ? [g.departmentId] : [])),
  )
  const member = (openid: string, household: Doc): Doc => ({
    _id: openid,
    householdId: household._id,
    roles: [{ role: 'household', householdId: household._id, regionPath: household.regionPath }],
  })
  h.insert('users', [
    member(HOME_MEMBER, home),
    member(AWAY_MEMBER, away),
    {
      _id: ROLE_HOLDER,
      roles: [
        ...[...new Set([...regions, OTHER_COUNTY])].map((region) => ({ role: 'reviewer', region })),
        ...[...new Set(departments)].map((departmentId) => ({ role: 'department', departmentId })),
      ],
    },
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
    // appointed from the prefecture, so it may review the county office's notices (separation of duties)
    {
      _id: AWAY_REVIEWER,
      roles: [
        {
          role: 'reviewer',
          region: OTHER_COUNTY,
          grantedBy: 'demo-office-prefecture',
          grantedByOffices: ['513300000000'],
        },
      ],
    },
    {
      _id: HOME_OFFICIAL,
      officialId: pairedOfficial,
      roles: [{ role: 'official', officialId: pairedOfficial, regionPath: home.regionPath }],
    },
  ])
  h.insert('feedback', [
    {
      _id: FEEDBACK,
      openid: HOME_MEMBER,
      kind: 'suggestion',
      text: '矩阵测试反馈',
      roles: ['household'],
      regionPath: home.regionPath,
      lang: 'zh-Hans',
      state: 'new',
      createdAt: now(),
      unseen: false,
    },
  ])
  const services = Object.fromEntries(
    [...new Set(departments)].map((departmentId, i) => [
      departmentId,
      `00000000-0000-4000-8000-5e${String(i).padStart(10, '0')}`,
    ]),
  )
  h.insert(
    'services',
    Object.entries(services).map(([departmentId, _id]) => ({
      _id,
      departmentId,
      category: 'matrix',
      level: 'county',
      regions: [HOME_COUNTY],
      deadlineDays: 10,
      name: { 'zh-Hans': '矩阵测试服务', bo: 'ཚོད་ལྟའི་ཞབས་ཞུ།' },
      prepare: { 'zh-Hans': '', bo: '' },
      active: true,
      updatedAt: now(),
    })),
  )
  // the services' category, on the prefecture office's list
  h.insert('requestCategories', [
    {
      _id: 'matrix',
      name: { 'zh-Hans': '矩阵测试类别', bo: 'ཚོད་ལྟའི་རིགས།' },
      active: true,
      updatedAt: now(),
      updatedBy: 'demo-office-prefecture',
    },
  ])
  const codes = { official: '24681357', household: '13572468', used: '97531864' }
  h.insert('invites', [
    invite(codes.official, { kind: 'official', officialId: freeOfficial._id }),
    invite(codes.household, { kind: 'household', householdId: home._id }),
    invite(codes.used, {
      kind: 'household',
      householdId: home._id,
      usedAt: now(),
      usedBy: HOME_MEMBER,
    }),
  ])

  const visit = '00000000-0000-4000-8000-00000000c0de'
  ok(
    'visit',
    await h.call(
      contacts,
      'logContact',
      {
        id: visit,
        householdId: home._id,
        channel: 'visit',
        at: addTime(now(), -1, 'hour'),
        topics: ['policy'],
        notes: '',
        photos: [],
        needs: [],
      },
      HOME_OFFICIAL,
    ),
  )
  const homeNotices = await noticesIn(h, HOME_COUNTY, 'demo-office-county', 'demo-reviewer-1', 'a')
  const awayNotices = await noticesIn(h, OTHER_COUNTY, AWAY_OFFICE, AWAY_REVIEWER, 'b')
  const notice = Object.fromEntries(
    (['draft', 'submitted', 'approved', 'published'] as const).map((state) => [
      state,
      { home: homeNotices[state], away: awayNotices[state] },
    ]),
  ) as Fixtures['notice']
  const registryBuilt = fs.existsSync(path.join(FUNCTIONS_DIR, 'registry', 'index.js'))
  const fixtures: Fixtures = {
    home,
    away,
    visit,
    notice,
    codes,
    services,
    ...(registryBuilt ? await registryFixtures(h, home, away) : {}),
    ...(fs.existsSync(path.join(FUNCTIONS_DIR, 'requests', 'index.js')) ? await requestFixtures(h, home, away) : {}),
  }
  if (fixtures.request && fs.existsSync(path.join(FUNCTIONS_DIR, 'wishes', 'index.js')))
    Object.assign(fixtures, await wishFixtures(h, home, away, fixtures.request))
  if (fs.existsSync(path.join(FUNCTIONS_DIR, 'exchange', 'index.js')))
    Object.assign(fixtures, await selectionFixtures(h, home, away))
  if (fs.existsSync(path.join(FUNCTIONS_DIR, 'exchange', 'index.js')))
    Object.assign(fixtures, await exchangeFixtures(h, home, away))

  const identities = [
    { openid: NOBODY },
    ...users
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((u) => ({ openid: u._id, grant: (h.find('users', { _id: u._id })[0]!.roles as RoleGrant[])[0] })),
  ]
  return { identities, fixtures }
}

// ---------------------------------------------------------------------------------------------------
// Targets named by an id field (the convention of access.ts)

export type TargetKind = 'household' | 'official' | 'region' | 'department'

/** The input field that names an action's target under the declared scope. */
export function targetKind(def: ActionDef): { kind: TargetKind; key: string } | undefined {
  const keys = Object.keys((def.input as unknown as { entries?: Record<string, unknown> }).entries ?? {})
  const has = (key: string) => keys.includes(key)
  if (def.scope === 'household' && has('householdId')) return { kind: 'household', key: 'householdId' }
  if (def.scope === 'region') {
    if (has('region')) return { kind: 'region', key: 'region' }
    if (has('officialId')) return { kind: 'official', key: 'officialId' }
    if (has('householdId')) return { kind: 'household', key: 'householdId' }
  }
  if (def.scope === 'department') {
    if (has('departmentId')) return { kind: 'department', key: 'departmentId' }
    if (has('officialId')) return { kind: 'official', key: 'officialId' }
  }
  return undefined
}

const first = (docs: Doc[], keep: (d: Doc) => boolean) => docs.find(keep)?._id
const path4 = (d: Doc) => (d.regionPath as string[] | undefined) ?? []
const isPrefecture = (region: string) => region === PREFECTURE

/**
 * A target inside the identity's reach (undefined when its role never reaches this kind) and one outside
 * (undefined when nothing in the slice is outside, e.g. for the prefecture office or an administrator).
 */
export function targets(slice: Slice, who: Who, kind: TargetKind): { inside?: string; outside?: string } {
  const g = who.grant
  if (kind === 'region') {
    if (g?.role === 'office' || g?.role === 'reviewer')
      return { inside: g.region, outside: isPrefecture(g.region) ? undefined : OTHER_COUNTY }
    if (g?.role === 'admin') return { inside: OTHER_COUNTY }
    return { outside: OTHER_COUNTY }
  }
  const docs = slice[kind === 'household' ? 'households' : kind === 'official' ? 'officials' : 'departments'] ?? []
  const any = first(docs, () => true)
  switch (g?.role) {
    case 'admin':
      return { inside: any }
    case 'office': {
      // an official nobody is bound to where there is one: a bound official gets codes only as replacements
      const bound = new Set((slice.users ?? []).map((u) => u.officialId))
      const inside = (d: Doc) => path4(d).includes(g.region)
      return {
        inside: (kind === 'official' && first(docs, (d) => inside(d) && !bound.has(d._id))) || first(docs, inside),
        outside: first(docs, (d) => !inside(d)),
      }
    }
    case 'household':
      if (kind === 'household')
        return { inside: g.householdId, outside: first(docs, (d) => path4(d).includes(OTHER_COUNTY)) }
      return { outside: any }
    case 'official':
      if (kind === 'household')
        return {
          inside: first(docs, (d) => ((d.officialIds as string[]) ?? []).includes(g.officialId)),
          outside: first(docs, (d) => !((d.officialIds as string[]) ?? []).includes(g.officialId)),
        }
      if (kind === 'official') return { inside: g.officialId, outside: first(docs, (d) => d._id !== g.officialId) }
      return { outside: any }
    case 'department':
      if (kind === 'department')
        return { inside: g.departmentId, outside: first(docs, (d) => d._id !== g.departmentId) }
      if (kind === 'official')
        return {
          inside: first(docs, (d) => d.departmentId === g.departmentId),
          outside: first(docs, (d) => d.departmentId !== g.departmentId),
        }
      return { outside: any }
    default:
      return { outside: any }
  }
}

// ---------------------------------------------------------------------------------------------------
// Hand-written inputs: actions whose target is not a plain id field, or that act on a fixture

export interface Sample {
  input: unknown
  expect: Outcome
}
export type Side = 'inside' | 'outside'
/** An input for this identity on this side with its outcome; undefined when there is nothing to try (the
 * prefecture office and administrators have no "outside" in the slice). */
export type SampleFn = (who: Who, side: Side, fx: Fixtures) => Sample | undefined

const allowed = (input: unknown): Sample => ({ input, expect: 'ok' })
const refused = (input: unknown, code: ErrorCode = 'FORBIDDEN'): Sample => ({ input, expect: code })
/** Only an inside cell, answered: a list or setting over the caller's own reach. */
const own =
  (input: unknown): SampleFn =>
  (_who, side) =>
    side === 'inside' ? allowed(input) : undefined

const officeRegion = (who: Who) => (who.grant?.role === 'office' ? who.grant.region : undefined)
const reviewerRegion = (who: Who) => (who.grant?.role === 'reviewer' ? who.grant.region : undefined)

function grantSample(who: Who, side: Side): { grant: unknown; expect: Outcome } | undefined {
  const g = who.grant
  const foreignOffice = { role: 'office', region: OTHER_COUNTY }
  if (side === 'inside') {
    if (g?.role === 'office') return { grant: { role: 'reviewer', region: g.region }, expect: 'ok' }
    if (g?.role === 'department') return { grant: { role: 'department', departmentId: g.departmentId }, expect: 'ok' }
    if (g?.role === 'admin') return { grant: { role: 'reviewer', region: OTHER_COUNTY }, expect: 'ok' }
    return undefined
  }
  if (g?.role === 'office')
    return { grant: isPrefecture(g.region) ? { role: 'admin' } : foreignOffice, expect: 'FORBIDDEN' }
  if (g?.role === 'admin') return undefined
  return { grant: foreignOffice, expect: 'FORBIDDEN' }
}

/**
 * Notices: an office on the notice's office path (its own county's and the prefecture's) manages it; a
 * reviewer on its review path reviews it. Township and village offices are on neither path of a county's
 * notice; the prefecture office is on both counties'.
 */
function onNoticePath(region: string | undefined, county: string): boolean {
  return region === county || region === PREFECTURE
}

/** `owner`: only the office that wrote the notice (an office above it sees it but changes nothing) */
function noticeAction(
  state: keyof Fixtures['notice'],
  by: 'office' | 'owner' | 'reviewer' | 'both',
  extra: Record<string, unknown> = {},
): SampleFn {
  return (who, side, fx) => {
    const region =
      (by !== 'reviewer' ? officeRegion(who) : undefined) ?? (by !== 'office' ? reviewerRegion(who) : undefined)
    const county = side === 'inside' ? HOME_COUNTY : OTHER_COUNTY
    if (side === 'outside' && isPrefecture(region ?? '')) return undefined
    const input = { id: fx.notice[state][side === 'inside' ? 'home' : 'away'], ...extra }
    return (by === 'owner' ? region === county : onNoticePath(region, county)) ? allowed(input) : refused(input)
  }
}

/** the office whose uploads made the home import jobs */
const IMPORT_OWNER = 'demo-office-county'

function registryJob(which: 'job' | 'plan', field: 'jobId' | 'planId', committed = false): SampleFn {
  return (who, side, fx) => {
    const ids = fx[which]
    if (!ids) return undefined
    const region = officeRegion(who)
    if (side === 'outside' && (who.grant?.role === 'admin' || isPrefecture(region ?? ''))) return undefined
    const home = committed && fx.job ? fx.job.committed : ids.home
    const input = { [field]: side === 'inside' ? home : ids.away }
    // an import job is its uploader's alone (the county office made the home ones), an administrator's neither
    if (which === 'job') return side === 'inside' && who.openid === IMPORT_OWNER ? allowed(input) : refused(input)
    if (who.grant?.role === 'admin') return allowed(input)
    // the job or plan is the county's: the county and prefecture offices reach it, offices below do not
    return onNoticePath(region, side === 'inside' ? HOME_COUNTY : OTHER_COUNTY) ? allowed(input) : refused(input)
  }
}

/** Feedback is read and answered by an office at the prefecture or an administrator; other offices are refused. */
const prefectureFeedback =
  (input: unknown): SampleFn =>
  (who, side) => {
    if (side === 'outside') return undefined
    const g = who.grant
    return g?.role === 'admin' || (g?.role === 'office' && isPrefecture(g.region)) ? allowed(input) : refused(input)
  }

/** The dashboard's key for a caller: its office region, its department (on a home only), or any region for an
 * administrator; outside, another county's region. */
function dashboardSample(home: boolean): SampleFn {
  return (who, side) => {
    const g = who.grant
    if (g?.role === 'department')
      return side === 'inside'
        ? (home ? allowed : refused)({ departmentId: g.departmentId })
        : refused({ region: OTHER_COUNTY })
    if (g?.role === 'admin') return side === 'inside' ? allowed({ region: OTHER_COUNTY }) : undefined
    const region = officeRegion(who)
    if (!region) return undefined
    if (side === 'inside') return allowed({ region })
    return isPrefecture(region) ? undefined : refused({ region: OTHER_COUNTY })
  }
}

/** A member of the demo household, or an official paired with it. */
function reachesHome(who: Who, fx: Fixtures): boolean {
  const g = who.grant
  return (
    (g?.role === 'household' && g.householdId === fx.home._id) ||
    (g?.role === 'official' && ((fx.home.officialIds as string[]) ?? []).includes(g.officialId))
  )
}

/** An office whose region holds the demo household, or an administrator. */
function overHome(who: Who, fx: Fixtures): boolean {
  const region = officeRegion(who)
  return who.grant?.role === 'admin' || (region !== undefined && path4(fx.home).includes(region))
}

/** A step the household takes on its own wish in `state`; the other county's wish is nobody's here. */
function householdWish(state: 'published' | 'fulfilled'): SampleFn {
  return (who, side, fx) => {
    if (!fx.wish) return undefined
    if (side === 'outside') return refused({ id: fx.wish.away, householdId: fx.away._id })
    return (reachesHome(who, fx) ? allowed : refused)({ id: fx.wish[state], householdId: fx.home._id })
  }
}

export const SAMPLES: Record<string, SampleFn> = {
  // identity
  'identity.me': own({}),
  'identity.grantRole': (who, side) => {
    const s = grantSample(who, side)
    return s && { input: { openid: 'matrix-new-user', grant: s.grant }, expect: s.expect }
  },
  'identity.revokeRole': (who, side) => {
    const s = grantSample(who, side)
    return s && { input: { openid: ROLE_HOLDER, grant: s.grant }, expect: s.expect }
  },
  'identity.unbind': (who, side) => {
    const g = who.grant
    if (side === 'inside') {
      if (g?.role === 'household' || g?.role === 'official') return allowed({ role: g.role })
      return allowed({ role: 'household', openid: HOME_MEMBER })
    }
    if (g?.role === 'admin' || (g?.role === 'office' && isPrefecture(g.region))) return undefined
    return refused({ role: 'household', openid: AWAY_MEMBER })
  },
  // Anyone binds with a live code for a role they do not hold; a used code is refused whoever tries it.
  'identity.redeemInvite': (who, side, fx) => {
    if (side === 'outside') return refused({ code: fx.codes.used }, 'CONFLICT')
    return allowed({ code: who.grant?.role === 'official' ? fx.codes.household : fx.codes.official })
  },
  'identity.auditSearch': own({}),

  // contacts
  'contacts.myHouseholds': own({}),
  'contacts.confirmVisit': (_who, side, fx) =>
    side === 'inside'
      ? allowed({ householdId: fx.home._id, contactId: fx.visit })
      : refused({ householdId: fx.away._id, contactId: fx.visit }),
  'contacts.rollup': (who, side) => {
    const g = who.grant
    const region = (key: string) => ({ axis: 'region', key, period: '2026-01' })
    if (g?.role === 'office')
      return side === 'inside'
        ? allowed(region(g.region))
        : isPrefecture(g.region)
          ? undefined
          : refused(region(OTHER_COUNTY))
    if (g?.role === 'department')
      return side === 'inside'
        ? allowed({ axis: 'department', key: g.departmentId, period: '2026-Q1' })
        : refused({ axis: 'department', key: 'matrix-other-department', period: '2026-Q1' })
    return side === 'inside' ? allowed(region(OTHER_COUNTY)) : undefined
  },
  'contacts.recount': own({ fix: false }),

  // dashboard: the official's households an office asked them to look in on
  'dashboard.cares': own({}),

  // notices
  'notices.save': (who, side) => {
    const region = officeRegion(who)
    const id = '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11'
    if (side === 'inside') return allowed({ id, draft: draftFor(region ?? HOME_COUNTY, '矩阵测试通知') })
    return isPrefecture(region ?? '') ? undefined : refused({ id, draft: draftFor(OTHER_COUNTY, '矩阵测试通知') })
  },
  'notices.submit': noticeAction('draft', 'owner'),
  'notices.approve': noticeAction('submitted', 'reviewer'),
  'notices.returnNotice': noticeAction('submitted', 'reviewer', { comment: '请补充藏文' }),
  'notices.publish': noticeAction('approved', 'owner'),
  'notices.retract': noticeAction('published', 'owner', { reason: '矩阵测试撤回' }),
  'notices.record': noticeAction('draft', 'both'),
  'notices.readRates': noticeAction('published', 'both'),
  'notices.mine': own({}),
  'notices.queue': own({}),
  'notices.feed': own({}),
  'notices.subscribe': own({ accepted: false }),
  'notices.subscription': own({}),
  // A household or official opens a live notice for their county's households, not the other county's.
  'notices.open': (_who, side, fx) =>
    side === 'inside' ? allowed({ id: fx.notice.published.home }) : refused({ id: fx.notice.published.away }),
  'notices.unreadHouseholds': (_who, side, fx) =>
    allowed({ id: fx.notice.published[side === 'inside' ? 'home' : 'away'] }),
  'notices.forwardToHousehold': (who, side, fx) => {
    const g = who.grant
    if (g?.role !== 'official') return undefined
    const input = (householdId: string, id: string) => ({ id, householdId, contactId: 'matrix-contact' })
    return side === 'inside'
      ? allowed(input(fx.home._id, fx.notice.published.home))
      : refused(input(fx.away._id, fx.notice.published.away))
  },

  // feedback: anyone bound sends and reads their own; only the prefecture office and administrators the inbox
  'feedback.send': own({ id: '3d5f0c1e-8a4b-4f6e-9c2d-7b1a0e5f4c21', kind: 'suggestion', text: '矩阵测试反馈' }),
  'feedback.mine': own({}),
  'feedback.unread': own({}),
  'feedback.inbox': prefectureFeedback({}),
  'feedback.answer': prefectureFeedback({ id: FEEDBACK, text: '矩阵测试答复' }),

  // requests: the prefecture office keeps the calendar; a department its own menu; a household's requests
  // are read by the household and its paired officials (report and forHousehold follow the household scope)
  'requests.calendar': own({ year: 2026 }),
  'requests.setCalendar': prefectureFeedback({ year: 2027, holidays: ['2027-01-01'], workdays: [] }),
  'requests.mine': own({}),
  'requests.inbox': own({}),
  // only the unit that has the request acts on it: the home request sits with the home township's office
  'requests.act': (who, side, fx) => {
    if (!fx.request) return undefined
    const input = { id: side === 'inside' ? fx.request.home : fx.request.away, events: 2, step: { type: 'accept' } }
    return side === 'inside' && who.openid === HOME_TOWNSHIP_OFFICE ? allowed(input) : refused(input)
  },
  // the household answers a resolution of its own request, or a paired official does for it
  'requests.answer': (who, side, fx) => {
    if (!fx.request) return undefined
    const g = who.grant
    const householdId = side === 'inside' ? fx.home._id : fx.away._id
    const input = { id: fx.request.resolved, householdId, events: 4, answer: 'solved' }
    const reaches =
      (g?.role === 'household' && g.householdId === fx.home._id) ||
      (g?.role === 'official' && ((fx.home.officialIds as string[]) ?? []).includes(g.officialId))
    return side === 'inside' && reaches ? allowed(input) : refused(input)
  },
  // one request whole: the unit handling it (the home township's office), the household and its paired
  // officials; another county's request is nobody's here
  'requests.detail': (who, side, fx) => {
    if (!fx.request) return undefined
    const g = who.grant
    const input = { id: side === 'inside' ? fx.request.home : fx.request.away }
    const reaches =
      who.openid === HOME_TOWNSHIP_OFFICE ||
      (g?.role === 'household' && g.householdId === fx.home._id) ||
      (g?.role === 'official' && ((fx.home.officialIds as string[]) ?? []).includes(g.officialId))
    return side === 'inside' && reaches ? allowed(input) : refused(input)
  },
  // one of the household's own requests by its id: its members only; another household's is refused alike
  'requests.item': (who, side, fx) => {
    if (!fx.request) return undefined
    const g = who.grant
    const input = { id: side === 'inside' ? fx.request.home : fx.request.away }
    return side === 'inside' && g?.role === 'household' && g.householdId === fx.home._id
      ? allowed(input)
      : refused(input)
  },
  // everyone who reports or routes reads the category list; the prefecture office keeps it
  'requests.categories': own({}),
  'requests.saveCategory': prefectureFeedback({
    key: 'matrix',
    name: { 'zh-Hans': '矩阵测试类别', bo: 'ཚོད་ལྟའི་རིགས།' },
    active: true,
  }),
  // a department adds to its own menu under a category on the list, never to another department's
  'requests.saveService': (who, side, fx) => {
    const g = who.grant
    const input = (departmentId: string) => ({
      id: '00000000-0000-4000-8000-5e0000000fff',
      departmentId,
      category: 'matrix',
      level: 'county',
      regions: [HOME_COUNTY],
      deadlineDays: 10,
      name: { 'zh-Hans': '矩阵测试服务', bo: 'ཚོད་ལྟའི་ཞབས་ཞུ།' },
      prepare: { 'zh-Hans': '', bo: '' },
    })
    const [first] = Object.keys(fx.services)
    if (g?.role === 'admin') return side === 'inside' && first ? allowed(input(first)) : undefined
    if (g?.role !== 'department') return undefined
    const other = Object.keys(fx.services).find((d) => d !== g.departmentId)
    if (side === 'inside') return allowed(input(g.departmentId))
    return other ? refused(input(other)) : undefined
  },
  'requests.riskLeads': own({}),
  // only the county's team records a result, and only of a lead (the home request is not one)
  'requests.riskResult': (who, side, fx) => {
    if (!fx.request) return undefined
    const id = side === 'inside' ? fx.request.lead : fx.request.home
    const input = { id, events: 2, identified: true, decidedOn: chinaDay() }
    return side === 'inside' && who.openid === RISK_TEAM ? allowed(input) : refused(input)
  },
  // rates: an office its region and below, an administrator anywhere, department staff their own units only
  'requests.rates': (who, side) => {
    const g = who.grant
    if (side === 'inside') return allowed({})
    const reachesAll = g?.role === 'admin' || (g?.role === 'office' && isPrefecture(g.region))
    return reachesAll ? undefined : refused({ region: OTHER_COUNTY })
  },
  'requests.recount': own({ fix: false }),
  'requests.retireService': (who, side, fx) => {
    const g = who.grant
    const [[firstDepartment, firstService] = []] = Object.entries(fx.services)
    if (!firstDepartment || !firstService) return undefined
    if (g?.role === 'admin')
      return side === 'inside' ? allowed({ departmentId: firstDepartment, id: firstService }) : undefined
    if (g?.role !== 'department') return undefined
    const own = fx.services[g.departmentId]
    const other = Object.entries(fx.services).find(([d]) => d !== g.departmentId)
    if (side === 'inside') return own ? allowed({ departmentId: g.departmentId, id: own }) : undefined
    // another department's service named under one's own department: never taken over
    return other ? refused({ departmentId: g.departmentId, id: other[1] }) : undefined
  },

  // wishes: the household's side is the household's and its paired officials'; offices over the household and
  // the donor the caller is claim and fulfil; only a village or township office over it learns who it is
  'wishes.publish': (who, side, fx) => {
    if (!fx.wish || !fx.request) return undefined
    const input = (n: string, householdId: string, requestId: string) => ({
      id: `00000000-0000-4000-8000-0000000d010${n}`,
      householdId,
      requestId,
      text: '矩阵测试心愿',
      consent: true,
    })
    return side === 'inside'
      ? (reachesHome(who, fx) ? allowed : refused)(input('1', fx.home._id, fx.request.resolved))
      : refused(input('2', fx.away._id, fx.request.away))
  },
  'wishes.withdraw': householdWish('published'),
  'wishes.confirm': householdWish('fulfilled'),
  'wishes.forDonor': (who, side, fx) => {
    if (!fx.donor) return undefined
    const g = who.grant
    if (side === 'outside') return refused({ donorId: fx.donor.home })
    return (g?.role === 'official' && g.officialId === fx.donor.officialId ? allowed : refused)({
      donorId: fx.donor.official,
    })
  },
  'wishes.claim': (who, side, fx) => {
    if (!fx.wish || !fx.donor) return undefined
    const g = who.grant
    const claimId = '00000000-0000-4000-8000-0000000f0101'
    if (side === 'outside') return refused({ id: fx.wish.away, claimId, donorId: fx.donor.home })
    if (g?.role === 'official')
      return (g.officialId === fx.donor.officialId ? allowed : refused)({
        id: fx.wish.published,
        claimId,
        donorId: fx.donor.official,
      })
    return (overHome(who, fx) ? allowed : refused)({ id: fx.wish.published, claimId, donorId: fx.donor.home })
  },
  'wishes.fulfil': (who, side, fx) => {
    if (!fx.wish || !fx.donor) return undefined
    const g = who.grant
    // the other county's wish is published, not claimed: an office over it is told so rather than refused
    if (side === 'outside')
      return g?.role === 'admin' || isPrefecture(officeRegion(who) ?? '') ? undefined : refused({ id: fx.wish.away })
    const donorItself = g?.role === 'official' && g.officialId === fx.donor.officialId
    return (overHome(who, fx) || donorItself ? allowed : refused)({ id: fx.wish.claimed })
  },
  'wishes.myDonors': own({}),
  'wishes.handBack': (who, side, fx) => {
    if (!fx.wish || !fx.donor) return undefined
    const g = who.grant
    const reason = '矩阵测试交还'
    // the other county's wish is published, not claimed: an office over it is told so rather than refused
    if (side === 'outside')
      return g?.role === 'admin' || isPrefecture(officeRegion(who) ?? '')
        ? undefined
        : refused({ id: fx.wish.away, reason })
    const donorItself = g?.role === 'official' && g.officialId === fx.donor.officialId
    return (overHome(who, fx) || donorItself ? allowed : refused)({ id: fx.wish.claimed, reason })
  },
  'wishes.detail': (who, side, fx) => {
    if (!fx.wish) return undefined
    if (side === 'outside') return refused({ id: fx.wish.away })
    const local = ['township', 'village'].includes(levelOf(officeRegion(who) ?? '') ?? '')
    return (local && overHome(who, fx) ? allowed : refused)({ id: fx.wish.claimed })
  },

  // exchange's selection: the prefecture office opens, publishes and confirms; a village office over the
  // household nominates it (a unit only studios of its region); each review by the office of its level, which
  // also opens the story's files; the 公示 read and objected to in the counties concerned, answered by the
  // entry's county; the named reviewed by a county or prefecture office over it
  'exchange.open': (who, side) => {
    const region = officeRegion(who)
    const input = (r: string) => ({
      id: '00000000-0000-4000-8000-e1000000f001',
      region: r,
      year: 2026,
      kind: 'studio',
      title: { 'zh-Hans': '矩阵测试评选', bo: 'ཚོད་ལྟའི་འདེམས་སྒྲུག' },
      quotas: [{ county: HOME_COUNTY, places: 1 }],
      rubric: [{ key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 100 }],
      deadlines: {
        nomination: addDays(chinaDay(), 1),
        township: addDays(chinaDay(), 2),
        county: addDays(chinaDay(), 3),
        prefecture: addDays(chinaDay(), 4),
      },
      publicity: { start: addDays(chinaDay(), 5), days: 5 },
    })
    if (who.grant?.role === 'admin' || (region && isPrefecture(region)))
      return side === 'inside' ? allowed(input(PREFECTURE)) : undefined
    return side === 'inside' ? refused(input(region!)) : refused(input(OTHER_COUNTY))
  },
  'exchange.queue': (who, side, fx) => {
    if (!fx.selection) return undefined
    const region = officeRegion(who)
    const input = (r: string) => ({ campaignId: fx.selection!.campaign, region: r })
    if (side === 'inside') return allowed(input(region ?? PREFECTURE))
    return region && !isPrefecture(region) ? refused(input(OTHER_COUNTY)) : undefined
  },
  'exchange.nominate': (who, side, fx) => {
    if (!fx.selection) return undefined
    const s = fx.selection
    const input = (householdId: string) => ({
      id: '00000000-0000-4000-8000-e1000000f002',
      campaignId: s.campaign,
      householdId,
      story: { text: '矩阵测试事迹' },
    })
    // a household only by the village office over it: a unit puts studios forward, its staff never reaching
    // households, so a unit naming even a household of its own region is refused
    if (side === 'outside') return refused(input(fx.away._id))
    return (officeRegion(who) === path4(fx.home)[3] ? allowed : refused)(input(s.free))
  },
  'exchange.media': (who, side, fx) => {
    if (!fx.selection) return undefined
    const region = officeRegion(who)
    // an office of a review level over the nomination, which did not make it (the village office made both)
    const reviews = (d: Doc) =>
      region !== undefined &&
      ['township', 'county', 'prefecture'].includes(levelOf(region) ?? '') &&
      path4(d).includes(region)
    if (side === 'outside')
      return region && isPrefecture(region) ? undefined : refused({ nominationId: fx.selection.awayNominated })
    return (reviews(fx.home) ? allowed : refused)({ nominationId: fx.selection.nominated })
  },
  'exchange.consent': (_who, side, fx) => {
    if (!fx.selection) return undefined
    return side === 'inside'
      ? allowed({ householdId: fx.home._id, nominationId: fx.selection.consent, given: true })
      : refused({ householdId: fx.away._id, nominationId: fx.selection.awayNominated, given: true })
  },
  'exchange.review': (who, side, fx) => {
    if (!fx.selection) return undefined
    const input = (nominationId: string) => ({ nominationId, stage: 'township', pass: true, comment: '矩阵测试意见' })
    if (side === 'outside') return refused(input(fx.selection.awayNominated))
    return (officeRegion(who) === path4(fx.home)[2] ? allowed : refused)(input(fx.selection.nominated))
  },
  'exchange.publish': (who, side, fx) => {
    if (!fx.selection || side === 'outside') return undefined
    const region = officeRegion(who)
    const mayRun = who.grant?.role === 'admin' || (region !== undefined && isPrefecture(region))
    return (mayRun ? allowed : refused)({ campaignId: fx.selection.publishable })
  },
  'exchange.publicity': own({}),
  'exchange.object': (who, side, fx) => {
    if (!fx.selection) return undefined
    const s = fx.selection
    const g = who.grant
    const input = (nominationId: string) => ({
      id: '00000000-0000-4000-8000-e1000000f003',
      campaignId: s.window,
      nominationId,
      reason: '矩阵测试异议',
    })
    // the counties the caller reads: its household's, its official's, its office's, its unit's region
    const region =
      g?.role === 'household' || g?.role === 'official'
        ? (g.regionPath ?? [])[1]
        : g?.role === 'department'
          ? (s.departments[g.departmentId] ?? []).at(-1)
          : officeRegion(who)
    if (side === 'inside') return (region && path4(fx.home).includes(region) ? allowed : refused)(input(s.entry))
    return region === PREFECTURE ? undefined : refused(input(s.awayEntry))
  },
  'exchange.objections': (who, side, fx) => {
    if (!fx.selection) return undefined
    const region = officeRegion(who)
    const input = (r: string) => ({ campaignId: fx.selection!.window, region: r })
    if (side === 'inside') return allowed(input(region ?? PREFECTURE))
    return region && !isPrefecture(region) ? refused(input(OTHER_COUNTY)) : undefined
  },
  'exchange.answer': (who, side, fx) => {
    if (!fx.selection) return undefined
    const input = (objectionId: string) => ({ objectionId, upheld: false, text: '矩阵测试答复' })
    if (side === 'outside') return refused(input(fx.selection.awayObjection))
    return (officeRegion(who) === HOME_COUNTY ? allowed : refused)(input(fx.selection.objection))
  },
  'exchange.confirm': (who, side, fx) => {
    if (!fx.selection || side === 'outside') return undefined
    const region = officeRegion(who)
    const mayRun = who.grant?.role === 'admin' || (region !== undefined && isPrefecture(region))
    return (mayRun ? allowed : refused)({ campaignId: fx.selection.ended })
  },
  'exchange.reviewNamed': (who, side, fx) => {
    if (!fx.selection) return undefined
    const region = officeRegion(who)
    const input = (id: string) => ({ id, outcome: 'kept', year: 2027 })
    const above = who.grant?.role === 'admin' || (region !== undefined && isPrefecture(region))
    if (side === 'outside') return above ? undefined : refused(input(fx.selection.awayNamed))
    return (above || region === HOME_COUNTY ? allowed : refused)(input(fx.selection.named))
  },

  // registry
  'registry.myHousehold': own({}),
  'registry.callOfficial': (_who, side, fx) =>
    side === 'inside'
      ? allowed({ officialId: (fx.home.officialIds as string[])[0] })
      : refused({ officialId: (fx.away.officialIds as string[])[0] ?? 'matrix-unpaired' }),
  // A roster uploaded for a region in reach becomes a job (its rows checked later); another region is refused.
  // The home roster's upload made the county office's job: sent again it answers that job to the county
  // office and is refused to anyone else.
  'registry.importUpload': (who, side, fx) => {
    if (!fx.roster) return undefined
    const upload = (region: string) => ({ region, kind: 'households', fileID: fx.roster })
    const region = officeRegion(who)
    if (side === 'inside')
      return who.openid === IMPORT_OWNER
        ? allowed(upload(region ?? OTHER_COUNTY))
        : refused(upload(region ?? OTHER_COUNTY))
    return region && !isPrefecture(region) ? refused(upload(OTHER_COUNTY)) : undefined
  },
  'registry.importDryRun': registryJob('job', 'jobId'),
  'registry.importCommit': registryJob('job', 'jobId'),
  'registry.importContinue': registryJob('job', 'jobId', true),
  'registry.plan': registryJob('plan', 'planId'),
  'registry.planChanges': registryJob('plan', 'planId'),
  'registry.confirmPlan': registryJob('plan', 'planId'),

  // dashboard: an office reads its region's figures, a department its own, an administrator any; a department
  // naming a region (or drilling at all) is refused, as is an office naming another county
  'dashboard.home': dashboardSample(true),
  'dashboard.drill': dashboardSample(false),
  // exchange trips: a county or prefecture office organises within its region; the organising office and
  // offices above it read a trip; the household or its paired official answers the household's offer; only
  // the organising office itself writes the report
  'exchange.saveTrip': (who, side, fx) => {
    if (!fx.exchange) return undefined
    const region = who.grant?.role === 'admin' ? HOME_COUNTY : officeRegion(who)
    if (!region) return undefined
    const away = inOtherCounty(region)
    if (side === 'outside') {
      if (who.grant?.role === 'admin' || isPrefecture(region)) return undefined
      return refused(
        away
          ? exchangeTrip('1a3001', HOME_COUNTY, fx.exchange.named)
          : exchangeTrip('1a3001', OTHER_COUNTY, fx.exchange.awayNamed),
      )
    }
    const organises = ['county', 'prefecture'].includes(levelOf(region) ?? '')
    const input = exchangeTrip('1a3002', region, away ? fx.exchange.awayNamed : fx.exchange.named)
    return organises ? allowed(input) : refused(input)
  },
  'exchange.trip': (who, side, fx) => {
    if (!fx.exchange) return undefined
    const region = officeRegion(who)
    const sees = (county: string) =>
      who.grant?.role === 'admin' || region === county || (region !== undefined && isPrefecture(region))
    const [own, other] = region && inOtherCounty(region) ? [OTHER_COUNTY, HOME_COUNTY] : [HOME_COUNTY, OTHER_COUNTY]
    const id = (county: string) => ({ id: county === HOME_COUNTY ? fx.exchange!.trip : fx.exchange!.awayTrip })
    if (side === 'inside') return (sees(own) ? allowed : refused)(id(own))
    return sees(other) ? undefined : refused(id(other))
  },
  'exchange.answerTrip': (who, side, fx) => {
    if (!fx.exchange) return undefined
    if (side === 'outside')
      return who.openid === AWAY_MEMBER
        ? undefined
        : refused({ tripId: fx.exchange.awayTrip, namedId: fx.exchange.awayNamed, answer: 'confirm' })
    const input = { tripId: fx.exchange.trip, namedId: fx.exchange.named, answer: 'confirm' }
    return reachesHome(who, fx) ? allowed(input) : refused(input)
  },
  // an official reads the offers of the studios it is a member of: its own, whatever they are (none is an answer)
  'exchange.studioTripOffers': own({}),
  'exchange.tripReport': (who, side, fx) => {
    if (!fx.exchange || side === 'outside') return undefined
    const input = {
      id: fx.exchange.finished,
      noticeId: '00000000-0000-4000-8000-00000001b001',
      title: { 'zh-Hans': '矩阵测试报道', bo: '' },
      body: { 'zh-Hans': '矩阵测试正文', bo: '' },
      photos: [],
    }
    return officeRegion(who) === HOME_COUNTY ? allowed(input) : refused(input)
  },
  // opportunities: a department publishes for its own region, an office for its region and below; a paired
  // official recommends; the official or an office over the household records an outcome
  'exchange.saveOpportunity': (who, side, fx) => {
    if (!fx.exchange) return undefined
    const g = who.grant
    const departments = fx.exchange.departments
    if (g?.role === 'department') {
      const other = Object.keys(departments).find((d) => d !== g.departmentId)
      if (side === 'outside')
        return other ? refused(exchangeOpportunity('1c3001', departments[other]!, other)) : undefined
      const region = departments[g.departmentId]
      return region ? allowed(exchangeOpportunity('1c3002', region, g.departmentId)) : undefined
    }
    if (g?.role === 'admin') return side === 'inside' ? allowed(exchangeOpportunity('1c3002', OTHER_COUNTY)) : undefined
    const region = officeRegion(who)
    if (!region) return undefined
    if (side === 'inside') return allowed(exchangeOpportunity('1c3002', region))
    if (isPrefecture(region)) return undefined
    return refused(exchangeOpportunity('1c3001', inOtherCounty(region) ? HOME_COUNTY : OTHER_COUNTY))
  },
  'exchange.opportunities': own({}),
  'exchange.recommend': (who, side, fx) => {
    if (!fx.exchange) return undefined
    const id = '00000000-0000-4000-8000-00000001d201'
    if (side === 'outside')
      return refused({ id, householdId: fx.away._id, opportunityId: fx.exchange.awayOpportunity, member: 0 })
    const input = { id, householdId: fx.home._id, opportunityId: fx.exchange.opportunity, member: 0 }
    return reachesHome(who, fx) ? allowed(input) : refused(input)
  },
  'exchange.recordOutcome': (who, side, fx) => {
    if (!fx.exchange) return undefined
    const g = who.grant
    const input = (away: boolean) => ({
      id: away ? fx.exchange!.awayRecommendation : fx.exchange!.recommendation,
      householdId: (away ? fx.away : fx.home)._id,
      outcome: 'applied',
    })
    if (side === 'outside') {
      const region = officeRegion(who)
      return region && (isPrefecture(region) || inOtherCounty(region)) ? undefined : refused(input(true))
    }
    const learns = g?.role === 'official' ? reachesHome(who, fx) : overHome(who, fx)
    return learns ? allowed(input(false)) : refused(input(false))
  },
  // reports: an office lists its region's and opens one (made on opening when no run has); exports of its
  // own tables; another county's refused
  'dashboard.reports': dashboardSample(true),
  'dashboard.openReport': (who, side, fx) => {
    const s = dashboardSample(true)(who, side, fx)
    return s && { input: { ...(s.input as object), period: '2026-11' }, expect: s.expect }
  },
  'dashboard.exportTable': (who, side, fx) => {
    const s = dashboardSample(true)(who, side, fx)
    return s && { input: { ...(s.input as object), table: 'home' }, expect: s.expect }
  },
  'dashboard.recount': own({ fix: false }),
  'dashboard.trend': dashboardSample(true),
  // dashboard phases: every office and department reads them; the prefecture office (or an administrator) sets
  // them; progress is a key's own (a department's without naming it), never another county's
  'dashboard.phases': own({}),
  'dashboard.savePhase': prefectureFeedback({
    id: 'routine',
    from: '2026-01-01',
    to: '2026-12-31',
    targets: { coverage: 95, contactsPerQuarter: 1, visitsConfirmed: 80, solvedOnTime: 90 },
  }),
  'dashboard.progress': (who, side, fx) =>
    who.grant?.role === 'department'
      ? side === 'inside'
        ? allowed({})
        : refused({ region: OTHER_COUNTY })
      : dashboardSample(true)(who, side, fx),
}

/**
 * Actions whose handler narrows the declared scope with a finer rule: the inside cell is refused for these
 * identities. A household's poverty-return risk level is for its paired officials and village or township
 * offices, not for county and prefecture offices.
 */
const upperOffice = (who: Who) => who.grant?.role === 'office' && /^\d{6}000000$/.test(who.grant.region)
export const NARROWER: Record<string, (who: Who) => boolean> = {
  'contacts.setRiskLevel': upperOffice,
  // risk leads are sent, and the public list printed, by those who check on the village: not county offices
  'requests.riskLead': upperOffice,
  'requests.riskList': upperOffice,
}

// ---------------------------------------------------------------------------------------------------
// Inputs generated from a schema, for actions no sample covers

const STRINGS = [
  'x',
  'matrix',
  '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
  '2026-01-01',
  '2026-01-01T08:00:00.000Z',
  '2026-01-01T08:00:00+08:00',
  '12345678',
  '513301000000',
  'zh-Hans',
]
const NUMBERS = [0, 1, 2000, 2, 10, 100, 0.5]

interface Node {
  type: string
  entries?: Record<string, Node>
  wrapped?: Node
  options?: (Node | string)[]
  item?: Node
  literal?: unknown
  enum?: Record<string, unknown>
}

export function sampleOf(schema: AnySchema, targetKey?: string, target?: string): unknown {
  const node = schema as unknown as Node
  const ok = (value: unknown) => v.is(schema, value)
  switch (node.type) {
    case 'object':
    case 'loose_object':
    case 'strict_object': {
      const out: Record<string, unknown> = {}
      for (const [key, entry] of Object.entries(node.entries ?? {})) {
        if (key === targetKey) out[key] = target
        else if (!['optional', 'exact_optional', 'nullish'].includes(entry.type))
          out[key] = sampleOf(entry as unknown as AnySchema)
      }
      // an object's own check may need an optional field (a report's text when no recording is given)
      for (const [key, entry] of Object.entries(node.entries ?? {})) {
        if (ok(out)) break
        if (!(key in out)) out[key] = sampleOf(entry as unknown as AnySchema)
      }
      return out
    }
    case 'optional':
    case 'exact_optional':
    case 'nullish':
    case 'nullable':
      return node.wrapped ? sampleOf(node.wrapped as unknown as AnySchema) : undefined
    case 'string':
      return STRINGS.find(ok) ?? 'x'
    case 'number':
      return NUMBERS.find(ok) ?? 0
    case 'boolean':
      return false
    case 'literal':
      return node.literal
    case 'picklist':
      return node.options?.[0]
    case 'enum':
      return Object.values(node.enum ?? {})[0]
    case 'array': {
      if (ok([])) return []
      return node.item ? [sampleOf(node.item as unknown as AnySchema)] : []
    }
    case 'variant':
    case 'union':
      return typeof node.options?.[0] === 'object' ? sampleOf(node.options[0] as unknown as AnySchema) : undefined
    default:
      return undefined
  }
}
