/** The reports' periods in China time: which are due, which have ended, which an office's list offers. */
import { duePeriods, ended, endedPeriods, stale } from '@functions/dashboard/domain/reports'

test('the month and quarter that last ended, on either side of midnight in China at the end of a quarter', () => {
  // 23:59 on 30 September in China: September and Q3 have not ended
  expect(duePeriods('2026-09-30T15:59:00.000Z')).toEqual(['2026-08', '2026-Q2'])
  // one minute later it is 1 October in China
  expect(duePeriods('2026-09-30T16:00:00.000Z')).toEqual(['2026-09', '2026-Q3'])
  // a new year: December and Q4 of the year before
  expect(duePeriods('2026-12-31T16:30:00.000Z')).toEqual(['2026-12', '2026-Q4'])
})

test('a period has a report only once it has ended in China time', () => {
  expect(ended('2026-11', '2026-11-30T15:59:59.000Z')).toBe(false)
  expect(ended('2026-11', '2026-11-30T16:00:00.000Z')).toBe(true)
  expect(ended('2026-Q4', '2026-12-31T16:00:00.000Z')).toBe(true)
  expect(ended('2026-Q4', '2026-12-06T02:00:00.000Z')).toBe(false)
})

test('an office is offered the last months and quarters that ended, the latest first', () => {
  expect(endedPeriods('2026-02-10T02:00:00.000Z', 3, 2)).toEqual([
    '2026-01',
    '2025-12',
    '2025-11',
    '2025-Q4',
    '2025-Q3',
  ])
})

test('a report taken by a run that died is taken over after five minutes, not before', () => {
  expect(stale('2026-12-01T00:00:00.000Z', '2026-12-01T00:04:59.000Z')).toBe(false)
  expect(stale('2026-12-01T00:00:00.000Z', '2026-12-01T00:05:00.000Z')).toBe(true)
})
