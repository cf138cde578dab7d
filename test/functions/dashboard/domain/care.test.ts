import {
  DEFAULT_PERIOD_DAYS,
  daysSince,
  overdueBands,
  overdueBefore,
  parsePeriodTable,
  periodStart,
  reminderHolds,
  reminderShows,
} from '@functions/dashboard/domain/care'

const PREFECTURE = '513300000000'
const COUNTY = '513301000000'
const TOWNSHIP = '513301100000'
const NEXT_TOWNSHIP = '513301101000'
const VILLAGE = '513301100201'
/** 10:00 China time on 6 December 2026 */
const AT = '2026-12-06T02:00:00.000Z'

describe('overdue, as the contacts function counts it', () => {
  it('is a latest contact before the start of the China day the period ends on', () => {
    // 30 days before 6 December is 6 November: contacted on the 6th is 30 days ago, on time; the 5th is overdue
    expect(overdueBefore(30, AT)).toBe('2026-11-05T16:00:00.000Z')
    expect(daysSince('2026-11-05T16:00:00.000Z', AT)).toBe(30)
    expect(daysSince('2026-11-05T15:59:59.000Z', AT)).toBe(31)
    expect(daysSince(null, AT)).toBeNull()
  })

  it('reads the period map as the contacts function does, ignoring what is not a whole number of days', () => {
    expect(parsePeriodTable('{"513301100000": 45, "513301000000": "x", "513302000000": 0}')).toEqual({ [TOWNSHIP]: 45 })
    expect(parsePeriodTable('not json')).toEqual({})
    expect(parsePeriodTable(undefined)).toEqual({})
  })

  it('splits a region into bands: its own period, each region below with its own, each band leaving out those below it', () => {
    expect(overdueBands([PREFECTURE, COUNTY], {}, AT)).toEqual([
      { region: COUNTY, except: [], before: overdueBefore(DEFAULT_PERIOD_DAYS, AT) },
    ])
    const table = { [COUNTY]: 40, [TOWNSHIP]: 60, [VILLAGE]: 90, '513322000000': 10 }
    expect(overdueBands([PREFECTURE, COUNTY], table, AT)).toEqual([
      { region: COUNTY, except: [TOWNSHIP, VILLAGE], before: overdueBefore(40, AT) },
      { region: TOWNSHIP, except: [VILLAGE], before: overdueBefore(60, AT) },
      { region: VILLAGE, except: [], before: overdueBefore(90, AT) },
    ])
    // a township inherits the county's period; a neighbouring township's code is not inside it
    expect(overdueBands([PREFECTURE, COUNTY, NEXT_TOWNSHIP], table, AT)).toEqual([
      { region: NEXT_TOWNSHIP, except: [], before: overdueBefore(40, AT) },
    ])
  })

  it('starts the month and the quarter in China time', () => {
    expect(periodStart('month', AT)).toBe('2026-11-30T16:00:00.000Z')
    expect(periodStart('quarter', AT)).toBe('2026-09-30T16:00:00.000Z')
    // 23:30 UTC on 31 March is 1 April in China: the new month and quarter
    expect(periodStart('quarter', '2026-03-31T23:30:00.000Z')).toBe('2026-03-31T16:00:00.000Z')
  })
})

describe('a reminder', () => {
  const reminder = { remindedAt: AT, dismissed: {} as Record<string, string> }
  const household = { officialIds: ['o-1', 'o-2'], lastContactAt: '2026-10-01T02:00:00.000Z' }
  const later = (days: number) => new Date(Date.parse(AT) + days * 86_400_000).toISOString()

  it('holds for a week', () => {
    expect(reminderHolds(AT, later(6.9))).toBe(true)
    expect(reminderHolds(AT, later(7))).toBe(false)
    expect(reminderHolds(null, AT)).toBe(false)
  })

  it('shows to each of the household’s officials until they put it aside, anyone contacts it, or it lapses', () => {
    expect(reminderShows(reminder, 'o-1', household, later(1))).toBe(true)
    expect(reminderShows(reminder, 'o-3', household, later(1))).toBe(false)
    expect(reminderShows({ ...reminder, dismissed: { 'o-1': later(1) } }, 'o-1', household, later(2))).toBe(false)
    expect(reminderShows({ ...reminder, dismissed: { 'o-1': later(1) } }, 'o-2', household, later(2))).toBe(true)
    expect(reminderShows(reminder, 'o-1', { ...household, lastContactAt: later(1) }, later(2))).toBe(false)
    expect(reminderShows(reminder, 'o-1', household, later(8))).toBe(false)
    expect(reminderShows(reminder, 'o-1', undefined, later(1))).toBe(false)
  })
})
