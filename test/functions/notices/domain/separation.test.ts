/**
 * Separation of duties in review: nobody arranges the review of their own notice. A reviewer whose grant
 * was made by the notice's author (a second identity of the author) or by an openid holding the author's
 * office (a reviewer the office controls) cannot approve or return it.
 */
import type { NoticeDraft } from '@shared/contracts/notices'
import { AppError } from '@shared/errors'
import {
  appointedByAuthor,
  approveNotice,
  createNotice,
  editNotice,
  returnNotice,
  submitNotice,
} from '@functions/notices/domain/review'

const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const now = '2026-12-06T02:00:00.000Z'
const author = { openid: 'office-kangding', region: KANGDING }

const draft: NoticeDraft = {
  title: { 'zh-Hans': '春耕补贴', bo: 'སོ་ནམ་རོགས་སྐྱོར།' },
  body: { 'zh-Hans': '补贴已发放。', bo: 'རོགས་སྐྱོར་བགོ་འགྲེམས་བྱས་ཟིན།' },
  category: 'policy',
  media: [],
  audience: { regions: [TOWNSHIP], roles: 'households' },
  publishAt: null,
  expireAt: null,
}

const submitted = () => submitNotice(createNotice('n1', draft, author, now), author, now)

const reviewer = (openid: string | undefined, offices: string[] | undefined) => ({
  openid: 'reviewer-phone',
  region: KANGDING,
  appointedBy: { openid, offices },
})

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error.reason ?? error.code
    throw error
  }
  return undefined
}

test('a reviewer the author appointed (the author’s second identity) cannot approve or return', () => {
  const second = reviewer(author.openid, [KANGDING])
  expect(reasonOf(() => approveNotice(submitted(), second, now))).toBe('notice.appointedByAuthor')
  expect(reasonOf(() => returnNotice(submitted(), second, 'no', now))).toBe('notice.appointedByAuthor')
})

test('a reviewer appointed by anyone holding the author’s office cannot approve', () => {
  const colleagues = reviewer('office-kangding-colleague', [KANGDING])
  expect(reasonOf(() => approveNotice(submitted(), colleagues, now))).toBe('notice.appointedByAuthor')
  // the office region as stored with 6 digits is the same office
  expect(appointedByAuthor(submitted(), [], reviewer('someone', ['513301']))).toBe(true)
})

test('a reviewer appointed by a later editor of the version cannot approve it', () => {
  const colleague = { openid: 'office-kangding-2', region: KANGDING }
  const edited = submitNotice(editNotice(createNotice('n1', draft, author, now), draft, colleague, now), colleague, now)
  expect(reasonOf(() => approveNotice(edited, reviewer(colleague.openid, []), now))).toBe('notice.appointedByAuthor')
})

test('a reviewer appointed from outside the author’s office approves; a grant with no record is not refused', () => {
  expect(approveNotice(submitted(), reviewer('office-prefecture', [PREFECTURE]), now).status).toBe('approved')
  expect(approveNotice(submitted(), { openid: 'reviewer-phone', region: KANGDING }, now).status).toBe('approved')
})
