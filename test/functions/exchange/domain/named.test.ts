/**
 * When a named family's or studio's annual review falls due: a year after it was named or last kept, on the
 * China calendar — not due at 364 days, due at 365, the day turning at China's midnight (16:00 UTC), 29
 * February due on 1 March; a later review moves it; a revoked record is never due; and the read's index
 * bound (`namedBefore`) never leaves out a record that is due.
 */
import type { Named, NamedEvent } from '@config/documents'
import { isReviewDue, lastConfirmed, namedBefore, reviewDue, yearAfter } from '@functions/exchange/domain/named'
import { addDays, dayStart } from '@shared/time'

const by = { openid: 'office', role: 'office' as const, id: '513301000000' }

function record(namedAt: string, extra: Partial<Named> = {}, kept: string[] = []): Named {
  const history: NamedEvent[] = [
    { type: 'named', at: namedAt, by, year: 2026 },
    ...kept.map((at): NamedEvent => ({ type: 'kept', at, by, year: Number(at.slice(0, 4)) })),
  ]
  return {
    _id: 'n1',
    campaignId: 'c1',
    year: 2026,
    kind: 'family',
    householdId: 'h1',
    unitId: null,
    name: { 'zh-Hans': '卓玛', bo: 'སྒྲོལ་མ' },
    regionPath: ['513300000000', '513301000000'],
    status: 'active',
    history,
    told: 'none',
    namedAt,
    updatedAt: namedAt,
    ...extra,
  }
}

test('a year on the China calendar, 29 February giving 1 March', () => {
  expect(yearAfter('2026-03-10')).toBe('2027-03-10')
  expect(yearAfter('2026-12-31')).toBe('2027-12-31')
  expect(yearAfter('2028-02-29')).toBe('2029-03-01')
  expect(yearAfter('2027-02-28')).toBe('2028-02-28')
})

test('not due at 364 days, due at 365', () => {
  // named at 10:00 China time on 10 March 2026
  const n = record('2026-03-10T02:00:00.000Z')
  expect(reviewDue(n)).toBe('2027-03-10')
  expect(addDays('2026-03-10', 364)).toBe('2027-03-09')
  expect(isReviewDue(n, '2027-03-09')).toBe(false)
  expect(isReviewDue(n, '2027-03-10')).toBe(true)
  expect(isReviewDue(n, '2027-06-01')).toBe(true)
})

test('the day turns at China’s midnight, not UTC’s', () => {
  // 23:59:59 China time on 9 March (15:59:59 UTC) and 00:00 on 10 March (16:00 UTC, still 9 March in UTC)
  const late = record('2026-03-09T15:59:59.999Z')
  const midnight = record('2026-03-09T16:00:00.000Z')
  expect(reviewDue(late)).toBe('2027-03-09')
  expect(reviewDue(midnight)).toBe('2027-03-10')
  expect(isReviewDue(midnight, '2027-03-09')).toBe(false)
  expect(isReviewDue(late, '2027-03-09')).toBe(true)
})

test('named on 29 February: not due on 28 February, due on 1 March', () => {
  const n = record('2028-02-29T04:00:00.000Z')
  expect(isReviewDue(n, '2029-02-28')).toBe(false)
  expect(isReviewDue(n, '2029-03-01')).toBe(true)
})

test('a review keeps it for another year from the day it was kept; a revoked record is never due', () => {
  const kept = record('2026-03-10T02:00:00.000Z', {}, ['2027-03-12T03:00:00.000Z'])
  expect(lastConfirmed(kept)).toBe('2027-03-12T03:00:00.000Z')
  expect(isReviewDue(kept, '2027-03-12')).toBe(false)
  expect(isReviewDue(kept, '2028-03-11')).toBe(false)
  expect(isReviewDue(kept, '2028-03-12')).toBe(true)
  // a review written early in the year does not move the due day back
  const early = record('2026-03-10T02:00:00.000Z', {}, ['2026-01-01T02:00:00.000Z'])
  expect(reviewDue(early)).toBe('2027-03-10')
  const revoked = record('2024-03-10T02:00:00.000Z', { status: 'revoked' })
  expect(isReviewDue(revoked, '2027-03-10')).toBe(false)
})

test('the read’s bound on the named instant never leaves out a record that is due', () => {
  let due = 0
  const missed: string[] = []
  // every day over two years and a leap day, each at China and UTC midnights and in between, read 363-367
  // days later
  for (let j = 0; j < 1100; j++) {
    const namedDay = addDays('2026-01-01', j)
    for (const hour of [0, 7, 15, 16, 23]) {
      const namedAt = new Date(Date.parse(dayStart(namedDay)) + hour * 3_600_000).toISOString()
      const n = record(namedAt)
      for (const after of [363, 364, 365, 366, 367]) {
        const today = addDays(namedDay, after)
        if (!isReviewDue(n, today)) continue
        due++
        if (namedAt >= namedBefore(today)) missed.push(`${namedAt} on ${today}`)
      }
    }
  }
  expect(missed).toEqual([])
  expect(due).toBeGreaterThan(1100 * 5 * 2)
})
