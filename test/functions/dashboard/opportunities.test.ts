/**
 * Opportunities for members on the dashboard's home (issue 16 item 6, issue 15 item 1): a paired official
 * recommends opportunities to members of households in two townships of the county on the last evening of
 * November and just after midnight on 1 December (China time; still 30 November in UTC), outcomes are learned
 * and one is replaced across the month end; the home of the county, of a township and of the prefecture shows
 * for December and for November exactly what the stored recommendations count, each beside the month before,
 * in one round trip. A department's home has none.
 */
import { randomUUID } from 'node:crypto'
import type { MemberOpportunities } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import type { OpportunityOutcome } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { epochMs, periodsOf } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, startFunctions } from '../harness'

jest.setTimeout(240_000)

const COUNTY_OFFICE = 'demo-office-county'
const PREFECTURE_OFFICE = 'demo-office-prefecture'
const DEPARTMENT = 'demo-department-1'
const PAIRED = 'dash-opp-paired'
const OTHER_PAIRED = 'dash-opp-other-paired'
const PREFECTURE = '513300000000'

let h: FunctionsHarness
let home: Doc
let neighbour: Doc
let county: string

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: 'demo-household-1' })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  county = (home.regionPath as string[])[1]!
  neighbour = h
    .find('households', { regionPath: county })
    .find(
      (d) =>
        (d.regionPath as string[])[2] !== (home.regionPath as string[])[2] && (d.officialIds as string[]).length > 0,
    )!
  const paired = (home.officialIds as string[])[0]!
  const other = (neighbour.officialIds as string[]).find((o) => !(home.officialIds as string[]).includes(o))!
  h.insert('users', [
    { _id: PAIRED, officialId: paired, roles: [{ role: 'official', officialId: paired }] },
    { _id: OTHER_PAIRED, officialId: other, roles: [{ role: 'official', officialId: other }] },
  ])
})

afterAll(async () => {
  h?.lc.moveClock(-h.lc.clockOffset())
  await h?.close()
})

/** sets the functions' clock to a China wall-clock moment */
function at(china: string) {
  h.lc.moveClock(epochMs(`${china}+08:00`) - Date.now() - h.lc.clockOffset())
}

const recommend = async (opportunityId: string, household: Doc, openid: string) =>
  data(
    await h.call(
      exchange,
      'recommend',
      { id: randomUUID(), householdId: household._id, opportunityId, member: 0 },
      openid,
    ),
  ).id

const outcome = async (id: string, what: OpportunityOutcome, household: Doc, openid: string) =>
  data(await h.call(exchange, 'recordOutcome', { id, householdId: household._id, outcome: what }, openid))

/** what the stored recommendations of a region count in a period: recommended when made in it, an outcome
 * when learned in it */
function raw(code: string, period: string): MemberOpportunities {
  const out = { recommended: 0, applied: 0, hired: 0, enrolled: 0 }
  for (const r of h.find('recommendations')) {
    if (!(r.regionPath as string[]).includes(code)) continue
    if (periodsOf(r.at as string).includes(period)) out.recommended++
    const o = r.outcome as OpportunityOutcome | null
    if (o && o !== 'notTaken' && periodsOf(r.outcomeAt as string).includes(period)) out[o]++
  }
  return out
}

test('the home shows the region’s recommendations and outcomes by China month, as the recommendations count them', async () => {
  at('2026-11-30T20:00:00')
  const job = randomUUID()
  data(
    await h.call(
      exchange,
      'saveOpportunity',
      {
        id: job,
        region: county,
        kind: 'job',
        title: { 'zh-Hans': '浙江湖州茶厂招工', bo: '' },
        body: { 'zh-Hans': '包吃住，由县人社局统一组织报名', bo: '' },
        place: { 'zh-Hans': '浙江省湖州市安吉县', bo: '' },
        deadline: '2026-12-31',
      },
      COUNTY_OFFICE,
    ),
  )
  // the last evening of November in China
  at('2026-11-30T23:30:00')
  const first = await recommend(job, home, PAIRED)
  const second = await recommend(job, neighbour, OTHER_PAIRED)
  await outcome(first, 'applied', home, PAIRED)
  await outcome(second, 'notTaken', neighbour, OTHER_PAIRED)
  // half an hour after midnight in China: December, though still 30 November in UTC
  at('2026-12-01T00:30:00')
  const third = await recommend(job, home, PAIRED)
  const fourth = await recommend(job, neighbour, OTHER_PAIRED)
  // November's application is learned to have become a hire: it leaves November and counts in December
  await outcome(first, 'hired', home, PAIRED)
  await outcome(third, 'applied', home, COUNTY_OFFICE)
  await outcome(fourth, 'enrolled', neighbour, OTHER_PAIRED)

  const december = data(await h.call(dashboard, 'home', { region: county, period: '2026-12' }, COUNTY_OFFICE))
  expect(december.opportunities).toEqual({ current: raw(county, '2026-12'), previous: raw(county, '2026-11') })
  expect(december.opportunities).toEqual({
    current: { recommended: 2, applied: 1, hired: 1, enrolled: 1 },
    previous: { recommended: 2, applied: 0, hired: 0, enrolled: 0 },
  })
  const november = data(await h.call(dashboard, 'home', { region: county, period: '2026-11' }, COUNTY_OFFICE))
  expect(november.opportunities).toEqual({ current: raw(county, '2026-11'), previous: raw(county, '2026-10') })
  // a township counts its own households only; the prefecture all of them; a quarter both months
  const township = (home.regionPath as string[])[2]!
  const own = data(await h.call(dashboard, 'home', { region: township, period: '2026-12' }, COUNTY_OFFICE))
  expect(own.opportunities).toEqual({ current: raw(township, '2026-12'), previous: raw(township, '2026-11') })
  expect(own.opportunities?.current.recommended).toBe(1)
  const quarter = data(await h.call(dashboard, 'home', { region: PREFECTURE, period: '2026-Q4' }, PREFECTURE_OFFICE))
  expect(quarter.opportunities).toEqual({ current: raw(PREFECTURE, '2026-Q4'), previous: raw(PREFECTURE, '2026-Q3') })
  expect(quarter.opportunities?.current).toEqual({ recommended: 4, applied: 1, hired: 1, enrolled: 1 })

  // read with the other counters: naming the region still answers in one round trip
  const traced = await h.callTraced(dashboard, 'home', { region: county, period: '2026-12' }, COUNTY_OFFICE)
  expect(traced.trace.roundTrips).toBe(1)
  // nothing in the answer is about an official
  for (const openid of [PAIRED, OTHER_PAIRED])
    expect(JSON.stringify(data(traced.res))).not.toContain(h.find('users', { _id: openid })[0]!.officialId as string)
})

test('a department’s home has no opportunities for members', async () => {
  const res = data(await h.call(dashboard, 'home', {}, DEPARTMENT))
  expect(res.axis).toBe('department')
  expect(res.opportunities).toBeNull()
})
