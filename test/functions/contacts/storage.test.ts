/**
 * Contact photos belong to their contact: logContact refuses any fileID outside the contact's own upload
 * folder (a roster export, another contact's photo, another environment, a path that climbs out of the
 * folder) with a typed error in the caller's language and writes nothing but the refusal's audit record; the household's list makes
 * temporary URLs only for the contact's own photos, whatever an older contact stored.
 */
import { randomUUID } from 'node:crypto'
import { contacts } from '@shared/contracts/contacts'
import { t } from '@shared/i18n'
import { contactPhotoPath } from '@shared/storage'
import { EXPORT_PATH, fileIdOf, foreignEnvFileId, upload } from '../uploads'
import { type ContactsWorld, MEMBER, startContacts } from './setup'

jest.setTimeout(120_000)

let w: ContactsWorld
let exportFile: string

beforeAll(async () => {
  w = await startContacts()
  exportFile = await upload(w.h, EXPORT_PATH, '身份证号,手机号')
})

afterAll(async () => {
  await w?.h.close()
})

/** logs a contact with these photos as the first official, and expects it refused with nothing written */
async function expectRefused(id: string, photos: string[], refused: number[]) {
  const before = w.data()
  const res = await w.h.call(contacts, 'logContact', w.contact({ id, photos }), 'demo-official-1', 'bo')
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' } })
  if (res.ok) return
  expect(res.error.message).toBe(t('bo', 'storage.foreignFile'))
  expect(res.error.details).toEqual(
    refused.map((i) => ({ path: `photos.${i}`, message: t('bo', 'storage.foreignFile') })),
  )
  expect(w.data()).toBe(before)
  // the refusal itself is on record
  expect(w.h.find('audit', { kind: 'refusal', details: 'storage.foreignFile' }).length).toBeGreaterThan(0)
}

describe('logContact accepts photos only from the contact’s own folder', () => {
  it('takes photos uploaded where the outbox puts them, and the household gets their URLs', async () => {
    const id = randomUUID()
    const photos = [await upload(w.h, contactPhotoPath(id, 0)), await upload(w.h, contactPhotoPath(id, 1))]
    const res = await w.h.call(contacts, 'logContact', w.contact({ id, photos }), 'demo-official-1')
    expect(res).toMatchObject({ ok: true, data: { status: 'created' } })
    const list = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, MEMBER)
    if (!list.ok) throw new Error(list.error.message)
    const mine = list.data.contacts.find((c) => c.id === id)
    expect(mine?.photos).toEqual(photos)
    expect(mine?.photoUrls.every((u) => u.startsWith('http'))).toBe(true)
  })

  it('refuses a roster export', async () => {
    await expectRefused(randomUUID(), [exportFile], [0])
  })

  it('refuses another contact’s photo, even beside a photo of its own', async () => {
    const other = randomUUID()
    const theirs = await upload(w.h, contactPhotoPath(other, 0))
    expect(
      await w.h.call(contacts, 'logContact', w.contact({ id: other, photos: [theirs] }), 'contacts-official-2'),
    ).toMatchObject({ ok: true })
    const id = randomUUID()
    const own = await upload(w.h, contactPhotoPath(id, 0))
    await expectRefused(id, [own, theirs], [1])
  })

  it('refuses the right path in another environment', async () => {
    const id = randomUUID()
    await expectRefused(id, [foreignEnvFileId(contactPhotoPath(id, 0))], [0])
  })

  it('refuses paths that climb out of the contact’s folder, however they are spelt', async () => {
    const id = randomUUID()
    await expectRefused(
      id,
      [
        fileIdOf(`contacts/${id}/../../${EXPORT_PATH}`),
        fileIdOf(`contacts/${id}/..%2F..%2F${EXPORT_PATH.replace('/', '%2F')}`),
        fileIdOf(`contacts/${id}/0.jpg/../../../${EXPORT_PATH}`),
        fileIdOf(`contacts/${id}//0.jpg`),
        fileIdOf(`contacts/../contacts/${id}/0.jpg`),
        `cloud://${fileIdOf('').slice('cloud://'.length)}contacts/${id}\\..\\0.jpg`,
      ],
      [0, 1, 2, 3, 4, 5],
    )
  })

  it('refuses a resend that swaps in a foreign photo, and the stored contact keeps its own', async () => {
    const id = randomUUID()
    const own = await upload(w.h, contactPhotoPath(id, 0))
    expect(await w.h.call(contacts, 'logContact', w.contact({ id, photos: [own] }), 'demo-official-1')).toMatchObject({
      ok: true,
    })
    await expectRefused(id, [exportFile], [0])
    expect(w.h.find('contacts', { _id: id })[0]?.photos).toEqual([own])
    expect(w.h.find('contactConflicts', { contactId: id })).toHaveLength(0)
  })

  it('refuses a malformed photo list as invalid input', async () => {
    const before = w.data()
    const res = await w.h.raw(
      'contacts',
      'logContact',
      { ...w.contact(), photos: [{ fileID: exportFile }, 'http://example.com/x.jpg'] },
      'demo-official-1',
    )
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(w.data()).toBe(before)
  })
})

describe('the household’s contact list', () => {
  it('never carries a URL to a file outside the contact’s folder, whatever was stored', async () => {
    const id = randomUUID()
    const own = await upload(w.h, contactPhotoPath(id, 0))
    const other = await upload(w.h, contactPhotoPath(randomUUID(), 0))
    const res = await w.h.call(contacts, 'logContact', w.contact({ id, photos: [own] }), 'demo-official-1')
    expect(res).toMatchObject({ ok: true })
    // a contact stored before the check existed, naming whatever its sender put in
    w.h.lc.store.update('contacts', { _id: id }, { $set: { photos: [exportFile, own, other] } })
    const list = await w.h.call(contacts, 'householdContacts', { householdId: w.householdId }, MEMBER)
    if (!list.ok) throw new Error(list.error.message)
    const stored = list.data.contacts.find((c) => c.id === id)
    expect(stored?.photoUrls[0]).toBe('')
    expect(stored?.photoUrls[1]).toMatch(/^http/)
    expect(stored?.photoUrls[2]).toBe('')
    const urls = list.data.contacts.flatMap((c) => c.photoUrls).filter(Boolean)
    expect(urls.some((u) => u.includes('exports/'))).toBe(false)
    expect(urls.every((u) => list.data.contacts.some((c) => u.includes(`contacts/${c.id}/`)))).toBe(true)
  })
})
