/**
 * Review before publishing (先审后发) through the built bundle on the local cloud: what readers see at
 * each step, self-approval, returns, revisions of a published notice, retraction and content moderation.
 */
import { randomUUID } from 'node:crypto'
import { notices } from '@shared/contracts/notices'
import type { World } from './world'
import { HOUSEHOLD, OFFICE, OFFICE_AND_REVIEWER, REVIEWER, draft, ok, publish, startWorld } from './world'

jest.setTimeout(180_000)

let w: World

beforeAll(async () => {
  w = await startWorld()
})

afterAll(async () => {
  await w?.h.close()
})

test('a notice reaches households only after review and publication', async () => {
  const { h } = w
  const id = randomUUID()
  await ok(h.call(notices, 'save', { id, draft: draft(w) }, OFFICE))
  await ok(h.call(notices, 'submit', { id }, OFFICE))
  const before = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(before.items.map((i) => i.id)).not.toContain(id)
  const queue = await ok(h.call(notices, 'queue', {}, REVIEWER))
  expect(queue.items.map((i) => i.id)).toContain(id)
  await ok(h.call(notices, 'approve', { id }, REVIEWER))
  await ok(h.call(notices, 'publish', { id }, OFFICE))
  const after = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(after.items.find((i) => i.id === id)).toMatchObject({ read: false, title: draft(w).title })
})

test('stores and answers instants as ISO strings: the history, the publication, the feed and the detail', async () => {
  const { h } = w
  const id = await publish(w)
  const stored = h.find('notices', { _id: id })[0]!
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
  for (const field of ['publishAt', 'expireAt', 'createdAt', 'updatedAt', 'publishedAt'])
    expect(stored[field]).toMatch(iso)
  expect((stored.history as { at: string }[]).map((e) => e.at).every((at) => iso.test(at))).toBe(true)
  const record = await ok(h.call(notices, 'record', { id }, OFFICE))
  expect(record.publishedAt).toBe(stored.publishedAt)
  expect(record.history.map((e) => e.action)).toEqual(['create', 'submit', 'approve', 'publish'])
  const feed = await ok(h.call(notices, 'feed', { pageSize: 20 }, HOUSEHOLD))
  expect(feed.items.find((i) => i.id === id)?.publishedAt).toBe(stored.publishedAt)
  const opened = await ok(h.call(notices, 'open', { id }, HOUSEHOLD))
  expect(opened.publishedAt).toBe(stored.publishedAt)
})

test('a notice with a publish time later than its publication waits for it; an expired one is gone', async () => {
  const { h } = w
  const later = await publish(w, draft(w, { publishAt: new Date(Date.now() + 3_600_000).toISOString() }))
  const expireAt = new Date(Date.now() + 4000).toISOString()
  const expiring = await publish(w, draft(w, { expireAt }))
  const feed = await ok(h.call(notices, 'feed', { pageSize: 20 }, HOUSEHOLD))
  expect(feed.items.map((i) => i.id)).not.toContain(later)
  expect(feed.items.map((i) => i.id)).toContain(expiring)
  expect(await h.call(notices, 'open', { id: later }, HOUSEHOLD)).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  })
  await new Promise((resolve) => setTimeout(resolve, Date.parse(expireAt) - Date.now() + 100))
  const after = await ok(h.call(notices, 'feed', { pageSize: 20 }, HOUSEHOLD))
  expect(after.items.map((i) => i.id)).not.toContain(expiring)
  expect(await h.call(notices, 'open', { id: expiring }, HOUSEHOLD)).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  })
})

test('refuses self-approval even when the author holds the reviewer role', async () => {
  const { h } = w
  const id = randomUUID()
  await ok(h.call(notices, 'save', { id, draft: draft(w) }, OFFICE_AND_REVIEWER))
  await ok(h.call(notices, 'submit', { id }, OFFICE_AND_REVIEWER))
  const res = await h.call(notices, 'approve', { id }, OFFICE_AND_REVIEWER)
  expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', reason: 'notice.selfApproval' } })
  const record = await ok(h.call(notices, 'record', { id }, REVIEWER))
  expect(record).toMatchObject({ status: 'submitted', canReview: true })
})

test('a returned notice shows the comment to the author and cannot be published', async () => {
  const { h } = w
  const id = randomUUID()
  await ok(h.call(notices, 'save', { id, draft: draft(w) }, OFFICE))
  await ok(h.call(notices, 'submit', { id }, OFFICE))
  await ok(h.call(notices, 'returnNotice', { id, comment: '请补充联系电话' }, REVIEWER))
  expect(await h.call(notices, 'publish', { id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  const record = await ok(h.call(notices, 'record', { id }, OFFICE))
  expect(record).toMatchObject({ status: 'returned', returnComment: '请补充联系电话' })
  const mine = await ok(h.call(notices, 'mine', {}, OFFICE))
  expect(mine.items.find((i) => i.id === id)).toMatchObject({ status: 'returned', authoredByMe: true })
})

test('editing a published notice needs review again; readers keep the published text meanwhile', async () => {
  const { h } = w
  const id = await publish(w)
  const corrected = draft(w, {
    title: { 'zh-Hans': '春耕补贴发放通知（更正）', bo: '' },
    body: { 'zh-Hans': '更正后的正文。', bo: '' },
  })
  await ok(h.call(notices, 'save', { id, draft: corrected }, OFFICE))
  await ok(h.call(notices, 'submit', { id }, OFFICE))
  const during = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(during.items.find((i) => i.id === id)?.title['zh-Hans']).toBe('春耕补贴发放通知')
  expect(await h.call(notices, 'approve', { id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  await ok(h.call(notices, 'approve', { id }, REVIEWER))
  await ok(h.call(notices, 'publish', { id }, OFFICE))
  const after = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(after.items.find((i) => i.id === id)?.title['zh-Hans']).toBe('春耕补贴发放通知（更正）')
})

test('retraction hides the notice from feeds and opening, but keeps it, its reason and its receipts', async () => {
  const { h } = w
  const id = await publish(w)
  await ok(h.call(notices, 'open', { id }, HOUSEHOLD))
  await ok(h.call(notices, 'retract', { id, reason: '内容已过时' }, OFFICE))
  const feed = await ok(h.call(notices, 'feed', {}, HOUSEHOLD))
  expect(feed.items.map((i) => i.id)).not.toContain(id)
  expect(await h.call(notices, 'open', { id }, HOUSEHOLD)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  const record = await ok(h.call(notices, 'record', { id }, OFFICE))
  expect(record).toMatchObject({ status: 'retracted', retractReason: '内容已过时', push: { state: 'done' } })
  expect(h.find('noticeReads', { noticeId: id })).toHaveLength(1)
})

test('text that fails content moderation cannot be submitted', async () => {
  const { h } = w
  h.lc.openApi.setWordList(['违禁词'])
  const id = randomUUID()
  await ok(
    h.call(notices, 'save', { id, draft: draft(w, { body: { 'zh-Hans': '含有违禁词的正文', bo: 'ནང་དོན།' } }) }, OFFICE),
  )
  const res = await h.call(notices, 'submit', { id }, OFFICE)
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'notice.moderationFailed' } })
  h.lc.openApi.setWordList([])
})
