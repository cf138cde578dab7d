import { validate } from '@shared/contract'
import { ContactInputSchema } from '@shared/contracts/contacts'
import { t } from '@shared/i18n'
import { contactProblems } from '@functions/contacts/domain/validate'
import { contact } from './fixtures'

describe('a contact as the form and the function check it', () => {
  it('accepts a visit with topics from the list', () => {
    expect(validate(ContactInputSchema, contact(), 'zh-Hans').ok).toBe(true)
  })

  it('rejects a topic that is not on the fixed list', () => {
    const result = validate(ContactInputSchema, { ...contact(), topics: ['weather'] }, 'zh-Hans')
    expect(result.ok).toBe(false)
  })

  it('takes a contact with no topic named: a call counts whatever it was about', () => {
    expect(validate(ContactInputSchema, contact({ topics: [], notes: '', needs: [] }), 'bo').ok).toBe(true)
  })

  it('refuses the same topic twice, in the user language', () => {
    const result = validate(ContactInputSchema, contact({ topics: ['routine', 'routine'] }), 'bo')
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'topics', message: t('bo', 'validation.invalid') }] })
  })

  it('takes a voice note only as a storage fileID', () => {
    expect(validate(ContactInputSchema, contact({ voiceNote: 'https://example.com/a.mp3' }), 'zh-Hans').ok).toBe(false)
    expect(
      validate(ContactInputSchema, contact({ voiceNote: 'cloud://env.b/contacts/x/voice.mp3' }), 'zh-Hans').ok,
    ).toBe(true)
  })

  it('refuses a location on a phone call, and a visit location without consent', () => {
    const location = { latitude: 31.6, longitude: 100.0, accuracy: 30 }
    const phone = validate(
      ContactInputSchema,
      contact({ channel: 'phone', location, locationConsent: true }),
      'zh-Hans',
    )
    expect(phone).toMatchObject({ ok: false, issues: [{ path: 'location', message: '只有入户走访可以记录位置' }] })
    const noConsent = validate(ContactInputSchema, contact({ location }), 'zh-Hans')
    expect(noConsent).toMatchObject({ ok: false, issues: [{ path: 'location', message: '记录位置需要您的同意' }] })
    expect(validate(ContactInputSchema, contact({ location, locationConsent: true }), 'zh-Hans').ok).toBe(true)
  })

  it('allows at most 9 photos and 1000 characters of notes', () => {
    const photos = Array.from({ length: 10 }, (_, i) => `cloud://shiliuzi.env/contacts/p${i}.jpg`)
    expect(validate(ContactInputSchema, contact({ photos }), 'zh-Hans').ok).toBe(false)
    expect(validate(ContactInputSchema, contact({ photos: photos.slice(0, 9) }), 'zh-Hans').ok).toBe(true)
    expect(validate(ContactInputSchema, contact({ notes: '字'.repeat(1001) }), 'zh-Hans').ok).toBe(false)
  })

  it('refuses a contact time in the future beyond a few minutes of clock skew', () => {
    const now = '2025-03-10T02:00:00.000Z'
    expect(contactProblems(contact({ at: '2025-03-10T10:05:00+08:00' }), now)).toEqual([])
    expect(contactProblems(contact({ at: '2025-03-10T11:00:00+08:00' }), now)).toEqual([
      { path: 'at', key: 'contacts.inFuture' },
    ])
  })
})
