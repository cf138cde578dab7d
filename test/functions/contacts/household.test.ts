/**
 * The household's side of contacts and the writes about a household: a member sees and confirms visits,
 * the paired official saves the info sheet, and the risk level moves the gauges.
 */
import { contacts } from '@shared/contracts/contacts'
import { chinaMonth, chinaQuarter } from '@shared/time'
import { ADMIN, type ContactsWorld, MEMBER, rawDepartmentOverdue, startContacts } from './setup'

jest.setTimeout(120_000)

let w: ContactsWorld

beforeAll(async () => {
  w = await startContacts()
})

afterAll(async () => {
  await w?.h.close()
})

describe('the household side', () => {
  it('shows the visit to the household, whose one tap confirms it once and moves the village rollup', async () => {
    const now = new Date()
    const c = w.contact({
      channel: 'visit',
      at: new Date(now.getTime() - 60_000).toISOString(),
      needs: [{ text: '孩子冬季校服' }],
    })
    expect(await w.h.call(contacts, 'logContact', c, 'demo-official-1')).toMatchObject({ ok: true })
    const list = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, MEMBER)
    expect(list.ok && list.data.contacts[0]).toMatchObject({ id: c.id, confirmedAt: null, needs: ['孩子冬季校服'] })
    const monthId = `r:${w.village[3]}:${chinaMonth(now)}`
    const before = w.stats(monthId).visitsConfirmed ?? 0
    const taps = await Promise.all(
      [1, 2].map(() => w.h.call(contacts, 'confirmVisit', { householdId: w.householdId, contactId: c.id }, MEMBER)),
    )
    expect(taps.every((r) => r.ok)).toBe(true)
    expect(w.stats(monthId).visitsConfirmed).toBe(before + 1)
    expect(w.h.find('contacts', { _id: c.id })[0]).toMatchObject({ confirmedBy: MEMBER })
    const rollup = await w.h.call(
      contacts,
      'rollup',
      { axis: 'region', key: w.village[3]!, period: chinaQuarter(now) },
      ADMIN,
    )
    expect(rollup.ok && rollup.data.counters.visitsConfirmed).toBeGreaterThanOrEqual(1)
    const mine = await w.h.call(contacts, 'myHouseholds', {}, 'demo-official-1')
    expect(mine.ok && mine.data.households.find((x) => x.id === w.householdId)).toMatchObject({ overdue: false })
  })

  it("counts a household's open needs as the open requests its official holds for it", async () => {
    const officialIds = w.h.find('households', { _id: w.householdId })[0]!.officialIds as string[]
    const count = async () => {
      const mine = await w.h.call(contacts, 'myHouseholds', {}, 'demo-official-1')
      return mine.ok ? mine.data.households.find((x) => x.id === w.householdId)?.openNeeds : undefined
    }
    const before = await count()
    const held = (id: string, officialId: string, open: boolean) => ({
      _id: id,
      householdId: w.householdId,
      officialId,
      open,
      state: open ? 'assigned' : 'confirmed',
    })
    w.h.insert('requests', [
      held('needs-open-1', officialIds[0]!, true),
      held('needs-open-2', officialIds[0]!, true),
      held('needs-closed', officialIds[0]!, false),
      held('needs-other-official', officialIds[1]!, true),
    ])
    expect(await count()).toBe((before ?? 0) + 2)
  })

  it('lets only the household, not an official or an unrelated household, confirm', async () => {
    const c = w.contact({ channel: 'visit' })
    await w.h.call(contacts, 'logContact', c, 'demo-official-1')
    expect(
      await w.h.call(contacts, 'confirmVisit', { householdId: w.householdId, contactId: c.id }, 'demo-official-1'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it("pages the household's contacts newest first", async () => {
    const first = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, MEMBER)
    if (!first.ok) throw new Error(first.error.code)
    const times = first.data.contacts.map((c) => c.at)
    expect([...times].sort().reverse()).toEqual(times)
    const older = await w.h.call(
      contacts,
      'householdContacts',
      { householdId: w.householdId, before: times[times.length - 1] },
      MEMBER,
    )
    expect(older.ok && older.data.contacts.every((c) => c.at < times[times.length - 1]!)).toBe(true)
  })
})

describe('the info sheet', () => {
  const sheet = {
    members: [
      {
        name: '扎西',
        relation: 'head' as const,
        birthYear: 1970,
        schooling: 'primary' as const,
        health: 'good' as const,
        work: 'herding' as const,
      },
    ],
    incomeSources: ['herding' as const],
    students: [],
  }

  it('is saved by a paired official as the next version, with its history', async () => {
    const res = await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet }, 'demo-official-1')
    expect(res).toMatchObject({ ok: true, data: { version: 1 } })
    expect(w.h.find('households', { _id: w.householdId })[0]).toMatchObject({ infoSheet: sheet, sheetVersion: 1 })
    expect(w.h.find('householdHistory', { householdId: w.householdId, kind: 'infoSheet' })).toMatchObject([
      { version: 1, by: 'demo-official-1', value: sheet },
    ])
    expect(
      await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet }, 'demo-official-1'),
    ).toMatchObject({
      ok: true,
      data: { version: 2 },
    })
  })

  it('is refused to the household itself', async () => {
    const res = await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet }, MEMBER)
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('risk level', () => {
  it('is set by a paired official with history, refused to a county office, and moves the gauges', async () => {
    const input = {
      householdId: w.householdId,
      level: 'high' as const,
      reason: '主要劳动力因病失去收入',
      date: '2025-05-01',
    }
    expect(await w.h.call(contacts, 'setRiskLevel', input, 'demo-office-county')).toMatchObject({ ok: false })
    expect(await w.h.call(contacts, 'setRiskLevel', input, 'contacts-official-2')).toMatchObject({
      ok: true,
      data: { changed: true },
    })
    expect(w.h.find('households', { _id: w.householdId })[0]).toMatchObject({
      riskLevel: 'high',
      riskReason: input.reason,
      riskDate: input.date,
    })
    expect(w.h.find('householdHistory', { householdId: w.householdId, kind: 'risk' })).toHaveLength(1)
    const recount = await w.h.call(contacts, 'recount', { fix: false }, ADMIN)
    // the gauges started uncounted (the registry loaded households directly): only they may differ
    expect(
      recount.ok &&
        recount.data.differences.every((d) =>
          ['riskNone', 'riskHigh', 'riskWatch', 'overdueHouseholds'].includes(d.counter),
        ),
    ).toBe(true)
    await w.h.call(contacts, 'recount', { fix: true }, ADMIN)
    expect(await w.h.call(contacts, 'recount', { fix: false }, ADMIN)).toMatchObject({
      ok: true,
      data: { differences: [] },
    })
    // the repair also rewrites each department's overdue gauge from the raw households
    const households = w.h.find('households')
    const at = new Date().toISOString()
    const gauges = ['dep-a', 'dep-b'].map((d) => w.stats(`d:${d}:now`).overdueHouseholds)
    expect(gauges).toEqual(['dep-a', 'dep-b'].map((d) => rawDepartmentOverdue(households, d, at)))
    expect(gauges.some((n) => (n ?? 0) > 0)).toBe(true)
    // the current month reads a department's gauge live, as a region's, not the month's last snapshot
    const month = chinaMonth(new Date())
    w.h.lc.store.update('stats', { _id: `d:dep-a:${month}` }, { $set: { overdueHouseholds: 99 } })
    expect(w.stats(`d:dep-a:${month}`).overdueHouseholds).toBe(99)
    const rollup = await w.h.call(contacts, 'rollup', { axis: 'department', key: 'dep-a', period: month }, ADMIN)
    expect(rollup.ok && rollup.data.counters.overdueHouseholds).toBe(gauges[0])
  })
})
