/**
 * Contacts against the local cloud, through the built bundle and the real wx-server-sdk: resends are
 * answered exactly once, conflicts are kept for review, counters stay exact under concurrency and the
 * recount agrees with them.
 */
import { randomUUID } from 'node:crypto'
import type { ContactInput } from '../../src/shared/contracts/contacts'
import { type FunctionsHarness, startFunctions } from './harness'

jest.setTimeout(120_000)

let h: FunctionsHarness
let householdId = ''
let village: string[] = []
const officials = ['demo-official-1', 'contacts-official-2', 'contacts-official-3']
const departments = ['dep-a', 'dep-b', 'dep-a']

function month(at: Date): string {
  const china = new Date(at.getTime() + 8 * 3600_000)
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`
}
function quarter(at: Date): string {
  const china = new Date(at.getTime() + 8 * 3600_000)
  return `${china.getUTCFullYear()}-Q${Math.floor(china.getUTCMonth() / 3) + 1}`
}

function contact(over: Partial<ContactInput> = {}): ContactInput {
  return {
    id: randomUUID(),
    householdId,
    channel: 'phone',
    at: new Date(Date.now() - 3600_000).toISOString(),
    topics: ['policy'],
    notes: '电话了解近况',
    photos: [],
    locationConsent: false,
    needs: [],
    ...over,
  }
}

function stats(id: string): Record<string, number> {
  return (h.find('stats', { _id: id })[0] ?? {}) as unknown as Record<string, number>
}

beforeAll(async () => {
  h = await startFunctions()
  const household = h.find('households')[0]!
  householdId = household._id
  village = household.regionPath as string[]
  const officialIds: string[] = []
  for (const [i, openid] of officials.entries()) {
    const user = h.find('users', { _id: openid })[0]
    const officialId = (user?.officialId as string | undefined) ?? (h.find('officials')[i + 1]!._id as string)
    if (!user) h.insert('users', [{ _id: openid, officialId, roles: [{ role: 'official', officialId }] }])
    officialIds.push(officialId)
  }
  const officialDepartments = Object.fromEntries(officialIds.map((id, i) => [id, departments[i]]))
  h.lc.store.update(
    'households',
    { _id: householdId },
    { $set: { officialIds, officialDepartments, lastContactAt: null, riskLevel: 'none' } },
  )
  h.insert('users', [{ _id: 'contacts-member', householdId, roles: [{ role: 'household', householdId }] }])
  h.insert(
    'departments',
    ['dep-a', 'dep-b'].map((id) => ({ _id: id, name: { 'zh-Hans': id, bo: id }, regionPath: village.slice(0, 1) })),
  )
  // the registry loads households straight into the database: the daily timer counts their risk levels
  await h.lc.fireTimer('contacts')
})

afterAll(async () => {
  await h?.close()
})

describe('my households', () => {
  it('lists a never-contacted paired household as overdue, and an unpaired official sees none of it', async () => {
    const res = await h.call<{ households: { id: string; overdue: boolean; daysSince: number | null }[] }>(
      'contacts',
      'myHouseholds',
      {},
      'contacts-official-2',
    )
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data.households.find((x) => x.id === householdId)).toMatchObject({ overdue: true, daysSince: null })
  })

  it('refuses a contact from an official who is not paired with the household', async () => {
    const other =
      h.find('households').find((d) => d._id !== householdId && !(d.officialIds as string[]).length) ??
      h.find('households')[1]!
    const res = await h.call('contacts', 'logContact', contact({ householdId: other._id }), 'contacts-official-2')
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('exactly once', () => {
  it('answers the same contact sent 5 times in a row once as created and then as duplicates', async () => {
    const c = contact({ at: '2025-02-10T10:00:00+08:00' })
    const statuses: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await h.call<{ status: string }>('contacts', 'logContact', c, 'demo-official-1')
      statuses.push(res.ok ? res.data.status : res.error.code)
    }
    expect(statuses).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(h.find('contacts', { _id: c.id })).toHaveLength(1)
    expect(stats(`r:${village[3]}:2025-02`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(stats(`r:${village[0]}:2025-Q1`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
  })

  it('answers the same contact sent 5 times at once with one created', async () => {
    const c = contact({ at: '2025-01-10T10:00:00+08:00', channel: 'visit' })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.call<{ status: string }>('contacts', 'logContact', c, 'demo-official-1')),
    )
    const statuses = results.map((r) => (r.ok ? r.data.status : r.error.code)).sort()
    expect(statuses).toEqual(['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(stats(`r:${village[2]}:2025-01`)).toMatchObject({ contacts: 1, visits: 1, householdsContacted: 1 })
  })

  it('flags the same id with different content as CONFLICT and keeps the first version', async () => {
    const c = contact({ at: '2025-02-11T10:00:00+08:00' })
    expect(await h.call('contacts', 'logContact', c, 'demo-official-1')).toMatchObject({ ok: true })
    const changed = { ...c, notes: '改过的记录' }
    const res = await h.call('contacts', 'logContact', changed, 'demo-official-1', 'bo')
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', reason: 'contacts.conflict' } })
    expect(h.find('contacts', { _id: c.id })[0]).toMatchObject({ notes: c.notes })
    expect(h.find('contactConflicts', { contactId: c.id })).toHaveLength(1)
    expect(stats(`r:${village[3]}:2025-02`)).toMatchObject({ contacts: 2, householdsContacted: 1 })
  })

  it('keeps counters exact for 200 concurrent contacts with one household from its officials', async () => {
    const at = '2025-05-06T09:00:00+08:00'
    const sends = Array.from({ length: 200 }, (_, i) =>
      h.call<{ status: string }>(
        'contacts',
        'logContact',
        contact({ at, channel: i % 4 === 0 ? 'visit' : 'wechat' }),
        officials[i % 3]!,
      ),
    )
    const results = await Promise.all(sends)
    expect(results.filter((r) => r.ok && r.data.status === 'created')).toHaveLength(200)
    for (const region of village) {
      expect(stats(`r:${region}:2025-05`)).toMatchObject({ contacts: 200, visits: 50, householdsContacted: 1 })
      expect(stats(`r:${region}:2025-Q2`)).toMatchObject({ contacts: 200, visits: 50, householdsContacted: 1 })
    }
    // sends go round the three officials: 67, 67 and 66; officials 1 and 3 are in dep-a, official 2 in dep-b,
    // and each department counts the household once
    expect(stats('d:dep-a:2025-05')).toMatchObject({ contacts: 67 + 66, householdsContacted: 1 })
    expect(stats('d:dep-b:2025-Q2')).toMatchObject({ contacts: 67, householdsContacted: 1 })
    const recount = await h.call<{ differences: unknown[] }>('contacts', 'recount', { fix: false }, 'demo-admin-1')
    expect(recount).toMatchObject({ ok: true, data: { differences: [] } })
  })
})

describe('round trips', () => {
  it('logs a contact in 2 database round trips, a month\'s first included, and answers a resend in 1', async () => {
    // the daily timer makes the coming periods' stats documents; a month's first contact finds them
    await h.lc.fireTimer('contacts')
    const earlier = new Date(Date.now() - 2 * 3600_000).toISOString()
    const first = contact({ at: earlier, channel: 'visit', needs: [{ text: '孩子上学需要资助' }] })
    const a = await h.callTraced<{ status: string }>('contacts', 'logContact', first, 'demo-official-1')
    expect(a.res).toMatchObject({ ok: true, data: { status: 'created' } })
    expect(a.trace.roundTrips).toBe(2)
    const again = contact({ at: earlier })
    const b = await h.callTraced<{ status: string }>('contacts', 'logContact', again, 'demo-official-1')
    expect(b.res).toMatchObject({ ok: true, data: { status: 'created' } })
    expect(b.trace.roundTrips).toBe(2)
    const resend = await h.callTraced<{ status: string }>('contacts', 'logContact', again, 'demo-official-1')
    expect(resend.res).toMatchObject({ ok: true, data: { status: 'duplicate' } })
    expect(resend.trace).toEqual({ requests: 3, roundTrips: 1 })
    const list = await h.callTraced('contacts', 'myHouseholds', {}, 'demo-official-1')
    expect(list.trace).toEqual({ requests: 2, roundTrips: 2 })
    const household = h.find('households', { _id: householdId })[0]!
    expect((household.openNeeds as { contactId: string }[]).filter((n) => n.contactId === first.id)).toHaveLength(1)
  })

  it('keeps one set of needs and exact counters when two versions of one contact race, and flags the other', async () => {
    const base = contact({ at: '2024-09-03T09:00:00+08:00', needs: [{ text: '屋顶漏雨' }] })
    const other = { ...base, notes: '另一个版本', needs: [{ text: '需要务工信息' }] }
    const results = await Promise.all([
      h.call<{ status: string }>('contacts', 'logContact', base, 'demo-official-1'),
      h.call<{ status: string }>('contacts', 'logContact', other, 'demo-official-1'),
    ])
    const codes = results.map((r) => (r.ok ? r.data.status : r.error.code)).sort()
    expect(codes).toEqual(['CONFLICT', 'created'])
    const stored = h.find('contacts', { _id: base.id })[0]!
    const household = h.find('households', { _id: householdId })[0]!
    const needs = (household.openNeeds as { contactId: string; text: string }[]).filter((n) => n.contactId === base.id)
    expect(needs.map((n) => n.text)).toEqual((stored.needs as { text: string }[]).map((n) => n.text))
    expect(h.find('contactConflicts', { contactId: base.id })).toHaveLength(1)
    expect(stats(`r:${village[3]}:2024-09`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(stats('d:dep-a:2024-Q3')).toMatchObject({ contacts: 1, householdsContacted: 1 })
  })
})

describe('counting from what the household already shows', () => {
  it('counts each department and the village once per month through sequential contacts, a late report included', async () => {
    const send = async (at: string, who: string) =>
      (await h.call<{ status: string }>('contacts', 'logContact', contact({ at }), who)).ok
    // official 1 (dep-a) twice in July, official 2 (dep-b) once; official 3 (dep-a again) in August;
    // then a late report of a June contact by official 2, sent after the July ones
    expect(await send('2025-07-03T09:00:00+08:00', officials[0]!)).toBe(true)
    expect(await send('2025-07-09T09:00:00+08:00', officials[0]!)).toBe(true)
    expect(await send('2025-07-10T09:00:00+08:00', officials[1]!)).toBe(true)
    expect(await send('2025-08-01T09:00:00+08:00', officials[2]!)).toBe(true)
    expect(await send('2025-06-20T09:00:00+08:00', officials[1]!)).toBe(true)
    expect(stats(`r:${village[3]}:2025-07`)).toMatchObject({ contacts: 3, householdsContacted: 1 })
    expect(stats(`r:${village[0]}:2025-Q3`)).toMatchObject({ contacts: 4, householdsContacted: 1 })
    expect(stats(`r:${village[1]}:2025-06`)).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(stats('d:dep-a:2025-07')).toMatchObject({ contacts: 2, householdsContacted: 1 })
    expect(stats('d:dep-b:2025-07')).toMatchObject({ contacts: 1, householdsContacted: 1 })
    expect(stats('d:dep-a:2025-Q3')).toMatchObject({ contacts: 3, householdsContacted: 1 })
    expect(stats('d:dep-b:2025-Q2')).toMatchObject({ householdsContacted: 1 })
    const recount = await h.call<{ differences: { counter: string }[] }>(
      'contacts',
      'recount',
      { fix: false },
      'demo-admin-1',
    )
    expect(recount.ok && recount.data.differences.filter((d) => !d.counter.startsWith('risk'))).toEqual([])
  })
})

describe('the household side', () => {
  it('shows the visit to the household, whose one tap confirms it once and moves the village rollup', async () => {
    const now = new Date()
    const needsBefore = ((h.find('households', { _id: householdId })[0]!.openNeeds as unknown[]) ?? []).length
    const c = contact({
      channel: 'visit',
      at: new Date(now.getTime() - 60_000).toISOString(),
      needs: [{ text: '孩子冬季校服' }],
    })
    expect(await h.call('contacts', 'logContact', c, 'demo-official-1')).toMatchObject({ ok: true })
    const list = await h.call<{ contacts: { id: string; confirmedAt: string | null }[] }>(
      'contacts',
      'householdContacts',
      { householdId },
      'contacts-member',
    )
    expect(list.ok && list.data.contacts[0]).toMatchObject({ id: c.id, confirmedAt: null })
    const before = stats(`r:${village[3]}:${month(now)}`).visitsConfirmed ?? 0
    const taps = await Promise.all(
      [1, 2].map(() => h.call('contacts', 'confirmVisit', { householdId, contactId: c.id }, 'contacts-member')),
    )
    expect(taps.every((r) => r.ok)).toBe(true)
    expect(stats(`r:${village[3]}:${month(now)}`).visitsConfirmed).toBe(before + 1)
    const rollup = await h.call<{ counters: Record<string, number> }>(
      'contacts',
      'rollup',
      { axis: 'region', key: village[3], period: quarter(now) },
      'demo-admin-1',
    )
    expect(rollup.ok && rollup.data.counters.visitsConfirmed).toBeGreaterThanOrEqual(1)
    const mine = await h.call<{ households: { id: string; overdue: boolean; openNeeds: number }[] }>(
      'contacts',
      'myHouseholds',
      {},
      'demo-official-1',
    )
    expect(mine.ok && mine.data.households.find((x) => x.id === householdId)).toMatchObject({
      overdue: false,
      openNeeds: needsBefore + 1,
    })
  })

  it('lets only the household, not an official or an unrelated household, confirm', async () => {
    const c = contact({ channel: 'visit' })
    await h.call('contacts', 'logContact', c, 'demo-official-1')
    expect(await h.call('contacts', 'confirmVisit', { householdId, contactId: c.id }, 'demo-official-1')).toMatchObject(
      { ok: false, error: { code: 'FORBIDDEN' } },
    )
  })
})

describe('risk level', () => {
  it('is set by a paired official with history, refused to a county office, and moves the gauges', async () => {
    const input = { householdId, level: 'high', reason: '主要劳动力因病失去收入', date: '2025-05-01' }
    expect(await h.call('contacts', 'setRiskLevel', input, 'demo-office-county')).toMatchObject({ ok: false })
    expect(await h.call('contacts', 'setRiskLevel', input, 'contacts-official-2')).toMatchObject({
      ok: true,
      data: { changed: true },
    })
    expect(h.find('householdHistory', { householdId, kind: 'risk' })).toHaveLength(1)
    const recount = await h.call<{ differences: { counter: string }[] }>(
      'contacts',
      'recount',
      { fix: false },
      'demo-admin-1',
    )
    // the gauges started uncounted (the registry loaded households directly): only they may differ
    expect(
      recount.ok &&
        recount.data.differences.every((d) =>
          ['riskNone', 'riskHigh', 'riskWatch', 'overdueHouseholds'].includes(d.counter),
        ),
    ).toBe(true)
    await h.call('contacts', 'recount', { fix: true }, 'demo-admin-1')
    expect(await h.call('contacts', 'recount', { fix: false }, 'demo-admin-1')).toMatchObject({
      ok: true,
      data: { differences: [] },
    })
  })
})
