/**
 * The audit of a household's records (built bundle, local cloud): every saved info sheet and every risk
 * level set writes one `edit` record naming the actor, the household and the fields changed, never the
 * values; a refused write records no edit.
 */
import { contacts } from '@shared/contracts/contacts'
import type { Doc } from '../harness'
import { type ContactsWorld, startContacts } from './setup'

jest.setTimeout(120_000)

const OFFICIAL = 'demo-official-1'
const SECOND = 'contacts-official-2'

let w: ContactsWorld

beforeAll(async () => {
  w = await startContacts()
})

afterAll(async () => {
  await w?.h.close()
})

const edits = (action: string): Doc[] =>
  w.h
    .find('audit', { kind: 'edit', subject: w.householdId, action })
    .sort((a, b) => (String(a.at) < String(b.at) ? -1 : 1))

describe('audit of a household’s records', () => {
  const member = {
    name: '卓玛央宗',
    relation: 'head' as const,
    birthYear: 1968,
    schooling: 'primary' as const,
    health: 'chronic' as const,
    work: 'herding' as const,
  }
  const sheet = { members: [member], incomeSources: ['herding' as const], students: [] }

  it('an info sheet saved: one record per save, with the fields that changed and none of their values', async () => {
    const stored = w.h.find('households', { _id: w.householdId })[0]!.infoSheet as Record<string, unknown> | undefined
    expect(await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet }, OFFICIAL)).toMatchObject({
      ok: true,
    })
    const first = edits('contacts.updateInfoSheet')
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ actor: OFFICIAL, subject: w.householdId })
    // the household had no sheet: every field of the new one changed
    expect(stored).toBeUndefined()
    expect(first[0]!.fields).toEqual(['infoSheet.incomeSources', 'infoSheet.members', 'infoSheet.students'])

    const next = { ...sheet, incomeSources: ['herding' as const, 'cordyceps' as const] }
    expect(
      await w.h.call(contacts, 'updateInfoSheet', { householdId: w.householdId, sheet: next }, OFFICIAL),
    ).toMatchObject({ ok: true, data: { version: 2 } })
    const both = edits('contacts.updateInfoSheet')
    expect(both).toHaveLength(2)
    expect(both[1]!.fields).toEqual(['infoSheet.incomeSources'])
    const text = JSON.stringify(both)
    for (const value of [member.name, 'chronic', 'cordyceps', '1968']) expect(text).not.toContain(value)
  })

  it('a risk level set: one record per change, with the fields that changed; a refusal records no edit', async () => {
    const input = {
      householdId: w.householdId,
      level: 'watch' as const,
      reason: '牲畜因雪灾损失过半',
      date: '2025-06-01',
    }
    const refused = await w.h.call(contacts, 'setRiskLevel', input, 'demo-office-county')
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(edits('contacts.setRiskLevel')).toHaveLength(0)

    expect(await w.h.call(contacts, 'setRiskLevel', input, SECOND)).toMatchObject({ ok: true, data: { changed: true } })
    const first = edits('contacts.setRiskLevel')
    expect(first).toHaveLength(1)
    expect(first[0]).toMatchObject({ actor: SECOND, subject: w.householdId })
    expect([...(first[0]!.fields as string[])].sort()).toEqual(['riskDate', 'riskLevel', 'riskReason'])

    // the same level with a new reason: only the reason changed
    const again = { ...input, reason: '已申请临时救助' }
    expect(await w.h.call(contacts, 'setRiskLevel', again, SECOND)).toMatchObject({
      ok: true,
      data: { changed: false },
    })
    const both = edits('contacts.setRiskLevel')
    expect(both).toHaveLength(2)
    expect(both[1]!.fields).toEqual(['riskReason'])
    const text = JSON.stringify(both)
    for (const value of [input.reason, again.reason, 'watch']) expect(text).not.toContain(value)
  })
})
