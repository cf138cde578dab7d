/** Who sees a notice: regions × roles, offices' own regions, and officials' view of their households' notices. */
import { randomUUID } from 'node:crypto'
import { notices } from '@shared/contracts/notices'
import type { World } from './world'
import { HOUSEHOLD, OFFICE, OFFICIAL, draft, ok, publish, startWorld, userFor } from './world'

jest.setTimeout(180_000)

let w: World

beforeAll(async () => {
  w = await startWorld()
})

afterAll(async () => {
  await w?.h.close()
})

test('a household outside the audience never sees the notice nor opens it', async () => {
  const { h } = w
  const id = await publish(w)
  const far = await ok(h.call(notices, 'feed', {}, w.farUser))
  expect(far.items.map((i) => i.id)).not.toContain(id)
  expect(await h.call(notices, 'open', { id }, w.farUser)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const neighbour = await ok(h.call(notices, 'feed', {}, w.neighbourUser))
  expect(neighbour.items.map((i) => i.id)).toContain(id)
})

test('an office cannot write for another county', async () => {
  const res = await w.h.call(
    notices,
    'save',
    { id: randomUUID(), draft: draft(w, { audience: { regions: ['513322000000'], roles: 'both' } }) },
    OFFICE,
  )
  expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
})

test('households do not see notices meant for officials', async () => {
  const id = await publish(w, draft(w, { audience: { regions: [w.home[1]!], roles: 'officials' } }))
  const feed = await ok(w.h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(feed.items.map((i) => i.id)).not.toContain(id)
})

test('an official sees notices for officials and, marked, those for their households', async () => {
  const { h } = w
  const forOfficials = await publish(w, draft(w, { audience: { regions: [w.home[1]!], roles: 'officials' } }))
  const feed = await ok(h.call(notices, 'feed', { pageSize: 20 }, OFFICIAL))
  expect(feed.as).toEqual({ role: 'official', id: w.officialId })
  expect(feed.items.find((i) => i.id === forOfficials)).toMatchObject({ forHouseholds: false })
  expect(feed.items.some((i) => i.forHouseholds)).toBe(true)
})

test('an older grant without regionPath reads the record: the same feed and receipts', async () => {
  const { h } = w
  const household = h.find('households', { _id: w.householdId })[0]!
  const older = userFor(h, household, 'notices-older-grant', false)
  const id = await publish(w)
  const feed = await ok(h.call(notices, 'feed', { pageSize: 20 }, older))
  expect(feed.as).toEqual({ role: 'household', id: w.householdId })
  expect(feed.items.map((i) => i.id)).toContain(id)
  await ok(h.call(notices, 'open', { id }, older))
  expect(h.find('noticeReads', { noticeId: id }).map((r) => r.readerId)).toEqual([w.householdId])
  const same = await ok(h.call(notices, 'feed', { pageSize: 20 }, HOUSEHOLD))
  expect(same.items.find((i) => i.id === id)?.read).toBe(true)
})
