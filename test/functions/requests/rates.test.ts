/**
 * The rates as offices and departments read them, and the recount: requests reported, accepted, resolved
 * and answered through the built function, then read back by region and unit; a corrupted counter is found
 * by the recount and repaired, the prefecture's checked against its counties'.
 */
import { randomUUID } from 'node:crypto'
import type { CallResult } from '@shared/contract'
import type { Step } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { pathOf } from '@shared/region'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const DEPARTMENT = 'demo-department-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const ADMIN = 'demo-admin-1'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let departmentId: string
let village: string
let township: string
let county: string
let prefecture: string

function code(res: CallResult<unknown>): string {
  if (res.ok) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`)
  return res.error.code
}

const report = async (category: string) =>
  data(
    await h.call(
      requests,
      'report',
      { id: randomUUID(), householdId: home._id, category, text: '冬天取暖的煤不够了' },
      HOUSEHOLD,
    ),
  ).id

const act = async (id: string, events: number, step: Step) =>
  data(await h.call(requests, 'act', { id, events, step }, DEPARTMENT))

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  village = (home.regionPath as string[]).at(-1)!
  ;[prefecture, county, township] = pathOf(village) as [string, string, string]
  departmentId = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  data(
    await h.call(
      requests,
      'saveCategory',
      { key: 'heating', name: { 'zh-Hans': '取暖', bo: 'དྲོད་གཏོང་།' }, active: true },
      'demo-office-prefecture',
    ),
  )
  data(
    await h.call(
      requests,
      'saveService',
      {
        id: randomUUID(),
        departmentId,
        category: 'heating',
        level: 'township',
        regions: [county],
        deadlineDays: 7,
        name: { 'zh-Hans': '取暖补助', bo: 'དྲོད་གཏོང་རོགས་སྐྱོར།' },
        prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
      },
      DEPARTMENT,
    ),
  )
  // one request to the department's township station, accepted, resolved and confirmed solved and satisfied;
  // one to the township work office (兜底), not yet accepted
  const solved = await report('heating')
  await act(solved, 2, { type: 'accept' })
  await act(solved, 3, { type: 'resolve', note: '已发放取暖煤' })
  data(
    await h.call(
      requests,
      'answer',
      { id: solved, householdId: home._id, events: 4, answer: 'solved', rating: 'satisfied' },
      HOUSEHOLD,
    ),
  )
  await report('other')
})

afterAll(async () => {
  await h?.close()
})

describe('rates', () => {
  test("an office reads its region's counters and rates, its regions one level down by name, and the units at it", async () => {
    const view = data(await h.call(requests, 'rates', { region: township }, COUNTY))
    expect(view.region).toMatchObject({ code: township, level: 'township' })
    expect(view.region?.name['zh-Hans']).toBeTruthy()
    expect(view.total.counters).toMatchObject({ collected: 2, assigned: 2, responded: 1, answered: 1, solved: 1 })
    expect(view.total.rates).toEqual({ response: 0.5, solution: 1, onTime: 1, satisfaction: 1 })
    const own = view.byRegion.find((r) => r.key === village)
    expect(own?.counters.collected).toBe(2)
    expect(own?.name['zh-Hans']).toBeTruthy()
    // a village with no request is listed with nothing counted, its rates "no data", not 0 %
    const quiet = view.byRegion.find((r) => r.key !== village)
    expect(quiet?.counters.collected).toBe(0)
    expect(quiet?.rates).toEqual({ response: null, solution: null, onTime: null, satisfaction: null })
    const department = view.byUnit.find((u) => u.kind === 'department')
    expect(department).toMatchObject({ key: `department:${departmentId}`, counters: { assigned: 1, responded: 1 } })
    expect(department?.name['zh-Hans']).toBeTruthy()
    const office = view.byUnit.find((u) => u.kind === 'office')
    expect(office).toMatchObject({ key: `office:${township}`, counters: { assigned: 1, responded: 0 } })
    expect(office?.rates.response).toBe(0)
  })

  test('without a region an office reads its own, and a county sees its townships side by side', async () => {
    const view = data(await h.call(requests, 'rates', {}, COUNTY))
    expect(view.region?.code).toBe(county)
    expect(view.byRegion.find((r) => r.key === township)?.counters.collected).toBe(2)
    expect(view.byRegion.length).toBeGreaterThan(1)
    expect(data(await h.call(requests, 'rates', {}, TOWNSHIP)).region?.code).toBe(township)
  })

  test('naming its region takes one round trip beside the caller; without it, two', async () => {
    const named = await h.callTraced(requests, 'rates', { region: county }, COUNTY)
    expect(data(named.res).region?.code).toBe(county)
    expect(named.trace.roundTrips).toBe(1)
    const own = await h.callTraced(requests, 'rates', {}, COUNTY)
    expect(own.trace.roundTrips).toBe(2)
    const department = await h.callTraced(requests, 'rates', {}, DEPARTMENT)
    expect(department.trace.roundTrips).toBe(2)
  })

  test('department staff read their own units, each named by its place; nobody reads outside their reach', async () => {
    const view = data(await h.call(requests, 'rates', {}, DEPARTMENT))
    expect(view.region).toBeUndefined()
    expect(view.byUnit).toEqual([
      expect.objectContaining({
        key: `department:${departmentId}:${township}`,
        counters: expect.objectContaining({ solved: 1 }),
      }),
    ])
    expect(view.byUnit[0]?.place?.['zh-Hans']).toBeTruthy()
    expect(view.total.counters.assigned).toBe(1)
    expect(code(await h.call(requests, 'rates', { region: county }, DEPARTMENT))).toBe('FORBIDDEN')
    expect(code(await h.call(requests, 'rates', { region: OTHER_COUNTY }, COUNTY))).toBe('FORBIDDEN')
    expect(code(await h.call(requests, 'rates', { region: county }, TOWNSHIP))).toBe('FORBIDDEN')
    expect(code(await h.raw('requests', 'rates', {}, HOUSEHOLD))).toBe('FORBIDDEN')
  })
})

describe('the recount', () => {
  const corrupt = (id: string, counter: string, by: number) =>
    h.lc.store.update('requestRates', { _id: id }, { $inc: { [`counters.${counter}`]: by } })

  test('stored counters that match the events report nothing', async () => {
    const res = data(await h.call(requests, 'recount', { county, fix: false }, ADMIN))
    expect(res.differences).toEqual([])
    expect(res.checked).toBeGreaterThan(0)
    expect(res.counties).toContain(county)
  })

  test("a corrupted counter of a village and of a unit is found, repaired, and the prefecture's follows its counties'", async () => {
    corrupt(`region:${village}`, 'solved', 3)
    corrupt(`unit:department:${departmentId}:${township}`, 'responded', -1)
    corrupt(`region:${prefecture}`, 'collected', 5)
    const found = data(await h.call(requests, 'recount', { county, fix: false }, ADMIN))
    expect(found.differences).toEqual([
      { id: `region:${village}`, counter: 'solved', stored: 4, actual: 1 },
      { id: `unit:department:${departmentId}:${township}`, counter: 'responded', stored: 0, actual: 1 },
    ])
    // a check changes nothing
    expect(data(await h.call(requests, 'recount', { county, fix: false }, ADMIN)).differences).toHaveLength(2)
    expect(data(await h.call(requests, 'recount', { county }, ADMIN)).differences).toHaveLength(2)
    expect(data(await h.call(requests, 'recount', { county, fix: false }, ADMIN)).differences).toEqual([])
    expect(h.find('requestRates', { _id: `region:${village}` })[0]).toMatchObject({ counters: { solved: 1 } })

    const top = data(await h.call(requests, 'recount', {}, ADMIN))
    expect(top.differences).toEqual([{ id: `region:${prefecture}`, counter: 'collected', stored: 7, actual: 2 }])
    expect(data(await h.call(requests, 'recount', { fix: false }, ADMIN)).differences).toEqual([])
    const view = data(await h.call(requests, 'rates', { region: township }, COUNTY))
    expect(view.byRegion.find((r) => r.key === village)?.counters.solved).toBe(1)
  })

  test('only an administrator recounts', async () => {
    expect(code(await h.call(requests, 'recount', { county, fix: false }, COUNTY))).toBe('FORBIDDEN')
  })
})
