/**
 * Opportunities for members as built, on the local cloud: a department and offices publish recruitment and
 * enrolment outside the prefecture; a paired official recommends an open one to a member of the household;
 * an outcome is recorded when someone learns it (never required: a recommendation without one still
 * counts); the counters kept on write, by region, match the recommendations themselves. Attackers: another
 * department or office editing, an unpaired official, the household recording, another county's office.
 */
import { randomUUID } from 'node:crypto'
import type { Recommendation } from '@config/documents'
import { recount } from '@functions/exchange/domain/opportunities'
import { exchange } from '@shared/contracts/exchange'
import type { OpportunityOutcome } from '@shared/contracts/exchange'
import { containsUnmaskedNumber } from '@shared/mask'
import { addDays, chinaDay, chinaMonth, now, periodsOf } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const PREFECTURE = 'demo-office-prefecture'
const DEPARTMENT = 'demo-department-1'
const PAIRED = 'opp-paired-official'
const OTHER_PAIRED = 'opp-other-paired-official'
const STRANGER_OFFICIAL = 'opp-stranger-official'
const AWAY_OFFICE = 'opp-away-office'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let neighbour: Doc
let county: string
let departmentId: string
let departmentRegion: string

const text = (zh: string) => ({ 'zh-Hans': zh, bo: '' })

function opportunity(region: string, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    region,
    kind: 'job' as const,
    title: text('浙江湖州茶厂招工'),
    body: text('包吃住，月薪四千元起，由县人社局统一组织报名'),
    place: text('浙江省湖州市安吉县'),
    deadline: addDays(chinaDay(), 30),
    ...extra,
  }
}

async function published(region = county, openid = COUNTY, extra: Record<string, unknown> = {}) {
  const input = opportunity(region, extra)
  data(await h.call(exchange, 'saveOpportunity', input, openid))
  return input.id
}

const recommend = (opportunityId: string, household = home, openid = PAIRED, member = 0) =>
  h.call(exchange, 'recommend', { id: randomUUID(), householdId: household._id, opportunityId, member }, openid)

const outcome = (id: string, what: OpportunityOutcome, household = home, openid = PAIRED) =>
  h.call(exchange, 'recordOutcome', { id, householdId: household._id, outcome: what }, openid)

/** the counters every region's recommendations add up to, counted here from the stored recommendations: all
 * time, or in a China month or quarter (a recommendation in its own, an outcome in the one it was learned in) */
function recounted(code: string, period?: string): Record<'recommended' | OpportunityOutcome, number> {
  const out = { recommended: 0, applied: 0, hired: 0, enrolled: 0, notTaken: 0 }
  const within = (at: unknown) => !period || (typeof at === 'string' && periodsOf(at).includes(period))
  for (const r of h.find('recommendations')) {
    if (!(r.regionPath as string[]).includes(code)) continue
    if (within(r.at)) out.recommended++
    const o = r.outcome as OpportunityOutcome | null
    if (o && within(r.outcomeAt)) out[o]++
  }
  return out
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  county = (home.regionPath as string[])[1]!
  // a household of another township of the county, with a paired official of its own
  neighbour = h
    .find('households', { regionPath: county })
    .find(
      (d) =>
        (d.regionPath as string[])[2] !== (home.regionPath as string[])[2] && (d.officialIds as string[]).length > 0,
    )!
  const paired = (home.officialIds as string[])[0]!
  const otherPaired = (neighbour.officialIds as string[]).find((o) => !(home.officialIds as string[]).includes(o))!
  const stranger = h
    .find('officials', { regionPath: county })
    .find(
      (o) => !(home.officialIds as string[]).includes(o._id) && !(neighbour.officialIds as string[]).includes(o._id),
    )!
  departmentId = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  const path = h.find('departments', { _id: departmentId })[0]!.regionPath as string[]
  departmentRegion = path[path.length - 1]!
  h.insert('users', [
    { _id: PAIRED, officialId: paired, roles: [{ role: 'official', officialId: paired, regionPath: home.regionPath }] },
    { _id: OTHER_PAIRED, officialId: otherPaired, roles: [{ role: 'official', officialId: otherPaired }] },
    { _id: STRANGER_OFFICIAL, officialId: stranger._id, roles: [{ role: 'official', officialId: stranger._id }] },
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  for (const name of ['opportunities', 'recommendations', 'opportunityCounts'])
    h.lc.store.remove(name, {}, { multi: true })
})

test('a department publishes for its own region and an office for its region; only the publisher edits', async () => {
  const input = opportunity(departmentRegion, { departmentId, kind: 'study' })
  expect(data(await h.call(exchange, 'saveOpportunity', input, DEPARTMENT))).toEqual({
    id: input.id,
    status: 'created',
  })
  const edited = { ...input, title: text('浙江职业技术学院招生') }
  expect(data(await h.call(exchange, 'saveOpportunity', edited, DEPARTMENT)).status).toBe('updated')
  expect(h.find('opportunities', { _id: input.id })[0]).toMatchObject({
    title: text('浙江职业技术学院招生'),
    publisher: { role: 'department', id: departmentId },
  })
  const before = h.snapshot()
  // another office covering the region does not take over the department's opportunity
  const asOffice = { ...input, departmentId: undefined }
  expect(refusal(await h.call(exchange, 'saveOpportunity', asOffice, PREFECTURE)).reason).toBe(
    'exchange.opportunities.notYours',
  )
  expect(refusal(await h.call(exchange, 'saveOpportunity', opportunity(county), AWAY_OFFICE)).reason).toBe(
    'exchange.opportunities.elsewhere',
  )
  expect(
    refusal(await h.call(exchange, 'saveOpportunity', opportunity(OTHER_COUNTY, { departmentId }), DEPARTMENT)).reason,
  ).toBe('exchange.opportunities.elsewhere')
  expect(refusal(await h.call(exchange, 'saveOpportunity', opportunity(county, { departmentId }), COUNTY)).reason).toBe(
    'exchange.opportunities.notYourDepartment',
  )
  const past = opportunity(county, { deadline: addDays(chinaDay(), -1) })
  expect(refusal(await h.call(exchange, 'saveOpportunity', past, COUNTY)).reason).toBe(
    'exchange.opportunities.deadlinePast',
  )
  const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), audit: [], auditCounters: [] })
  expect(strip(h.snapshot())).toBe(strip(before))
  // the department reads its own; the county office reads what is published in its region
  expect(data(await h.call(exchange, 'opportunities', {}, DEPARTMENT)).items).toEqual([
    expect.objectContaining({ id: input.id, mine: true }),
  ])
  const own = await published()
  const countyList = data(await h.call(exchange, 'opportunities', {}, COUNTY)).items
  expect(countyList.find((i) => i.id === own)).toMatchObject({ mine: true })
  expect(data(await h.call(exchange, 'opportunities', {}, AWAY_OFFICE)).items).toEqual([])
})

test('a paired official sees what is open where the household lives and recommends it to a member; a resend is stored once', async () => {
  const open = await published()
  const above = await published('513300000000', PREFECTURE)
  const elsewhere = await published(OTHER_COUNTY, AWAY_OFFICE)
  // closed yesterday: stored as it was, no longer offered
  h.insert('opportunities', [
    { ...h.find('opportunities', { _id: open })[0]!, _id: randomUUID(), deadline: addDays(chinaDay(), -1) },
  ])
  const view = data(await h.call(exchange, 'householdOpportunities', { householdId: home._id }, PAIRED))
  expect(view.open.map((o) => o.id).sort()).toEqual([open, above].sort())
  expect(view.members.length).toBeGreaterThan(0)
  expect(containsUnmaskedNumber(JSON.stringify(view.members))).toBe(false)

  const input = { id: randomUUID(), householdId: home._id, opportunityId: open, member: view.members[0]!.index }
  expect(data(await h.call(exchange, 'recommend', input, PAIRED))).toEqual({ id: input.id, status: 'created' })
  expect(data(await h.call(exchange, 'recommend', input, PAIRED)).status).toBe('duplicate')
  expect(h.find('recommendations')).toHaveLength(1)
  expect(h.find('opportunities', { _id: open })[0]!.recommended).toBe(1)
  expect(refusal(await recommend(elsewhere)).reason).toBe('exchange.opportunities.elsewhere')
  expect(refusal(await recommend(open, home, PAIRED, 49)).reason).toBe('exchange.opportunities.noSuchMember')
  expect(refusal(await recommend(open, home, STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
  expect(refusal(await recommend(open, home, COUNTY)).code).toBe('FORBIDDEN')
  const after = data(await h.call(exchange, 'householdOpportunities', { householdId: home._id }, PAIRED))
  expect(after.recommendations).toEqual([
    expect.objectContaining({ id: input.id, opportunityId: open, outcome: null, member: view.members[0]!.name }),
  ])
})

test('an outcome is recorded when someone learns it, by the official or an office over the household, never by others', async () => {
  const open = await published()
  const { id } = data(await recommend(open))
  expect(data(await outcome(id, 'applied'))).toEqual({ outcome: 'applied', status: 'done' })
  expect(data(await outcome(id, 'applied')).status).toBe('duplicate')
  expect(data(await outcome(id, 'hired', home, TOWNSHIP)).outcome).toBe('hired')
  expect(h.find('recommendations', { _id: id })[0]).toMatchObject({
    outcome: 'hired',
    outcomeBy: { role: 'office' },
  })
  expect(refusal(await outcome(id, 'notTaken', home, HOUSEHOLD)).code).toBe('FORBIDDEN')
  expect(refusal(await outcome(id, 'notTaken', home, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(refusal(await outcome(id, 'notTaken', home, STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
  // named under another household it is not found there
  expect(refusal(await outcome(id, 'notTaken', neighbour, OTHER_PAIRED)).reason).toBe(
    'exchange.opportunities.notYourRecommendation',
  )
  expect(recounted(county)).toMatchObject({ recommended: 1, applied: 0, hired: 1 })
})

test('counts by region match the recommendations themselves, with outcomes missing, changed and racing', async () => {
  const job = await published()
  const study = await published('513300000000', PREFECTURE, { kind: 'study' })
  const ids: string[] = []
  for (const [opp, household, openid] of [
    [job, home, PAIRED],
    [study, home, PAIRED],
    [job, neighbour, OTHER_PAIRED],
    [study, neighbour, OTHER_PAIRED],
    [job, neighbour, OTHER_PAIRED],
  ] as const)
    ids.push(data(await recommend(opp, household, openid)).id)
  data(await outcome(ids[0]!, 'applied'))
  data(await outcome(ids[0]!, 'hired'))
  data(await outcome(ids[1]!, 'enrolled'))
  data(await outcome(ids[2]!, 'notTaken', neighbour, OTHER_PAIRED))
  // two people record different outcomes of one recommendation at once: the counters follow whichever landed last
  await Promise.all([
    outcome(ids[3]!, 'applied', neighbour, OTHER_PAIRED),
    outcome(ids[3]!, 'enrolled', neighbour, COUNTY),
    outcome(ids[3]!, 'notTaken', neighbour, PREFECTURE),
  ])
  // ids[4] has no outcome: it counts as recommended only

  const res = data(await h.call(exchange, 'opportunityCounts', { region: county }, COUNTY))
  expect(res.total).toEqual(recounted(county))
  expect(res.total.recommended).toBe(5)
  for (const row of res.rows) expect(row.counters).toEqual(recounted(row.region))
  expect(res.rows.filter((r) => r.counters.recommended > 0)).toHaveLength(2)
  const prefecture = data(await h.call(exchange, 'opportunityCounts', { region: '513300000000' }, PREFECTURE))
  expect(prefecture.total).toEqual(recounted('513300000000'))
  expect(prefecture.rows.find((r) => r.region === county)!.counters).toEqual(recounted(county))
  // every stored counters document agrees with the recount
  for (const doc of h.find('opportunityCounts')) {
    const [code, period] = doc._id.slice('region:'.length).split(':')
    expect(doc.counters).toEqual(recounted(code!, period))
  }
  expect(h.find('opportunityCounts').some((d) => d._id === `region:${county}:${chinaMonth(now())}`)).toBe(true)
  // the domain's recount from the recommendations gives every stored document, and no other
  const again = recount(h.find('recommendations') as unknown as Recommendation[])
  expect(new Map(h.find('opportunityCounts').map((d) => [d._id, d.counters]))).toEqual(again)
  expect(refusal(await h.call(exchange, 'opportunityCounts', { region: county }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
})
