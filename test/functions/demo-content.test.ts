/**
 * The demo content `npm start` adds: made through the functions, so it passes the same rules as anything
 * users make. The demo household sees the notices and its contacts; the official's notice stays with
 * officials. The prefecture office sets the three phases' targets.
 */
import { contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import { notices } from '@shared/contracts/notices'
import { exchange } from '@shared/contracts/exchange'
import { dashboard } from '@shared/contracts/dashboard'
import { phaseOn } from '@shared/phases'
import { chinaDay } from '@shared/time'
import { DEMO_PHASES, addDemoContent, addDemoPhases, addDemoRequests, countDemo } from '../../scripts/demo-content'
import { addDemoExchange } from '../../scripts/demo-content'
import { type FunctionsHarness, startFunctions } from './harness'

jest.setTimeout(120_000)

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(() => h?.close())

test('publishes three notices and logs contacts the demo household and official see', async () => {
  expect(await addDemoContent(h.lc)).toMatchObject({ notices: 3 })
  expect(h.find('notices', { status: 'published' })).toHaveLength(3)

  const feed = await h.call(notices, 'feed', {}, 'demo-household-1')
  expect(feed.ok && feed.data.items).toHaveLength(2)
  const householdId = h.find('users', { _id: 'demo-household-1' })[0]!.householdId as string
  const logged = await h.call(contacts, 'householdContacts', { householdId }, 'demo-household-1')
  expect(logged.ok && logged.data.contacts.map((c) => c.channel)).toEqual(['visit', 'phone', 'visit'])
  expect(logged.ok && logged.data.contacts[0]!.confirmedAt).toBeNull()

  const mine = await h.call(contacts, 'myHouseholds', {}, 'demo-official-1')
  expect(mine.ok && mine.data.households.some((x) => x.openNeeds === 1)).toBe(true)
  // the visit's need went on as a request, as the official's outbox sends it
  const asked = await h.call(requests, 'forHousehold', { householdId }, 'demo-official-1')
  expect(asked.ok && asked.data.items.map((r) => [r.text, r.source, r.category])).toEqual([
    ['孩子冬季校服', 'official', 'other'],
  ])
})

test('the demo household’s requests reach the township office’s inbox, one accepted with progress', async () => {
  h.lc.store.remove('requests', {}, { multi: true })
  expect(await addDemoRequests(h.lc)).toEqual({ requests: 1 })
  const inbox = await h.call(requests, 'inbox', {}, 'demo-office-township')
  expect(inbox.ok && inbox.data.items.map((i) => [i.category, i.state, i.as])).toEqual([['other', 'accepted', 'unit']])
  expect(inbox.ok && inbox.data.items[0]!.text).toContain('138****5678')
})

test('the demo’s three phases carry the prefecture office’s targets; the county’s progress is held against today’s', async () => {
  expect(await addDemoPhases(h.lc)).toEqual({ phases: 3 })
  const read = await h.call(dashboard, 'phases', {}, 'demo-office-county')
  if (!read.ok) throw new Error(read.error.message)
  expect(read.data.phases.map((p) => [p.id, p.from, p.to, p.stored, p.targets])).toEqual(
    DEMO_PHASES.map((p) => [p.id, p.from, p.to, true, p.targets]),
  )
  const today = phaseOn(read.data.phases, chinaDay())
  expect(read.data.current).toBe(today?.id ?? null)
  const progress = await h.call(dashboard, 'progress', {}, 'demo-office-county')
  if (!progress.ok) throw new Error(progress.error.message)
  expect(progress.data.phase?.targets ?? null).toEqual(today?.targets ?? null)
  if (today) expect(progress.data.own.progress.coverage.target).toBe(today.targets.coverage)
  // seeded again (a rerun of the script on the same data), the three phases are the same three
  expect(await addDemoPhases(h.lc)).toEqual({ phases: 3 })
  expect(h.find('phases')).toHaveLength(3)
})

test('the demo’s counters are counted once at the start: the county’s home has its households and gauges at once', async () => {
  expect(await countDemo(h.lc)).toEqual({ counted: ['contacts', 'dashboard'] })
  const home = await h.call(dashboard, 'home', {}, 'demo-office-county')
  if (!home.ok) throw new Error(home.error.message)
  expect(home.data.current.households).toBeGreaterThan(0)
  expect(home.data.current.officials).toBeGreaterThan(0)
  expect(home.data.current.overdueHouseholds).toBeGreaterThan(0)
  // what was counted is what the raw records say: a second count finds nothing to repair
  const again = await h.call(dashboard, 'recount', { fix: false }, 'demo-admin-1')
  expect(again.ok && again.data.differences).toEqual([])
})

test('the demo’s selection: a 公示 open in the county now, the demo family named over a year ago with its review due and a trip place offered', async () => {
  expect(await addDemoExchange(h.lc)).toEqual({ campaigns: 2, named: 1, trips: 1 })
  // the functions' clock is back where it was
  expect(h.lc.clockOffset()).toBe(0)
  const householdId = h.find('users', { _id: 'demo-household-1' })[0]!.householdId as string
  const county = (h.find('households', { _id: householdId })[0]!.regionPath as string[])[1]!
  const shown = await h.call(exchange, 'publicity', {}, 'demo-household-1')
  if (!shown.ok) throw new Error(shown.error.message)
  expect(shown.data.items.map((p) => [p.kind, p.open, p.entries.length])).toEqual([['studio', true, 1]])
  const mine = await h.call(exchange, 'mine', { householdId }, 'demo-household-1')
  if (!mine.ok) throw new Error(mine.error.message)
  expect(mine.data.publicity).toBe(true)
  expect(mine.data.named).toEqual([expect.objectContaining({ kind: 'family' })])
  const due = await h.call(exchange, 'reviewsDue', { region: county }, 'demo-office-county')
  if (!due.ok) throw new Error(due.error.message)
  expect(due.data.items.map((n) => n.id)).toEqual([mine.data.named[0]!.id])
  const offers = await h.call(exchange, 'tripOffers', { householdId }, 'demo-household-1')
  if (!offers.ok) throw new Error(offers.error.message)
  expect(offers.data.items.map((o) => o.state)).toEqual(['offered'])
})
