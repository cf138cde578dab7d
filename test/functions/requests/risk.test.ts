/**
 * Poverty-return risk leads on the local cloud with the built requests function: a lead from a paired
 * official or a village office goes to the county's 防返贫 team on the requests' clocks; the team records
 * only the national system's result and its day; the household's officials read it on the risk screen;
 * the village's public list names the households identified and nothing personal beyond the head's name.
 * Attackers: an official not paired with the household, the county office, another county's team, a
 * department that is not the team, another village's office.
 */
import { randomUUID } from 'node:crypto'
import type { Request } from '@config/documents'
import type { CallResult } from '@shared/contract'
import { requests } from '@shared/contracts/requests'
import { containsUnmaskedNumber } from '@shared/mask'
import { pathOf } from '@shared/region'
import { addTime, chinaDay, now } from '@shared/time'
import { addWorkingDays, makeCalendar } from '@functions/requests/domain/calendar'
import { addCounters, emptyCounters, recount } from '@functions/requests/domain/rates'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const TEAM = 'demo-department-risk'
const OTHER_DEPARTMENT = 'demo-department-1'
const VILLAGE_OFFICE = 'demo-office-village'
const TOWNSHIP_OFFICE = 'demo-office-township'
const COUNTY_OFFICE = 'demo-office-county'
const PREFECTURE_OFFICE = 'demo-office-prefecture'
const PAIRED = 'risk-paired-official'
const STRANGER = 'risk-stranger-official'
const AWAY_TEAM = 'risk-away-team'
const NEIGHBOUR_OFFICE = 'risk-neighbour-village-office'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let teamId: string

const stored = (id: string) => (h.find('requests', { _id: id }) as unknown as Request[])[0]!

const lead = (openid: string, extra: { id?: string; householdId?: string; kind?: string; text?: string } = {}) =>
  h.call(
    requests,
    'riskLead',
    {
      id: extra.id ?? randomUUID(),
      householdId: extra.householdId ?? home._id,
      kind: (extra.kind ?? 'sudden') as 'sudden',
      text: extra.text ?? '户主在工地摔伤，今年没有务工收入，医药费欠了两万',
    },
    openid,
  )

const result = (openid: string, id: string, events: number, identified: boolean, decidedOn = chinaDay()) =>
  h.call(requests, 'riskResult', { id, events, identified, decidedOn }, openid)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  teamId = (h.find('users', { _id: TEAM })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  const paired = (home.officialIds as string[])[0]!
  const stranger = h
    .find('officials', { regionPath: (home.regionPath as string[])[1] })
    .find((o) => !(home.officialIds as string[]).includes(o._id))!
  const [, county, township, village] = home.regionPath as string[]
  const neighbour = h.find('regions', { parent: township }).find((r) => r._id !== village)!
  const awayTeam = h.find('departments', { regionPath: OTHER_COUNTY }).find((d) => d.riskTeam === true)!
  expect(county && awayTeam && neighbour).toBeTruthy()
  h.insert('users', [
    { _id: PAIRED, officialId: paired, roles: [{ role: 'official', officialId: paired, regionPath: home.regionPath }] },
    {
      _id: STRANGER,
      officialId: stranger._id,
      roles: [{ role: 'official', officialId: stranger._id, regionPath: stranger.regionPath }],
    },
    { _id: AWAY_TEAM, roles: [{ role: 'department', departmentId: awayTeam._id }] },
    { _id: NEIGHBOUR_OFFICE, roles: [{ role: 'office', region: neighbour._id }] },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requests', {}, { multi: true })
  h.lc.store.remove('requestRates', {}, { multi: true })
})

describe('a lead reaches the county team', () => {
  test("a paired official's lead goes to the county's 防返贫 team with a 10-working-day clock; a resend is stored once", async () => {
    const id = randomUUID()
    const sent = data(await lead(PAIRED, { id, text: '户主在工地摔伤，今年没有务工收入，家里电话 13950190776' }))
    expect(sent).toMatchObject({ id, status: 'created', unit: { kind: 'department', level: 'county' } })
    const doc = stored(id)
    const county = pathOf((home.regionPath as string[]).at(-1)!)[1]
    expect(doc.unit).toEqual({ kind: 'department', id: teamId, level: 'county', region: county })
    expect(doc).toMatchObject({ category: 'risk', source: 'official', state: 'assigned', deadlineDays: 10 })
    expect(doc.risk).toEqual({ kind: 'sudden' })
    expect(sent.due).toBe(addWorkingDays(makeCalendar(), doc.createdAt, 10))
    expect(data(await lead(PAIRED, { id, text: doc.text })).status).toBe('duplicate')
    expect(refusal(await lead(PAIRED, { id, kind: 'edge' }))).toMatchObject({ code: 'CONFLICT' })
    expect(h.find('requests')).toHaveLength(1)
    // in the team's list, with the head's name and the village to find it in the national system
    const team = data(await h.call(requests, 'riskLeads', {}, TEAM))
    expect(team.items.map((i) => [i.id, i.kind, i.head['zh-Hans'], i.result])).toEqual([
      [id, 'sudden', (home.head as { name: { 'zh-Hans': string } }).name['zh-Hans'], null],
    ])
    expect(containsUnmaskedNumber(JSON.stringify(team))).toBe(false)
  })

  test('a village office sends one too; the county office, an unpaired official and a household may not', async () => {
    expect(data(await lead(VILLAGE_OFFICE)).status).toBe('created')
    expect(data(await lead(TOWNSHIP_OFFICE)).status).toBe('created')
    expect(refusal(await lead(COUNTY_OFFICE))).toMatchObject({ code: 'FORBIDDEN', reason: 'riskLead.notLocal' })
    expect(refusal(await lead(PREFECTURE_OFFICE)).code).toBe('FORBIDDEN')
    expect(refusal(await lead(STRANGER)).code).toBe('FORBIDDEN')
    expect(refusal(await lead(HOUSEHOLD)).code).toBe('FORBIDDEN')
    expect(refusal(await lead(NEIGHBOUR_OFFICE)).code).toBe('FORBIDDEN')
    expect(h.find('requests')).toHaveLength(2)
  })

  test('a county with no team: the county work office receives it and the reason is kept', async () => {
    const team = h.find('departments', { _id: teamId })
    h.lc.store.remove('departments', { _id: teamId }, { multi: false })
    try {
      const sent = data(await lead(PAIRED))
      expect(sent.unit).toEqual({ kind: 'office', level: 'county' })
      const assign = stored(sent.id).events.find((e) => e.type === 'assign')
      expect(assign).toMatchObject({ fallback: 'riskLead.noTeam' })
      // the county office then holds it and records the result
      expect(data(await h.call(requests, 'riskLeads', {}, COUNTY_OFFICE)).items.map((i) => i.id)).toEqual([sent.id])
      expect(data(await result(COUNTY_OFFICE, sent.id, 2, false)).result).toMatchObject({ identified: false })
    } finally {
      h.insert('departments', team)
    }
  })

  test('a household cannot report a lead as a request, and its own list never shows one', async () => {
    const sent = data(await lead(PAIRED))
    const asRequest = await h.call(
      requests,
      'report',
      { id: randomUUID(), householdId: home._id, category: 'risk', text: '返贫风险' },
      HOUSEHOLD,
    )
    expect(refusal(asRequest)).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'riskLead.reserved' })
    expect(data(await h.call(requests, 'mine', {}, HOUSEHOLD)).items.map((i) => i.id)).not.toContain(sent.id)
    const forHousehold = data(await h.call(requests, 'forHousehold', { householdId: home._id }, PAIRED))
    expect(forHousehold.items.map((i) => i.id)).not.toContain(sent.id)
  })
})

describe('the identification clock', () => {
  test('ten working days end within 15 calendar days of an ordinary weekday; a holiday moves it like any request', () => {
    const calendar = makeCalendar()
    const monday = '2026-03-02T02:00:00.000Z'
    const friday = '2026-03-06T02:00:00.000Z'
    // the end of Monday 16 March and of Friday 20 March, China time: 14 calendar days on
    expect(addWorkingDays(calendar, monday, 10)).toBe('2026-03-16T16:00:00.000Z')
    expect(addWorkingDays(calendar, friday, 10)).toBe('2026-03-20T16:00:00.000Z')
    // National Day (1–7 October off, Saturday 10 October worked): sent Wednesday 30 September, due Tuesday 20 October
    expect(addWorkingDays(calendar, '2026-09-30T02:00:00.000Z', 10)).toBe('2026-10-20T16:00:00.000Z')
  })

  test('a lead left unchecked past its deadline escalates to the prefecture office; the official sees it late', async () => {
    const { id } = data(await lead(PAIRED))
    const doc = stored(id)
    const LONG_AGO = '2026-01-05T02:00:00.000Z'
    h.lc.store.remove('requests', { _id: id }, { multi: false })
    h.insert('requests', [
      {
        ...doc,
        events: doc.events.map((e) => ({ ...e, at: LONG_AGO })),
        createdAt: LONG_AGO,
        updatedAt: LONG_AGO,
        nextCheckAt: LONG_AGO,
      } as unknown as Doc,
    ])
    data((await h.lc.fireTimer('requests')) as CallResult<unknown>)
    // a county unit's request escalates one level: to the prefecture office, never down to a township
    expect(stored(id).watchers).toEqual(['office:office:513300000000'])
    expect(data(await h.call(requests, 'inbox', {}, PREFECTURE_OFFICE)).items.map((i) => [i.id, i.as])).toEqual([
      [id, 'escalated'],
    ])
    const mine = data(await h.call(requests, 'riskOf', { householdId: home._id }, PAIRED)).items
    expect(mine).toEqual([expect.objectContaining({ id, overdue: true, result: null })])
    expect(mine[0]!.due).toBe(addWorkingDays(makeCalendar(), LONG_AGO, 10))
  })
})

describe('the team records the result', () => {
  test("the team records only the result and the day; the official reads it on the household's risk screen", async () => {
    const { id } = data(await lead(PAIRED))
    const day = chinaDay()
    const recorded = data(await result(TEAM, id, 2, true, day))
    expect(recorded).toEqual({ id, events: 4, result: { identified: true, decidedOn: day } })
    const doc = stored(id)
    expect(doc.events.map((e) => e.type)).toEqual(['submit', 'assign', 'accept', 'identify'])
    expect(doc).toMatchObject({ state: 'confirmed', open: false, nextCheckAt: null })
    expect(doc.risk).toEqual({ kind: 'sudden', identified: true, decidedOn: day })
    const seen = data(await h.call(requests, 'riskOf', { householdId: home._id }, PAIRED)).items
    expect(seen).toEqual([expect.objectContaining({ id, kind: 'sudden', overdue: false, result: recorded.result })])
    const village = data(await h.call(requests, 'riskOf', { householdId: home._id }, VILLAGE_OFFICE)).items
    expect(village.map((i) => i.result)).toEqual([recorded.result])
    // decided, so out of the waiting list and in the decided one
    expect(data(await h.call(requests, 'riskLeads', {}, TEAM)).items).toEqual([])
    expect(data(await h.call(requests, 'riskLeads', { decided: true }, TEAM)).items.map((i) => i.id)).toEqual([id])
    // finished: a second result is refused and changes nothing
    expect(refusal(await result(TEAM, id, 4, false)).code).toBe('CONFLICT')
    expect(stored(id).risk?.identified).toBe(true)
    // the counters kept with each write equal a recount of the events
    const rates = h.find('requestRates', { _id: `region:${(home.regionPath as string[])[1]}` })[0]!
    const total = recount(stored(id).events, makeCalendar()).total
    expect(rates.counters).toEqual(addCounters(emptyCounters(), total))
    expect(total).toMatchObject({ collected: 1, assigned: 1, responded: 1, solved: 0 })
  })

  test('a day in the future or before the lead is refused on its field; a stale screen is CONFLICT', async () => {
    const { id } = data(await lead(PAIRED))
    const future = refusal(await result(TEAM, id, 2, true, chinaDay(addTime(now(), 2, 'day'))))
    expect(future).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'riskLead.day.future' })
    expect(future.details?.map((d) => d.path)).toEqual(['decidedOn'])
    const before = refusal(await result(TEAM, id, 2, true, '2020-01-01'))
    expect(before).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'riskLead.day.beforeLead' })
    expect(refusal(await result(TEAM, id, 3, true)).code).toBe('CONFLICT')
    expect(stored(id).events).toHaveLength(2)
  })

  test('another county’s team, another department and the county office are refused; a unit cannot resolve a lead', async () => {
    const { id } = data(await lead(PAIRED))
    for (const openid of [AWAY_TEAM, OTHER_DEPARTMENT, COUNTY_OFFICE, TOWNSHIP_OFFICE])
      expect(refusal(await result(openid, id, 2, true)).code).toBe('FORBIDDEN')
    expect(data(await h.call(requests, 'riskLeads', {}, AWAY_TEAM)).items).toEqual([])
    expect(data(await h.call(requests, 'riskLeads', {}, OTHER_DEPARTMENT)).items).toEqual([])
    data(await h.call(requests, 'act', { id, events: 2, step: { type: 'accept' } }, TEAM))
    const resolve = await h.call(requests, 'act', { id, events: 3, step: { type: 'resolve', note: '已处理' } }, TEAM)
    expect(refusal(resolve)).toMatchObject({ code: 'CONFLICT', reason: 'riskLead.resultOnly' })
    expect(stored(id).state).toBe('accepted')
  })
})

describe('the village public list (公示)', () => {
  test('lists the households identified, by head, size, kind and day, and nothing else personal', async () => {
    const village = (home.regionPath as string[])[3]!
    const township = (home.regionPath as string[])[2]!
    const { id } = data(await lead(PAIRED, { kind: 'unstable' }))
    data(await result(TEAM, id, 2, true))
    // another household of the village, sent and judged not a monitoring object: not listed
    const other = h.find('households', { villageCode: village }).find((d) => d._id !== home._id)
    if (other) {
      const sent = data(await lead(VILLAGE_OFFICE, { householdId: other._id }))
      data(await result(TEAM, sent.id, 2, false))
    }
    const list = data(await h.call(requests, 'riskList', { region: village }, VILLAGE_OFFICE))
    const head = home.head as { name: { 'zh-Hans': string }; idNumber: string }
    expect(list.items).toEqual([
      {
        village: expect.objectContaining({ 'zh-Hans': expect.any(String) }),
        head: home.head && (home.head as { name: unknown }).name,
        members: home.memberCount,
        kind: 'unstable',
        decidedOn: chinaDay(),
      },
    ])
    expect(list.region.code).toBe(village)
    const text = JSON.stringify(list)
    expect(containsUnmaskedNumber(text)).toBe(false)
    expect(text).not.toContain(head.idNumber)
    expect(text).not.toContain(home.phone as string)
    for (const field of ['idNumber', 'phone', 'bank', 'health', 'sensitive', 'disability', '"members":['])
      expect(text).not.toContain(field)
    // the township office prints its whole township
    const whole = data(await h.call(requests, 'riskList', { region: township }, TOWNSHIP_OFFICE))
    expect(whole.items.map((i) => i.head)).toEqual([(home.head as { name: unknown }).name])
  })

  test('a later "not identified" takes a household off the list', async () => {
    const village = (home.regionPath as string[])[3]!
    const first = data(await lead(PAIRED))
    data(await result(TEAM, first.id, 2, true))
    const second = data(await lead(PAIRED))
    data(await result(TEAM, second.id, 2, false))
    expect(data(await h.call(requests, 'riskList', { region: village }, VILLAGE_OFFICE)).items).toEqual([])
  })

  test("another village's office, the county office and department staff may not print it", async () => {
    const village = (home.regionPath as string[])[3]!
    const { id } = data(await lead(PAIRED))
    data(await result(TEAM, id, 2, true))
    expect(refusal(await h.call(requests, 'riskList', { region: village }, NEIGHBOUR_OFFICE)).code).toBe('FORBIDDEN')
    expect(refusal(await h.call(requests, 'riskList', { region: village }, COUNTY_OFFICE))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'riskList.localOnly',
    })
    expect(refusal(await h.call(requests, 'riskList', { region: village }, TEAM)).code).toBe('FORBIDDEN')
    expect(refusal(await h.call(requests, 'riskList', { region: village }, HOUSEHOLD)).code).toBe('FORBIDDEN')
  })
})
