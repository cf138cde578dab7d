/**
 * The household's record (built bundle, local cloud): its info sheet, who last saved or confirmed it, and
 * its risk level with the history of changes named by official or office. Read by the household's paired
 * officials and the offices over its village; sensitive categories only for those who may see them, and
 * a read that shows them is audited.
 */
import { contacts } from '@shared/contracts/contacts'
import type { Bilingual } from '@shared/bilingual'
import { type ContactsWorld, MEMBER, startContacts } from './setup'

jest.setTimeout(120_000)

const PAIRED = 'demo-official-1'
const SECOND = 'contacts-official-2'
const UNPAIRED = 'sheet-unpaired-official'
const VILLAGE_OFFICE = 'sheet-office-village'
const COUNTY_OFFICE = 'sheet-office-county'
const AWAY_OFFICE = 'sheet-office-away'
const OTHER_COUNTY = '513322000000'

let w: ContactsWorld
let officialName: (openid: string) => Bilingual
let villageName: Bilingual

beforeAll(async () => {
  w = await startContacts()
  const household = w.h.find('households', { _id: w.householdId })[0]!
  const paired = household.officialIds as string[]
  const stranger = w.h.find('officials').find((o) => !paired.includes(o._id))!
  w.h.insert('users', [
    { _id: UNPAIRED, officialId: stranger._id, roles: [{ role: 'official', officialId: stranger._id }] },
    { _id: VILLAGE_OFFICE, roles: [{ role: 'office', region: w.village[3] }] },
    { _id: COUNTY_OFFICE, roles: [{ role: 'office', region: w.village[1] }] },
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
  ])
  // a monk in the family and a member's chronic illness: what only some roles may see
  const members = household.members as Record<string, unknown>[]
  w.h.lc.store.update(
    'households',
    { _id: w.householdId },
    {
      $set: {
        members: [
          { ...members[0], health: 'chronic' },
          {
            ...(members[1] ?? members[0]),
            name: { 'zh-Hans': '洛桑', bo: 'བློ་བཟང་།' },
            relation: 'child',
            schooling: 'monastic',
            work: 'monastic',
          },
        ],
      },
    },
  )
  officialName = (openid) => {
    const id = w.h.find('users', { _id: openid })[0]!.officialId as string
    return w.h.find('officials', { _id: id })[0]!.name as Bilingual
  }
  villageName = w.h.find('regions', { _id: w.village[3] })[0]!.name as Bilingual
})

afterAll(async () => {
  await w?.h.close()
})

const read = async (openid: string, lang?: 'bo') => {
  const res = await w.h.call(contacts, 'householdRecord', { householdId: w.householdId }, openid, lang)
  if (!res.ok) throw new Error(`${openid}: ${JSON.stringify(res.error)}`)
  return res.data
}

describe('before anything is saved', () => {
  it("gives the paired official a first sheet drawn from the roster's members, in the caller's language", async () => {
    const record = await read(PAIRED, 'bo')
    expect(record).toMatchObject({
      village: villageName,
      stored: false,
      version: 0,
      confirmedAt: null,
      confirmedBy: null,
      risk: { level: 'none', reason: null, date: null },
      history: [],
      mayEditSheet: true,
      mayEditRisk: true,
      sensitiveShown: true,
    })
    expect(record.sheet.members[1]).toMatchObject({ name: 'བློ་བཟང་།', relation: 'child', schooling: 'monastic' })
    expect(record.sheet.members[0]!.health).toBe('chronic')
    expect(record.sheet).toMatchObject({ incomeSources: [], students: [] })
  })

  it('records that the paired official was shown the sensitive categories', () => {
    const views = w.h.find('audit', { kind: 'view', actor: PAIRED, subject: w.householdId })
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({
      action: 'contacts.householdRecord',
      fields: ['infoSheet.members.health', 'infoSheet.members.schooling', 'infoSheet.members.work'],
    })
  })
})

describe('the info sheet', () => {
  it('names the official who last saved or confirmed it, and when', async () => {
    const first = await read(PAIRED)
    const sheet = {
      ...first.sheet,
      members: first.sheet.members.map((m) => ({
        birthYear: 1980,
        schooling: 'primary' as const,
        health: 'good' as const,
        work: 'herding' as const,
        ...m,
      })),
      incomeSources: ['herding' as const, 'cordyceps' as const],
    }
    const saved = await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet }, SECOND)
    expect(saved).toMatchObject({ ok: true, data: { version: 1 } })
    // a yearly review that finds nothing changed: the same sheet again, recorded as a confirmation
    const read1 = await read(PAIRED)
    expect(
      await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet: read1.sheet as never }, PAIRED),
    ).toMatchObject({ ok: true, data: { version: 2 } })
    const record = await read(SECOND)
    const stored = w.h.find('households', { _id: w.householdId })[0]!
    expect(record).toMatchObject({
      stored: true,
      version: 2,
      confirmedAt: stored.sheetUpdatedAt,
      confirmedBy: { kind: 'official', name: officialName(PAIRED) },
    })
    expect(record.sheet).toEqual(stored.infoSheet)
  })
})

describe('the risk level', () => {
  it('lists each change newest first, by the official or office that made it, never an openid', async () => {
    const set = (openid: string, level: 'watch' | 'high', reason: string, date: string) =>
      w.h.call(contacts, 'setRiskLevel', { householdId: w.householdId, level, reason, date }, openid)
    expect(await set(SECOND, 'watch', '牲畜因雪灾损失过半', '2026-03-01')).toMatchObject({ ok: true })
    expect(await set(VILLAGE_OFFICE, 'high', '主要劳动力因病失去收入', '2026-04-02')).toMatchObject({ ok: true })
    const record = await read(PAIRED)
    expect(record.risk).toEqual({ level: 'high', reason: '主要劳动力因病失去收入', date: '2026-04-02' })
    expect(record.history).toMatchObject([
      { before: 'watch', level: 'high', date: '2026-04-02', by: { kind: 'office', name: villageName } },
      {
        before: 'none',
        level: 'watch',
        reason: '牲畜因雪灾损失过半',
        by: { kind: 'official', name: officialName(SECOND) },
      },
    ])
    const text = JSON.stringify(record)
    for (const openid of [SECOND, VILLAGE_OFFICE, PAIRED]) expect(text).not.toContain(openid)
  })

  it('names the setter of an entry written before entries named them, from what its openid is bound as', async () => {
    w.h.insert('householdHistory', [
      {
        _id: 'sheet-older-entry',
        householdId: w.householdId,
        kind: 'risk',
        by: VILLAGE_OFFICE,
        at: '2020-01-01T00:00:00.000Z',
        before: 'none',
        after: 'none',
        reason: '年度复核',
        date: '2020-01-01',
      },
    ])
    const record = await read(PAIRED)
    expect(record.history.at(-1)).toMatchObject({ reason: '年度复核', by: { kind: 'office', name: villageName } })
  })

  it('lets the village office set it but not save the sheet', async () => {
    expect(await read(VILLAGE_OFFICE)).toMatchObject({ mayEditSheet: false, mayEditRisk: true, sensitiveShown: true })
  })
})

describe('who may read it', () => {
  it('gives a county office the record without sensitive categories, and records no view', async () => {
    const record = await read(COUNTY_OFFICE)
    expect(record).toMatchObject({ mayEditSheet: false, mayEditRisk: false, sensitiveShown: false })
    expect(record.risk.level).toBe('high')
    expect(record.sheet.members.some((m) => 'health' in m)).toBe(false)
    expect(JSON.stringify(record.sheet)).not.toContain('monastic')
    expect(w.h.find('audit', { kind: 'view', actor: COUNTY_OFFICE })).toHaveLength(0)
  })

  it("refuses an official with another official's household, an office outside the region, and the household", async () => {
    for (const openid of [UNPAIRED, AWAY_OFFICE, MEMBER]) {
      const res = await w.h.call(contacts, 'householdRecord', { householdId: w.householdId }, openid)
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('reads in three round trips, and one more while the history holds unnamed entries', async () => {
    // the view's audit record goes beside the reads; a second record in the same minute takes the allowance a
    // second request, which lands in a round trip of its own or not depending on timing: each read starts a minute
    const freshMinute = () => w.h.lc.store.remove('auditCounters', { actor: PAIRED }, { multi: true })
    freshMinute()
    const { res, trace } = await w.h.callTraced(contacts, 'householdRecord', { householdId: w.householdId }, PAIRED)
    expect(res.ok).toBe(true)
    expect(trace.roundTrips).toBe(4)
    w.h.lc.store.remove('householdHistory', { _id: 'sheet-older-entry' })
    freshMinute()
    const named = await w.h.callTraced(contacts, 'householdRecord', { householdId: w.householdId }, PAIRED)
    expect(named.trace.roundTrips).toBe(3)
  })
})
