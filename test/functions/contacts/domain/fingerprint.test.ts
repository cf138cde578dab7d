import { fingerprint, judgeResend } from '@functions/contacts/domain/fingerprint'
import { contact } from './fixtures'

describe('resends', () => {
  it('treats the same content as the same contact, whatever the topic order or time zone', () => {
    const a = contact()
    const b = contact({ topics: ['schooling', 'policy'], at: '2025-03-10T01:00:00Z' })
    expect(judgeResend({ fingerprint: fingerprint(a) }, fingerprint(b))).toBe('duplicate')
  })

  it('calls changed notes under the same id a conflict, and an unknown id new', () => {
    const stored = { fingerprint: fingerprint(contact()) }
    expect(judgeResend(stored, fingerprint(contact({ notes: '另一段记录' })))).toBe('conflict')
    expect(judgeResend(undefined, fingerprint(contact()))).toBe('new')
  })
})
