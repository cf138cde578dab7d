/**
 * Binding by invitation, end to end on the local cloud with the built identity bundle: issuing, redeeming,
 * re-binding, unbinding, and every refusal in Chinese and in Tibetan.
 */
import type { CallResult } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { ErrorShape } from '@shared/errors'
import type { Lang, MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import { addTime, isInstant, now } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'

jest.setTimeout(60_000)

let h: FunctionsHarness
let household: Doc
let otherHousehold: Doc
let official: Doc

const OFFICE_COUNTY = 'demo-office-county'
const OFFICE_VILLAGE = 'demo-office-village'
const HOUSEHOLD = 'demo-household-1'

/** The same refusal in both languages: the code, the reason and the catalogue's text for each. */
async function expectRefusedInBoth(
  attempt: (lang: Lang) => Promise<CallResult<unknown>>,
  code: ErrorShape['code'],
  reason: MessageKey,
  params?: Record<string, string | number>,
) {
  for (const lang of ['zh-Hans', 'bo'] as const) {
    const error = refusal(await attempt(lang))
    expect(error.code).toBe(code)
    expect(error.reason).toBe(reason)
    expect(error.message).toBe(t(lang, reason, params))
  }
}

const redeem = (code: string, openid: string, lang: Lang = 'zh-Hans') =>
  h.call(identity, 'redeemInvite', { code }, openid, lang)

const inviteHousehold = (householdId: string, openid: string, extra: { head?: boolean; replaces?: string } = {}) =>
  h.call(identity, 'inviteHousehold', { householdId, ...extra }, openid)

const inviteOfficial = (officialId: string, openid = OFFICE_COUNTY, replaces?: string) =>
  h.call(identity, 'inviteOfficial', replaces ? { officialId, replaces } : { officialId }, openid)

const me = (openid: string) => h.call(identity, 'me', {}, openid)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  household = h.find('households', { _id: user.householdId })[0]!
  // The demo household's user is its head: the head is who invites family members.
  h.lc.store.update(
    'users',
    { _id: HOUSEHOLD },
    { $set: { roles: [{ role: 'household', householdId: household._id, head: true }] } },
  )
  otherHousehold = h.find('households', { regionPath: '513301000000', _id: { $ne: household._id } })[0]!
  official = h.find('officials', { regionPath: '513301000000' })[0]!
})

afterAll(async () => {
  await h?.close()
})

describe('official codes', () => {
  let issued: { code: string; display: string; qr: string; expiresAt: string }

  test('office staff issue a code that reads out as two groups of four and scans as a QR payload', async () => {
    issued = data(await inviteOfficial(official._id))
    expect(issued.code).toMatch(/^\d{8}$/)
    expect(issued.display).toBe(`${issued.code.slice(0, 4)} ${issued.code.slice(4)}`)
    expect(issued.qr).toBe(`shiliuzi:invite:${issued.code}`)
    const hours = (Date.parse(issued.expiresAt) - Date.now()) / 3600_000
    expect(hours).toBeGreaterThan(71)
    expect(hours).toBeLessThanOrEqual(72)
  })

  test('the code is never stored in clear; its times are stored as ISO instants', () => {
    expect(JSON.stringify(h.find('invites'))).not.toContain(issued.code)
    const stored = h.find('invites', { handle: issued.code.slice(0, 4), usedAt: null })
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ expiresAt: issued.expiresAt, usedAt: null, usedBy: null, failures: 0 })
    expect(isInstant(stored[0]!.createdAt)).toBe(true)
  })

  test('a new phone binds with the code as read out, and becomes that official', async () => {
    const res = data(await redeem(issued.display, 'phone-a'))
    // the grant carries where the official lives, so other functions need not read the record
    const grant = { role: 'official', officialId: official._id, regionPath: official.regionPath }
    expect(res.grant).toEqual(grant)
    expect(res.name).toEqual(official.name)
    expect(data(await me('phone-a')).roles).toEqual([grant])
    const user = h.find('users', { _id: 'phone-a' })[0]!
    expect(user.officialId).toBe(official._id)
    expect(isInstant((user.boundAt as Record<string, string>)[`official:${official._id}`])).toBe(true)
    const used = h.find('invites', { usedBy: 'phone-a' })[0]!
    expect(isInstant(used.usedAt)).toBe(true)
  })

  test('a used code is refused', async () => {
    await expectRefusedInBoth((lang) => redeem(issued.code, 'phone-b', lang), 'CONFLICT', 'invite.used')
  })

  test('a bound official gets a code only as an explicit replacement of the phone that holds it', async () => {
    await expectRefusedInBoth(
      (lang) => h.call(identity, 'inviteOfficial', { officialId: official._id }, OFFICE_COUNTY, lang),
      'CONFLICT',
      'invite.targetBound',
    )
    expect(refusal(await inviteOfficial(official._id, OFFICE_COUNTY, 'not-bound-here')).reason).toBe('access.notBound')
  })

  test('re-binding: a replacement code moves the official to the new phone; the old phone is told once', async () => {
    const again = data(await inviteOfficial(official._id, OFFICE_COUNTY, 'phone-a'))
    data(await redeem(again.qr, 'phone-c'))
    const old = data(await me('phone-a'))
    expect(old.bound).toBe(false)
    expect(old.displaced).toEqual([{ key: `official:${official._id}`, at: expect.any(String) }])
    expect(data(await me('phone-a')).displaced).toBeUndefined()
    expect(data(await me('phone-c')).roles).toEqual([
      { role: 'official', officialId: official._id, regionPath: official.regionPath },
    ])
    expect(h.find('audit', { kind: 'replace', subject: 'phone-a', actor: 'phone-c' })).toHaveLength(1)
  })

  test('an office outside the official’s region cannot issue a code for them', async () => {
    const luding = h.find('officials', { regionPath: '513322000000' })[0]!
    expect(refusal(await inviteOfficial(luding._id)).code).toBe('FORBIDDEN')
  })

  test('an expired code is refused', async () => {
    const issued = data(await inviteOfficial(official._id, OFFICE_COUNTY, 'phone-c'))
    h.lc.store.update(
      'invites',
      { handle: issued.code.slice(0, 4), usedAt: null },
      { $set: { expiresAt: addTime(now(), -1, 'minute') } },
      { multi: true },
    )
    await expectRefusedInBoth((lang) => redeem(issued.code, 'phone-d', lang), 'CONFLICT', 'invite.expired')
  })
})

describe('guessing', () => {
  test('an unknown code is refused, and the fifth wrong try locks the openid for 15 minutes', async () => {
    await expectRefusedInBoth((lang) => redeem('00000001', 'guesser', lang), 'NOT_FOUND', 'invite.unknown')
    await redeem('00000002', 'guesser')
    await redeem('00000003', 'guesser')
    const fifth = refusal(await redeem('00000004', 'guesser', 'bo'))
    expect(fifth.code).toBe('RATE_LIMITED')
    expect(fifth.message).toBe(t('bo', 'invite.tooManyTries', { minutes: 15 }))
    // Locked even with a good code.
    const good = data(await inviteOfficial(official._id, OFFICE_COUNTY, 'phone-c'))
    await expectRefusedInBoth((lang) => redeem(good.code, 'guesser', lang), 'RATE_LIMITED', 'invite.tooManyTries', {
      minutes: 15,
    })
  })

  test('five wrong secrets aimed at one code lock that code, whoever tried', async () => {
    const target = data(await inviteOfficial(official._id, OFFICE_COUNTY, 'phone-c'))
    const handle = target.code.slice(0, 4)
    for (let i = 0; i < 5; i++) {
      const wrong = `${handle}${String((Number(target.code.slice(4)) + 1 + i) % 10000).padStart(4, '0')}`
      expect(refusal(await redeem(wrong, `prober-${i}`)).reason).toBe('invite.unknown')
    }
    await expectRefusedInBoth((lang) => redeem(target.code, 'rightful', lang), 'CONFLICT', 'invite.locked')
  })
})

describe('household codes', () => {
  test('the paired official binds the household head; the head then sees the household', async () => {
    const pairedOfficial = (otherHousehold.officialIds as string[])[0]!
    h.insert('users', [
      { _id: 'paired-phone', officialId: pairedOfficial, roles: [{ role: 'official', officialId: pairedOfficial }] },
    ])
    const issued = data(await inviteHousehold(otherHousehold._id, 'paired-phone', { head: true }))
    const bound = data(await redeem(issued.code, 'head-phone'))
    expect(bound.grant).toEqual({
      role: 'household',
      householdId: otherHousehold._id,
      head: true,
      regionPath: otherHousehold.regionPath,
    })
    expect(bound.name).toEqual((otherHousehold.head as { name: unknown }).name)
  })

  test('an official not paired with the household cannot issue its codes', async () => {
    const stranger = h.find('officials', { regionPath: '513322000000' })[0]!
    h.insert('users', [
      { _id: 'stranger-phone', officialId: stranger._id, roles: [{ role: 'official', officialId: stranger._id }] },
    ])
    expect(refusal(await inviteHousehold(household._id, 'stranger-phone')).code).toBe('FORBIDDEN')
  })

  test('a member bound to one household cannot join another (wrong household)', async () => {
    const issued = data(await inviteHousehold(otherHousehold._id, OFFICE_VILLAGE))
    await expectRefusedInBoth((lang) => redeem(issued.code, HOUSEHOLD, lang), 'CONFLICT', 'invite.wrongHousehold')
  })

  test('binding the same household twice is refused (already bound)', async () => {
    const issued = data(await inviteHousehold(household._id, OFFICE_VILLAGE))
    await expectRefusedInBoth((lang) => redeem(issued.code, HOUSEHOLD, lang), 'CONFLICT', 'invite.alreadyBound')
  })

  test('the head invites family members up to six bound phones; the seventh is refused', async () => {
    // One pending code from the previous test, the head bound: 2 of 6 taken.
    const family = data(await inviteHousehold(household._id, HOUSEHOLD))
    const member = data(await redeem(family.code, 'family-1'))
    expect(member.grant).toEqual({ role: 'household', householdId: household._id, regionPath: household.regionPath })
    for (let i = 0; i < 3; i++) data(await inviteHousehold(household._id, HOUSEHOLD))
    for (const lang of ['zh-Hans', 'bo'] as const) {
      const error = refusal(await h.call(identity, 'inviteHousehold', { householdId: household._id }, HOUSEHOLD, lang))
      expect(error.code).toBe('CONFLICT')
      expect(error.message).toBe(t(lang, 'invite.memberLimit', { max: 6 }))
    }
    const members = data(await h.call(identity, 'householdMembers', { householdId: household._id }, HOUSEHOLD))
    expect(members.limit).toBe(6)
    expect(members.members.map((m) => m.openid).sort()).toEqual([HOUSEHOLD, 'family-1'].sort())
    // when a phone was bound, as an instant; the seeded head has no binding time
    const joined = members.members.find((m) => m.openid === 'family-1')!
    expect(joined.head).toBe(false)
    expect(isInstant(joined.since)).toBe(true)
  })

  test('a family member who is not the head cannot invite', async () => {
    await expectRefusedInBoth(
      (lang) => h.call(identity, 'inviteHousehold', { householdId: household._id }, 'family-1', lang),
      'FORBIDDEN',
      'invite.notHead',
    )
  })

  test('a new phone replaces a lost one: the old openid loses the household', async () => {
    const issued = data(await inviteHousehold(household._id, HOUSEHOLD, { replaces: 'family-1' }))
    data(await redeem(issued.code, 'family-1-new-phone'))
    expect(data(await me('family-1')).bound).toBe(false)
    expect(data(await me('family-1-new-phone')).roles).toEqual([
      { role: 'household', householdId: household._id, regionPath: household.regionPath },
    ])
  })

  test('unbinding: a member leaves by themself; the head removes a member', async () => {
    data(await h.call(identity, 'unbind', { role: 'household' }, 'head-phone'))
    expect(data(await me('head-phone')).bound).toBe(false)
    expect(h.find('users', { _id: 'head-phone' })[0]!.householdId).toBeUndefined()
    data(await h.call(identity, 'unbind', { role: 'household', openid: 'family-1-new-phone' }, HOUSEHOLD))
    expect(data(await me('family-1-new-phone')).bound).toBe(false)
    expect(refusal(await h.call(identity, 'unbind', { role: 'official' }, HOUSEHOLD)).reason).toBe('access.notBound')
  })
})

describe('the gateway', () => {
  test('X-WX-OPENID is the caller in local mode', async () => {
    const admin = data(await h.viaGateway(identity, 'me', {}, 'demo-admin-1'))
    expect(admin.roles).toEqual([{ role: 'admin' }])
  })
})
