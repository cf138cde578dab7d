import type { Invite } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import {
  MAX_HOUSEHOLD_MEMBERS,
  assertMayBind,
  assertNotIssuer,
  assertRedeemable,
  assertRoomForMember,
  bindingToEnd,
  displacedBy,
  grantOf,
  inviteExpiry,
  mayInviteHousehold,
  mayInviteOfficial,
  mayUnbind,
  grantSelector,
  headsOf,
} from '@functions/identity/domain/binding'

// 康定市 (513301) → a township → a village; and 泸定县 (513322) beside it
const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const LUDING = '513322000000'
const PATH = [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE]

const household = { _id: 'H1', regionPath: PATH, officialIds: ['O1'] }
const official = { _id: 'O1', regionPath: PATH, departmentId: 'D1' }
const office = (region: string): RoleGrant => ({ role: 'office', region })
const NOW = '2026-12-06T02:00:00.000Z'

/** The code and reason an AppError carries, or undefined when `run` passes. */
function refusal(run: () => void): { code: string; reason?: string } | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, reason: error.reason }
    throw error
  }
  return undefined
}

describe('issuing codes', () => {
  test('official codes: office over the official, their department, administrators', () => {
    expect(mayInviteOfficial([office(KANGDING)], official)).toBe(true)
    expect(mayInviteOfficial([{ role: 'department', departmentId: 'D1' }], official)).toBe(true)
    expect(mayInviteOfficial([{ role: 'admin' }], official)).toBe(true)
    expect(mayInviteOfficial([office(LUDING)], official)).toBe(false)
    expect(mayInviteOfficial([{ role: 'reviewer', region: KANGDING }], official)).toBe(false)
    expect(mayInviteOfficial([{ role: 'official', officialId: 'O1' }], official)).toBe(false)
  })

  test('household codes: paired official and office for anyone, the head for family members only', () => {
    expect(mayInviteHousehold([{ role: 'official', officialId: 'O1' }], household)).toBe('any')
    expect(mayInviteHousehold([office(VILLAGE)], household)).toBe('any')
    expect(mayInviteHousehold([office(PREFECTURE)], household)).toBe('any')
    expect(mayInviteHousehold([{ role: 'household', householdId: 'H1', head: true }], household)).toBe('member')
    expect(mayInviteHousehold([{ role: 'household', householdId: 'H1' }], household)).toBeUndefined()
    expect(mayInviteHousehold([{ role: 'household', householdId: 'H2', head: true }], household)).toBeUndefined()
    expect(mayInviteHousehold([{ role: 'official', officialId: 'O2' }], household)).toBeUndefined()
  })

  test('six phones a household: bound ones and live codes count together', () => {
    expect(MAX_HOUSEHOLD_MEMBERS).toBe(6)
    expect(refusal(() => assertRoomForMember(3, 2))).toBeUndefined()
    expect(refusal(() => assertRoomForMember(4, 2))).toEqual({ code: 'CONFLICT', reason: 'invite.memberLimit' })
    expect(refusal(() => assertRoomForMember(6))).toEqual({ code: 'CONFLICT', reason: 'invite.memberLimit' })
  })

  test('official codes last 72 hours, household codes 7 days', () => {
    expect(inviteExpiry('official', NOW)).toBe('2026-12-09T02:00:00.000Z')
    expect(inviteExpiry('household', NOW)).toBe('2026-12-13T02:00:00.000Z')
  })
})

describe('redeeming', () => {
  const live = { failures: 0, usedAt: null, expiresAt: '2026-12-06T02:00:00.001Z' }

  test('a code is refused when locked by guesses, used or expired, in that order', () => {
    expect(refusal(() => assertRedeemable(live, NOW))).toBeUndefined()
    expect(refusal(() => assertRedeemable({ ...live, failures: 5, usedAt: NOW }, NOW))?.reason).toBe('invite.locked')
    expect(refusal(() => assertRedeemable({ ...live, failures: 4, usedAt: NOW }, NOW))?.reason).toBe('invite.used')
    expect(refusal(() => assertRedeemable({ ...live, expiresAt: NOW }, NOW))).toEqual({
      code: 'CONFLICT',
      reason: 'invite.expired',
    })
  })

  test('one household per openid, one official record per openid', () => {
    const member: RoleGrant[] = [{ role: 'household', householdId: 'H1' }]
    const toH1: Pick<Invite, 'kind' | 'householdId'> = { kind: 'household', householdId: 'H1' }
    expect(refusal(() => assertMayBind(member, toH1))?.reason).toBe('invite.alreadyBound')
    expect(refusal(() => assertMayBind(member, { kind: 'household', householdId: 'H2' }))?.reason).toBe(
      'invite.wrongHousehold',
    )
    expect(refusal(() => assertMayBind(member, { kind: 'official' }))).toBeUndefined()
    expect(refusal(() => assertMayBind([{ role: 'official', officialId: 'O9' }], { kind: 'official' }))?.reason).toBe(
      'invite.alreadyBound',
    )
    expect(refusal(() => assertMayBind([office(KANGDING)], toH1))).toBeUndefined()
  })

  test('the grant carries the record’s region path; the head flag only when the code says so', () => {
    expect(grantOf({ kind: 'household', householdId: 'H1', head: true }, PATH)).toEqual({
      role: 'household',
      householdId: 'H1',
      head: true,
      regionPath: PATH,
    })
    expect(grantOf({ kind: 'household', householdId: 'H1' }, PATH)).toEqual({
      role: 'household',
      householdId: 'H1',
      regionPath: PATH,
    })
    expect(grantOf({ kind: 'official', officialId: 'O1' }, PATH)).toEqual({
      role: 'official',
      officialId: 'O1',
      regionPath: PATH,
    })
    expect(grantOf({ kind: 'official' }, PATH)).toBeUndefined()
  })

  test('who loses the binding: only the phone a code explicitly replaces; anyone else holding it refuses the code', () => {
    expect(displacedBy({ replaces: 'lost' }, 'new', ['lost'])).toEqual(['lost'])
    expect(displacedBy({}, 'new', [])).toEqual([])
    expect(displacedBy({}, 'new', ['new'])).toEqual([])
    expect(() => displacedBy({}, 'new', ['old'])).toThrow(
      expect.objectContaining({ code: 'CONFLICT', reason: 'invite.targetBound' }),
    )
    expect(() => displacedBy({ replaces: 'lost' }, 'new', ['lost', 'other'])).toThrow(
      expect.objectContaining({ reason: 'invite.targetBound' }),
    )
  })

  test('the issuer of a code never redeems it', () => {
    expect(() => assertNotIssuer({ issuer: 'office' }, 'office')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'invite.ownCode' }),
    )
    expect(() => assertNotIssuer({ issuer: 'office' }, 'phone')).not.toThrow()
  })

  test('a household’s heads among its bound users', () => {
    const users = [
      { _id: 'a', roles: [{ role: 'household', householdId: 'H1', head: true }] as RoleGrant[] },
      { _id: 'b', roles: [{ role: 'household', householdId: 'H1' }] as RoleGrant[] },
      { _id: 'c', roles: [{ role: 'household', householdId: 'H2', head: true }] as RoleGrant[] },
    ]
    expect(headsOf(users, 'H1')).toEqual(['a'])
  })

  test('one grant is selected inside roles by its key fields, whoever granted it', () => {
    expect(grantSelector({ role: 'reviewer', region: VILLAGE, grantedBy: 'x' })).toEqual({
      role: 'reviewer',
      region: VILLAGE,
    })
    expect(grantSelector({ role: 'household', householdId: 'H1', head: true, regionPath: [] })).toEqual({
      role: 'household',
      householdId: 'H1',
    })
  })
})

describe('unbinding', () => {
  test('a binding to end must be held', () => {
    expect(bindingToEnd({ roles: [{ role: 'official', officialId: 'O1' }] }, 'official')).toEqual({
      role: 'official',
      officialId: 'O1',
    })
    expect(refusal(() => bindingToEnd({ roles: [office(KANGDING)] }, 'household'))).toEqual({
      code: 'NOT_FOUND',
      reason: 'access.notBound',
    })
    expect(refusal(() => bindingToEnd(undefined, 'official'))?.code).toBe('NOT_FOUND')
  })

  test('the head unbinds family members but not another head; the office unbinds in its subtree', () => {
    const member: RoleGrant = { role: 'household', householdId: 'H1' }
    const head: RoleGrant[] = [{ role: 'household', householdId: 'H1', head: true }]
    expect(mayUnbind(head, member, { household })).toBe(true)
    expect(mayUnbind(head, { ...member, head: true }, { household })).toBe(false)
    expect(mayUnbind([{ role: 'household', householdId: 'H2', head: true }], member, { household })).toBe(false)
    expect(mayUnbind([member], member, { household })).toBe(false)
    expect(mayUnbind([office(TOWNSHIP)], member, { household })).toBe(true)
    expect(mayUnbind([office(LUDING)], member, { household })).toBe(false)
    expect(mayUnbind([office(KANGDING)], { role: 'official', officialId: 'O1' }, { official })).toBe(true)
    expect(mayUnbind([office(LUDING)], { role: 'official', officialId: 'O1' }, { official })).toBe(false)
    expect(
      mayUnbind([{ role: 'official', officialId: 'O1' }], { role: 'official', officialId: 'O1' }, { official }),
    ).toBe(false)
    expect(mayUnbind([{ role: 'admin' }], member, {})).toBe(true)
  })
})
