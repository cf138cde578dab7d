/** The notices contract's own rules: which language a reader sees, which recording, what a draft needs. */
import * as v from 'valibot'
import { NoticeDraftSchema, pickAudio, pickText } from '@shared/contracts/notices'
import { validate } from '@shared/contract'

const both = { title: { 'zh-Hans': '通知', bo: 'བརྡ་ཐོ།' }, body: { 'zh-Hans': '正文', bo: 'ནང་དོན།' } }
const zhOnly = { title: { 'zh-Hans': '通知', bo: '' }, body: { 'zh-Hans': '正文', bo: '' } }

test('a reader gets their language when written, else the other one marked as fallback, title and body alike', () => {
  expect(pickText(both, 'bo')).toEqual({ lang: 'bo', fallback: false, title: 'བརྡ་ཐོ།', body: 'ནང་དོན།' })
  expect(pickText(both, 'zh-Hans')).toEqual({ lang: 'zh-Hans', fallback: false, title: '通知', body: '正文' })
  expect(pickText(zhOnly, 'bo')).toEqual({ lang: 'zh-Hans', fallback: true, title: '通知', body: '正文' })
})

test('a recording in the reader’s language is preferred', () => {
  const media = [
    { kind: 'image', fileID: 'p' },
    { kind: 'audio', fileID: 'zh', lang: 'zh-Hans' as const },
    { kind: 'audio', fileID: 'bo', lang: 'bo' as const },
  ]
  expect(pickAudio(media, 'bo')?.fileID).toBe('bo')
  expect(pickAudio(media, 'zh-Hans')?.fileID).toBe('zh')
})

const base = {
  title: { 'zh-Hans': '', bo: 'བརྡ་ཐོ།' },
  body: { 'zh-Hans': '', bo: 'ནང་དོན།' },
  category: 'policy',
  media: [],
  audience: { regions: ['513301001000'], roles: 'households' },
  publishAt: null,
  expireAt: null,
}

test('a draft needs a title and body in at least one language, and an audience', () => {
  const empty = validate(
    NoticeDraftSchema,
    { ...base, title: { 'zh-Hans': '', bo: '' }, body: { 'zh-Hans': '', bo: '' } },
    'zh-Hans',
  )
  expect(empty.ok).toBe(false)
  if (!empty.ok) expect(empty.issues.map((i) => i.message)).toContain('请至少用一种文字填写标题和正文')
  expect(v.safeParse(NoticeDraftSchema, base).success).toBe(true)
  const noRegion = validate(NoticeDraftSchema, { ...base, audience: { regions: [], roles: 'households' } }, 'bo')
  expect(noRegion.ok).toBe(false)
})

test('publish and expiry are instants, kept in one form, the expiry after the publication', () => {
  const parsed = v.safeParse(NoticeDraftSchema, {
    ...base,
    publishAt: '2026-12-01T00:00:00Z',
    expireAt: '2026-12-08T00:00:00.000Z',
  })
  expect(parsed.success && parsed.output.publishAt).toBe('2026-12-01T00:00:00.000Z')
  expect(v.safeParse(NoticeDraftSchema, { ...base, publishAt: 1_764_547_200_000 }).success).toBe(false)
  expect(v.safeParse(NoticeDraftSchema, { ...base, publishAt: '2026-12-01' }).success).toBe(false)
  const backwards = validate(
    NoticeDraftSchema,
    { ...base, publishAt: '2026-12-08T00:00:00.000Z', expireAt: '2026-12-01T00:00:00.000Z' },
    'zh-Hans',
  )
  expect(backwards.ok).toBe(false)
})
