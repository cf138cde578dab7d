/**
 * Moving an official's lost phone: the office over the official's home region sees whether a phone holds
 * the official (its openid masked) and issues a replacement code for it; redeeming it moves the binding,
 * tells the old phone, and both steps are audited.
 */
import { identity } from '@shared/contracts/identity'
import type { Doc, FunctionsHarness } from '../harness'
import { OTHER_COUNTY, startFunctions, data, refusal } from '../harness'

jest.setTimeout(120_000)

const COUNTY = '513301000000'
const OFFICE = 'demo-office-county'
let h: FunctionsHarness

/** An official of the home county nobody is bound to. */
function unboundOfficial(): Doc {
  const bound = new Set(h.find('users').flatMap((u) => (typeof u.officialId === 'string' ? [u.officialId] : [])))
  const taken = new Set(h.find('invites').flatMap((i) => (typeof i.officialId === 'string' ? [i.officialId] : [])))
  return h
    .find('officials', { regionPath: COUNTY })
    .find((o) => !bound.has(o._id) && !taken.has(o._id) && o.active !== false)!
}

async function bind(official: Doc, phone: string): Promise<void> {
  const issued = data(await h.call(identity, 'inviteOfficial', { officialId: official._id }, OFFICE))
  data(await h.call(identity, 'redeemInvite', { code: issued.code }, phone))
}

beforeAll(async () => {
  h = await startFunctions()
})

afterAll(async () => {
  await h?.close()
})

test('the office sees the phone holding an official only masked, with when it was bound', async () => {
  const official = unboundOfficial()
  await bind(official, 'official-phone-to-lose')
  const seen = data(await h.call(identity, 'officialBinding', { officialId: official._id }, OFFICE))
  expect(seen.official).toEqual({ id: official._id, name: official.name, active: true })
  expect(seen.bound?.openid).toBe('offi****lose')
  expect(JSON.stringify(seen)).not.toContain('official-phone-to-lose')
  expect(seen.bound?.since).toEqual(expect.any(String))
})

test('an official nobody holds has no binding, and a replacement for it is refused', async () => {
  const official = unboundOfficial()
  const seen = data(await h.call(identity, 'officialBinding', { officialId: official._id }, OFFICE))
  expect(seen.bound).toBeUndefined()
  const res = await h.call(identity, 'inviteOfficial', { officialId: official._id, replacesBound: true }, OFFICE)
  expect(refusal(res)).toMatchObject({ code: 'NOT_FOUND', reason: 'access.notBound' })
})

test('offices outside the official’s home region are refused, and the refusal is audited', async () => {
  const official = unboundOfficial()
  h.insert('users', [{ _id: 'other-county-office', roles: [{ role: 'office', region: `${OTHER_COUNTY}000000` }] }])
  const res = await h.call(identity, 'officialBinding', { officialId: official._id }, 'other-county-office')
  expect(refusal(res).code).toBe('FORBIDDEN')
  expect(
    h.find('audit', { kind: 'refusal', actor: 'other-county-office', action: 'identity.officialBinding' }),
  ).toEqual([expect.objectContaining({ subject: official._id })])
  const official1 = h.find('users', { _id: 'demo-official-1' })[0]!.officialId as string
  const denied = await h.call(identity, 'officialBinding', { officialId: official1 }, 'demo-household-1')
  expect(refusal(denied).code).toBe('FORBIDDEN')
})

test('a replacement for whichever phone holds the official moves the binding; the old phone is told; both audited', async () => {
  const official = unboundOfficial()
  await bind(official, 'lost-phone')
  const issued = data(
    await h.call(identity, 'inviteOfficial', { officialId: official._id, replacesBound: true }, OFFICE),
  )
  expect(h.find('audit', { kind: 'invite', subject: official._id }).map((a) => a.details)).toContain(
    'official replacement',
  )
  // the code remembers the phone it replaces, so nobody else is displaced by it
  expect(h.find('invites', { officialId: official._id, replaces: 'lost-phone' })).toHaveLength(1)

  data(await h.call(identity, 'redeemInvite', { code: issued.code }, 'new-phone'))
  expect(data(await h.call(identity, 'me', {}, 'new-phone')).roles).toEqual([
    expect.objectContaining({ role: 'official', officialId: official._id }),
  ])
  const old = data(await h.call(identity, 'me', {}, 'lost-phone'))
  expect(old.roles).toEqual([])
  expect(old.displaced).toEqual([{ key: `official:${official._id}`, at: expect.any(String) }])
  expect(h.find('audit', { kind: 'replace', subject: 'lost-phone' })).toEqual([
    expect.objectContaining({ actor: 'new-phone', details: `official:${official._id}` }),
  ])
  const seen = data(await h.call(identity, 'officialBinding', { officialId: official._id }, OFFICE))
  expect(seen.bound?.openid).toBe('new-****hone')
})

test('the issuing office still cannot redeem a replacement itself', async () => {
  const official = unboundOfficial()
  await bind(official, 'kept-official-phone')
  const issued = data(
    await h.call(identity, 'inviteOfficial', { officialId: official._id, replacesBound: true }, OFFICE),
  )
  const res = await h.call(identity, 'redeemInvite', { code: issued.code }, OFFICE)
  expect(refusal(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'invite.ownCode' })
  expect(h.find('users', { officialId: official._id }).map((u) => u._id)).toEqual(['kept-official-phone'])
})
