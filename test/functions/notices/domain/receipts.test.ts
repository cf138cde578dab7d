import { counterIncrements, readsIn, receiptFor, receiptId, unreadFirst } from '@functions/notices/domain/receipts'

const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const household = { kind: 'household' as const, id: 'h9', regionPath: [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE] }

test('a receipt id names the notice and the reader, so a second read is the same document', () => {
  expect(receiptId('n1', { kind: 'household', id: 'h9' })).toBe(receiptId('n1', { kind: 'household', id: 'h9' }))
  expect(receiptId('n1', { kind: 'household', id: 'h9' })).not.toBe(receiptId('n1', { kind: 'official', id: 'h9' }))
  expect(receiptFor('n1', household, '2026-12-06T02:00:00.000Z')).toEqual({
    _id: receiptId('n1', household),
    noticeId: 'n1',
    readerKind: 'household',
    readerId: 'h9',
    regionPath: household.regionPath,
    at: '2026-12-06T02:00:00.000Z',
  })
})

test('one read counts once at each of the four levels, and a level reads its own counter', () => {
  expect(counterIncrements(household)).toEqual({
    [`household.r${PREFECTURE}`]: 1,
    [`household.r${KANGDING}`]: 1,
    [`household.r${TOWNSHIP}`]: 1,
    [`household.r${VILLAGE}`]: 1,
  })
  const stats = { _id: 'n1', household: { [`r${TOWNSHIP}`]: 3 } }
  expect(readsIn(stats, 'household', TOWNSHIP)).toBe(3)
  expect(readsIn(stats, 'official', TOWNSHIP)).toBe(0)
  expect(readsIn(undefined, 'household', TOWNSHIP)).toBe(0)
})

test('unread notices come first, newest first within each group, ties by id', () => {
  const day = (d: number) => `2026-12-0${d}T00:00:00.000Z`
  const items = [
    { id: 'a', read: true, publishedAt: day(5) },
    { id: 'b', read: false, publishedAt: day(1) },
    { id: 'c', read: false, publishedAt: day(3) },
    { id: 'd', read: true, publishedAt: day(9) },
    { id: 'e', read: false, publishedAt: day(3) },
  ]
  expect(unreadFirst(items).map((i) => i.id)).toEqual(['c', 'e', 'b', 'd', 'a'])
})
