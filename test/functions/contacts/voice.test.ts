/**
 * A contact's voice note: accepted only from the contact's own upload folder (a foreign fileID is
 * refused with a typed error and nothing written), stored on the contact, and handed out as a temporary
 * URL only to the household's members and its paired officials; everyone else is refused the list.
 */
import { randomUUID } from 'node:crypto'
import { contacts } from '@shared/contracts/contacts'
import { t } from '@shared/i18n'
import { contactPhotoPath, contactVoicePath } from '@shared/storage'
import { EXPORT_PATH, foreignEnvFileId, upload } from '../uploads'
import { type ContactsWorld, MEMBER, startContacts } from './setup'

jest.setTimeout(120_000)

let w: ContactsWorld
const STRANGER = 'contacts-unpaired-official'
const NEIGHBOUR = 'contacts-other-household-member'

beforeAll(async () => {
  w = await startContacts()
  const paired = new Set(w.h.find('households', { _id: w.householdId })[0]!.officialIds as string[])
  const stranger = w.h.find('officials').find((o) => !paired.has(o._id as string))!._id as string
  const neighbour = w.h.find('households').find((h) => h._id !== w.householdId)!._id as string
  w.h.insert('users', [
    { _id: STRANGER, officialId: stranger, roles: [{ role: 'official', officialId: stranger }] },
    { _id: NEIGHBOUR, householdId: neighbour, roles: [{ role: 'household', householdId: neighbour }] },
  ])
})

afterAll(async () => {
  await w?.h.close()
})

async function voiceOf(openid: string, id: string) {
  const list = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, openid)
  if (!list.ok) throw new Error(list.error.message)
  return list.data.contacts.find((c) => c.id === id)?.voiceNote
}

describe('a voice note on a contact', () => {
  it('is taken from the contact’s own folder, stored, and resent as the same contact', async () => {
    const id = randomUUID()
    const voice = await upload(w.h, contactVoicePath(id, 'mp3'), 'ID3 voice')
    const contact = w.contact({ id, voiceNote: voice })
    expect(await w.h.call(contacts, 'logContact', contact, 'demo-official-1')).toMatchObject({
      ok: true,
      data: { status: 'created' },
    })
    expect(w.h.find('contacts', { _id: id })[0]?.voiceNote).toBe(voice)
    expect(await w.h.call(contacts, 'logContact', contact, 'demo-official-1')).toMatchObject({
      ok: true,
      data: { status: 'duplicate' },
    })
  })

  it('reaches the household’s members and its officials as a temporary URL, and nobody else', async () => {
    const id = randomUUID()
    const voice = await upload(w.h, contactVoicePath(id, 'm4a'), 'voice')
    expect(
      await w.h.call(contacts, 'logContact', w.contact({ id, voiceNote: voice }), 'contacts-official-2'),
    ).toMatchObject({ ok: true })
    for (const openid of [MEMBER, 'contacts-official-2', 'demo-official-1']) {
      const note = await voiceOf(openid, id)
      expect(note?.url).toMatch(/^https?:\/\//)
      expect(note?.url).toContain(`contacts/${id}/voice.m4a`)
    }
    for (const openid of [STRANGER, NEIGHBOUR]) {
      const res = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, openid)
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
  })

  it('is null on a contact without one', async () => {
    const id = randomUUID()
    expect(await w.h.call(contacts, 'logContact', w.contact({ id }), 'demo-official-1')).toMatchObject({ ok: true })
    expect(await voiceOf(MEMBER, id)).toBeNull()
  })

  it.each([
    ['another contact’s recording', () => upload(w.h, contactVoicePath(randomUUID(), 'mp3'))],
    ['a roster export', () => upload(w.h, EXPORT_PATH, '身份证号,手机号')],
    ['the right path in another environment', async () => foreignEnvFileId('contacts/x/voice.mp3')],
  ])('refuses %s, in the caller’s language, and writes nothing', async (_what, file) => {
    const id = randomUUID()
    const voiceNote = await file()
    const before = w.data()
    const res = await w.h.call(contacts, 'logContact', w.contact({ id, voiceNote }), 'demo-official-1', 'bo')
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' } })
    if (!res.ok) expect(res.error.details).toEqual([{ path: 'voiceNote.0', message: t('bo', 'storage.foreignFile') }])
    expect(w.data()).toBe(before)
    // the refusal itself is on record
    expect(w.h.find('audit', { kind: 'refusal', details: 'storage.foreignFile' }).length).toBeGreaterThan(0)
  })

  it('gets no URL when what was stored lies outside the contact’s folder', async () => {
    const id = randomUUID()
    const own = await upload(w.h, contactPhotoPath(id, 0))
    expect(await w.h.call(contacts, 'logContact', w.contact({ id, photos: [own] }), 'demo-official-1')).toMatchObject({
      ok: true,
    })
    const elsewhere = await upload(w.h, EXPORT_PATH, '身份证号,手机号')
    w.h.lc.store.update('contacts', { _id: id }, { $set: { voiceNote: elsewhere } })
    expect(await voiceOf(MEMBER, id)).toBeNull()
  })
})

describe('my households', () => {
  it('counts the official’s visits the household has not confirmed, until a member confirms them', async () => {
    const before = await w.h.call(contacts, 'myHouseholds', {}, 'contacts-official-3')
    if (!before.ok) throw new Error(before.error.message)
    const row = () => before.data.households.find((h) => h.id === w.householdId)
    expect(row()?.unconfirmedVisits).toBe(0)

    const id = randomUUID()
    await w.h.call(contacts, 'logContact', w.contact({ id, channel: 'visit' }), 'contacts-official-3')
    await w.h.call(contacts, 'logContact', w.contact({ channel: 'phone' }), 'contacts-official-3')
    const waiting = await w.h.call(contacts, 'myHouseholds', {}, 'contacts-official-3')
    if (!waiting.ok) throw new Error(waiting.error.message)
    expect(waiting.data.households.find((h) => h.id === w.householdId)?.unconfirmedVisits).toBe(1)
    expect(waiting.data.unconfirmedCount).toBe(1)
    // another official's list counts only their own visits
    const other = await w.h.call(contacts, 'myHouseholds', {}, 'contacts-official-2')
    if (!other.ok) throw new Error(other.error.message)
    expect(other.data.households.find((h) => h.id === w.householdId)?.unconfirmedVisits).toBe(0)

    expect(
      await w.h.call(contacts, 'confirmVisit', { householdId: w.householdId, contactId: id }, MEMBER),
    ).toMatchObject({ ok: true })
    const after = await w.h.call(contacts, 'myHouseholds', {}, 'contacts-official-3')
    if (!after.ok) throw new Error(after.error.message)
    expect(after.data.households.find((h) => h.id === w.householdId)?.unconfirmedVisits).toBe(0)
    expect(after.data.unconfirmedCount).toBe(0)
  })
})
