import {
  daysSince,
  isOverdue,
  parsePeriodTable,
  periodDaysFor,
  sortByUrgency,
} from '@functions/contacts/domain/overdue'
import { village } from './fixtures'

describe('overdue and urgency', () => {
  const now = '2025-04-30T01:00:00.000Z'

  it('counts China calendar days and makes a household overdue after 30 days by default', () => {
    expect(daysSince('2025-03-31T09:00:00+08:00', now)).toBe(30)
    expect(isOverdue(30, periodDaysFor(village, {}))).toBe(false)
    expect(isOverdue(daysSince('2025-03-30T23:00:00+08:00', now), 30)).toBe(true)
    expect(isOverdue(null, 30)).toBe(true)
  })

  it('counts days by the China calendar, not by 24 hours, and an unreadable time as never contacted', () => {
    // 23:30 the evening before, and 00:30 the same day, China time
    expect(daysSince('2025-04-29T15:30:00.000Z', now)).toBe(1)
    expect(daysSince('2025-04-29T16:30:00.000Z', now)).toBe(0)
    expect(daysSince('2025-04-29T15:59:00.000Z', '2025-04-29T16:01:00.000Z')).toBe(1)
    expect(daysSince('not a time', now)).toBeNull()
  })

  it('uses the nearest region with its own period', () => {
    const table = parsePeriodTable(JSON.stringify({ '513332000000': 60, '513332100201': 45, bad: 'x' }))
    expect(periodDaysFor(village, table)).toBe(45)
    expect(periodDaysFor(['513300000000', '513332000000', '513332100000', '513332100999'], table)).toBe(60)
    expect(periodDaysFor(['513300000000', '513301000000'], table)).toBe(30)
  })

  it('puts overdue first, then high risk, then open needs, then the longest since contact', () => {
    const rows = [
      { id: 'calm', overdue: false, riskLevel: 'none' as const, openNeeds: 0, daysSince: 3 },
      { id: 'needs', overdue: false, riskLevel: 'none' as const, openNeeds: 2, daysSince: 3 },
      { id: 'risky', overdue: false, riskLevel: 'high' as const, openNeeds: 0, daysSince: 1 },
      { id: 'late', overdue: true, riskLevel: 'none' as const, openNeeds: 0, daysSince: 40 },
      { id: 'never', overdue: true, riskLevel: 'none' as const, openNeeds: 0, daysSince: null },
      { id: 'older', overdue: false, riskLevel: 'none' as const, openNeeds: 0, daysSince: 20 },
    ]
    expect(sortByUrgency(rows).map((r) => r.id)).toEqual(['never', 'late', 'risky', 'needs', 'older', 'calm'])
  })
})
