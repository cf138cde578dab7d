/**
 * Abuse tests for identity (issue 12): each attack tried as an attacker would, against the built bundles
 * on the local cloud, and answered with a typed refusal that changes nothing it should not.
 */
import { randomUUID } from 'node:crypto'
import type { CallResult } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { addTime, now } from '@shared/time'
import { AUDIT_PER_MINUTE } from '@fn/audit'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'
import { draft } from '../notices/world'

jest.setTimeout(120_000)

const OFFICE_COUNTY = 'demo-office-county'
const OFFICE_PREFECTURE = 'demo-office-prefecture'
const OFFICE_VILLAGE = 'demo-office-village'
const HEAD = 'demo-household-1'
const COUNTY = '513301000000'

let h: FunctionsHarness
let household: Doc
let home: string[]

const redeem = (code: string, openid: string) => h.call(identity, 'redeemInvite', { code }, openid)
const rolesOf = (openid: string) => (h.find('users', { _id: openid })[0]?.roles ?? []) as Record<string, unknown>[]

/** An official of the home county nobody is bound to, bound now to `phone` with a code. */
async function boundOfficial(phone: string): Promise<Doc> {
  const bound = new Set(h.find('users').flatMap((u) => (typeof u.officialId === 'string' ? [u.officialId] : [])))
  const official = h.find('officials', { regionPath: COUNTY }).find((o) => !bound.has(o._id))!
  const issued = data(await h.call(identity, 'inviteOfficial', { officialId: official._id }, OFFICE_COUNTY))
  data(await redeem(issued.code, phone))
  return official
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HEAD })[0]!
  household = h.find('households', { _id: user.householdId })[0]!
  home = household.regionPath as string[]
  h.lc.store.update(
    'users',
    { _id: HEAD },
    { $set: { roles: [{ role: 'household', householdId: household._id, head: true }], householdId: household._id } },
  )
})

afterAll(async () => {
  await h?.close()
})

describe('invitations', () => {
  test('an office redeeming its own code to take over a bound official is refused, the official keeps the phone', async () => {
    const official = await boundOfficial('real-official-phone')
    // A plain code for a bound official is refused outright.
    expect(
      refusal(await h.call(identity, 'inviteOfficial', { officialId: official._id }, OFFICE_COUNTY)),
    ).toMatchObject({ code: 'CONFLICT', reason: 'invite.targetBound' })
    // An explicit replacement is issued, but its issuer cannot redeem it.
    const replacing = data(
      await h.call(
        identity,
        'inviteOfficial',
        { officialId: official._id, replaces: 'real-official-phone' },
        OFFICE_COUNTY,
      ),
    )
    expect(refusal(await redeem(replacing.code, OFFICE_COUNTY))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'invite.ownCode',
    })
    expect(rolesOf('real-official-phone')).toEqual([expect.objectContaining({ officialId: official._id })])
    expect(rolesOf(OFFICE_COUNTY).some((g) => g.role === 'official')).toBe(false)
    expect(h.find('invites', { usedBy: OFFICE_COUNTY })).toHaveLength(0)
    expect(h.find('audit', { kind: 'refusal', actor: OFFICE_COUNTY, details: 'invite.ownCode' })).toHaveLength(1)
  })

  test('an office gives itself no household access with its own code', async () => {
    const issued = data(await h.call(identity, 'inviteHousehold', { householdId: household._id }, OFFICE_VILLAGE))
    expect(refusal(await redeem(issued.code, OFFICE_VILLAGE)).reason).toBe('invite.ownCode')
    expect(rolesOf(OFFICE_VILLAGE).some((g) => g.role === 'household')).toBe(false)
  })

  test('a head code for a household whose head is bound is refused unless it replaces the head', async () => {
    const attempt = await h.call(
      identity,
      'inviteHousehold',
      { householdId: household._id, head: true },
      OFFICE_VILLAGE,
    )
    expect(refusal(attempt)).toMatchObject({ code: 'CONFLICT', reason: 'invite.targetBound' })
    const replacing = data(
      await h.call(
        identity,
        'inviteHousehold',
        { householdId: household._id, head: true, replaces: HEAD },
        OFFICE_VILLAGE,
      ),
    )
    expect(replacing.code).toMatch(/^\d{8}$/)
  })

  test('a replacement follows the unbinding rules: a paired official may not move a member’s binding', async () => {
    const officialId = (household.officialIds as string[])[0]!
    const paired = 'paired-official-phone'
    h.insert('users', [{ _id: paired, roles: [{ role: 'official', officialId }], officialId }])
    const res = await h.call(identity, 'inviteHousehold', { householdId: household._id, replaces: HEAD }, paired)
    expect(refusal(res)).toMatchObject({ code: 'FORBIDDEN', reason: 'invite.mayNotReplace' })
  })

  test('a replacement whose phone is gone counts against the member limit', async () => {
    const issued = data(await h.call(identity, 'inviteHousehold', { householdId: household._id }, HEAD))
    data(await redeem(issued.code, 'member-to-lose'))
    const replacing = data(
      await h.call(identity, 'inviteHousehold', { householdId: household._id, replaces: 'member-to-lose' }, HEAD),
    )
    data(await h.call(identity, 'unbind', { role: 'household' }, 'member-to-lose'))
    // the household fills up meanwhile (phones bound outside the codes, as an import or another code would)
    const bound = h.find('users', { householdId: household._id }).length
    h.insert(
      'users',
      Array.from({ length: 6 - bound }, (_, i) => ({
        _id: `filler-${i}`,
        roles: [{ role: 'household', householdId: household._id }],
        householdId: household._id,
      })),
    )
    expect(refusal(await redeem(replacing.code, 'member-new-phone'))).toMatchObject({ reason: 'invite.memberLimit' })
    h.lc.store.remove('users', { _id: { $regex: '^filler-' } }, { multi: true })
  })

  test('racing wrong tries all count: five at once lock the openid, and the lockout is audited once', async () => {
    const tries = ['11110001', '11110002', '11110003', '11110004', '11110005']
    await Promise.all(tries.map((code) => redeem(code, 'racing-guesser')))
    const guard = h.find('inviteGuards', { _id: 'racing-guesser' })[0]!
    expect(guard.failures).toBe(5)
    expect(guard.lockedUntil).toEqual(expect.any(String))
    expect(refusal(await redeem('11110006', 'racing-guesser')).code).toBe('RATE_LIMITED')
    expect(h.find('audit', { kind: 'lockout', subject: 'racing-guesser' })).toHaveLength(1)
  })

  test('racing wrong secrets aimed at one code all count, and the code is locked for its owner', async () => {
    const official = await boundOfficial('code-target-phone')
    const target = data(
      await h.call(
        identity,
        'inviteOfficial',
        { officialId: official._id, replaces: 'code-target-phone' },
        OFFICE_COUNTY,
      ),
    )
    const handle = target.code.slice(0, 4)
    const wrong = Array.from({ length: 5 }, (_, i) => {
      const tail = String((Number(target.code.slice(4)) + 1 + i) % 10000).padStart(4, '0')
      return `${handle}${tail}`
    })
    await Promise.all(wrong.map((code, i) => redeem(code, `prober-${i}`)))
    const stored = h.find('invites', { expiresAt: target.expiresAt, handle })[0]!
    expect(stored.failures).toBe(5)
    expect(refusal(await redeem(target.code, 'new-official-phone')).reason).toBe('invite.locked')
    expect(h.find('audit', { kind: 'lockout', subject: stored._id })).toHaveLength(1)
  })

  test('a claim made after the code was locked does not bind', async () => {
    const official = await boundOfficial('claim-target-phone')
    const issued = data(
      await h.call(
        identity,
        'inviteOfficial',
        { officialId: official._id, replaces: 'claim-target-phone' },
        OFFICE_COUNTY,
      ),
    )
    // the code is read open, then locked before the claim: the claim filters on the lock
    h.lc.store.update(
      'invites',
      { handle: issued.code.slice(0, 4), usedAt: null },
      { $set: { failures: 5 } },
      { multi: true },
    )
    expect(refusal(await redeem(issued.code, 'late-phone')).code).toBe('CONFLICT')
    expect(rolesOf('claim-target-phone')).toHaveLength(1)
  })

  test('long-expired codes are pruned by the platform’s timer; live ones stay', async () => {
    const issued = data(await h.call(identity, 'inviteHousehold', { householdId: household._id }, OFFICE_VILLAGE))
    h.insert('invites', [
      {
        _id: 'ancient-code',
        handle: '0000',
        codeHash: 'ancient',
        kind: 'household',
        householdId: household._id,
        issuer: OFFICE_VILLAGE,
        createdAt: addTime(now(), -60, 'day'),
        expiresAt: addTime(now(), -53, 'day'),
        usedAt: null,
        usedBy: null,
        failures: 0,
      },
    ])
    const res = (await h.lc.fireTimer('identity')) as CallResult<{ invites: number }>
    expect(res).toMatchObject({ ok: true })
    expect(h.find('invites', { _id: 'ancient-code' })).toHaveLength(0)
    expect(h.find('invites', { expiresAt: issued.expiresAt })).toHaveLength(1)
  })
})

describe('role changes', () => {
  test('two grants to one user at once both land', async () => {
    await Promise.all([
      h.call(
        identity,
        'grantRole',
        { openid: 'busy-staff', grant: { role: 'reviewer', region: COUNTY } },
        OFFICE_COUNTY,
      ),
      h.call(
        identity,
        'grantRole',
        { openid: 'busy-staff', grant: { role: 'office', region: home[2]! } },
        OFFICE_COUNTY,
      ),
      h.call(
        identity,
        'grantRole',
        { openid: 'busy-staff', grant: { role: 'office', region: home[3]! } },
        OFFICE_PREFECTURE,
      ),
    ])
    expect(
      rolesOf('busy-staff')
        .map((g) => `${g.role}:${g.region}`)
        .sort(),
    ).toEqual([`office:${home[2]}`, `office:${home[3]}`, `reviewer:${COUNTY}`].sort())
  })

  test('a revoke and a grant at once: the revoked grant goes, the new one stays', async () => {
    await Promise.all([
      h.call(
        identity,
        'revokeRole',
        { openid: 'busy-staff', grant: { role: 'reviewer', region: COUNTY } },
        OFFICE_COUNTY,
      ),
      h.call(
        identity,
        'grantRole',
        { openid: 'busy-staff', grant: { role: 'reviewer', region: home[2]! } },
        OFFICE_COUNTY,
      ),
    ])
    expect(
      rolesOf('busy-staff')
        .map((g) => `${g.role}:${g.region}`)
        .sort(),
    ).toEqual([`office:${home[2]}`, `office:${home[3]}`, `reviewer:${home[2]}`].sort())
  })
})

describe('scope fails closed', () => {
  test.each([[''], ['5133'], ['abcdefabcdef'], ['999999999999']])(
    'an office grant with region %j reaches nothing and grants nothing',
    async (region) => {
      const openid = `broken-office-${region || 'empty'}`
      h.insert('users', [{ _id: openid, roles: [{ role: 'office', region }] }])
      const calls = [
        h.call(identity, 'householdDetail', { householdId: household._id }, openid),
        h.call(identity, 'householdMembers', { householdId: household._id }, openid),
        h.call(identity, 'inviteHousehold', { householdId: household._id }, openid),
        h.call(identity, 'grantRole', { openid: 'x', grant: { role: 'reviewer', region: COUNTY } }, openid),
        h.call(identity, 'rolesInRegion', { region: COUNTY }, openid),
      ]
      for (const res of await Promise.all(calls)) expect(refusal(res).code).toBe('FORBIDDEN')
      expect(rolesOf('x')).toEqual([])
    },
  )
})

describe('separation of duties', () => {
  async function submitted(): Promise<string> {
    const id = randomUUID()
    data(await h.call(notices, 'save', { id, draft: draft({ home }) }, OFFICE_COUNTY))
    data(await h.call(notices, 'submit', { id }, OFFICE_COUNTY))
    return id
  }

  test('the author’s second identity, made a reviewer by the author, cannot approve', async () => {
    const id = await submitted()
    data(
      await h.call(
        identity,
        'grantRole',
        { openid: 'author-second', grant: { role: 'reviewer', region: COUNTY } },
        OFFICE_COUNTY,
      ),
    )
    expect(refusal(await h.call(notices, 'approve', { id }, 'author-second'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'notice.appointedByAuthor',
    })
    expect(h.find('notices', { _id: id })[0]!.status).toBe('submitted')
  })

  test('a reviewer appointed by a colleague in the author’s office cannot approve', async () => {
    const id = await submitted()
    h.insert('users', [{ _id: 'county-colleague', roles: [{ role: 'office', region: COUNTY }] }])
    data(
      await h.call(
        identity,
        'grantRole',
        { openid: 'colleague-pick', grant: { role: 'reviewer', region: COUNTY } },
        'county-colleague',
      ),
    )
    expect(refusal(await h.call(notices, 'approve', { id }, 'colleague-pick')).reason).toBe('notice.appointedByAuthor')
  })

  test('a reviewer appointed from outside the author’s office approves', async () => {
    const id = await submitted()
    data(
      await h.call(
        identity,
        'grantRole',
        { openid: 'independent', grant: { role: 'reviewer', region: COUNTY } },
        OFFICE_PREFECTURE,
      ),
    )
    data(await h.call(notices, 'approve', { id }, 'independent'))
    expect(h.find('notices', { _id: id })[0]!.status).toBe('approved')
  })
})

describe('separation of duties: reviewer grants stored before their appointer was recorded', () => {
  // read as made by every office that could have made them: the grant's region and the regions above it
  async function submittedBy(office: string): Promise<string> {
    const id = randomUUID()
    const village = { regions: [home[3]!], roles: 'households' as const }
    data(await h.call(notices, 'save', { id, draft: draft({ home }, { audience: village }) }, office))
    data(await h.call(notices, 'submit', { id }, office))
    return id
  }

  test('a county reviewer with no recorded appointer cannot approve the county office’s notice', async () => {
    h.insert('users', [{ _id: 'legacy-reviewer', roles: [{ role: 'reviewer', region: COUNTY }] }])
    const id = await submittedBy(OFFICE_COUNTY)
    expect(refusal(await h.call(notices, 'approve', { id }, 'legacy-reviewer'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'notice.appointedByAuthor',
    })
    expect(h.find('notices', { _id: id })[0]!.status).toBe('submitted')
    expect(h.find('audit', { kind: 'refusal', actor: 'legacy-reviewer', action: 'notices.approve' })).toHaveLength(1)
  })

  test('nor the prefecture office’s: it could have been appointed from above', async () => {
    const id = await submittedBy(OFFICE_PREFECTURE)
    expect(refusal(await h.call(notices, 'approve', { id }, 'legacy-reviewer')).reason).toBe('notice.appointedByAuthor')
  })

  test('it approves a village office’s notice, which no office that could have appointed it wrote', async () => {
    const id = await submittedBy(OFFICE_VILLAGE)
    data(await h.call(notices, 'approve', { id }, 'legacy-reviewer'))
    expect(h.find('notices', { _id: id })[0]!.status).toBe('approved')
  })

  test('the stored grant is left as it was: re-granting records the real appointer', async () => {
    expect(rolesOf('legacy-reviewer')).toEqual([{ role: 'reviewer', region: COUNTY }])
  })
})

describe('audit', () => {
  test('a refused privileged action is recorded with who, what and why', async () => {
    refusal(await h.call(identity, 'auditSearch', {}, OFFICE_COUNTY))
    expect(h.find('audit', { kind: 'refusal', actor: OFFICE_COUNTY, action: 'identity.auditSearch' })).toHaveLength(1)
  })

  test('a household member flooding refusals keeps at most the allowance, and one summary counts the rest', async () => {
    const flooder = 'flooding-member'
    h.insert('users', [
      { _id: flooder, roles: [{ role: 'household', householdId: household._id }], householdId: household._id },
    ])
    const tries = AUDIT_PER_MINUTE + 15
    // the allowance is per minute: start the flood well inside one
    const second = new Date().getUTCSeconds()
    if (second > 45) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000))
    const started = now()
    const answers = await Promise.all(
      Array.from({ length: tries }, () => h.call(identity, 'inviteHousehold', { householdId: household._id }, flooder)),
    )
    expect(answers.map((res) => (res.ok ? 'ok' : res.error.code))).toEqual(Array(tries).fill('FORBIDDEN'))
    const kept = h.find('audit', { actor: flooder, kind: 'refusal' })
    const summaries = h.find('audit', { actor: flooder, kind: 'suppressed' })
    // the calls may straddle a minute: each minute keeps its own allowance and summary
    const minutes = new Set([started.slice(0, 16), now().slice(0, 16)]).size
    expect(kept.length).toBeLessThanOrEqual(AUDIT_PER_MINUTE * minutes)
    // within one minute the allowance is surely spent; calls spread over two (a busy machine) may not spend it
    if (minutes === 1) expect(summaries.length).toBe(1)
    expect(summaries.length).toBeLessThanOrEqual(minutes)
    const suppressed = summaries.reduce((n, s) => n + (s.count as number), 0)
    expect(kept.length + suppressed).toBe(tries)
  })

  const refusals = (actor: string, action: string) => h.find('audit', { kind: 'refusal', actor, action })

  test('a stranger (an unbound openid) trying an office action is recorded; an ordinary action is not', async () => {
    const stranger = 'probing-stranger'
    expect(refusal(await h.call(identity, 'rolesInRegion', { region: COUNTY }, stranger)).code).toBe('UNAUTHENTICATED')
    expect(refusals(stranger, 'identity.rolesInRegion')).toEqual([
      expect.objectContaining({ subject: COUNTY, details: 'UNAUTHENTICATED' }),
    ])
    expect(refusal(await h.call(notices, 'feed', {}, stranger)).code).toBe('UNAUTHENTICATED')
    expect(refusals(stranger, 'notices.feed')).toEqual([])
  })

  test('a household member asking for another household’s contacts (personal numbers) is recorded', async () => {
    const other = h.find('households', { regionPath: COUNTY }).find((d) => d._id !== household._id)!
    const res = await h.raw('contacts', 'householdContacts', { householdId: other._id }, HEAD)
    expect(refusal(res).code).toBe('FORBIDDEN')
    expect(refusals(HEAD, 'contacts.householdContacts')).toEqual([
      expect.objectContaining({ subject: other._id, details: 'FORBIDDEN' }),
    ])
  })

  test('every try while locked out is recorded, beside the one lockout record', async () => {
    const guesser = 'locked-guesser'
    for (const code of ['22220001', '22220002', '22220003', '22220004', '22220005']) await redeem(code, guesser)
    expect(refusal(await redeem('22220006', guesser)).code).toBe('RATE_LIMITED')
    expect(refusal(await redeem('22220007', guesser)).code).toBe('RATE_LIMITED')
    // the fifth wrong try locks (RATE_LIMITED), and the two tries after it are refused while locked
    expect(refusals(guesser, 'identity.redeemInvite').map((r) => r.details)).toEqual(
      Array(3).fill('invite.tooManyTries'),
    )
    expect(h.find('audit', { kind: 'lockout', actor: guesser })).toHaveLength(1)
  })

  test('a timer event a user forges is recorded as a refusal naming the trigger', async () => {
    const res = (await h.lc.invoke(
      'identity',
      { Type: 'Timer', TriggerName: 'pruneInvites' },
      { OPENID: HEAD },
    )) as CallResult<unknown>
    expect(refusal(res).code).toBe('FORBIDDEN')
    expect(refusals(HEAD, 'identity.timer')).toEqual([expect.objectContaining({ subject: 'pruneInvites' })])
  })

  test('an office asking for a code for an official bound elsewhere is recorded (it is how a takeover starts)', async () => {
    const official = await boundOfficial('kept-phone')
    const res = await h.call(identity, 'inviteOfficial', { officialId: official._id }, OFFICE_COUNTY)
    expect(refusal(res)).toMatchObject({ code: 'CONFLICT', reason: 'invite.targetBound' })
    expect(refusals(OFFICE_COUNTY, 'identity.inviteOfficial').filter((r) => r.subject === official._id)).toEqual([
      expect.objectContaining({ details: 'invite.targetBound' }),
    ])
  })

  test('the administrator searches by action and kind', async () => {
    const res = data(
      await h.call(identity, 'auditSearch', { action: 'identity.redeemInvite', kind: 'lockout' }, 'demo-admin-1'),
    )
    expect(res.total).toBeGreaterThanOrEqual(2)
    expect(res.entries.every((e) => e.kind === 'lockout' && e.action === 'identity.redeemInvite')).toBe(true)
  })
})
