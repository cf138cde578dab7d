/**
 * The household's "my officials" card on the local cloud (built bundle): masked numbers in the card, the
 * full number only on request, for a paired official, and every reveal audited.
 */
import type { CallResult } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

let h: FunctionsHarness

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

beforeAll(async () => {
  h = await startFunctions()
})

afterAll(async () => {
  await h?.close()
})

describe('my officials', () => {
  test('a member of a paired household gets the full number, and the reveal is audited', async () => {
    const member = 'demo-household-1'
    const home = ok(await h.call(registry, 'myHousehold', {}, member))
    const official = home.officials[0]!
    expect(official.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
    const stored = h.find('officials', { _id: official.id })[0]!
    const { res, trace } = await h.callTraced(registry, 'callOfficial', { officialId: official.id }, member)
    expect(ok(res).phone).toBe(stored.phone)
    expect(h.find('audit', { actor: member, subject: official.id, kind: 'view' })).toHaveLength(1)
    // the caller and the official together, then the household's pairings, then the audit record
    expect(trace.roundTrips).toBe(3)
  })

  test('an official not paired with the household is refused', async () => {
    const home = ok(await h.call(registry, 'myHousehold', {}, 'demo-household-1'))
    const other = h.find('officials').find((o) => !home.officials.some((x) => x.id === o._id))!
    const res = await h.call(registry, 'callOfficial', { officialId: other._id }, 'demo-household-1')
    expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
  })
})
