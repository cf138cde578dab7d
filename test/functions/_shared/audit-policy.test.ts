/**
 * Which refusals leave an audit record (cloudfunctions/_shared/audit.ts `refusalAudited`), which actions are
 * guarded (access.ts `guardedAction`), and how a reviewer grant with no recorded appointer is read
 * (`withAppointer`). The built functions apply them: test/functions/matrix.test.ts and
 * test/functions/identity/abuse.test.ts › audit.
 */
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { PERSONAL_ACTIONS, guardedAction, withAppointer } from '@fn/access'
import { ABUSE_REASONS, refusalAudited } from '@fn/audit'
import { isMessageKey } from '@shared/i18n'

const contracts = [contacts, identity, registry]

test('every personal-data action names a declared household or official action', () => {
  for (const name of PERSONAL_ACTIONS) {
    const [fn, action] = name.split('.')
    const contract = contracts.find((c) => c.name === fn)
    const def = contract?.actions[action as keyof typeof contract.actions] as { roles: string[] } | undefined
    expect({ name, declared: !!def }).toEqual({ name, declared: true })
    expect(def!.roles.some((role) => role === 'household' || role === 'official')).toBe(true)
  }
})

test('guarded: privileged roles or personal numbers; a household-only action that touches neither is not', () => {
  expect(guardedAction('identity.auditSearch', identity.actions.auditSearch)).toBe(true)
  expect(guardedAction('registry.callOfficial', registry.actions.callOfficial)).toBe(true)
  expect(guardedAction('contacts.confirmVisit', contacts.actions.confirmVisit)).toBe(false)
})

test.each([
  [true, 'FORBIDDEN', undefined, true],
  [true, 'UNAUTHENTICATED', undefined, true],
  [false, 'FORBIDDEN', undefined, false],
  [false, 'UNAUTHENTICATED', undefined, false],
  [false, 'RATE_LIMITED', 'invite.tooManyTries', true],
  [false, 'CONFLICT', 'invite.used', true],
  [true, 'CONFLICT', 'notice.conflict', false],
  [false, 'INVALID_ARGUMENT', 'storage.foreignFile', true],
  [true, 'INVALID_ARGUMENT', undefined, false],
  [false, 'NOT_FOUND', 'invite.unknown', false],
] as const)('guarded %s, %s (%s): audited %s', (guarded, code, reason, audited) => {
  expect(refusalAudited(guarded, { code, ...(reason ? { reason } : {}) })).toBe(audited)
})

test('every abuse reason is a catalogue message (the refusal the caller reads)', () => {
  for (const reason of ABUSE_REASONS) expect({ reason, known: isMessageKey(reason) }).toEqual({ reason, known: true })
})

describe('a reviewer grant with no recorded appointer', () => {
  test('is read as appointed by every office that could have appointed it: its region and those above', () => {
    expect(withAppointer({ role: 'reviewer', region: '513301' })).toEqual({
      role: 'reviewer',
      region: '513301',
      grantedByOffices: ['513300000000', '513301000000'],
    })
  })

  test('a recorded appointer, and every other grant, stay as stored', () => {
    const recorded = { role: 'reviewer' as const, region: '513301000000', grantedBy: 'p', grantedByOffices: [] }
    expect(withAppointer(recorded)).toBe(recorded)
    const office = { role: 'office' as const, region: '513301000000' }
    expect(withAppointer(office)).toBe(office)
  })

  test('a malformed region could have been appointed by nobody known, and reaches nothing anyway', () => {
    expect(withAppointer({ role: 'reviewer', region: '5133' })).toMatchObject({ grantedByOffices: [] })
  })
})
