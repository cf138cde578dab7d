/**
 * Logging contacts against the local cloud, through the built bundle and the real wx-server-sdk: resends
 * are answered exactly once, conflicts are kept for review, counters stay exact under concurrency, the
 * recount agrees with them, and the round trips stay at 2.
 */
import { contacts } from '@shared/contracts/contacts'
import { ADMIN, type ContactsWorld, officials, startContacts } from './setup'

jest.setTimeout(120_000)

let w: ContactsWorld

beforeAll(async () => {
  w = await startContacts()
})

afterAll(async () => {
  await w?.h.close()
})

describe('my households', () => {
  it('lists a never-contacted paired household as overdue, and an unpaired official sees none of it', async () => {
    const res = await w.h.call(contacts, 'myHouseholds', {}, 'contacts-official-2')
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data.households.find((x) => x.id === w.householdId)).toMatchObject({ overdue: true, daysSince: null })
  })

  it('refuses a contact from an official who is not paired with the household', async () => {
    const households = w.h.find('households')
    const other =
      households.find((d) => d._id !== w.householdId && !(d.officialIds as string[]).length) ?? households[1]!
    const res = await w.h.call(contacts, 'logContact', w.contact({ householdId: other._id }), 'contacts-official-2')
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(w.h.find('contacts', { householdId: other._id })).toHaveLength(0)
  })
})

describe('exactly once', () => {
  it('answers the same contact sent 5 times in a row once as created and then as duplicates', async () => {
    const c = w.contact({ at: '2025-02-10T10:00:00+08:00' })
    const statuses: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await w.h.call(contacts, 'logContact', c, 'demo-official-1')
      statuses.push(res.ok ? res.data.status : res.error.code)
    }
    expect(statuses).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(w.h.find('contacts', { _id: c.id })).toHaveLength(1)
    expect(w.stats(`r:${w.village[3]}:2025-02`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(w.stats(`r:${w.village[0]}:2025-Q1`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
  })

  it('answers the same contact sent 5 times at once with one created', async () => {
    const c = w.contact({ at: '2025-01-10T10:00:00+08:00', channel: 'visit' })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => w.h.call(contacts, 'logContact', c, 'demo-official-1')),
    )
    const statuses = results.map((r) => (r.ok ? r.data.status : r.error.code)).sort()
    expect(statuses).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(w.stats(`r:${w.village[2]}:2025-01`)).toMatchObject({ contacts: 1, visits: 1, householdsContacted: 1 })
  })

  it('flags the same id with different content as CONFLICT and keeps the first version', async () => {
    const c = w.contact({ at: '2025-02-11T10:00:00+08:00' })
    expect(await w.h.call(contacts, 'logContact', c, 'demo-official-1')).toMatchObject({ ok: true })
    const changed = { ...c, notes: '改过的记录' }
    const res = await w.h.call(contacts, 'logContact', changed, 'demo-official-1', 'bo')
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'contacts.conflict' } })
    expect(w.h.find('contacts', { _id: c.id })[0]).toMatchObject({ notes: c.notes })
    expect(w.h.find('contactConflicts', { contactId: c.id })).toHaveLength(1)
    expect(w.stats(`r:${w.village[3]}:2025-02`)).toMatchObject({ contacts: 2, householdsContacted: 1 })
  })

  it('keeps counters exact for 200 concurrent contacts with one household from its officials', async () => {
    const at = '2025-05-06T09:00:00+08:00'
    const sends = Array.from({ length: 200 }, (_, i) =>
      w.h.call(contacts, 'logContact', w.contact({ at, channel: i % 4 === 0 ? 'visit' : 'wechat' }), officials[i % 3]!),
    )
    const results = await Promise.all(sends)
    expect(results.filter((r) => r.ok && r.data.status === 'created')).toHaveLength(200)
    for (const region of w.village) {
      expect(w.stats(`r:${region}:2025-05`)).toMatchObject({ contacts: 200, visits: 50, householdsContacted: 1 })
      expect(w.stats(`r:${region}:2025-Q2`)).toMatchObject({ contacts: 200, visits: 50, householdsContacted: 1 })
    }
    // sends go round the three officials: 67, 67 and 66; officials 1 and 3 are in dep-a, official 2 in dep-b,
    // and each department counts the household once
    expect(w.stats('d:dep-a:2025-05')).toMatchObject({ contacts: 67 + 66, householdsContacted: 1 })
    expect(w.stats('d:dep-b:2025-Q2')).toMatchObject({ contacts: 67, householdsContacted: 1 })
    const recount = await w.h.call(contacts, 'recount', { fix: false }, ADMIN)
    expect(recount).toMatchObject({ ok: true, data: { differences: [] } })
  })
})

describe('round trips', () => {
  it("logs a contact in 2 database round trips, a month's first included, and answers a resend in 1", async () => {
    // the daily timer makes the coming periods' stats documents; a month's first contact finds them
    await w.h.lc.fireTimer('contacts')
    const earlier = new Date(Date.now() - 2 * 3600_000).toISOString()
    const first = w.contact({ at: earlier, channel: 'visit', needs: [{ text: '孩子上学需要资助' }] })
    const a = await w.h.callTraced(contacts, 'logContact', first, 'demo-official-1')
    expect(a.res).toMatchObject({ ok: true, data: { status: 'created' } })
    expect(a.trace.roundTrips).toBe(2)
    const again = w.contact({ at: earlier })
    const b = await w.h.callTraced(contacts, 'logContact', again, 'demo-official-1')
    expect(b.res).toMatchObject({ ok: true, data: { status: 'created' } })
    expect(b.trace.roundTrips).toBe(2)
    const resend = await w.h.callTraced(contacts, 'logContact', again, 'demo-official-1')
    expect(resend.res).toMatchObject({ ok: true, data: { status: 'duplicate' } })
    expect(resend.trace).toEqual({ requests: 3, roundTrips: 1 })
    const list = await w.h.callTraced(contacts, 'myHouseholds', {}, 'demo-official-1')
    // the caller, then the households, the official's unconfirmed visits and open requests together
    expect(list.trace).toEqual({ requests: 4, roundTrips: 2 })
    // the need stays on the contact; the outbox sends it as a request of its own
    expect(w.h.find('contacts', { _id: first.id })[0]!.needs).toEqual([
      { id: `${first.id}:0`, text: '孩子上学需要资助', contactId: first.id, at: new Date(earlier).toISOString() },
    ])
    expect(w.h.find('households', { _id: w.householdId })[0]!.openNeeds).toBeUndefined()
  })

  it('keeps one version’s needs and exact counters when two versions of one contact race, and flags the other', async () => {
    const base = w.contact({ at: '2024-09-03T09:00:00+08:00', needs: [{ text: '屋顶漏雨' }] })
    const other = { ...base, notes: '另一个版本', needs: [{ text: '需要务工信息' }] }
    const results = await Promise.all([
      w.h.call(contacts, 'logContact', base, 'demo-official-1'),
      w.h.call(contacts, 'logContact', other, 'demo-official-1'),
    ])
    const codes = results.map((r) => (r.ok ? r.data.status : r.error.code)).sort()
    expect(codes).toEqual(['CONFLICT', 'created'])
    const stored = w.h.find('contacts', { _id: base.id })[0]!
    expect((stored.needs as { text: string }[]).map((n) => n.text)).toEqual(
      stored.notes === '另一个版本' ? ['需要务工信息'] : ['屋顶漏雨'],
    )
    expect(w.h.find('contactConflicts', { contactId: base.id })).toHaveLength(1)
    expect(w.stats(`r:${w.village[3]}:2024-09`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(w.stats('d:dep-a:2024-Q3')).toMatchObject({ contacts: 1, householdsContacted: 1 })
  })
})

describe('counting from what the household already shows', () => {
  it('counts each department and the village once per month through sequential contacts, a late report included', async () => {
    const send = async (at: string, who: string) => (await w.h.call(contacts, 'logContact', w.contact({ at }), who)).ok
    // official 1 (dep-a) twice in July, official 2 (dep-b) once; official 3 (dep-a again) in August;
    // then a late report of a June contact by official 2, sent after the July ones
    expect(await send('2025-07-03T09:00:00+08:00', officials[0]!)).toBe(true)
    expect(await send('2025-07-09T09:00:00+08:00', officials[0]!)).toBe(true)
    expect(await send('2025-07-10T09:00:00+08:00', officials[1]!)).toBe(true)
    expect(await send('2025-08-01T09:00:00+08:00', officials[2]!)).toBe(true)
    expect(await send('2025-06-20T09:00:00+08:00', officials[1]!)).toBe(true)
    expect(w.stats(`r:${w.village[3]}:2025-07`)).toMatchObject({ contacts: 3, householdsContacted: 1 })
    expect(w.stats(`r:${w.village[0]}:2025-Q3`)).toMatchObject({ contacts: 4, householdsContacted: 1 })
    expect(w.stats(`r:${w.village[1]}:2025-06`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(w.stats('d:dep-a:2025-07')).toMatchObject({ contacts: 2, householdsContacted: 1 })
    expect(w.stats('d:dep-b:2025-07')).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(w.stats('d:dep-a:2025-Q3')).toMatchObject({ contacts: 3, householdsContacted: 1 })
    expect(w.stats('d:dep-b:2025-Q2')).toMatchObject({ householdsContacted: 1 })
    // the department's latest contact stays the latest when an older one is reported late
    const household = w.h.find('households', { _id: w.householdId })[0]!
    expect(household.departmentContactAt).toMatchObject({ 'dep-b': '2025-07-10T01:00:00.000Z' })
    const recount = await w.h.call(contacts, 'recount', { fix: false }, ADMIN)
    expect(recount.ok && recount.data.differences.filter((d) => !d.counter.startsWith('risk'))).toEqual([])
  })
})
