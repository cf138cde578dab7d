/**
 * Receipts and read rates: a reader counted once however often and however concurrently they open a
 * notice, exact rates per region, the unread list an official works from, and the round trips of the
 * feed and of opening (counted by the local cloud's trace).
 */
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

describe('receipts and read rates', () => {
  test('counts a household once however many times, and however concurrently, it opens the notice', async () => {
    const { h, home } = w
    const id = await publish(w)
    const opens = await Promise.all(Array.from({ length: 8 }, () => h.call(notices, 'open', { id }, HOUSEHOLD)))
    expect(opens.every((r) => r.ok)).toBe(true)
    expect(h.find('noticeReads', { noticeId: id })).toHaveLength(1)
    await ok(h.call(notices, 'open', { id }, w.neighbourUser))

    const households = h.find('households')
    const inTownship = households.filter((x) => (x.regionPath as string[])[2] === home[2]).length
    const rates = await ok(h.call(notices, 'readRates', { id }, OFFICE))
    expect(rates.rows).toEqual([expect.objectContaining({ code: home[2], reads: 2, audience: inTownship })])

    const villages = await ok(h.call(notices, 'readRates', { id, region: home[2] }, OFFICE))
    const homeVillage = villages.rows.find((r) => r.code === home[3])
    const expectedHome = households.filter((x) => (x.regionPath as string[])[3] === home[3]).length
    expect(homeVillage).toMatchObject({ reads: 1, audience: expectedHome })
    expect(villages.rows.reduce((s, r) => s + r.reads, 0)).toBe(2)

    const feed = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
    expect(feed.items.find((i) => i.id === id)?.read).toBe(true)
  })

  test('a notice to households and officials shows the read rates of either', async () => {
    const { h, home } = w
    const id = await publish(w, draft(w, { audience: { regions: [home[1]!], roles: 'both' } }))
    await ok(h.call(notices, 'open', { id }, HOUSEHOLD))
    await ok(h.call(notices, 'open', { id }, OFFICIAL))
    const households = await ok(h.call(notices, 'readRates', { id }, OFFICE))
    expect(households).toMatchObject({ readers: 'households', total: { reads: 1 } })
    expect(households.total.audience).toBe(
      h.find('households').filter((x) => (x.regionPath as string[])[1] === home[1]).length,
    )
    const officials = await ok(h.call(notices, 'readRates', { id, readers: 'officials' }, OFFICE))
    expect(officials).toMatchObject({ readers: 'officials', total: { reads: 1 } })
    expect(officials.total.audience).toBe(
      h.find('officials').filter((x) => ((x.regionPath as string[] | undefined) ?? [])[1] === home[1]).length,
    )
    const onlyHouseholds = await publish(w)
    expect(await h.call(notices, 'readRates', { id: onlyHouseholds, readers: 'officials' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
  })

  test('lists unread notices first', async () => {
    const { h } = w
    const older = await publish(w)
    await ok(h.call(notices, 'open', { id: older }, HOUSEHOLD))
    const newer = await publish(w)
    await ok(h.call(notices, 'open', { id: newer }, HOUSEHOLD))
    const unread = await publish(w)
    const feed = await ok(h.call(notices, 'feed', { pageSize: 20 }, HOUSEHOLD))
    const ids = feed.items.map((i) => i.id)
    expect(ids.indexOf(unread)).toBeLessThan(ids.indexOf(newer))
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older))
    expect(feed.items.filter((i) => !i.read)).toHaveLength(feed.unread)
  })

  test('an official sees which paired households have not read, and the list shrinks as they read', async () => {
    const { h } = w
    const paired = h.find('households').filter((x) => (x.officialIds as string[]).includes(w.officialId))
    expect(paired.length).toBeGreaterThan(0)
    const county = (paired[0]!.regionPath as string[])[1]!
    const id = await publish(w, draft(w, { audience: { regions: [county], roles: 'households' } }))
    const before = await ok(h.call(notices, 'unreadHouseholds', { id }, OFFICIAL))
    expect(before.items.map((i) => i.id).sort()).toEqual(paired.map((p) => p._id).sort())
    expect(before.items.every((i) => /\*{4}/.test(i.phoneMasked))).toBe(true)
    const reader = userFor(h, paired[0]!, 'notices-paired-reader')
    await ok(h.call(notices, 'open', { id }, reader))
    const after = await ok(h.call(notices, 'unreadHouseholds', { id }, OFFICIAL))
    expect(after.items.map((i) => i.id)).not.toContain(paired[0]!._id)
    expect(after.read).toBe(1)
    const feed = await ok(h.call(notices, 'feed', {}, OFFICIAL))
    expect(feed.items.find((i) => i.id === id)).toMatchObject({ forHouseholds: true })
    // an official opens what their households received without a receipt of their own
    await ok(h.call(notices, 'open', { id }, OFFICIAL))
    expect(h.find('noticeReads', { noticeId: id }).map((r) => r.readerKind)).toEqual(['household'])
  })
})

describe('round trips', () => {
  test('a household’s feed takes 2 round trips with nothing named: the grant carries its region', async () => {
    const { h } = w
    const id = await publish(w)
    const feed = await h.callTraced(notices, 'feed', {}, HOUSEHOLD)
    expect(feed.res.ok && feed.res.data.items.find((i) => i.id === id)?.read).toBe(false)
    expect(feed.res.ok && feed.res.data.as).toEqual({ role: 'household', id: w.householdId })
    expect(feed.trace.roundTrips).toBe(2)
  })

  test('naming the role it reads as, a first read takes 2 round trips and a repeat 1; concurrent opens count once', async () => {
    const { h, home } = w
    const as = { role: 'household' as const, id: w.householdId }
    const id = await publish(w)
    const first = await h.callTraced(notices, 'open', { id, as }, HOUSEHOLD)
    expect(first.res.ok).toBe(true)
    expect(first.trace.roundTrips).toBe(2)
    // the caller, the notice and the receipt, together
    const again = await h.callTraced(notices, 'open', { id, as }, HOUSEHOLD)
    expect(again.trace).toEqual({ requests: 3, roundTrips: 1 })
    const after = await h.callTraced(notices, 'feed', { as }, HOUSEHOLD)
    expect(after.res.ok && after.res.data.items.find((i) => i.id === id)?.read).toBe(true)

    const racing = await publish(w)
    const opens = await Promise.all(
      Array.from({ length: 8 }, () => h.call(notices, 'open', { id: racing, as }, HOUSEHOLD)),
    )
    expect(opens.every((r) => r.ok)).toBe(true)
    expect(h.find('noticeReads', { noticeId: racing })).toHaveLength(1)
    const stats = h.find('noticeStats', { _id: racing })[0] as { household?: Record<string, number> }
    expect(home.map((code) => stats.household?.[`r${code}`])).toEqual([1, 1, 1, 1])
  })

  test('without the role named, opening reads the receipt after the caller: 3 round trips, a repeat 2', async () => {
    const { h } = w
    const id = await publish(w)
    const first = await h.callTraced(notices, 'open', { id }, HOUSEHOLD)
    expect(first.res.ok).toBe(true)
    expect(first.trace.roundTrips).toBe(3)
    const again = await h.callTraced(notices, 'open', { id }, HOUSEHOLD)
    expect(again.trace.roundTrips).toBe(2)
  })

  test('an official naming their role gets the same feed in 2 round trips, their households read beside the caller', async () => {
    const { h, home } = w
    await publish(w, draft(w, { audience: { regions: [home[1]!], roles: 'officials' } }))
    const plain = await h.callTraced(notices, 'feed', { pageSize: 20 }, OFFICIAL)
    expect(plain.trace.roundTrips).toBe(3)
    const as = plain.res.ok ? plain.res.data.as : undefined
    const named = await h.callTraced(notices, 'feed', { pageSize: 20, as }, OFFICIAL)
    expect(named.res).toEqual(plain.res)
    expect(named.trace.roundTrips).toBe(2)
  })

  test("ignores a named role that is not the caller's: the caller reads as themselves", async () => {
    const { h } = w
    const other = h.find('users', { _id: w.farUser })[0]!.householdId as string
    const as = { role: 'household' as const, id: other }
    const id = await publish(w)
    const feed = await ok(h.call(notices, 'feed', { as }, HOUSEHOLD))
    expect(feed.as).toEqual({ role: 'household', id: w.householdId })
    expect(feed.items.some((i) => i.id === id)).toBe(true)
    await ok(h.call(notices, 'open', { id, as }, HOUSEHOLD))
    expect(h.find('noticeReads', { noticeId: id }).map((r) => r.readerId)).toEqual([w.householdId])
  })
})
