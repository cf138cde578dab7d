/**
 * Refusals that say where, through the built bundle: a save, a submit or a return the rules refuse answers
 * INVALID_ARGUMENT with the path of each field to fix and its message in the caller's language, so the
 * editor marks the field rather than showing "填写的内容有误". And a county's notice is the county's: an
 * office above sees it by the county's name and changes nothing in it.
 */
import { randomUUID } from 'node:crypto'
import { notices } from '@shared/contracts/notices'
import { t } from '@shared/i18n'
import type { World } from './world'
import { OFFICE, REVIEWER, draft, ok, publish, startWorld } from './world'

jest.setTimeout(180_000)

const PREFECTURE_OFFICE = 'demo-office-prefecture'

let w: World

beforeAll(async () => {
  w = await startWorld()
})

afterAll(async () => {
  await w?.h.close()
})

const empty = { 'zh-Hans': '', bo: '' }

/** the stored data apart from the audit trail, which records refusals themselves */
function dataOnly(): string {
  const { audit: _audit, auditCounters: _counters, ...rest } = JSON.parse(w.h.snapshot()) as Record<string, unknown>
  return JSON.stringify(rest)
}

test('saving a notice with no text names every text field, in Tibetan', async () => {
  const res = await w.h.call(
    notices,
    'save',
    { id: randomUUID(), draft: draft(w, { title: empty, body: empty }) },
    OFFICE,
    'bo',
  )
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect(res.error.code).toBe('INVALID_ARGUMENT')
  const message = t('bo', 'notice.languageRequired')
  expect(res.error.details).toEqual(
    ['draft.title.zh-Hans', 'draft.title.bo', 'draft.body.zh-Hans', 'draft.body.bo'].map((path) => ({ path, message })),
  )
})

test('a title without its body names the body of that language', async () => {
  const half = draft(w, { body: { 'zh-Hans': '正文。', bo: '' } })
  const res = await w.h.call(notices, 'save', { id: randomUUID(), draft: half }, OFFICE)
  expect(res).toMatchObject({
    ok: false,
    error: {
      code: 'INVALID_ARGUMENT',
      details: [{ path: 'draft.body.bo', message: t('zh-Hans', 'notice.titleAndBody') }],
    },
  })
})

test('submitting a stored draft that lacks text names the field, and nothing changes', async () => {
  const { h } = w
  const id = randomUUID()
  await ok(h.call(notices, 'save', { id, draft: draft(w) }, OFFICE))
  // a draft stored before the rule held (the schema checks every save now)
  h.lc.store.update('notices', { _id: id }, { $set: { 'draft.body.bo': '' } })
  const before = dataOnly()
  const res = await h.call(notices, 'submit', { id }, OFFICE, 'bo')
  expect(res).toMatchObject({
    ok: false,
    error: {
      code: 'INVALID_ARGUMENT',
      reason: 'notice.titleAndBody',
      message: t('bo', 'notice.titleAndBody'),
      details: [{ path: 'draft.body.bo', message: t('bo', 'notice.titleAndBody') }],
    },
  })
  expect(dataOnly()).toBe(before)
})

test('text held back by moderation names the title and body of its language', async () => {
  const { h } = w
  h.lc.openApi.setWordList(['违禁词'])
  try {
    const id = randomUUID()
    const d = draft(w, { body: { 'zh-Hans': '含有违禁词的正文', bo: 'ནང་དོན།' } })
    await ok(h.call(notices, 'save', { id, draft: d }, OFFICE))
    const res = await h.call(notices, 'submit', { id }, OFFICE)
    const message = t('zh-Hans', 'notice.moderationFailed')
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        reason: 'notice.moderationFailed',
        details: [
          { path: 'draft.title.zh-Hans', message },
          { path: 'draft.body.zh-Hans', message },
        ],
      },
    })
  } finally {
    h.lc.openApi.setWordList([])
  }
})

test('returning without a comment names the comment, in the reviewer’s language', async () => {
  const { h } = w
  const id = randomUUID()
  await ok(h.call(notices, 'save', { id, draft: draft(w) }, OFFICE))
  await ok(h.call(notices, 'submit', { id }, OFFICE))
  for (const lang of ['zh-Hans', 'bo'] as const) {
    const res = await h.call(notices, 'returnNotice', { id, comment: '   ' }, REVIEWER, lang)
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: [{ path: 'comment', message: t(lang, 'validation.required') }] },
    })
  }
  expect((await ok(h.call(notices, 'record', { id }, REVIEWER))).status).toBe('submitted')
})

test('the prefecture office opens a county’s notice by the county’s name and changes nothing in it', async () => {
  const { h } = w
  const id = await publish(w)
  const seen = await ok(h.call(notices, 'record', { id }, PREFECTURE_OFFICE))
  const county = h.find('regions', { _id: w.home[1]! })[0]!
  expect(seen.office).toEqual({ region: w.home[1], name: county.name })
  expect(seen.ownOffice).toBe(false)
  expect((await ok(h.call(notices, 'record', { id }, OFFICE))).ownOffice).toBe(true)

  const before = dataOnly()
  const refused = { ok: false, error: { code: 'FORBIDDEN', reason: 'notice.notOwnOffice' } }
  expect(await h.call(notices, 'save', { id, draft: draft(w) }, PREFECTURE_OFFICE)).toMatchObject(refused)
  expect(await h.call(notices, 'retract', { id, reason: '州里撤回' }, PREFECTURE_OFFICE)).toMatchObject(refused)
  const draftId = randomUUID()
  await ok(h.call(notices, 'save', { id: draftId, draft: draft(w) }, OFFICE))
  const withDraft = dataOnly()
  expect(await h.call(notices, 'submit', { id: draftId }, PREFECTURE_OFFICE)).toMatchObject(refused)
  expect(dataOnly()).toBe(withDraft)
  expect(before).not.toBe(withDraft)
  expect((await ok(h.call(notices, 'record', { id }, OFFICE))).status).toBe('published')
})
