/**
 * The requests function as built, on the local cloud: the calendar the prefecture office keeps, a
 * department's menu, reports routed by the menu or to the township work office with the reason (兜底),
 * a resend stored once, and who reads a household's requests.
 */
import { randomUUID } from 'node:crypto'
import type { Request } from '@config/documents'
import type { CallResult } from '@shared/contract'
import { requests } from '@shared/contracts/requests'
import { t } from '@shared/i18n'
import { pathOf } from '@shared/region'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'
import { upload } from '../uploads'
import { contactPhotoPath, requestPhotoPath, requestVoicePath } from '@shared/storage'
import { makeCalendar } from '@functions/requests/domain/calendar'
import { addCounters, emptyCounters, recount } from '@functions/requests/domain/rates'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const DEPARTMENT = 'demo-department-1'
const PREFECTURE = 'demo-office-prefecture'
const COUNTY = 'demo-office-county'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let away: Doc
let departmentId: string

const stored = (id: string) => h.find('requests', { _id: id }) as unknown as Request[]

const report = (openid: string, category: string, extra: { id?: string; householdId?: string; text?: string } = {}) =>
  h.call(
    requests,
    'report',
    {
      id: extra.id ?? randomUUID(),
      householdId: extra.householdId ?? home._id,
      category,
      text: extra.text ?? '冬天取暖的煤不够了',
    },
    openid,
  )

const service = (category: string, level: 'county' | 'township', regions: string[]) => ({
  id: randomUUID(),
  departmentId,
  category,
  level,
  regions,
  deadlineDays: 7,
  name: { 'zh-Hans': '取暖补助', bo: 'དྲོད་གཏོང་རོགས་སྐྱོར།' },
  prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
})

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  away = h.find('households', { regionPath: OTHER_COUNTY })[0]!
  const grant = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!
  departmentId = grant.departmentId
  // a department files its services under a category on the prefecture office's list
  h.insert('requestCategories', [
    {
      _id: 'heating',
      name: { 'zh-Hans': '取暖', bo: 'དྲོད་གཏོང་།' },
      active: true,
      updatedAt: '2026-01-01T00:00:00.000Z',
      updatedBy: PREFECTURE,
    },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requests', {}, { multi: true })
  h.lc.store.remove('services', {}, { multi: true })
  h.lc.store.remove('calendars', {}, { multi: true })
  h.lc.store.remove('requestRates', {}, { multi: true })
})

describe('routing through the function', () => {
  test("a category on the department's menu goes to the department at the level it serves", async () => {
    const township = pathOf((home.regionPath as string[]).at(-1)!)[2]!
    data(
      await h.call(
        requests,
        'saveService',
        service('heating', 'township', [(home.regionPath as string[])[1]!]),
        DEPARTMENT,
      ),
    )
    const offered = data(await h.call(requests, 'menu', { householdId: home._id }, HOUSEHOLD))
    expect(offered.items).toEqual([
      expect.objectContaining({
        category: 'heating',
        level: 'township',
        prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
      }),
    ])
    expect(data(await h.call(requests, 'menu', { householdId: away._id }, PREFECTURE)).items).toEqual([])
    const res = data(await report(HOUSEHOLD, 'heating'))
    expect(res).toMatchObject({ status: 'created', state: 'assigned', unit: { kind: 'department', level: 'township' } })
    expect(res.fallback).toBeUndefined()
    const [doc] = stored(res.id)
    expect(doc?.unit).toEqual({ kind: 'department', id: departmentId, level: 'township', region: township })
    expect(doc?.firstUnit).toEqual(doc?.unit)
    expect(doc?.dispatcher).toEqual({ kind: 'office', id: 'office', level: 'township', region: township })
    expect(doc?.deadlineDays).toBe(7)
    expect(doc?.events.map((e) => e.type)).toEqual(['submit', 'assign'])
    expect(doc?.source).toBe('household')
  })

  test('with nothing on the menu, or the category "other", the township work office takes it and says why', async () => {
    const none = data(await report(HOUSEHOLD, 'heating'))
    expect(none).toMatchObject({
      unit: { kind: 'office', level: 'township' },
      fallback: t('zh-Hans', 'requests.fallback.noService'),
    })
    const other = data(await h.call(requests, 'report', { ...input('other'), householdId: home._id }, HOUSEHOLD, 'bo'))
    expect(other.fallback).toBe(t('bo', 'requests.fallback.other'))
    const assign = stored(other.id)[0]?.events[1]
    expect(assign).toMatchObject({ type: 'assign', fallback: 'requests.fallback.other', deadlineDays: 5 })
  })

  test('a retired service routes nothing any more', async () => {
    const s = service('heating', 'county', [(home.regionPath as string[])[1]!])
    data(await h.call(requests, 'saveService', s, DEPARTMENT))
    data(await h.call(requests, 'retireService', { departmentId, id: s.id }, DEPARTMENT))
    const menu = data(await h.call(requests, 'services', { departmentId }, DEPARTMENT))
    expect(menu.items.map((i) => [i.id, i.active])).toEqual([[s.id, false]])
    expect(data(await report(HOUSEHOLD, 'heating')).fallback).toBe(t('zh-Hans', 'requests.fallback.noService'))
  })
})

function input(category: string) {
  return { id: randomUUID(), category, text: '房子漏雨' }
}

describe('reports', () => {
  test('a resend of the same id is stored once; the same id with other content is CONFLICT', async () => {
    // the region's and unit's counters exist already: a new one would take a round trip more
    data(await report(HOUSEHOLD, 'other'))
    const id = randomUUID()
    const first = await h.callTraced(
      requests,
      'report',
      { id, householdId: home._id, category: 'other', text: '房子漏雨' },
      OFFICIAL,
    )
    expect(data(first.res).status).toBe('created')
    expect(first.trace.roundTrips).toBe(2)
    const again = await h.callTraced(
      requests,
      'report',
      { id, householdId: home._id, category: 'other', text: '房子漏雨' },
      OFFICIAL,
    )
    expect(data(again.res).status).toBe('duplicate')
    expect(again.trace.roundTrips).toBe(1)
    expect(h.find('requests')).toHaveLength(2)
    expect(stored(id)[0]?.source).toBe('official')
    expect(refusal(await report(OFFICIAL, 'other', { id, text: '另一件事' })).code).toBe('CONFLICT')
    expect(h.find('requests')).toHaveLength(2)
  })

  test("photos and a recording are taken only from the request's own upload folder", async () => {
    const id = randomUUID()
    const photo = await upload(h, requestPhotoPath(id, 0))
    const voice = await upload(h, requestVoicePath(id, 'm4a'))
    const elsewhere = await upload(h, contactPhotoPath(randomUUID(), 0))
    const input = { id, householdId: home._id, category: 'other', text: '屋顶塌了' }
    const foreign = refusal(await h.call(requests, 'report', { ...input, photos: [photo, elsewhere] }, HOUSEHOLD))
    expect(foreign.code).toBe('INVALID_ARGUMENT')
    expect(foreign.details?.map((d) => d.path)).toEqual(['photos.1'])
    expect(h.find('requests')).toEqual([])
    data(await h.call(requests, 'report', { ...input, photos: [photo], voice }, HOUSEHOLD))
    expect(stored(id)[0]).toMatchObject({ photos: [photo], voice })
  })

  test('an office reports for a household in its region, not for one outside it', async () => {
    expect(stored(data(await report(COUNTY, 'other')).id)[0]?.source).toBe('office')
    expect(refusal(await report(COUNTY, 'other', { householdId: away._id })).code).toBe('FORBIDDEN')
    expect(refusal(await report(HOUSEHOLD, 'other', { householdId: away._id })).code).toBe('FORBIDDEN')
  })
})

describe('who reads a household’s requests', () => {
  test('the household and its paired official read its requests; another household and a stranger official do not', async () => {
    const own = data(await report(HOUSEHOLD, 'other'))
    data(await report(PREFECTURE, 'other', { householdId: away._id }))
    const mine = data(await h.call(requests, 'mine', {}, HOUSEHOLD))
    expect(mine.items.map((i) => i.id)).toEqual([own.id])
    expect(mine.items[0]).toMatchObject({ state: 'assigned', unit: { kind: 'office', level: 'township' } })
    const paired = (home.officialIds as string[])[0]!
    const official = h.find('users').find((u) => u.officialId === paired)
    if (official) {
      const forHousehold = data(await h.call(requests, 'forHousehold', { householdId: home._id }, official._id))
      expect(forHousehold.items.map((i) => i.id)).toEqual([own.id])
    }
    expect(refusal(await h.call(requests, 'forHousehold', { householdId: away._id }, OFFICIAL)).code).toBe('FORBIDDEN')
  })
})

describe('the calendar and the menu', () => {
  test('only the prefecture office keeps the calendar; a day of another year is refused', async () => {
    const year = { year: 2027, holidays: ['2027-01-01'], workdays: [] }
    expect(refusal(await h.call(requests, 'setCalendar', year, COUNTY)).code).toBe('FORBIDDEN')
    data(await h.call(requests, 'setCalendar', year, PREFECTURE))
    expect(data(await h.call(requests, 'calendar', { year: 2027 }, COUNTY))).toEqual({ ...year, stored: true })
    const wrong = refusal(
      await h.call(requests, 'setCalendar', { year: 2027, holidays: ['2026-12-31'], workdays: [] }, PREFECTURE),
    )
    expect(wrong.code).toBe('INVALID_ARGUMENT')
    // a year nobody entered: the built-in holidays
    const builtIn = data(await h.call(requests, 'calendar', { year: 2026 }, DEPARTMENT))
    expect(builtIn.stored).toBe(false)
    expect(builtIn.holidays).toContain('2026-10-01')
  })

  test("a department edits its own menu only; another department's service id is refused", async () => {
    const s = service('heating', 'county', [(home.regionPath as string[])[1]!])
    data(await h.call(requests, 'saveService', s, DEPARTMENT))
    const other = h.find('departments').find((d) => d._id !== departmentId)!
    expect(refusal(await h.call(requests, 'saveService', { ...s, departmentId: other._id }, DEPARTMENT)).code).toBe(
      'FORBIDDEN',
    )
    // the id is the department's for good: saved again by an administrator under another department, refused
    expect(refusal(await h.call(requests, 'saveService', { ...s, departmentId: other._id }, 'demo-admin-1')).code).toBe(
      'FORBIDDEN',
    )
    expect(h.find('services')).toHaveLength(1)
  })
})

describe('a unit at work', () => {
  const TOWNSHIP = 'demo-office-township'
  const act = (openid: string, id: string, events: number, step: Record<string, unknown>) =>
    h.raw<{ id: string; state: string; events: number }>('requests', 'act', { id, events, step }, openid)

  test('the township office accepts, resolves; the household says not solved and it reopens on the same clock', async () => {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    const inboxBefore = data(await h.call(requests, 'inbox', {}, TOWNSHIP))
    expect(inboxBefore.items.map((i) => [i.id, i.as, i.events])).toEqual([[id, 'unit', 2]])
    const traced = await h.callTraced(requests, 'act', { id, events: 2, step: { type: 'accept' } }, TOWNSHIP)
    expect(data(traced.res)).toMatchObject({ state: 'accepted', events: 3 })
    // caller ∥ request ∥ calendar → update ∥ audit
    expect(traced.trace.roundTrips).toBe(2)
    expect((await h.callTraced(requests, 'inbox', {}, TOWNSHIP)).trace.roundTrips).toBe(2)
    expect(data(await act(TOWNSHIP, id, 3, { type: 'resolve', note: '已送煤' })).state).toBe('resolved')
    const due = stored(id)[0]!.events[1]!.at
    const reopened = data(
      await h.call(requests, 'answer', { id, householdId: home._id, events: 4, answer: 'unsolved' }, HOUSEHOLD),
    )
    expect(reopened.state).toBe('reopened')
    const doc = stored(id)[0]!
    expect(doc.events.map((e) => e.type)).toEqual(['submit', 'assign', 'accept', 'resolve', 'confirm'])
    // the overall clock still starts at the first assignment
    expect(doc.events.filter((e) => e.type === 'assign').map((e) => e.at)).toEqual([due])
    expect(doc.events[4]).toMatchObject({ by: { role: 'household' }, onBehalf: false, answer: 'unsolved' })
    expect(
      h.find('audit', { action: 'requests.act', subject: home._id }).map((a) => (a.fields as string[])[0]),
    ).toEqual(['request.accept', 'request.resolve'])
  })

  test('a step on a request that changed since it was read is CONFLICT, and two actors cannot both write', async () => {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    const [a, b] = await Promise.all([
      act(TOWNSHIP, id, 2, { type: 'accept' }),
      act(TOWNSHIP, id, 2, { type: 'accept' }),
    ])
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
    expect(stored(id)[0]!.events).toHaveLength(3)
    expect(refusal(await act(TOWNSHIP, id, 2, { type: 'return', reason: '不归本乡' })).code).toBe('CONFLICT')
  })

  test('a unit outside the region, or not the one that has the request, is refused', async () => {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    const before = JSON.stringify(h.find('requests'))
    expect(refusal(await act('demo-office-county', id, 2, { type: 'accept' })).code).toBe('FORBIDDEN')
    expect(refusal(await act(DEPARTMENT, id, 2, { type: 'accept' })).code).toBe('FORBIDDEN')
    const awayOffice = h
      .find('users')
      .find((u) =>
        (u.roles as { role: string; region?: string }[]).some((g) => g.role === 'office' && g.region === OTHER_COUNTY),
      )
    if (awayOffice) expect(refusal(await act(awayOffice._id, id, 2, { type: 'accept' })).code).toBe('FORBIDDEN')
    expect(data(await h.call(requests, 'inbox', {}, DEPARTMENT)).items).toEqual([])
    expect(JSON.stringify(h.find('requests'))).toBe(before)
  })

  test('a return goes back to the township office, which sends it on; the overall clock keeps its start', async () => {
    const s = service('heating', 'county', [(home.regionPath as string[])[1]!])
    data(await h.call(requests, 'saveService', s, DEPARTMENT))
    const { id } = data(await report(HOUSEHOLD, 'heating'))
    expect(data(await act(DEPARTMENT, id, 2, { type: 'return', reason: '应由乡镇办理' })).state).toBe('returned')
    const inbox = data(await h.call(requests, 'inbox', { state: 'returned' }, TOWNSHIP))
    expect(inbox.items.map((i) => [i.id, i.as])).toEqual([[id, 'dispatcher']])
    const sent = data(await act(TOWNSHIP, id, 3, { type: 'assign', level: 'township', deadlineDays: 3 }))
    expect(sent.state).toBe('assigned')
    const doc = stored(id)[0]!
    expect(doc.firstUnit).toMatchObject({ kind: 'department', id: departmentId })
    expect(doc.unit).toMatchObject({ kind: 'office', level: 'township' })
  })

  test('a paired official answers for the household, recorded as on its behalf', async () => {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    data(await act(TOWNSHIP, id, 2, { type: 'accept' }))
    data(await act(TOWNSHIP, id, 3, { type: 'resolve', note: '已修好' }))
    const paired = h.find('users').find((u) => (home.officialIds as string[]).includes(u.officialId as string))
    expect(paired).toBeDefined()
    if (!paired) return
    const res = data(
      await h.call(
        requests,
        'answer',
        { id, householdId: home._id, events: 4, answer: 'solved', rating: 'satisfied' },
        paired._id,
      ),
    )
    expect(res.state).toBe('confirmed')
    expect(stored(id)[0]!.events[4]).toMatchObject({ by: { role: 'official' }, onBehalf: true })
    expect(stored(id)[0]!.open).toBe(false)
  })
})

describe('the escalate timer', () => {
  const LONG_AGO = '2026-01-05T02:00:00.000Z'

  /** a request reported now, moved back to early January as if every timer run since had been missed */
  async function lateRequest(): Promise<string> {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    const doc = stored(id)[0]!
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
    return id
  }

  test('after missed runs, a request reaches every level once, however often and concurrently the timer fires', async () => {
    const id = await lateRequest()
    const runs = (await Promise.all([h.lc.fireTimer('requests'), h.lc.fireTimer('requests')])) as CallResult<{
      checked: number
      escalated: number
    }>[]
    expect(runs.map((r) => data(r).checked).sort()).toEqual([0, 1])
    const doc = stored(id)[0]!
    const place = (home.regionPath as string[]).at(-1)!
    const [, county] = pathOf(place)
    expect(doc.watchers).toEqual([`office:office:${county}`, 'office:office:513300000000'])
    expect(doc.nextCheckAt).toBeNull()
    // the messages owed were claimed once, whoever sent them (test/functions/requests/messages.test.ts)
    expect(doc.told).toMatchObject({ escalations: 2, assigned: 1 })
    expect(data((await h.lc.fireTimer('requests')) as CallResult<{ checked: number }>).checked).toBe(0)
    expect(stored(id)[0]!.watchers).toEqual(doc.watchers)
    const countyInbox = data(await h.call(requests, 'inbox', {}, COUNTY))
    expect(countyInbox.items.map((i) => [i.id, i.as, i.escalationLevel, i.overdue])).toEqual([
      [id, 'escalated', 'prefecture', true],
    ])
    const prefectureInbox = data(await h.call(requests, 'inbox', {}, PREFECTURE))
    expect(prefectureInbox.items.map((i) => i.id)).toEqual([id])
  })

  test('a request not yet due is left alone', async () => {
    const { id } = data(await report(HOUSEHOLD, 'other'))
    const before = stored(id)[0]!
    h.lc.store.update('requests', { _id: id }, { $set: { nextCheckAt: '2099-01-01T00:00:00.000Z' } }, {})
    expect(data((await h.lc.fireTimer('requests')) as CallResult<{ checked: number }>).checked).toBe(0)
    expect(stored(id)[0]!.watchers).toBeUndefined()
    expect(before.watchers).toBeUndefined()
    expect(data(await h.call(requests, 'inbox', {}, COUNTY)).items).toEqual([])
  })
})

describe('rate counters', () => {
  test('the counters kept with every write equal a recount of the stored events', async () => {
    const TOWNSHIP = 'demo-office-township'
    const act = (id: string, events: number, step: Record<string, unknown>) =>
      h.raw('requests', 'act', { id, events, step }, TOWNSHIP)
    const a = data(await report(HOUSEHOLD, 'other')).id
    const b = data(await report(HOUSEHOLD, 'other')).id
    const c = data(await report(OFFICIAL, 'other')).id
    data(await act(a, 2, { type: 'accept' }))
    data(await act(a, 3, { type: 'resolve', note: '已送煤' }))
    const answer = (events: number, value: string, rating?: string) =>
      h.raw(
        'requests',
        'answer',
        { id: a, householdId: home._id, events, answer: value, ...(rating ? { rating } : {}) },
        HOUSEHOLD,
      )
    data(await answer(4, 'partly', 'unsatisfied'))
    data(await act(a, 5, { type: 'resolve', note: '又送了一车' }))
    data(await answer(6, 'solved', 'satisfied'))
    data(await act(b, 2, { type: 'close', reason: '重复提交' }))
    data(await act(c, 2, { type: 'accept' }))
    // a lost race counts nothing
    await Promise.all([act(c, 3, { type: 'resolve', note: '甲' }), act(c, 3, { type: 'resolve', note: '乙' })])

    const calendar = makeCalendar()
    let total = emptyCounters()
    const byUnit = new Map<string, ReturnType<typeof emptyCounters>>()
    for (const doc of h.find('requests') as unknown as Request[]) {
      const counted = recount(doc.events, calendar)
      total = addCounters(total, counted.total)
      for (const [key, counters] of counted.byUnit)
        byUnit.set(key, addCounters(byUnit.get(key) ?? emptyCounters(), counters))
    }
    const rates = (id: string) => h.find('requestRates', { _id: id })[0]?.counters
    for (const code of home.regionPath as string[]) expect(rates(`region:${code}`)).toEqual(total)
    for (const [key, counters] of byUnit) expect(rates(`unit:${key}`)).toEqual(counters)
    expect(total).toMatchObject({
      collected: 3,
      assigned: 3,
      responded: 2,
      answered: 1,
      solved: 1,
      rated: 1,
      satisfied: 1,
      closed: 1,
    })
  })
})
