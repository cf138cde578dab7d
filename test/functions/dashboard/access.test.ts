/**
 * Who reads which figures: an office its region and below, a department its own, an administrator any; an
 * office of another county, a department naming a region or another department, a household and an
 * official are refused, and each refusal is recorded in the audit trail. Round trips: a home or drill that
 * names its region answers in one, the caller's lookup included.
 */
import { dashboard } from '@shared/contracts/dashboard'
import type { FunctionsHarness } from '../harness'
import { HOME_COUNTY, OTHER_COUNTY, data, refusal, startFunctions } from '../harness'

jest.setTimeout(180_000)

const COUNTY = `${HOME_COUNTY}000000`
const AWAY = `${OTHER_COUNTY}000000`
let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(async () => {
  await h?.close()
})

function refusalRecorded(actor: string, action: string): boolean {
  return h.find('audit').some((d) => d.kind === 'refusal' && d.actor === actor && d.action === action)
}

test('the county office reads its county by name and level, and its townships one level down', async () => {
  const home = data(await h.call(dashboard, 'home', { region: COUNTY, period: '2026-11' }, 'demo-office-county'))
  expect(home).toMatchObject({
    axis: 'region',
    key: COUNTY,
    level: 'county',
    period: '2026-11',
    previousPeriod: '2026-10',
  })
  expect(home.name['zh-Hans']).toBe('康定市')
  expect(home.quarter?.period).toBe('2026-Q4')
  const drill = data(await h.call(dashboard, 'drill', { region: COUNTY, period: '2026-Q4' }, 'demo-office-county'))
  const townships = h
    .find('regions', { parent: COUNTY })
    .map((r) => r._id)
    .sort()
  expect(drill.rows.map((r) => r.key)).toEqual(townships)
  expect(drill.rows.every((r) => r.level === 'township')).toBe(true)
  expect(drill.previousPeriod).toBe('2026-Q3')
})

test("without a region the office's own is read, in two round trips; naming it takes one", async () => {
  const own = await h.callTraced(dashboard, 'home', {}, 'demo-office-county')
  expect(data(own.res).key).toBe(COUNTY)
  expect(own.trace.roundTrips).toBeLessThanOrEqual(2)
  const named = await h.callTraced(dashboard, 'home', { region: COUNTY }, 'demo-office-county')
  expect(named.trace.roundTrips).toBe(1)
  const drill = await h.callTraced(dashboard, 'drill', { region: COUNTY }, 'demo-office-county')
  expect(drill.trace.roundTrips).toBe(1)
  const byDepartment = await h.callTraced(
    dashboard,
    'drill',
    { region: COUNTY, axis: 'department' },
    'demo-office-county',
  )
  expect(byDepartment.trace.roundTrips).toBeLessThanOrEqual(2)
})

test("by department: the prefecture's own departments at the prefecture, a county's own at a county", async () => {
  const prefecture = `${HOME_COUNTY.slice(0, 4)}00000000`
  const departments = h.find('departments')
  const atPrefecture = data(
    await h.call(dashboard, 'drill', { region: prefecture, axis: 'department' }, 'demo-office-prefecture'),
  )
  expect(atPrefecture.rows.map((r) => r.key).sort()).toEqual(
    departments
      .filter((d) => d.level === 'prefecture')
      .map((d) => d._id)
      .sort(),
  )
  const atCounty = data(await h.call(dashboard, 'drill', { region: COUNTY, axis: 'department' }, 'demo-office-county'))
  expect(atCounty.rows.map((r) => r.key).sort()).toEqual(
    departments
      .filter((d) => (d.regionPath as string[]).includes(COUNTY))
      .map((d) => d._id)
      .sort(),
  )
  expect(atCounty.rows.every((r) => r.level === 'department')).toBe(true)
})

test('an office of another county is refused, and the refusal is audited', async () => {
  const res = await h.call(dashboard, 'home', { region: AWAY }, 'demo-office-county')
  expect(refusal(res).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'drill', { region: AWAY }, 'demo-office-county')).code).toBe('FORBIDDEN')
  expect(refusalRecorded('demo-office-county', 'dashboard.home')).toBe(true)
  expect(refusalRecorded('demo-office-county', 'dashboard.drill')).toBe(true)
})

test('a department reads its own figures, never a region or another department', async () => {
  const user = h.find('users').find((u) => (u.roles as { role: string }[]).some((g) => g.role === 'department'))!
  const grant = (user.roles as { role: string; departmentId?: string }[]).find((g) => g.role === 'department')!
  const own = data(await h.call(dashboard, 'home', {}, user._id))
  expect(own).toMatchObject({ axis: 'department', key: grant.departmentId, level: 'department' })
  // a department has no risk gauges, notices or network: those figures are not zero but absent
  expect(own.current.riskHigh).toBeNull()
  expect(own.current.network).toBeNull()
  expect(refusal(await h.call(dashboard, 'home', { region: COUNTY }, user._id)).code).toBe('FORBIDDEN')
  const other = h.find('departments').find((d) => d._id !== grant.departmentId)!
  expect(refusal(await h.call(dashboard, 'home', { departmentId: other._id }, user._id)).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(dashboard, 'drill', {}, user._id)).code).toBe('FORBIDDEN')
  expect(refusalRecorded(user._id, 'dashboard.home')).toBe(true)
})

test.each(['demo-household-1', 'demo-official-1'])('%s is refused and audited', async (openid) => {
  expect(refusal(await h.call(dashboard, 'home', { region: COUNTY }, openid)).code).toBe('FORBIDDEN')
  expect(refusalRecorded(openid, 'dashboard.home')).toBe(true)
})
