/**
 * Granting and revoking roles: who may, what the role switcher then shows, and the record each change leaves.
 */
import type { CallResult } from '../../src/shared/contract'
import type { FunctionsHarness } from './harness'
import { startFunctions } from './harness'

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

interface Me {
  roles: unknown[]
  cards: { key: string; label: { 'zh-Hans': string; bo: string }; regionNames: { 'zh-Hans': string }[] }[]
}

test('a county office makes someone a village office; the switcher names the village; the grant is recorded', async () => {
  const grant = { role: 'office', region: VILLAGE }
  data(await h.call('identity', 'grantRole', { openid: 'new-staff', grant }, 'demo-office-county'))
  const me = data(await h.call<Me>('identity', 'me', {}, 'new-staff'))
  expect(me.roles).toEqual([grant])
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
})

test('the same office revokes it, and the revoke is recorded', async () => {
  const grant = { role: 'office', region: VILLAGE }
  data(await h.call('identity', 'revokeRole', { openid: 'new-staff', grant }, 'demo-office-county'))
  expect(data(await h.call<Me>('identity', 'me', {}, 'new-staff')).roles).toEqual([])
  expect(h.find('audit', { kind: 'revoke', subject: 'new-staff' })).toHaveLength(1)
})

test('a village office cannot grant its county; department staff cannot grant office roles', async () => {
  const up = await h.call(
    'identity',
    'grantRole',
    { openid: 'x', grant: { role: 'office', region: '513301000000' } },
    'demo-office-village',
    'bo',
  )
  expect(up.ok ? undefined : up.error).toMatchObject({ code: 'FORBIDDEN', reason: 'access.noAuthority' })
  const dept = await h.call(
    'identity',
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
      'identity',
      'grantRole',
      { openid: 'demo-official-1', grant: { role: 'reviewer', region: VILLAGE } },
      'demo-admin-1',
    ),
  )
  const me = data(await h.call<Me>('identity', 'me', {}, 'demo-official-1'))
  expect(me.cards.map((c) => c.key).sort()).toEqual([expect.stringMatching(/^official:/), `reviewer:${VILLAGE}`].sort())
})
