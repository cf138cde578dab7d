/**
 * Every dashboard figure equals the figure counted from the raw records, for the demo county, its regions
 * above and below and its townships side by side, across a month's and a quarter's end in China time: the
 * functions' clock stands at 23:40 on 31 December (China) while officials log contacts, households' requests
 * are reported, handled and answered, then at 00:20 on 1 January while more are; the platform's timers fire
 * at both moments as they would (contacts' gauges, the dashboard's nightly count). Each figure is then
 * counted here from the stored contacts, households, officials, units, requests and notices alone.
 *
 * The county's departments side by side likewise for their overdue households (by each one's own contact),
 * and the list behind that figure holds as many. And the rules of figures: a rate with nothing under it is
 * null ("—"), never 0; the dashboard's own counters and the requests' period counters agree with their
 * recounts.
 */
import { randomUUID } from 'node:crypto'
import type { Contact, Household, Request } from '@config/documents'
import type { Figures } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import { contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import { covers } from '@shared/region'
import type { Instant } from '@shared/time'
import { addTime, periodsOf } from '@shared/time'
import { daysSince, isOverdue } from '@functions/contacts/domain/overdue'
import { makeCalendar } from '@functions/requests/domain/calendar'
import { overallDue } from '@functions/requests/domain/clocks'
import type { Doc, FunctionsHarness } from '../harness'
import { HOME_COUNTY, data, startFunctions } from '../harness'
import { rawDepartmentOverdue } from '../contacts/setup'

jest.setTimeout(400_000)

const ADMIN = 'demo-admin-1'
/** 23:40 on 31 December and 00:20 on 1 January, China time */
const BEFORE = '2026-12-31T15:40:00.000Z'
const AFTER = '2026-12-31T16:20:00.000Z'
const PERIODS = ['2026-12', '2027-01', '2026-Q4', '2027-Q1']
const TRIGGER = { SOURCE: 'wx_trigger' }

let h: FunctionsHarness
/** the households as they stood when each moment's timers fired */
const snapshot: Record<string, { at: Instant; households: Household[] }> = {}
let keys: string[]

const within = (period: string, at: Instant) => periodsOf(at).includes(period)
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null)

function setClock(at: Instant): void {
  h.lc.moveClock(Date.parse(at) - Date.now())
}

async function fireTimers(at: Instant): Promise<void> {
  for (const [fn, TriggerName] of [
    ['contacts', 'dailyGauges'],
    ['dashboard', 'tick'],
  ] as const)
    expect(await h.lc.invoke(fn, { Type: 'Timer', TriggerName, Time: at }, TRIGGER)).toMatchObject({ ok: true })
  snapshot[at] = { at, households: h.find('households') as unknown as Household[] }
}

/** an official user for each official of the county's paired households, and an office user per township */
function officialOf(household: Doc): string {
  const officialId = (household.officialIds as string[])[0]!
  const openid = `figures-official-${officialId}`
  if (!h.find('users', { _id: openid }).length)
    h.insert('users', [{ _id: openid, officialId, roles: [{ role: 'official', officialId }] }])
  return openid
}

function officeOf(region: string): string {
  const openid = `figures-office-${region}`
  if (!h.find('users', { _id: openid }).length)
    h.insert('users', [{ _id: openid, roles: [{ role: 'office', region }] }])
  return openid
}

function memberOf(household: Doc): string {
  const openid = `figures-member-${household._id}`
  if (!h.find('users', { _id: openid }).length)
    h.insert('users', [
      { _id: openid, householdId: household._id, roles: [{ role: 'household', householdId: household._id }] },
    ])
  return openid
}

async function logContact(household: Doc, at: Instant, channel: 'visit' | 'phone', confirm = false): Promise<void> {
  const id = randomUUID()
  data(
    await h.call(
      contacts,
      'logContact',
      {
        id,
        householdId: household._id,
        channel,
        at,
        topics: ['routine'],
        notes: '',
        photos: [],
        locationConsent: false,
        needs: [],
      },
      officialOf(household),
    ),
  )
  if (confirm)
    data(await h.call(contacts, 'confirmVisit', { householdId: household._id, contactId: id }, memberOf(household)))
}

const stored = (id: string) => h.find('requests', { _id: id })[0] as unknown as Request

/** a request reported by the household's official; `upTo` how far it goes today */
async function request(household: Doc, upTo: 'reported' | 'accepted' | 'solved'): Promise<string> {
  const id = randomUUID()
  data(
    await h.call(
      requests,
      'report',
      { id, householdId: household._id, category: 'other', text: '取暖煤不够' },
      officialOf(household),
    ),
  )
  if (upTo === 'reported') return id
  const office = officeOf(stored(id).unit!.region)
  const act = async (step: Record<string, unknown>) =>
    data(await h.raw('requests', 'act', { id, events: stored(id).events.length, step }, office))
  await act({ type: 'accept' })
  if (upTo === 'accepted') return id
  await act({ type: 'resolve', note: '已送煤' })
  data(
    await h.call(
      requests,
      'answer',
      { id, householdId: household._id, events: stored(id).events.length, answer: 'solved' },
      officialOf(household),
    ),
  )
  return id
}

beforeAll(async () => {
  h = await startFunctions()
  const county = `${HOME_COUNTY}000000`
  const paired = h
    .find('households')
    .filter((d) => (d.regionPath as string[]).includes(county) && (d.officialIds as string[]).length > 0)
  expect(paired.length).toBeGreaterThanOrEqual(12)
  // some households at risk, one of them high
  for (const [i, level] of ['watch', 'watch', 'high'].entries())
    h.lc.store.update('households', { _id: paired[i]!._id }, { $set: { riskLevel: level } })
  // notices to the county and to one village, published either side of the year's end, and some reads
  const village = (paired[0]!.regionPath as string[])[3]!
  const notice = (id: string, at: Instant, audience: string[]) => ({
    _id: id,
    status: 'published',
    audienceRegions: audience,
    audienceKinds: ['household'],
    publishedAt: at,
    publishAt: at,
    expireAt: '3000-01-01T00:00:00.000Z',
  })
  h.insert('notices', [
    notice('figures-n1', '2026-12-20T02:00:00.000Z', [county]),
    notice('figures-n2', addTime(AFTER, -5, 'minute'), [village]),
    notice('figures-n3', '2026-10-02T02:00:00.000Z', [`${HOME_COUNTY.slice(0, 4)}00000000`]),
  ])
  h.insert('noticeStats', [
    { _id: 'figures-n1', household: { [`r${county}`]: 5, [`r${village}`]: 2 } },
    { _id: 'figures-n2', household: { [`r${village}`]: 1 } },
    { _id: 'figures-n3', household: { [`r${county}`]: 3 } },
  ])

  setClock(BEFORE)
  // December: contacts weeks ago and minutes ago, visits (some confirmed), requests at each stage
  for (const [i, household] of paired.slice(0, 10).entries()) {
    const at =
      i < 2
        ? addTime(BEFORE, -(35 + i), 'day')
        : i < 4
          ? addTime(BEFORE, -(20 + i), 'day')
          : addTime(BEFORE, -(10 + i), 'minute')
    await logContact(household, at, i % 3 === 0 ? 'visit' : 'phone', i % 6 === 0)
  }
  // a second contact with a household in the same month counts it once
  await logContact(paired[4]!, addTime(BEFORE, -2, 'minute'), 'visit')
  await request(paired[0]!, 'solved')
  await request(paired[1]!, 'accepted')
  await request(paired[2]!, 'reported')
  await fireTimers(BEFORE)

  setClock(AFTER)
  // January: contacts with households counted in December and with new ones; the same request answered again
  for (const [i, household] of paired.slice(6, 12).entries())
    await logContact(household, addTime(AFTER, -(5 + i), 'minute'), i % 2 === 0 ? 'visit' : 'phone', i === 0)
  await request(paired[3]!, 'solved')
  await request(paired[5]!, 'reported')
  await fireTimers(AFTER)

  const township = (paired[0]!.regionPath as string[])[2]!
  keys = [`${HOME_COUNTY.slice(0, 4)}00000000`, county, township, village]
})

afterAll(async () => {
  if (h) h.lc.moveClock(-h.lc.clockOffset())
  await h?.close()
})

// ---------------------------------------------------------------------------------------------------
// The figures counted from the raw records

function rawFigures(region: string, period: string): Figures {
  const current = within(period, AFTER)
  const moment = snapshot[current ? AFTER : periodsOf(BEFORE).includes(period) ? BEFORE : AFTER]!
  const inRegion = (path: readonly string[] | undefined) => (path ?? []).includes(region)
  const households = moment.households.filter((d) => inRegion(d.regionPath))
  const officials = h.find('officials').filter((d) => d.active && inRegion(d.regionPath as string[]))
  const paired = households.filter((d) => (d.officialIds ?? []).length > 0)
  const contactsIn = (h.find('contacts') as unknown as Contact[]).filter(
    (c) => inRegion(c.regionPath) && within(period, c.at),
  )
  const visits = contactsIn.filter((c) => c.channel === 'visit')
  // the requests' first events of each kind in the period
  const calendar = makeCalendar()
  const reqs = (h.find('requests') as unknown as Request[]).filter((r) => inRegion(r.regionPath))
  const firstIn = (r: Request, type: string) => {
    const e = r.events.find((x) => x.type === type)
    return e && within(period, e.at) ? e : undefined
  }
  const solvedEvent = (r: Request) => {
    const e = r.events.find((x) => x.type === 'confirm' && (x as { answer?: string }).answer === 'solved')
    return e && within(period, e.at) ? e : undefined
  }
  const assigned = reqs.filter((r) => firstIn(r, 'assign')).length
  const responded = reqs.filter((r) => firstIn(r, 'accept')).length
  const answered = reqs.filter((r) => firstIn(r, 'confirm')).length
  const solved = reqs.filter((r) => solvedEvent(r))
  const onTime = solved.filter((r) => {
    const i = r.events.indexOf(solvedEvent(r)!)
    const resolvedAt = [...r.events.slice(0, i)].reverse().find((e) => e.type === 'resolve')?.at
    const due = overallDue(r.events.slice(0, i), calendar)
    return resolvedAt && due && Date.parse(resolvedAt) < Date.parse(due)
  }).length
  // notices to the whole region published in the period, its households' reads of them
  const notices = h
    .find('notices')
    .filter(
      (n) =>
        typeof n.publishedAt === 'string' &&
        within(period, n.publishedAt) &&
        (n.audienceRegions as string[]).some((a) => covers(a, region)),
    )
  const reads = notices.reduce(
    (sum, n) =>
      sum + ((h.find('noticeStats', { _id: n._id })[0]?.household as Record<string, number>)?.[`r${region}`] ?? 0),
    0,
  )
  const units = h.find('units').filter((u) => inRegion(u.regionPath as string[]))
  const kind = (k: string) => units.filter((u) => u.kind === k).length
  return {
    households: households.length,
    officials: officials.length,
    pairedHouseholds: paired.length,
    coverage: share(paired.length, households.length),
    householdsContacted: new Set(contactsIn.map((c) => c.householdId)).size,
    target: null,
    overdueHouseholds: households.filter((d) => isOverdue(daysSince(d.lastContactAt, moment.at), 30)).length,
    visits: visits.length,
    visitsConfirmed: visits.filter((c) => c.confirmedAt).length,
    riskWatch: households.filter((d) => d.riskLevel === 'watch').length,
    riskHigh: households.filter((d) => d.riskLevel === 'high').length,
    needsCollected: reqs.filter((r) => firstIn(r, 'submit')).length,
    needsSolved: solved.length,
    needsSolvedOnTime: onTime,
    rates: {
      response: share(responded, assigned),
      solution: share(solved.length, answered),
      onTime: share(onTime, solved.length),
      satisfaction: null,
    },
    noticesPublished: notices.length,
    noticeReadRate: share(reads, notices.length * households.length),
    network: { centre: kind('centre'), studio: kind('studio'), team: kind('team') },
  }
}

// ---------------------------------------------------------------------------------------------------

test('the data crosses the year: contacts, requests and notices on both sides of midnight', () => {
  const at = (h.find('contacts') as unknown as Contact[]).map((c) => c.at)
  expect(at.some((a) => within('2026-12', a))).toBe(true)
  expect(at.some((a) => within('2027-01', a))).toBe(true)
  expect(at.some((a) => within('2026-11', a))).toBe(true)
})

test('the county counts something of every kind on each side (so the comparisons below compare something)', () => {
  const dec = rawFigures(keys[1]!, '2026-12')
  const jan = rawFigures(keys[1]!, '2027-01')
  expect(dec).toMatchObject({ needsCollected: 3, needsSolved: 1, noticesPublished: 1, riskWatch: 2, riskHigh: 1 })
  expect(dec.householdsContacted).toBe(8)
  expect(dec.visitsConfirmed).toBeGreaterThan(0)
  expect(jan).toMatchObject({ needsCollected: 2, needsSolved: 1, householdsContacted: 6 })
  expect(rawFigures(keys[3]!, '2027-01').noticesPublished).toBe(1)
  expect(dec.overdueHouseholds).toBeGreaterThan(0)
  expect(dec.overdueHouseholds).not.toBe(jan.overdueHouseholds)
})

test.each(PERIODS)('every figure of the region at every level equals its raw count in %s', async (period) => {
  for (const region of keys) {
    const home = data(await h.call(dashboard, 'home', { region, period }, ADMIN))
    expect({ region, period, figures: home.current }).toEqual({ region, period, figures: rawFigures(region, period) })
  }
})

test('the previous period on a home is the period before, as its own home shows it', async () => {
  const county = keys[1]!
  const jan = data(await h.call(dashboard, 'home', { region: county, period: '2027-01' }, ADMIN))
  const dec = data(await h.call(dashboard, 'home', { region: county, period: '2026-12' }, ADMIN))
  expect(jan.previousPeriod).toBe('2026-12')
  expect(jan.previous).toEqual(dec.current)
  // the quarter so far beside the quarter before it, across the year's end, each as the raw contacts count it
  expect(jan.quarter).toEqual({
    period: '2027-Q1',
    householdsContacted: rawFigures(county, '2027-Q1').householdsContacted,
    target: null,
    previousPeriod: '2026-Q4',
    previous: rawFigures(county, '2026-Q4').householdsContacted,
  })
})

test.each(['2026-12', '2027-01', '2026-Q4'])(
  "the county's townships side by side equal their raw counts in %s",
  async (period) => {
    const drill = data(await h.call(dashboard, 'drill', { region: keys[1]!, period }, ADMIN))
    expect(drill.rows.length).toBeGreaterThan(1)
    for (const row of drill.rows)
      expect({ key: row.key, figures: row.current }).toEqual({ key: row.key, figures: rawFigures(row.key, period) })
  },
)

test.each(['2026-12', '2027-01', '2026-Q4'])(
  "the county's departments side by side: each one's households overdue for its own contact equal the raw count in %s",
  async (period) => {
    const drill = data(await h.call(dashboard, 'drill', { region: keys[1]!, period, axis: 'department' }, ADMIN))
    expect(drill.rows.length).toBeGreaterThan(0)
    const moment = snapshot[within(period, AFTER) ? AFTER : BEFORE]!
    const overdue = drill.rows.map((row) => ({ key: row.key, overdue: row.current.overdueHouseholds }))
    expect(overdue).toEqual(
      drill.rows.map((row) => ({ key: row.key, overdue: rawDepartmentOverdue(moment.households, row.key, moment.at) })),
    )
    expect(overdue.some((row) => (row.overdue ?? 0) > 0)).toBe(true)
  },
)

test("a department's home shows its overdue households, and the list behind the figure holds exactly them", async () => {
  const drill = data(await h.call(dashboard, 'drill', { region: keys[1]!, axis: 'department' }, ADMIN))
  for (const row of drill.rows) {
    const home = data(await h.call(dashboard, 'home', { departmentId: row.key }, ADMIN))
    expect(home.current.overdueHouseholds).toBe(row.current.overdueHouseholds)
    const list = data(await h.call(dashboard, 'list', { departmentId: row.key, figure: 'overdue' }, ADMIN))
    expect({ key: row.key, total: list.total }).toEqual({ key: row.key, total: home.current.overdueHouseholds })
  }
})

test('a rate with nothing under it is null, not 0', async () => {
  const other = h.find('regions').find((r) => r.level === 'township' && !(keys as string[]).includes(r._id as string))!
  const home = data(await h.call(dashboard, 'home', { region: other._id, period: '2027-01' }, ADMIN))
  expect(home.current.rates).toEqual({ response: null, solution: null, onTime: null, satisfaction: null })
  expect(home.current.needsCollected).toBe(0)
})

test("the dashboard's own counters and the requests' period counters agree with their recounts", async () => {
  const own = data(await h.call(dashboard, 'recount', { fix: false }, ADMIN))
  expect(own.differences).toEqual([])
  expect(own.checked).toBeGreaterThan(0)
  const periods = data(await h.call(requests, 'recount', { county: keys[1], fix: false, periods: true }, ADMIN))
  expect(periods.differences).toEqual([])
  const prefecture = data(await h.call(requests, 'recount', { fix: false, periods: true }, ADMIN))
  expect(prefecture.differences).toEqual([])
})

test('a counter moved behind the count is found and repaired by the recount', async () => {
  const id = `r:${keys[1]}:now`
  h.lc.store.update('dashboardFigures', { _id: id }, { $inc: { households: 3 } })
  const found = data(await h.call(dashboard, 'recount', {}, ADMIN))
  expect(found.differences).toEqual([expect.objectContaining({ id, counter: 'households' })])
  expect(found.differing).toBe(1)
  expect(data(await h.call(dashboard, 'recount', { fix: false }, ADMIN)).differences).toEqual([])
})

test("a first count's thousands of differences are answered as their number and the first hundred", async () => {
  const kept = h.lc.store.find('dashboardFigures', {})
  h.lc.store.remove('dashboardFigures', {}, { multi: true })
  const first = data(await h.call(dashboard, 'recount', { fix: false }, ADMIN))
  expect(first.differing).toBeGreaterThan(100)
  expect(first.differences).toHaveLength(100)
  expect(JSON.stringify(first).length).toBeLessThan(100 * 1024)
  const repaired = data(await h.call(dashboard, 'recount', {}, ADMIN))
  expect(repaired.differing).toBe(first.differing)
  expect(data(await h.call(dashboard, 'recount', { fix: false }, ADMIN)).differing).toBe(0)
  // past periods' figures, which a count as of now does not write, are put back for the tests after this one
  h.lc.store.remove('dashboardFigures', {}, { multi: true })
  h.lc.store.insert('dashboardFigures', kept)
})
