import * as v from 'valibot'
import { NoticeDraftSchema, pickAudio, pickText } from '../../../src/shared/contracts/notices'
import { validate } from '../../../src/shared/contract'
import { commonAncestor, normaliseRegions, reaches } from '../../../cloudfunctions/notices/domain/audience'
import { pathOf } from '../../../src/shared/region'
import { counterIncrements, receiptId, unreadFirst } from '../../../cloudfunctions/notices/domain/receipts'
import { messageData, outcomeOf } from '../../../cloudfunctions/notices/domain/push'

const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const household = { kind: 'household' as const, regionPath: [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE] }
const elsewhere = {
  kind: 'household' as const,
  regionPath: [PREFECTURE, '513322000000', '513322003000', '513322003001'],
}

describe('targeting', () => {
  test('a region code names its ancestors', () => {
    expect(pathOf(VILLAGE)).toEqual([PREFECTURE, KANGDING, TOWNSHIP, VILLAGE])
    expect(pathOf(KANGDING)).toEqual([PREFECTURE, KANGDING])
    expect(pathOf('513300000000')).toEqual([PREFECTURE])
  })

  test('a household sees notices for its village and every region above it', () => {
    for (const code of [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE]) {
      expect(reaches({ regions: [code], roles: 'households' }, household)).toBe(true)
    }
  })

  test('a household outside the audience is not reached', () => {
    expect(reaches({ regions: [TOWNSHIP], roles: 'households' }, elsewhere)).toBe(false)
    expect(reaches({ regions: ['513301001001'], roles: 'both' }, household)).toBe(false)
  })

  test('a notice for officials only does not reach households', () => {
    expect(reaches({ regions: [PREFECTURE], roles: 'officials' }, household)).toBe(false)
    expect(reaches({ regions: [PREFECTURE], roles: 'officials' }, { ...household, kind: 'official' })).toBe(true)
  })

  test('a region inside another chosen region is dropped; the review region is the lowest common one', () => {
    expect(normaliseRegions([VILLAGE, KANGDING, KANGDING])).toEqual([KANGDING])
    expect(commonAncestor([VILLAGE, '513301002000'])).toBe(KANGDING)
    expect(commonAncestor([VILLAGE, '513322000000'])).toBe(PREFECTURE)
  })
})

describe('languages', () => {
  const both = { title: { 'zh-Hans': '通知', bo: 'བརྡ་ཐོ།' }, body: { 'zh-Hans': '正文', bo: 'ནང་དོན།' } }
  const zhOnly = { title: { 'zh-Hans': '通知', bo: '' }, body: { 'zh-Hans': '正文', bo: '' } }

  test('a reader gets their language when written, else the other one marked as fallback', () => {
    expect(pickText(both, 'bo')).toEqual({ lang: 'bo', fallback: false, title: 'བརྡ་ཐོ།', body: 'ནང་དོན།' })
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

  test('a draft needs a title and body in at least one language', () => {
    const base = {
      title: { 'zh-Hans': '', bo: '' },
      body: { 'zh-Hans': '', bo: '' },
      category: 'policy',
      media: [],
      audience: { regions: [TOWNSHIP], roles: 'households' },
      publishAt: null,
      expireAt: null,
    }
    const empty = validate(NoticeDraftSchema, base, 'zh-Hans')
    expect(empty.ok).toBe(false)
    if (!empty.ok) expect(empty.issues.map((i) => i.message)).toContain('请至少用一种文字填写标题和正文')
    const boOnly = { ...base, title: { 'zh-Hans': '', bo: 'བརྡ་ཐོ།' }, body: { 'zh-Hans': '', bo: 'ནང་དོན།' } }
    expect(v.safeParse(NoticeDraftSchema, boOnly).success).toBe(true)
    const noRegion = validate(NoticeDraftSchema, { ...boOnly, audience: { regions: [], roles: 'households' } }, 'bo')
    expect(noRegion.ok).toBe(false)
  })
})

describe('receipts and push', () => {
  test('a receipt id names the notice and the reader, so a second read is the same document', () => {
    expect(receiptId('n1', { kind: 'household', id: 'h9' })).toBe(receiptId('n1', { kind: 'household', id: 'h9' }))
    expect(receiptId('n1', { kind: 'household', id: 'h9' })).not.toBe(receiptId('n1', { kind: 'official', id: 'h9' }))
  })

  test('one read counts once at each of the four levels', () => {
    expect(counterIncrements(household)).toEqual({
      [`household.r${PREFECTURE}`]: 1,
      [`household.r${KANGDING}`]: 1,
      [`household.r${TOWNSHIP}`]: 1,
      [`household.r${VILLAGE}`]: 1,
    })
  })

  test('unread notices come first, newest first within each group', () => {
    const items = [
      { id: 'a', read: true, publishedAt: 5 },
      { id: 'b', read: false, publishedAt: 1 },
      { id: 'c', read: false, publishedAt: 3 },
      { id: 'd', read: true, publishedAt: 9 },
    ]
    expect(unreadFirst(items).map((i) => i.id)).toEqual(['c', 'b', 'd', 'a'])
  })

  test('43101 is "no subscription", other errors are failures', () => {
    expect(outcomeOf(0)).toBe('sent')
    expect(outcomeOf(43101)).toBe('noSubscription')
    expect(outcomeOf(40003)).toBe('failed')
  })

  test('the message title is cut to WeChat’s 20 characters, in the reader’s language', () => {
    const draft = {
      title: { 'zh-Hans': '关于做好二〇二五年春耕生产补贴发放工作的通知', bo: 'བརྡ་ཐོ།' },
      body: { 'zh-Hans': '正文', bo: 'ནང་དོན།' },
      category: 'policy' as const,
      media: [],
      audience: { regions: [TOWNSHIP], roles: 'households' as const },
      publishAt: null,
      expireAt: null,
    }
    const zh = messageData(draft, 'zh-Hans', Date.UTC(2025, 2, 31, 20), '康定市')
    expect([...zh.thing1.value]).toHaveLength(20)
    expect(zh.date2.value).toBe('2025-04-01')
    expect(messageData(draft, 'bo', 0, 'x').thing1.value).toBe('བརྡ་ཐོ།')
  })
})
