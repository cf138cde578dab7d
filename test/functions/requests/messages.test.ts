/**
 * Subscription messages from the escalate timer, on the local cloud with its clock moved forward: the
 * unit's staff hear of an assignment, the warning and an escalation; the office an escalation reaches and
 * the household hear of it too; the household hears of a resolution. Each is sent once, after missed runs
 * and when two timers fire at once; a refusal for want of a subscription is recorded, not retried.
 */
import { randomUUID } from 'node:crypto'
import type { Request } from '@config/documents'
import type { CallResult } from '@shared/contract'
import { REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import { requests } from '@shared/contracts/requests'
import { t, catalogues } from '@shared/i18n'
import { epochMs } from '@shared/time'
import { makeCalendar } from '@functions/requests/domain/calendar'
import { answerDue, status } from '@functions/requests/domain/clocks'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const PREFECTURE = 'demo-office-prefecture'
const ALL = Object.values(REQUEST_TEMPLATES)

type Run = { checked: number; escalated: number; sent: number; refused: number; failed: number }

let h: FunctionsHarness
let home: Doc

const stored = (id: string) => (h.find('requests', { _id: id }) as unknown as Request[])[0]!
/** a timer run a second later: its event's time is whole seconds, and what was just written must be due */
const fire = async () => {
  h.lc.moveClock(1000)
  return data((await h.lc.fireTimer('requests')) as CallResult<Run>)
}
/** the messages each user got since `from`, by template */
const got = (from: number) =>
  h.lc.openApi
    .listMessages()
    .slice(from)
    .map((m) => `${m.touser} ${m.templateId}`)
    .sort()

/** moves the functions' clock to `at` (only ever forward) */
function moveTo(at: string): void {
  const ahead = epochMs(at) - (Date.now() + h.lc.clockOffset())
  if (ahead > 0) h.lc.moveClock(ahead)
}

async function reported(): Promise<string> {
  const res = data(
    await h.call(
      requests,
      'report',
      { id: randomUUID(), householdId: home._id, category: 'other', text: '屋顶漏雨' },
      HOUSEHOLD,
    ),
  )
  return res.id
}

/** every user of the demo who could be told: one acceptance of every template each */
function subscribeAll(times = 1): void {
  for (const openid of [HOUSEHOLD, TOWNSHIP, COUNTY, PREFECTURE])
    for (let i = 0; i < times; i++) h.lc.openApi.grant(openid, ALL)
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requests', {}, { multi: true })
  h.lc.store.remove('requestRates', {}, { multi: true })
  h.lc.openApi.reset()
  h.lc.moveClock(-h.lc.clockOffset())
})

test('an assignment tells the unit’s staff once, at the next run, without the household’s words; two runs at once send it once', async () => {
  subscribeAll()
  const id = await reported()
  const from = h.lc.openApi.listMessages().length
  const [a, b] = await Promise.all([fire(), fire()])
  expect(a.sent + b.sent).toBe(1)
  expect(got(from)).toEqual([`${TOWNSHIP} ${REQUEST_TEMPLATES.assigned}`])
  const message = h.lc.openApi.listMessages().at(-1)!
  expect(message.page).toBe(`pages/office/requests/detail?id=${id}`)
  expect(message.data).toMatchObject({ thing2: { value: '新诉求，请签收办理' } })
  // what the household wrote stays in the app: a message names the category, what happened, when and the village
  expect(JSON.stringify(message.data)).not.toContain('屋顶漏雨')
  expect(stored(id).told).toMatchObject({ assigned: 1, sent: 1, refused: 0 })
  expect((await fire()).sent).toBe(0)
})

test('missed runs: the warning and then the escalation are each sent once, to whom they concern', async () => {
  subscribeAll(2)
  const id = await reported()
  await fire()
  const calendar = makeCalendar()
  const clocks = status(stored(id), stored(id).createdAt, calendar)!
  const from = h.lc.openApi.listMessages().length

  // the timer missed every run until past the warning; two fire at once when it comes back
  moveTo(new Date(epochMs(clocks.warnAt) + 3600_000).toISOString())
  await Promise.all([fire(), fire()])
  expect(got(from)).toEqual([`${TOWNSHIP} ${REQUEST_TEMPLATES.warn}`])
  await fire()
  expect(got(from)).toHaveLength(1)
  expect(stored(id).told).toMatchObject({ warned: true, escalations: 0 })

  // and again until past the deadline: the county office now watches it, the township and the household hear
  const after = h.lc.openApi.listMessages().length
  moveTo(new Date(epochMs(clocks.due) + 3600_000).toISOString())
  await Promise.all([fire(), fire(), fire()])
  await fire()
  expect(got(after)).toEqual(
    [
      `${COUNTY} ${REQUEST_TEMPLATES.escalated}`,
      `${HOUSEHOLD} ${REQUEST_TEMPLATES.escalated}`,
      `${TOWNSHIP} ${REQUEST_TEMPLATES.escalated}`,
    ].sort(),
  )
  const household = h.lc.openApi.listMessages(HOUSEHOLD).at(-1)!
  expect(household.page).toBe(`pages/household/requests/detail?id=${id}&householdId=${home._id}`)
  expect(stored(id).told).toMatchObject({ warned: true, escalations: 1, sent: 5, refused: 0 })
})

test('after a long gap every level reached is told once, the household once; an assignment overtaken is not sent late', async () => {
  subscribeAll(2)
  const id = await reported()
  // accepted before any run: the assignment's message is overtaken
  data(await h.raw('requests', 'act', { id, events: 2, step: { type: 'accept' } }, TOWNSHIP))
  const clocks = status(stored(id), stored(id).createdAt, makeCalendar())!
  // a month on, without a single run: the request went to the county and on to the prefecture
  moveTo(new Date(epochMs(clocks.due) + 30 * 86_400_000).toISOString())
  const from = h.lc.openApi.listMessages().length
  await Promise.all([fire(), fire()])
  await fire()
  expect(got(from)).toEqual(
    [
      `${COUNTY} ${REQUEST_TEMPLATES.escalated}`,
      `${PREFECTURE} ${REQUEST_TEMPLATES.escalated}`,
      `${HOUSEHOLD} ${REQUEST_TEMPLATES.escalated}`,
      `${TOWNSHIP} ${REQUEST_TEMPLATES.escalated}`,
    ].sort(),
  )
  expect(stored(id).told).toMatchObject({ escalations: 2, assigned: 1, sent: 4 })
})

test('a resolution tells the household in the language it reported in; without a subscription the refusal is recorded, not retried', async () => {
  h.lc.openApi.grant(HOUSEHOLD, [REQUEST_TEMPLATES.resolved])
  const id = data(
    await h.call(
      requests,
      'report',
      { id: randomUUID(), householdId: home._id, category: 'other', text: 'ཁང་ཐོག་ནས་ཆར་ཆུ་འཛག' },
      HOUSEHOLD,
      'bo',
    ),
  ).id
  // the township office never accepted the assignment message
  expect(await fire()).toMatchObject({ sent: 0, refused: 1 })
  expect(stored(id).told).toMatchObject({ assigned: 1, refused: 1, sent: 0 })
  expect((await fire()).refused).toBe(0)

  const act = (events: number, step: Record<string, unknown>) =>
    h.raw<{ state: string }>('requests', 'act', { id, events, step }, TOWNSHIP)
  data(await act(2, { type: 'accept' }))
  data(await act(3, { type: 'resolve', note: '已修好' }))
  const from = h.lc.openApi.listMessages().length
  await Promise.all([fire(), fire()])
  expect(got(from)).toEqual([`${HOUSEHOLD} ${REQUEST_TEMPLATES.resolved}`])
  const message = h.lc.openApi.listMessages(HOUSEHOLD).at(-1)!
  expect(message.data).toMatchObject({ thing2: { value: t('bo', 'requests.message.resolved') } })
  expect(stored(id).told).toMatchObject({ resolved: 1, sent: 1, refused: 1 })
  // the timer looks again only when the household's answer window ends
  expect(stored(id).nextCheckAt).toBe(answerDue(stored(id), makeCalendar()))
})

test('a department’s station is told through the users of that department only', async () => {
  const [grant] = h.find('users', { _id: 'demo-department-1' })[0]!.roles as { departmentId: string }[]
  const county = (home.regionPath as string[])[1]!
  const other = `${grant!.departmentId}-elsewhere`
  h.lc.store.remove('users', { _id: 'journey-other-department' }, { multi: false })
  h.insert('users', [{ _id: 'journey-other-department', roles: [{ role: 'department', departmentId: other }] }])
  for (const openid of ['demo-department-1', 'journey-other-department', TOWNSHIP]) h.lc.openApi.grant(openid, ALL)
  data(
    await h.call(
      requests,
      'saveCategory',
      { key: 'water', name: { 'zh-Hans': '饮水', bo: 'འཐུང་ཆུ།' }, active: true },
      PREFECTURE,
    ),
  )
  data(
    await h.call(
      requests,
      'saveService',
      {
        id: randomUUID(),
        departmentId: grant!.departmentId,
        category: 'water',
        level: 'township',
        regions: [county],
        deadlineDays: 5,
        name: { 'zh-Hans': '饮水维修', bo: 'འཐུང་ཆུ་ཉམས་གསོ།' },
        prepare: { 'zh-Hans': '无', bo: 'མེད།' },
      },
      'demo-department-1',
    ),
  )
  const id = data(
    await h.call(
      requests,
      'report',
      { id: randomUUID(), householdId: home._id, category: 'water', text: '水管冻裂' },
      HOUSEHOLD,
    ),
  ).id
  expect(stored(id).unit).toMatchObject({ kind: 'department', id: grant!.departmentId, level: 'township' })
  const from = h.lc.openApi.listMessages().length
  await fire()
  expect(got(from)).toEqual([`demo-department-1 ${REQUEST_TEMPLATES.assigned}`])
})

test('every message text fits a template field (20 code points) in both languages, whole', () => {
  for (const lang of ['zh-Hans', 'bo'] as const)
    for (const kind of ['assigned', 'warn', 'escalated', 'resolved', 'other'] as const)
      expect([...catalogues[lang][`requests.message.${kind}`]].length).toBeLessThanOrEqual(20)
})
