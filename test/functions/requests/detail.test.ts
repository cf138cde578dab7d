/**
 * requests.detail as built, on the local cloud: who reads one request whole (the unit handling it, its
 * dispatcher, the offices it escalated to, the paired official, the household) and who is refused (another
 * township's office, a department of another county, an official not paired, an office above before any
 * escalation); every read but the household's own audited; the household's name masked and its village named;
 * the steps offered as the lifecycle allows them; the inbox naming the village; a progress photo from the
 * request's own folder only.
 */
import { randomUUID } from 'node:crypto'
import type { Request } from '@config/documents'
import { requests } from '@shared/contracts/requests'
import { pathOf } from '@shared/region'
import { requestPhotoPath, requestProgressPhotoPath } from '@shared/storage'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'
import { upload } from '../uploads'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const DEPARTMENT = 'demo-department-1'
const OTHER_TOWNSHIP_OFFICE = 'detail-other-township-office'
const AWAY_DEPARTMENT = 'detail-away-department'
const STRANGER_OFFICIAL = 'detail-stranger-official'
const LONG_AGO = '2026-01-05T02:00:00.000Z'

let h: FunctionsHarness
let home: Doc
let paired: string
let departmentId: string

const stored = (id: string) => h.find('requests', { _id: id }) as unknown as Request[]
const detail = (id: string, openid: string, lang?: 'bo') => h.call(requests, 'detail', { id }, openid, lang)
const audits = (id: string) => h.find('audit', { action: 'requests.detail', details: id })

async function report(category = 'other', extra: { photos?: string[]; id?: string } = {}): Promise<string> {
  const id = extra.id ?? randomUUID()
  const input = { id, householdId: home._id, category, text: '冬天取暖的煤不够了，电话 13812345678', ...extra }
  return data(await h.call(requests, 'report', input, HOUSEHOLD)).id
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  const place = (home.regionPath as string[]).at(-1)!
  const [, homeCounty, homeTownship] = pathOf(place)
  departmentId = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  paired = h.find('users').find((u) => (home.officialIds as string[]).includes(u.officialId as string))!._id
  const otherTownship = h.find('regions', { parent: homeCounty }).find((r) => r._id !== homeTownship)!._id
  const awayDepartment = h
    .find('departments')
    .find((d) => d.level === 'county' && !(d.regionPath as string[]).includes(homeCounty!))!
  const stranger = h.find('officials').find((o) => !(home.officialIds as string[]).includes(o._id))!
  h.insert('users', [
    { _id: OTHER_TOWNSHIP_OFFICE, roles: [{ role: 'office', region: otherTownship }] },
    { _id: AWAY_DEPARTMENT, roles: [{ role: 'department', departmentId: awayDepartment._id }] },
    {
      _id: STRANGER_OFFICIAL,
      officialId: stranger._id,
      roles: [{ role: 'official', officialId: stranger._id, regionPath: stranger.regionPath }],
    },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  for (const name of ['requests', 'services', 'requestCategories', 'requestRates', 'audit', 'auditCounters'])
    h.lc.store.remove(name, {}, { multi: true })
})

describe('who reads a request whole', () => {
  test('the unit, the household and its paired official read it; each read but the household’s is audited', async () => {
    const id = await report()
    const asUnit = data(await detail(id, TOWNSHIP))
    expect(asUnit).toMatchObject({ id, as: 'unit', state: 'assigned', events: 2 })
    // the household's own words, its name masked, its village by name
    expect(asUnit.text).toContain('13812345678')
    const head = (home.head as { name: { 'zh-Hans': string } }).name['zh-Hans']
    expect(asUnit.household.name['zh-Hans']).toBe(`${[...head][0]}${'*'.repeat([...head].length - 1)}`)
    const village = h.find('regions', { _id: (home.regionPath as string[]).at(-1)! })[0]!
    expect(asUnit.household.place).toEqual(village.name)
    expect(asUnit.unit).toMatchObject({ kind: 'office', level: 'township' })
    expect(asUnit.unit!.name['zh-Hans']).not.toBe('')
    expect(asUnit.timeline.map((e) => e.type)).toEqual(['submit', 'assign'])
    expect(asUnit.timeline[1]).toMatchObject({ by: 'routing', days: 5 })
    expect(asUnit.timeline[1]!.fallback).toBe('requests.fallback.other')
    expect(audits(id).map((a) => [a.actor, a.subject, a.kind])).toEqual([[TOWNSHIP, home._id, 'view']])

    expect(data(await detail(id, HOUSEHOLD)).as).toBe('household')
    expect(data(await detail(id, paired)).as).toBe('official')
    expect(audits(id).map((a) => a.actor)).toEqual([TOWNSHIP, paired])
  })

  test('a department handling it reads it as the unit, the township office as its dispatcher', async () => {
    const township = pathOf((home.regionPath as string[]).at(-1)!)[2]!
    h.insert('requestCategories', [
      {
        _id: 'heating',
        name: { 'zh-Hans': '取暖', bo: 'དྲོད་གཏོང་།' },
        active: true,
        updatedAt: LONG_AGO,
        updatedBy: 'demo-office-prefecture',
      },
    ])
    data(
      await h.call(
        requests,
        'saveService',
        {
          id: randomUUID(),
          departmentId,
          category: 'heating',
          level: 'township',
          regions: [(home.regionPath as string[])[1]!],
          deadlineDays: 7,
          name: { 'zh-Hans': '取暖补助', bo: 'དྲོད་གཏོང་རོགས་སྐྱོར།' },
          prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
        },
        DEPARTMENT,
      ),
    )
    const id = await report('heating')
    const asDepartment = data(await detail(id, DEPARTMENT))
    expect(asDepartment.as).toBe('unit')
    const department = h.find('departments', { _id: departmentId })[0]!
    expect(asDepartment.unit).toEqual({ kind: 'department', level: 'township', name: department.name })
    expect(asDepartment.steps).toEqual(['accept', 'return', 'extendAsk', 'merge', 'close'])
    const asDispatcher = data(await detail(id, TOWNSHIP))
    expect(asDispatcher.as).toBe('dispatcher')
    expect(asDispatcher.dispatcher).toMatchObject({ kind: 'office', level: 'township' })
    expect(h.find('regions', { _id: township })[0]!.name).toEqual(asDispatcher.dispatcher.name)
    // the dispatcher winds up a duplicate or an invalid request, and nothing of the unit's work
    expect(asDispatcher.steps).toEqual(['merge', 'close'])
  })

  test('another township’s office, a department of another county, an official not paired and a stranger are refused', async () => {
    const id = await report()
    for (const openid of [OTHER_TOWNSHIP_OFFICE, AWAY_DEPARTMENT, STRANGER_OFFICIAL, DEPARTMENT, 'nobody-at-all'])
      expect(refusal(await detail(id, openid)).code).toMatch(/FORBIDDEN|UNAUTHENTICATED/)
    // a request that does not exist is refused alike
    expect(refusal(await detail(randomUUID(), TOWNSHIP)).code).toBe('FORBIDDEN')
    expect(audits(id)).toEqual([])
  })

  test('the county office reads it only once it escalated there', async () => {
    const id = await report()
    expect(refusal(await detail(id, COUNTY)).code).toBe('FORBIDDEN')
    const doc = stored(id)[0]!
    h.lc.store.remove('requests', { _id: id }, { multi: false })
    h.insert('requests', [
      {
        ...doc,
        events: doc.events.map((e) => ({ ...e, at: LONG_AGO })),
        createdAt: LONG_AGO,
        updatedAt: LONG_AGO,
      } as unknown as Doc,
    ])
    const late = data(await detail(id, COUNTY))
    expect(late).toMatchObject({ as: 'escalated', overdue: true, escalationLevel: 'prefecture' })
    expect(refusal(await detail(id, OTHER_TOWNSHIP_OFFICE)).code).toBe('FORBIDDEN')
  })
})

describe('steps and media', () => {
  const act = (openid: string, id: string, events: number, step: Record<string, unknown>) =>
    h.raw<{ state: string; events: number }>('requests', 'act', { id, events, step }, openid)

  test('after acceptance the unit may record progress, resolve, ask an extension, return, merge and close', async () => {
    const id = await report()
    expect(data(await detail(id, TOWNSHIP)).steps).toEqual(['accept', 'return', 'extendAsk', 'merge', 'close'])
    data(await act(TOWNSHIP, id, 2, { type: 'accept' }))
    expect(data(await detail(id, TOWNSHIP)).steps).toEqual([
      'progress',
      'return',
      'resolve',
      'extendAsk',
      'merge',
      'close',
    ])
    data(await act(TOWNSHIP, id, 3, { type: 'extendAsk', days: 3, reason: '等待县里批复' }))
    const asked = data(await detail(id, TOWNSHIP))
    expect(asked.pending).toEqual({ days: 3, reason: '等待县里批复', level: 'township' })
    expect(asked.steps).not.toContain('extendAsk')
    // the county office answers the extension, so it reads the request while one is asked
    const county = data(await detail(id, COUNTY))
    expect(county.as).toBe('extension')
    // the county office finds it in its inbox until it answers
    const countyInbox = data(await h.call(requests, 'inbox', {}, COUNTY))
    expect(countyInbox.items.map((i) => [i.id, i.as])).toEqual([[id, 'extension']])
    data(await act(COUNTY, id, 4, { type: 'extendGrant', days: 2 }))
    expect(stored(id)[0]!.askedOf).toBeNull()
    expect(data(await h.call(requests, 'inbox', {}, COUNTY)).items).toEqual([])
    expect(county.steps).toEqual(expect.arrayContaining(['extendGrant', 'extendRefuse']))
  })

  test('a progress photo is taken from the request’s own folder only, and read back with a URL', async () => {
    const photo = await upload(h, requestPhotoPath(randomUUID(), 0), 'x')
    const id = await report()
    data(await act(TOWNSHIP, id, 2, { type: 'accept' }))
    const foreign = refusal(await act(TOWNSHIP, id, 3, { type: 'progress', note: '已上门查看', photos: [photo] }))
    expect(foreign).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' })
    const own = await upload(h, requestProgressPhotoPath(id, 3, 0), 'y')
    data(await act(TOWNSHIP, id, 3, { type: 'progress', note: '已上门查看', photos: [own] }))
    const read = data(await detail(id, TOWNSHIP))
    const progress = read.timeline.find((e) => e.type === 'progress')!
    expect(progress.text).toBe('已上门查看')
    expect(progress.photos).toEqual([{ fileId: own, url: expect.stringMatching(/^http/) }])
  })
})

test('the inbox names each request’s village, in two round trips', async () => {
  const id = await report()
  const traced = await h.callTraced(requests, 'inbox', {}, TOWNSHIP)
  const village = h.find('regions', { _id: (home.regionPath as string[]).at(-1)! })[0]!
  const res = data(traced.res)
  expect(res.items.map((i) => [i.id, i.place])).toEqual([[id, village.name]])
  expect(res.items[0]!.text).toContain('138****5678')
  expect(traced.trace.roundTrips).toBe(2)
})
