/**
 * Granting and revoking roles: who may, what the role switcher then shows, and the record each change leaves.
 */
import type { CallResult } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { isInstant } from '@shared/time'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

jest.setTimeout(60_000)

let h: FunctionsHarness
const VILLAGE = '513301100001'

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

test('a county office makes someone a village office; the switcher names the village; the grant is recorded', async () => {
  const grant = { role: 'office' as const, region: VILLAGE }
  data(await h.call(identity, 'grantRole', { openid: 'new-staff', grant }, 'demo-office-county'))
  const me = data(await h.call(identity, 'me', {}, 'new-staff'))
  // the grant records who made it and the offices they held, for separation of duties
  expect(me.roles).toEqual([{ ...grant, grantedBy: 'demo-office-county', grantedByOffices: ['513301000000'] }])
  const village = h.find('regions', { _id: VILLAGE })[0]!
  expect(me.cards[0]!.label).toEqual(village.name)
  expect(me.cards[0]!.regionNames.map((n) => n['zh-Hans'])).toHaveLength(4)
  const record = h.find('audit', { kind: 'grant', subject: 'new-staff' })
  expect(record).toHaveLength(1)
  expect(record[0]).toMatchObject({
    actor: 'demo-office-county',
    details: `office:${VILLAGE}`,
    action: 'identity.grantRole',
  })
  expect(isInstant(record[0]!.at)).toBe(true)
  expect(isInstant(h.find('users', { _id: 'new-staff' })[0]!.updatedAt)).toBe(true)
})

test('the same office revokes it, and the revoke is recorded', async () => {
  const grant = { role: 'office' as const, region: VILLAGE }
  data(await h.call(identity, 'revokeRole', { openid: 'new-staff', grant }, 'demo-office-county'))
  expect(data(await h.call(identity, 'me', {}, 'new-staff')).roles).toEqual([])
  expect(h.find('audit', { kind: 'revoke', subject: 'new-staff' })).toHaveLength(1)
})

test('a village office cannot grant its county; department staff cannot grant office roles', async () => {
  const up = await h.call(
    identity,
    'grantRole',
    { openid: 'x', grant: { role: 'office', region: '513301000000' } },
    'demo-office-village',
    'bo',
  )
  expect(up.ok ? undefined : up.error).toMatchObject({ code: 'FORBIDDEN', reason: 'access.noAuthority' })
  const dept = await h.call(
    identity,
    'grantRole',
    { openid: 'x', grant: { role: 'office', region: VILLAGE } },
    'demo-department-1',
  )
  expect(dept.ok ? undefined : dept.error.code).toBe('FORBIDDEN')
  expect(h.find('users', { _id: 'x' })).toEqual([])
})

test('a person holding several roles sees one card per role', async () => {
  data(
    await h.call(
      identity,
      'grantRole',
      { openid: 'demo-official-1', grant: { role: 'reviewer', region: VILLAGE } },
      'demo-admin-1',
    ),
  )
  const me = data(await h.call(identity, 'me', {}, 'demo-official-1'))
  expect(me.cards.map((c) => c.key).sort()).toEqual([expect.stringMatching(/^official:/), `reviewer:${VILLAGE}`].sort())
})

test('a county written with 6 digits is granted, and stored, in its 12-digit form', async () => {
  const grant = { role: 'reviewer' as const, region: '513301' }
  const res = data(await h.call(identity, 'grantRole', { openid: 'six-digit', grant }, 'demo-office-county'))
  expect(res.roles).toEqual([
    { role: 'reviewer', region: '513301000000', grantedBy: 'demo-office-county', grantedByOffices: ['513301000000'] },
  ])
  expect(h.find('users', { _id: 'six-digit' })[0]!.roles).toEqual(res.roles)
})

test('me names every grant’s region with its level, and a department grant’s department; the greeting follows the language', async () => {
  const me = data(await h.call(identity, 'me', {}, 'demo-office-county', 'bo'))
  const county = h.find('regions', { _id: '513301000000' })[0]!
  expect(me.cards[0]!.region).toEqual({ code: '513301000000', name: county.name, level: 'county' })

  const village = data(await h.call(identity, 'me', {}, 'demo-office-village')).cards[0]!.region
  expect(village?.level).toBe('village')
  expect(village?.name['zh-Hans']).toBeTruthy()

  const dept = data(await h.call(identity, 'me', {}, 'demo-department-1')).cards[0]!
  const departmentId = (dept.grant as { departmentId: string }).departmentId
  expect(dept.department).toEqual({ id: departmentId, name: h.find('departments', { _id: departmentId })[0]!.name })

  const household = data(await h.call(identity, 'me', {}, 'demo-household-1')).cards[0]!
  expect(household.region?.level).toBe('village')
  expect(household.region?.name).toEqual(household.regionNames[household.regionNames.length - 1])

  const official = data(await h.call(identity, 'me', {}, 'demo-official-1', 'bo'))
  expect(official.cards[0]!.region?.name.bo).toBeTruthy()
  expect(official.displayName).toBe((official.cards[0]!.label as { bo: string }).bo)
})
