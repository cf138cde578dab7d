/**
 * Round trips to the database per identity action, as the local cloud counts them: the caller's lookup,
 * the declared scope's target and the action's prefetch go together, and reads that do not depend on each
 * other are sent together, so a phone on a slow network waits as few times as the action allows.
 */
import { identity } from '@shared/contracts/identity'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

jest.setTimeout(60_000)

let h: FunctionsHarness
let householdId: string

beforeAll(async () => {
  h = await startFunctions()
  householdId = h.find('users', { _id: 'demo-household-1' })[0]!.householdId as string
})

afterAll(async () => {
  await h?.close()
})

test('redeeming a code: the codes behind its handle are read beside the caller', async () => {
  const official = h.find('officials', { regionPath: '513301000000' })[1]!
  const issued = await h.call(identity, 'inviteOfficial', { officialId: official._id }, 'demo-office-county')
  if (!issued.ok) throw new Error(JSON.stringify(issued.error))
  // caller + codes, the guard, the official with its phones, the claim, the user read and written, the audit
  const bound = await h.callTraced(identity, 'redeemInvite', { code: issued.data.code }, 'round-trip-phone')
  expect(bound.res.ok).toBe(true)
  expect(bound.trace.roundTrips).toBe(7)
  // caller + codes, the guard, the failure counted (inc), the lock taken if the count reached it
  const unknown = await h.callTraced(identity, 'redeemInvite', { code: '00000000' }, 'round-trip-guess')
  expect(unknown.res.ok).toBe(false)
  expect(unknown.trace.roundTrips).toBe(4)
  // a wrong secret behind live codes' handle: each code's count and the guard's counted together, then
  // their locks together
  const live = await h.call(
    identity,
    'inviteOfficial',
    { officialId: official._id, replaces: 'round-trip-phone' },
    'demo-office-county',
  )
  if (!live.ok) throw new Error(JSON.stringify(live.error))
  const wrong = `${live.data.code.slice(0, 4)}${live.data.code.slice(4) === '0000' ? '0001' : '0000'}`
  const aimed = await h.callTraced(identity, 'redeemInvite', { code: wrong }, 'round-trip-guess')
  expect(aimed.res.ok ? 'ok' : aimed.res.error.reason).toBe('invite.unknown')
  expect(aimed.trace.roundTrips).toBe(4)
  expect(h.find('invites', { expiresAt: live.data.expiresAt })[0]!.failures).toBe(1)
})

test('the role switcher: each card reads its record and its region names together', async () => {
  for (const openid of ['demo-household-1', 'demo-office-village']) {
    const { res, trace } = await h.callTraced(identity, 'me', {}, openid)
    expect(res.ok && res.data.cards[0]!.regionNames.length).toBeGreaterThan(0)
    expect(trace.roundTrips).toBe(2)
  }
})

test('a household code counts bound phones and live codes together', async () => {
  const { res, trace } = await h.callTraced(identity, 'inviteHousehold', { householdId }, 'demo-household-1')
  expect(res.ok).toBe(true)
  // caller + household, the two counts, the code written, the audit
  expect(trace.roundTrips).toBe(4)
})

test('the one-sheet uses the household the scope check read', async () => {
  const { res, trace } = await h.callTraced(
    identity,
    'householdDetail',
    { householdId, reveal: true },
    'demo-household-1',
  )
  expect(res.ok).toBe(true)
  // caller + household, the audit of the reveal beside the actor's allowance; this actor wrote a record in
  // this minute already (the code above), so taking the allowance is a second request after the first
  expect(trace.roundTrips).toBe(3)
  expect(trace.requests).toBe(5)
})
