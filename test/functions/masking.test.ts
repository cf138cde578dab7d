/**
 * Personal numbers: every read action of every contract, called by every identity whose role may call it
 * with demo data, answers without an unmasked ID-card or phone number. Only an explicit reveal in a
 * detail view shows full numbers, to the roles that need them, and each reveal is audited.
 */
import type { CallResult } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { containsUnmaskedNumber } from '@shared/mask'
import { chinaDay, isInstant } from '@shared/time'
import type { Fixtures, Who } from './access-fixtures'
import { SAMPLES, allActions, prepare, sampleOf, targetKind, targets } from './access-fixtures'
import type { FunctionsHarness } from './harness'
import { startFunctions } from './harness'

jest.setTimeout(300_000)

let h: FunctionsHarness
let identities: Who[]
let fixtures: Fixtures

beforeAll(async () => {
  h = await startFunctions()
  ;({ identities, fixtures } = await prepare(h))
})

afterAll(async () => {
  await h?.close()
})

test('the scanner recognises what it must (guards the test itself)', () => {
  expect(containsUnmaskedNumber('{"phone":"13950190776"}')).toBe(true)
  expect(containsUnmaskedNumber('{"id":"51330119551004110X"}')).toBe(true)
  expect(containsUnmaskedNumber('{"phone":"139****0776","id":"513301********1100"}')).toBe(false)
})

test('no read response of any action contains an unmasked ID-card or phone number', async () => {
  const { runnable } = allActions()
  const reads = runnable.filter((entry) => entry.def.writes !== true)
  const leaks: string[] = []
  let calls = 0
  let answered = 0
  for (const entry of reads) {
    for (const who of identities) {
      const admitted = entry.def.roles.includes('anyone') || (who.grant && entry.def.roles.includes(who.grant.role))
      if (!admitted) continue
      // the matrix's answered input where it has one (it names the fixtures: notices, jobs, plans)
      const sample = SAMPLES[`${entry.fn}.${entry.name}`]?.(who, 'inside', fixtures)
      const target = targetKind(entry.def)
      const id = target ? targets(h.slice, who, target.kind).inside : undefined
      if (!sample && target && id === undefined) continue
      const input = sample ? sample.input : sampleOf(entry.def.input, target?.key, id)
      const res = (await h.call(entry.contract, entry.name as never, input as never, who.openid)) as CallResult<unknown>
      calls += 1
      if (res.ok) answered += 1
      const text = JSON.stringify(res)
      if (containsUnmaskedNumber(text)) leaks.push(`${entry.fn}.${entry.name} as ${who.openid}: ${text.slice(0, 300)}`)
    }
  }
  console.log(
    `masking scan: ${reads.length} read actions, ${calls} calls, ${answered} answered with data, ${leaks.length} leaks`,
  )
  expect(leaks).toEqual([])
  expect(answered).toBeGreaterThan(0)
})

describe('household detail', () => {
  test('a paired official who asks sees the full numbers and the sensitive categories, and the view is audited', async () => {
    const official = identities.find((w) => w.grant?.role === 'official')!
    const householdId = targets(h.slice, official, 'household').inside!
    const stored = h.find('households', { _id: householdId })[0]!
    const res = await h.call(identity, 'householdDetail', { householdId, reveal: true }, official.openid)
    if (!res.ok) throw new Error(JSON.stringify(res.error))
    expect(res.data.revealed).toBe(true)
    expect(res.data.phone).toBe(stored.phone)
    expect(res.data.head.idNumber).toBe((stored.head as { idNumber: string }).idNumber)
    expect(res.data.sensitive).toEqual(stored.sensitive)
    expect(res.data.members.every((m) => typeof m.health === 'string')).toBe(true)

    // The scan above viewed it too (sensitive categories only); the reveal is its own record.
    const audit = h
      .find('audit', { actor: official.openid, subject: householdId, kind: 'view' })
      .filter((record) => (record.fields as string[]).includes('phone'))
    expect(audit).toHaveLength(1)
    expect(audit[0]!.fields).toEqual(
      expect.arrayContaining(['head.idNumber', 'phone', 'members.idNumber', 'sensitive']),
    )
    expect(audit[0]!.action).toBe('identity.householdDetail')
    expect(isInstant(audit[0]!.at)).toBe(true)
  })

  test('a county office gets masked numbers even when it asks, and no sensitive categories', async () => {
    const county = identities.find((w) => w.openid === 'demo-office-county')!
    const householdId = targets(h.slice, county, 'household').inside!
    const res = await h.call(identity, 'householdDetail', { householdId, reveal: true }, county.openid)
    if (!res.ok) throw new Error(JSON.stringify(res.error))
    expect(res.data.revealed).toBe(false)
    expect(res.data.mayReveal).toBe(false)
    expect(containsUnmaskedNumber(JSON.stringify(res.data))).toBe(false)
    expect(res.data.sensitive).toBeUndefined()
    expect(res.data.members.some((m) => 'health' in m)).toBe(false)
  })

  test('administrators find the reveal in the audit log by actor, subject and date', async () => {
    const official = identities.find((w) => w.grant?.role === 'official')!
    const householdId = targets(h.slice, official, 'household').inside!
    const today = chinaDay()
    const search = async (input: { actor?: string; subject?: string; from?: string; to?: string }) => {
      const res = await h.call(identity, 'auditSearch', input, 'demo-admin-1')
      if (!res.ok) throw new Error(JSON.stringify(res.error))
      return res.data
    }
    const byActor = await search({ actor: official.openid, from: today, to: today })
    expect(byActor.entries.some((e) => e.kind === 'view' && e.subject === householdId)).toBe(true)
    const bySubject = await search({ subject: householdId })
    expect(bySubject.entries.every((e) => e.subject === householdId)).toBe(true)
    expect(bySubject.total).toBeGreaterThan(0)
    const yesterday = await search({ actor: official.openid, to: '2020-01-01' })
    expect(yesterday.total).toBe(0)
  })
})
