/**
 * The households behind a figure and the gentle reminder, on the local cloud with the built bundle: each list
 * holds exactly the households the raw documents say (overdue with a region's own contact period, not contacted
 * this month, at risk, unpaired, a need past its deadline), masked, longest without contact first, a page at a
 * time; a department sees its officials' households by its own contacts. A reminder reaches the household's
 * officials as a household that needs care (and one message a day each, within their subscriptions); a second
 * within the week does nothing; two offices at once make one. Attackers: another county's office, a department
 * asking for a region or another department, a household or an official listing or reminding, an official
 * putting aside a household not theirs.
 */
import { dashboard } from '@shared/contracts/dashboard'
import { CARE_TEMPLATE, LIST_PAGE } from '@shared/contracts/dashboard'
import { containsUnmaskedNumber } from '@shared/mask'
import { addTime, chinaDay, chinaMonth, dayStart, now } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const DEPARTMENT = 'demo-department-1'
const AWAY_OFFICE = 'list-away-office'
const OTHER_COUNTY = '513322000000'
const DAY = 86_400_000

let h: FunctionsHarness
let home: Doc
let county: string
let township: string
let officialId: string
let departmentId: string

const households = () => h.find('households') as (Doc & { regionPath: string[]; lastContactAt: string | null })[]
const inCounty = () => households().filter((d) => d.regionPath.includes(county))
const ids = (docs: { _id?: string; id?: string }[]) => docs.map((d) => d._id ?? d.id).sort()

/** every page of a list, as an office reads it */
async function everyRow(input: Parameters<typeof h.call<typeof dashboard, 'list'>>[2], openid = COUNTY) {
  const rows = []
  for (let offset = 0; ; offset += LIST_PAGE) {
    const page = data(await h.call(dashboard, 'list', { ...input, offset }, openid))
    rows.push(...page.households)
    if (!page.more) return { rows, total: page.total, page }
  }
}

function setContact(id: string, lastContactAt: string | null, extra: Record<string, unknown> = {}) {
  h.lc.store.update('households', { _id: id }, { $set: { lastContactAt, ...extra } })
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  county = (home.regionPath as string[])[1]!
  township = (home.regionPath as string[])[2]!
  officialId = h.find('users', { _id: OFFICIAL })[0]!.officialId as string
  departmentId = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  h.insert('users', [{ _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] }])
  // a spread of contact ages across the county: never, long ago, lately, today
  const at = Date.now()
  inCounty().forEach((d, i) => {
    const ages = [null, 45, 31, 30, 29, 3, 0]
    const age = ages[i % ages.length]
    setContact(d._id, age === null || age === undefined ? null : new Date(at - age * DAY).toISOString())
  })
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  for (const name of ['reminders', 'reminderMarks']) h.lc.store.remove(name, {}, { multi: true })
  // no subscription is left over from another test
  h.lc.openApi.reset()
})

test('overdue: exactly the households never contacted or contacted more than 30 China days ago, longest first', async () => {
  const lastDay = chinaDay(addTime(dayStart(chinaDay()), -30, 'day'))
  const expected = inCounty().filter((d) => d.lastContactAt === null || chinaDay(d.lastContactAt) < lastDay)
  const { rows, total } = await everyRow({ region: county, figure: 'overdue' })
  expect(total).toBe(expected.length)
  expect(ids(rows)).toEqual(ids(expected))
  // never contacted first, then the longest since
  const days = rows.map((r) => (r.daysSince === null ? Infinity : r.daysSince))
  expect([...days].sort((a, b) => b - a)).toEqual(days)
  expect(rows.every((r) => r.daysSince === null || r.daysSince > 30)).toBe(true)
  // a later page starts where the offset says
  const later = data(await h.call(dashboard, 'list', { region: county, figure: 'overdue', offset: 5 }, COUNTY))
  expect(later.households.map((r) => r.id)).toEqual(rows.slice(5, 5 + LIST_PAGE).map((r) => r.id))
})

test('not contacted this month, at risk and unpaired are what the documents hold', async () => {
  const monthStart = dayStart(`${chinaMonth()}-01`)
  const notThisMonth = inCounty().filter((d) => d.lastContactAt === null || d.lastContactAt < monthStart)
  expect(ids((await everyRow({ region: county, figure: 'notContacted' })).rows)).toEqual(ids(notThisMonth))

  const risky = inCounty().slice(0, 3)
  for (const d of risky) h.lc.store.update('households', { _id: d._id }, { $set: { riskLevel: 'high' } })
  const high = inCounty().filter((d) => d.riskLevel === 'high')
  expect(ids((await everyRow({ region: county, figure: 'riskHigh' })).rows)).toEqual(ids(high))
  const watch = inCounty().filter((d) => d.riskLevel === 'watch')
  expect(ids((await everyRow({ region: county, figure: 'riskWatch' })).rows)).toEqual(ids(watch))

  const unpaired = inCounty().filter((d) => (d.officialIds as string[]).length === 0)
  expect(ids((await everyRow({ region: county, figure: 'unpaired' })).rows)).toEqual(ids(unpaired))
})

test('a row: the head by name, the phone masked, the village and the officials by name, no full number anywhere', async () => {
  const res = await h.call(dashboard, 'list', { region: township, figure: 'overdue' }, TOWNSHIP)
  const page = data(res)
  expect(page.key).toMatchObject({ axis: 'region', key: township, level: 'township' })
  expect(page.mayRemind).toBe(true)
  const row = page.households[0]!
  const doc = households().find((d) => d._id === row.id)!
  expect(row.headName).toEqual((doc.head as { name: unknown }).name)
  expect(row.village['zh-Hans']).not.toBe('')
  expect(row.officials.map((o) => o.id)).toEqual(doc.officialIds)
  expect(row.officials.every((o) => o.name['zh-Hans'] !== '')).toBe(true)
  expect(containsUnmaskedNumber(JSON.stringify(res))).toBe(false)
})

test('a need past its deadline: the households of the open requests the timer escalated', async () => {
  const [late, onTime] = inCounty()
  const request = (id: string, householdId: string, escalations: number, open = true) => ({
    _id: id,
    householdId,
    open,
    regionPath: households().find((d) => d._id === householdId)!.regionPath,
    unit: { kind: 'department', id: departmentId, level: 'county', region: county },
    told: { warned: true, escalations },
    createdAt: now(),
  })
  h.insert('requests', [
    request('late-1', late!._id, 1),
    request('late-2', late!._id, 2),
    request('fine-1', onTime!._id, 0),
    request('closed-1', onTime!._id, 1, false),
  ])
  try {
    const region = await everyRow({ region: county, figure: 'needsOverdue' })
    expect(ids(region.rows)).toEqual([late!._id])
    expect(region.total).toBe(1)
    const unit = await everyRow({ departmentId, figure: 'needsOverdue' }, DEPARTMENT)
    expect(ids(unit.rows)).toEqual([late!._id])
  } finally {
    h.lc.store.remove('requests', { _id: { $in: ['late-1', 'late-2', 'fine-1', 'closed-1'] } }, { multi: true })
  }
})

test("a department lists its officials' households by its own contacts, and only reads", async () => {
  const officials = new Set(h.find('officials', { departmentId }).map((o) => o._id))
  const mine = households().filter((d) => (d.officialIds as string[]).some((id) => officials.has(id)))
  expect(mine.length).toBeGreaterThan(0)
  const { rows, page } = await everyRow({ figure: 'notContacted' }, DEPARTMENT)
  expect(page.key).toMatchObject({ axis: 'department', key: departmentId, level: 'department' })
  expect(page.mayRemind).toBe(false)
  const monthStart = dayStart(`${chinaMonth()}-01`)
  const expected = mine.filter((d) => {
    const at = (d.departmentContactAt as Record<string, string> | undefined)?.[departmentId]
    return !at || at < monthStart
  })
  expect(ids(rows)).toEqual(ids(expected))
  expect(refusal(await h.call(dashboard, 'remind', { householdId: rows[0]!.id }, DEPARTMENT)).code).toBe('FORBIDDEN')
})

test('attackers: another county, a department asking for a region or another department, a household, an official', async () => {
  const before = h.snapshot()
  expect(refusal(await h.call(dashboard, 'list', { region: county, figure: 'overdue' }, AWAY_OFFICE)).code).toBe(
    'FORBIDDEN',
  )
  expect(refusal(await h.call(dashboard, 'list', { region: county, figure: 'overdue' }, DEPARTMENT)).code).toBe(
    'FORBIDDEN',
  )
  const other = h
    .find('departments')
    .find((d) => d._id !== departmentId && !(d.regionPath as string[]).includes(OTHER_COUNTY))
  expect(
    refusal(await h.call(dashboard, 'list', { departmentId: other!._id, figure: 'overdue' }, DEPARTMENT)).code,
  ).toBe('FORBIDDEN')
  // a department id is a field path in the query: one naming another field is refused, not run
  expect(
    refusal(await h.call(dashboard, 'list', { departmentId: `${departmentId}.x`, figure: 'overdue' }, COUNTY)).code,
  ).toBe('FORBIDDEN')
  for (const openid of [HOUSEHOLD, OFFICIAL]) {
    expect(refusal(await h.raw('dashboard', 'list', { figure: 'overdue' }, openid)).code).toBe('FORBIDDEN')
    expect(refusal(await h.raw('dashboard', 'remind', { householdId: home._id }, openid)).code).toBe('FORBIDDEN')
  }
  expect(refusal(await h.call(dashboard, 'remind', { householdId: home._id }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), audit: [], auditCounters: [] })
  expect(strip(h.snapshot())).toBe(strip(before))
})

test('a reminder: the household shows in its officials’ lists, a message goes to those subscribed, a second does nothing', async () => {
  const paired = households().find((d) => (d.officialIds as string[]).includes(officialId))!
  setContact(paired._id, new Date(Date.now() - 60 * DAY).toISOString())
  h.lc.openApi.grant(OFFICIAL, [CARE_TEMPLATE, CARE_TEMPLATE])
  const sentBefore = h.lc.openApi.listMessages().length

  const first = data(await h.call(dashboard, 'remind', { householdId: paired._id }, COUNTY))
  expect(first).toMatchObject({ status: 'reminded', officials: (paired.officialIds as string[]).length })
  const sent = h.lc.openApi.listMessages().slice(sentBefore)
  expect(sent.map((m) => `${m.touser} ${m.templateId}`)).toEqual([`${OFFICIAL} ${CARE_TEMPLATE}`])
  expect(h.find('reminders', { _id: paired._id })[0]).toMatchObject({
    officialIds: paired.officialIds,
    by: { openid: COUNTY, region: county },
    told: { sent: 1, refused: 0, failed: 0 },
  })

  const cares = data(await h.call(dashboard, 'cares', {}, OFFICIAL)).households
  expect(cares.map((c) => c.householdId)).toContain(paired._id)
  expect(cares.find((c) => c.householdId === paired._id)).toMatchObject({ daysSince: 60 })

  // again within the week, by the same office or another over it: nothing changes, and no second message
  const stored = h.snapshot()
  const again = data(await h.call(dashboard, 'remind', { householdId: paired._id }, TOWNSHIP))
  expect(again).toMatchObject({ status: 'already', remindedAt: first.remindedAt, until: first.until })
  expect(h.snapshot()).toBe(stored)
  expect(h.lc.openApi.listMessages().length).toBe(sentBefore + 1)

  // the list says the household was reminded
  const row = (await everyRow({ region: county, figure: 'overdue' })).rows.find((r) => r.id === paired._id)
  expect(row?.remindedAt).toBe(first.remindedAt)
})

test('two offices reminding at once make one reminder and one message', async () => {
  const paired = households().find((d) => (d.officialIds as string[]).includes(officialId))!
  h.lc.openApi.grant(OFFICIAL, [CARE_TEMPLATE, CARE_TEMPLATE, CARE_TEMPLATE])
  const sentBefore = h.lc.openApi.listMessages().length
  const answers = await Promise.all(
    [COUNTY, TOWNSHIP, COUNTY].map(async (openid) =>
      data(await h.call(dashboard, 'remind', { householdId: paired._id }, openid)),
    ),
  )
  expect(answers.filter((a) => a.status === 'reminded')).toHaveLength(1)
  expect(answers.filter((a) => a.status === 'already')).toHaveLength(2)
  expect(h.find('reminders')).toHaveLength(1)
  expect(h.lc.openApi.listMessages().length).toBe(sentBefore + 1)
})

test('at most one message a day to an official, and a missing subscription is recorded, not retried', async () => {
  const mine = households().filter((d) => (d.officialIds as string[]).includes(officialId))
  expect(mine.length).toBeGreaterThan(1)
  const sentBefore = h.lc.openApi.listMessages().length
  const a = data(await h.call(dashboard, 'remind', { householdId: mine[0]!._id }, COUNTY))
  const b = data(await h.call(dashboard, 'remind', { householdId: mine[1]!._id }, COUNTY))
  expect([a.status, b.status]).toEqual(['reminded', 'reminded'])
  // no subscription left: refused once, recorded on the first reminder; the second owes this official nothing today
  expect(h.lc.openApi.listMessages().length).toBe(sentBefore)
  expect(h.find('reminders', { _id: mine[0]!._id })[0]).toMatchObject({ told: { sent: 0, refused: 1 } })
  expect(h.find('reminders', { _id: mine[1]!._id })[0]).toMatchObject({ told: { sent: 0, refused: 0 } })
  const cares = data(await h.call(dashboard, 'cares', {}, OFFICIAL)).households.map((c) => c.householdId)
  expect(cares).toEqual(expect.arrayContaining([mine[0]!._id, mine[1]!._id]))
})

test('the official puts one aside; a contact takes it off by itself; after the week it lapses and may be sent again', async () => {
  const mine = households().filter((d) => (d.officialIds as string[]).includes(officialId))
  const [aside, contacted] = mine
  for (const d of [aside!, contacted!]) data(await h.call(dashboard, 'remind', { householdId: d._id }, COUNTY))
  expect(data(await h.call(dashboard, 'putAside', { householdId: aside!._id }, OFFICIAL))).toEqual({ putAside: true })
  setContact(contacted!._id, addTime(now(), 1, 'minute'))
  const left = data(await h.call(dashboard, 'cares', {}, OFFICIAL)).households.map((c) => c.householdId)
  expect(left).not.toContain(aside!._id)
  expect(left).not.toContain(contacted!._id)

  // an official not paired with the household cannot put it aside
  const stranger = h.find('officials').find((o) => !(home.officialIds as string[]).includes(o._id))!
  h.insert('users', [
    { _id: 'list-stranger', officialId: stranger._id, roles: [{ role: 'official', officialId: stranger._id }] },
  ])
  expect(refusal(await h.call(dashboard, 'putAside', { householdId: home._id }, 'list-stranger')).code).toBe(
    'FORBIDDEN',
  )

  // the last test of the file: the functions' clock only moves forward
  h.lc.moveClock(8 * DAY)
  expect(data(await h.call(dashboard, 'cares', {}, OFFICIAL)).households).toEqual([])
  const again = data(await h.call(dashboard, 'remind', { householdId: aside!._id }, COUNTY))
  expect(again.status).toBe('reminded')
  // the new reminder starts afresh: put aside by nobody
  expect(h.find('reminders', { _id: aside!._id })[0]).toMatchObject({ dismissed: {} })
})
