/**
 * Who holds which role in an office's region (rolesInRegion): the office's subtree and the departments it
 * may appoint staff to, nothing beside or above it; a grant shows up and a revoke takes it away.
 */
import type { CallResult } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

jest.setTimeout(60_000)

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})

afterAll(async () => {
  await h?.close()
})

function data<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(JSON.stringify(res.error))
  return res.data
}

const regionOf = (openid: string) => (h.find('users', { _id: openid })[0]!.roles as { region: string }[])[0]!.region

test('a county office sees the offices and reviewers of its subtree and its departments’ staff, not the prefecture’s', async () => {
  const county = regionOf('demo-office-county')
  const answer = data(await h.call(identity, 'rolesInRegion', { region: county }, 'demo-office-county'))
  const holders = answer.holders.map((r) => r.openid).sort()
  expect(holders).toEqual(
    expect.arrayContaining(['demo-office-county', 'demo-office-township', 'demo-office-village', 'demo-reviewer-1']),
  )
  expect(holders).not.toContain('demo-office-prefecture')
  expect(holders).not.toContain('demo-admin-1')
  expect(answer.total).toBe(answer.holders.length)
  const own = answer.holders.find((r) => r.openid === 'demo-office-county')!
  expect(own.grant).toEqual({ role: 'office', region: county })
  expect(own.label).toEqual(h.find('regions', { _id: county })[0]!.name)
  // every department listed is one whose regionPath holds the county: the ones this office may appoint to
  for (const d of answer.departments) expect(h.find('departments', { _id: d.id })[0]!.regionPath).toContain(county)
  const departmentIds = new Set(answer.departments.map((d) => d.id))
  for (const r of answer.holders.filter((x) => x.grant.role === 'department'))
    expect(departmentIds.has(r.grant.role === 'department' ? r.grant.departmentId : '')).toBe(true)
})

test('a village office sees only its village; a reviewer, or an office asking above itself, is refused', async () => {
  const village = regionOf('demo-office-village')
  const answer = data(await h.call(identity, 'rolesInRegion', { region: village }, 'demo-office-village'))
  expect(answer.holders.map((r) => r.openid)).toEqual(['demo-office-village'])
  expect(answer.departments).toEqual([])

  const up = await h.call(identity, 'rolesInRegion', { region: regionOf('demo-office-county') }, 'demo-office-village')
  expect(up.ok ? undefined : up.error.code).toBe('FORBIDDEN')
  const reviewer = await h.call(identity, 'rolesInRegion', { region: regionOf('demo-reviewer-1') }, 'demo-reviewer-1')
  expect(reviewer.ok ? undefined : reviewer.error.code).toBe('FORBIDDEN')
})

test('a reviewer the county office appoints is listed, and gone once revoked', async () => {
  const county = regionOf('demo-office-county')
  const township = regionOf('demo-office-township')
  const grant = { role: 'reviewer' as const, region: township }
  data(await h.call(identity, 'grantRole', { openid: 'appointed-reviewer', grant }, 'demo-office-county'))
  const listed = data(await h.call(identity, 'rolesInRegion', { region: county }, 'demo-office-county'))
  expect(listed.holders.filter((r) => r.openid === 'appointed-reviewer')).toEqual([
    { openid: 'appointed-reviewer', grant, label: h.find('regions', { _id: township })[0]!.name },
  ])
  data(await h.call(identity, 'revokeRole', { openid: 'appointed-reviewer', grant }, 'demo-office-county'))
  const after = data(await h.call(identity, 'rolesInRegion', { region: county }, 'demo-office-county'))
  expect(after.holders.some((r) => r.openid === 'appointed-reviewer')).toBe(false)
})
