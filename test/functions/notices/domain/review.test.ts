import type { NoticeDraft } from '@shared/contracts/notices'
import { AppError } from '@shared/errors'
import {
  approveNotice,
  createNotice,
  editNotice,
  publishNotice,
  retractNotice,
  returnNotice,
  submitNotice,
} from '@functions/notices/domain/review'
import { isLive } from '@functions/notices/domain/audience'

const KANGDING = '513301000000'
const LUDING = '513322000000'
const TOWNSHIP = '513301001000'
const author = { openid: 'office-kangding', region: KANGDING }
const reviewer = { openid: 'reviewer-kangding', region: KANGDING }
/** instants `ms` milliseconds after a fixed start */
const at = (ms = 0) => new Date(Date.parse('2023-11-14T22:13:20.000Z') + ms).toISOString()
const now = at()

function draft(patch: Partial<NoticeDraft> = {}): NoticeDraft {
  return {
    title: { 'zh-Hans': '春耕补贴', bo: 'སོ་ནམ་རོགས་སྐྱོར།' },
    body: { 'zh-Hans': '补贴已发放。', bo: 'རོགས་སྐྱོར་བགོ་འགྲེམས་བྱས་ཟིན།' },
    category: 'policy',
    media: [],
    audience: { regions: [TOWNSHIP], roles: 'households' },
    publishAt: null,
    expireAt: null,
    ...patch,
  }
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error.reason ?? error.code
    throw error
  }
  return undefined
}

function published() {
  const doc = createNotice('n1', draft(), author, now)
  return publishNotice(approveNotice(submitNotice(doc, author, now), reviewer, now), author, at(1))
}

describe('review before publishing', () => {
  test('a new notice is a draft that nobody reads', () => {
    const doc = createNotice('n1', draft(), author, now)
    expect(doc.status).toBe('draft')
    expect(isLive(doc, now)).toBe(false)
  })

  test('draft → submitted → approved → published', () => {
    const submitted = submitNotice(createNotice('n1', draft(), author, now), author, now)
    expect(submitted.status).toBe('submitted')
    expect(submitted.reviewState).toBe('submitted')
    const approved = approveNotice(submitted, reviewer, now)
    expect(approved.status).toBe('approved')
    expect(approved.reviewState).toBeNull()
    const live = publishNotice(approved, author, at(5))
    expect(live.status).toBe('published')
    expect(isLive(live, at(5))).toBe(true)
    expect(live.history.map((e) => e.action)).toEqual(['create', 'submit', 'approve', 'publish'])
  })

  test('the author cannot approve their own notice, even holding the reviewer role', () => {
    const submitted = submitNotice(createNotice('n1', draft(), author, now), author, now)
    expect(reasonOf(() => approveNotice(submitted, { openid: author.openid, region: KANGDING }, now))).toBe(
      'notice.selfApproval',
    )
  })

  test('anyone who edited the version cannot approve it', () => {
    const colleague = { openid: 'office-colleague', region: KANGDING }
    const edited = editNotice(createNotice('n1', draft(), author, now), draft({ category: 'safety' }), colleague, now)
    const submitted = submitNotice(edited, author, now)
    expect(reasonOf(() => approveNotice(submitted, colleague, now))).toBe('notice.selfApproval')
  })

  test('a reviewer outside the audience region cannot review', () => {
    const submitted = submitNotice(createNotice('n1', draft(), author, now), author, now)
    expect(reasonOf(() => approveNotice(submitted, { openid: 'reviewer-luding', region: LUDING }, now))).toBe(
      'notice.outsideReviewRegion',
    )
  })

  test('a returned notice carries the comment and can be edited and submitted again', () => {
    const submitted = submitNotice(createNotice('n1', draft(), author, now), author, now)
    const returned = returnNotice(submitted, reviewer, '请补充藏文', now)
    expect(returned.status).toBe('returned')
    expect(returned.returnComment).toBe('请补充藏文')
    expect(reasonOf(() => publishNotice(returned, author, now))).toBe('notice.wrongState')
    const again = submitNotice(editNotice(returned, draft(), author, now), author, now)
    expect(again.status).toBe('submitted')
  })

  test('an unapproved notice cannot be published, and a submitted one cannot be edited', () => {
    const doc = createNotice('n1', draft(), author, now)
    expect(reasonOf(() => publishNotice(doc, author, now))).toBe('notice.wrongState')
    const submitted = submitNotice(doc, author, now)
    expect(reasonOf(() => publishNotice(submitted, author, now))).toBe('notice.wrongState')
    expect(reasonOf(() => editNotice(submitted, draft(), author, now))).toBe('notice.wrongState')
  })

  test('editing a published notice makes a revision that needs review; readers keep the published text', () => {
    const live = published()
    const edited = editNotice(
      live,
      draft({ title: { 'zh-Hans': '春耕补贴（更正）', bo: '' }, body: { 'zh-Hans': '更正。', bo: '' } }),
      author,
      at(10),
    )
    expect(edited.status).toBe('published')
    expect(edited.draft.title['zh-Hans']).toBe('春耕补贴')
    expect(edited.pending?.revision).toBe(2)
    expect(reasonOf(() => publishNotice(edited, author, at(11)))).toBe('notice.wrongState')
    const submitted = submitNotice(edited, author, at(12))
    expect(submitted.reviewState).toBe('submitted')
    expect(reasonOf(() => approveNotice(submitted, { openid: author.openid, region: KANGDING }, now))).toBe(
      'notice.selfApproval',
    )
    const republished = publishNotice(approveNotice(submitted, reviewer, at(13)), author, at(14))
    expect(republished.revision).toBe(2)
    expect(republished.draft.title['zh-Hans']).toBe('春耕补贴（更正）')
    expect(republished.pending).toBeNull()
    expect(isLive(republished, at(14))).toBe(true)
  })

  test('retraction hides the notice from readers but keeps it and its history', () => {
    const retracted = retractNotice(published(), author, '政策调整', at(20))
    expect(retracted.status).toBe('retracted')
    expect(retracted.retractReason).toBe('政策调整')
    expect(isLive(retracted, at(20))).toBe(false)
    expect(retracted.draft.title['zh-Hans']).toBe('春耕补贴')
    expect(retracted.history.at(-1)).toMatchObject({ action: 'retract', comment: '政策调整' })
    expect(reasonOf(() => editNotice(retracted, draft(), author, now))).toBe('notice.wrongState')
  })

  test('an office cannot target regions outside its own', () => {
    expect(
      reasonOf(() => createNotice('n1', draft({ audience: { regions: [LUDING], roles: 'both' } }), author, now)),
    ).toBe('notice.audienceOutsideRegion')
  })

  test('a scheduled notice is published but not shown before its time, nor after its expiry', () => {
    const doc = createNotice('n1', draft({ publishAt: at(1000), expireAt: at(5000) }), author, now)
    const live = publishNotice(approveNotice(submitNotice(doc, author, now), reviewer, now), author, now)
    expect(live.status).toBe('published')
    expect(isLive(live, at(999))).toBe(false)
    expect(isLive(live, at(1000))).toBe(true)
    expect(isLive(live, at(5000))).toBe(false)
  })
})

describe('only the office that wrote a notice changes it', () => {
  const prefecture = { openid: 'office-prefecture', region: '513300000000' }
  const colleague = { openid: 'office-kangding-2', region: KANGDING }

  it('refuses an office above it every change: it sees the county’s notice, but the notice stays the county’s', () => {
    const doc = createNotice('n1', draft(), author, now)
    expect(reasonOf(() => editNotice(doc, draft(), prefecture, now))).toBe('notice.notOwnOffice')
    expect(reasonOf(() => submitNotice(doc, prefecture, now))).toBe('notice.notOwnOffice')
    const approved = approveNotice(submitNotice(doc, author, now), reviewer, now)
    expect(reasonOf(() => publishNotice(approved, prefecture, now))).toBe('notice.notOwnOffice')
    expect(reasonOf(() => retractNotice(published(), prefecture, '错误', at(2)))).toBe('notice.notOwnOffice')
  })

  it('lets anyone holding the same office carry on', () => {
    const doc = createNotice('n1', draft(), author, now)
    expect(editNotice(doc, draft(), colleague, now).editors).toEqual([author.openid, colleague.openid])
    expect(retractNotice(published(), colleague, '错误', at(2)).status).toBe('retracted')
  })
})
