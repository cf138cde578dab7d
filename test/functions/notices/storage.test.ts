/**
 * Notice media belong to their notice: save refuses any fileID outside the notice's own upload folder (a
 * roster export, another notice's file, another environment, a path that climbs out of the folder) with
 * a typed error in the author's language and writes nothing, while an edit may keep what the notice
 * already holds; a reader's detail makes temporary URLs only for the notice's own files.
 */
import { randomUUID } from 'node:crypto'
import type { Media, NoticeDraft } from '@shared/contracts/notices'
import { notices } from '@shared/contracts/notices'
import { t } from '@shared/i18n'
import { noticeMediaPath } from '@shared/storage'
import { EXPORT_PATH, fileIdOf, foreignEnvFileId, upload } from '../uploads'
import type { World } from './world'
import { HOUSEHOLD, OFFICE, REVIEWER, draft, ok, startWorld } from './world'

jest.setTimeout(180_000)

let w: World
let exportFile: string

beforeAll(async () => {
  w = await startWorld()
  exportFile = await upload(w.h, EXPORT_PATH, '身份证号,手机号')
})

afterAll(async () => {
  await w?.h.close()
})

const image = (fileID: string): Media => ({ kind: 'image', fileID })

/** a picture uploaded into a notice's folder, as the office's file picker does */
const uploadFor = (noticeId: string) => upload(w.h, noticeMediaPath(noticeId, randomUUID(), 'jpg'), 'picture')

/** the stored data apart from the audit trail, which records the refusal itself */
function dataOnly(): string {
  const { audit: _audit, auditCounters: _counters, ...rest } = JSON.parse(w.h.snapshot()) as Record<string, unknown>
  return JSON.stringify(rest)
}

/** saves as the office and expects it refused with nothing written; `refused` are the media's positions */
async function expectRefused(id: string, d: NoticeDraft, refused: number[]) {
  const before = dataOnly()
  const res = await w.h.call(notices, 'save', { id, draft: d }, OFFICE, 'bo')
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' } })
  if (res.ok) return
  expect(res.error.message).toBe(t('bo', 'storage.foreignFile'))
  expect(res.error.details).toEqual(
    refused.map((i) => ({ path: `draft.media.${i}`, message: t('bo', 'storage.foreignFile') })),
  )
  expect(dataOnly()).toBe(before)
}

async function publishAs(id: string, d: NoticeDraft) {
  await ok(w.h.call(notices, 'save', { id, draft: d }, OFFICE))
  await ok(w.h.call(notices, 'submit', { id }, OFFICE))
  await ok(w.h.call(notices, 'approve', { id }, REVIEWER))
  await ok(w.h.call(notices, 'publish', { id }, OFFICE))
}

describe('save accepts media only from the notice’s own folder', () => {
  it('takes a picture uploaded into the notice’s folder, and the reader gets its URL', async () => {
    const id = randomUUID()
    const picture = await uploadFor(id)
    await publishAs(id, draft(w, { media: [image(picture)] }))
    const detail = await ok(w.h.call(notices, 'open', { id }, HOUSEHOLD))
    expect(detail.media).toHaveLength(1)
    expect(detail.media[0]!.url).toMatch(/^http/)
  })

  it('refuses a roster export on a new draft: no notice is created', async () => {
    const id = randomUUID()
    await expectRefused(id, draft(w, { media: [image(exportFile)] }), [0])
    expect(w.h.find('notices', { _id: id })).toHaveLength(0)
  })

  it('refuses another notice’s file, even beside one of its own', async () => {
    const other = randomUUID()
    const theirs = await uploadFor(other)
    await ok(w.h.call(notices, 'save', { id: other, draft: draft(w, { media: [image(theirs)] }) }, OFFICE))
    const id = randomUUID()
    await expectRefused(id, draft(w, { media: [image(await uploadFor(id)), image(theirs)] }), [1])
  })

  it('refuses the right path in another environment', async () => {
    const id = randomUUID()
    await expectRefused(id, draft(w, { media: [image(foreignEnvFileId(noticeMediaPath(id, 'a', 'jpg')))] }), [0])
  })

  it('refuses paths that climb out of the notice’s folder, however they are spelt', async () => {
    const id = randomUUID()
    const paths = [
      `notices/${id}/../../${EXPORT_PATH}`,
      `notices/${id}/..%2F..%2F${EXPORT_PATH.replace('/', '%2F')}`,
      `notices/${id}/a/../../../${EXPORT_PATH}`,
      `notices/${id}/.jpg`,
      `notices/./${id}/a.jpg`,
    ]
    await expectRefused(id, draft(w, { media: paths.map((p) => image(fileIdOf(p))) }), [0, 1, 2, 3, 4])
  })

  it('refuses media for a notice whose id cannot name a folder', async () => {
    const id = '../exports'
    await expectRefused(id, draft(w, { media: [image(fileIdOf(`notices/${id}/a.jpg`))] }), [0])
  })

  it('lets an edit keep what the notice holds, and refuses one that adds a foreign file, changing nothing', async () => {
    const id = randomUUID()
    const own = await uploadFor(id)
    await ok(w.h.call(notices, 'save', { id, draft: draft(w, { media: [image(own)] }) }, OFFICE))
    // a notice saved before the check existed may hold a file from the old flat folder
    const older = fileIdOf(`notices/${randomUUID()}.jpg`)
    w.h.lc.store.update('notices', { _id: id }, { $set: { 'draft.media': [image(own), image(older)] } })
    await expectRefused(id, draft(w, { media: [image(own), image(older), image(exportFile)] }), [2])
    expect(w.h.find('notices', { _id: id })[0]).toMatchObject({ draft: { media: [image(own), image(older)] } })
    const kept = draft(w, { media: [image(older), image(own), image(await uploadFor(id))] })
    await ok(w.h.call(notices, 'save', { id, draft: kept }, OFFICE))
    expect(w.h.find('notices', { _id: id })[0]).toMatchObject({ draft: { media: kept.media } })
  })

  it('refuses malformed media as invalid input', async () => {
    const before = dataOnly()
    const d = {
      ...draft(w),
      media: [
        { kind: 'image', fileID: { $regex: 'exports' } },
        { kind: 'video', fileID: exportFile },
      ],
    }
    const res = await w.h.raw('notices', 'save', { id: randomUUID(), draft: d }, OFFICE)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(dataOnly()).toBe(before)
  })
})

describe('a reader’s detail', () => {
  it('never carries a URL to a file outside the notice’s folder, whatever was stored', async () => {
    const id = randomUUID()
    const own = await uploadFor(id)
    const other = await uploadFor(randomUUID())
    await publishAs(id, draft(w, { media: [image(own)] }))
    // a notice stored before the check existed, naming whatever its author put in
    w.h.lc.store.update(
      'notices',
      { _id: id },
      { $set: { 'draft.media': [image(exportFile), image(own), image(other)] } },
    )
    const detail = await ok(w.h.call(notices, 'open', { id }, HOUSEHOLD))
    expect(detail.media.map((m) => m.url !== '')).toEqual([false, true, false])
    expect(detail.media.some((m) => m.url.includes('exports/'))).toBe(false)
    expect(detail.media[1]!.url).toContain(`notices/${id}/`)
  })
})
