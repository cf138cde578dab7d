import {
  addDays,
  addTime,
  calendarDaysBetween,
  chinaDateTime,
  chinaDay,
  chinaMonth,
  chinaQuarter,
  dayStart,
  epochMs,
  fromChina,
  isDay,
  isInstant,
  lastDayOf,
  nextDayStart,
  periodsOf,
  toInstant,
} from '@shared/time'

describe('China periods turn over at 16:00 UTC', () => {
  test('a day', () => {
    expect(chinaDay('2026-12-06T15:59:59.999Z')).toBe('2026-12-06')
    expect(chinaDay('2026-12-06T16:00:00.000Z')).toBe('2026-12-07')
  })

  test('a month and a year', () => {
    expect(chinaMonth('2026-11-30T15:59:59.999Z')).toBe('2026-11')
    expect(chinaMonth('2026-11-30T16:00:00.000Z')).toBe('2026-12')
    expect(chinaMonth('2026-12-31T16:00:00.000Z')).toBe('2027-01')
    expect(chinaDay('2026-12-31T16:00:00.000Z')).toBe('2027-01-01')
  })

  test('a quarter', () => {
    expect(chinaQuarter('2026-06-30T15:59:59.999Z')).toBe('2026-Q2')
    expect(chinaQuarter('2026-06-30T16:00:00.000Z')).toBe('2026-Q3')
    expect(chinaQuarter('2026-12-31T16:00:00.000Z')).toBe('2027-Q1')
  })

  test('23:30 UTC on 31 March is 1 April, in the second quarter', () => {
    const instant = '2026-03-31T23:30:00.000Z'
    expect(chinaDay(instant)).toBe('2026-04-01')
    expect(periodsOf(instant)).toEqual(['2026-04', '2026-Q2'])
    expect(chinaDateTime(instant)).toBe('2026-04-01 07:30')
  })

  test('Dates and epoch milliseconds are read the same as instants', () => {
    const instant = '2026-03-31T23:30:00.000Z'
    expect(chinaDay(new Date(instant))).toBe('2026-04-01')
    expect(chinaDay(Date.parse(instant))).toBe('2026-04-01')
  })
})

describe('China days as instants', () => {
  test('a deadline held as the start of the next day ends on the day before it', () => {
    expect(lastDayOf(nextDayStart('2026-12-14'))).toBe('2026-12-14')
    expect(lastDayOf(nextDayStart('2026-12-31'))).toBe('2026-12-31')
  })

  test('a day starts at 16:00 UTC the day before, and the next day 24 hours later', () => {
    expect(dayStart('2026-12-06')).toBe('2026-12-05T16:00:00.000Z')
    expect(nextDayStart('2026-12-06')).toBe('2026-12-06T16:00:00.000Z')
    expect(nextDayStart('2026-12-31')).toBe('2026-12-31T16:00:00.000Z')
    expect(dayStart('2027-01-01')).toBe(nextDayStart('2026-12-31'))
  })

  test('every instant of a China day sorts, as a string, between its start and the next day’s', () => {
    for (const instant of ['2026-12-05T16:00:00.000Z', '2026-12-06T02:00:00.000Z', '2026-12-06T15:59:59.999Z']) {
      expect(chinaDay(instant)).toBe('2026-12-06')
      expect(instant >= dayStart('2026-12-06') && instant < nextDayStart('2026-12-06')).toBe(true)
    }
    expect('2026-12-06T16:00:00.000Z' < nextDayStart('2026-12-06')).toBe(false)
  })

  test('a China wall-clock time as an instant', () => {
    expect(fromChina('2026-12-06')).toBe('2026-12-05T16:00:00.000Z')
    expect(fromChina('2026-12-06', '09:30')).toBe('2026-12-06T01:30:00.000Z')
    expect(fromChina('2026-12-06', 'soon')).toBeUndefined()
  })

  test('days move by the calendar', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
  })
})

describe('days between', () => {
  test('counts China calendar days, not 24-hour spans', () => {
    // 23:00 yesterday evening to 08:00 this morning (China time) is one calendar day.
    expect(calendarDaysBetween('2026-12-05T15:00:00.000Z', '2026-12-06T00:00:00.000Z')).toBe(1)
    // 00:30 to 23:30 the same China day is none.
    expect(calendarDaysBetween('2026-12-05T16:30:00.000Z', '2026-12-06T15:30:00.000Z')).toBe(0)
    expect(calendarDaysBetween('2026-03-31T23:30:00.000Z', '2026-03-31T15:00:00.000Z')).toBe(-1)
    expect(calendarDaysBetween('2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z')).toBe(365)
  })
})

describe('instants', () => {
  test('stored in the ISO form toISOString writes, and shifted by exact durations', () => {
    expect(toInstant(new Date(Date.UTC(2026, 11, 6, 2)))).toBe('2026-12-06T02:00:00.000Z')
    expect(toInstant('2026-12-06T10:00:00+08:00')).toBe('2026-12-06T02:00:00.000Z')
    expect(toInstant('not a time')).toBeUndefined()
    expect(addTime('2026-12-06T02:00:00.000Z', 72, 'hour')).toBe('2026-12-09T02:00:00.000Z')
    expect(addTime('2026-12-06T02:00:00.000Z', -15, 'minute')).toBe('2026-12-06T01:45:00.000Z')
    expect(epochMs('1970-01-01T00:00:01.000Z')).toBe(1000)
  })

  test('what counts as an instant and as a day', () => {
    expect(isInstant('2026-12-06T02:00:00.000Z')).toBe(true)
    expect(isInstant('2026-12-06')).toBe(false)
    expect(isInstant(1_765_000_000_000)).toBe(false)
    expect(isDay('2026-02-28')).toBe(true)
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2026-2-28')).toBe(false)
  })
})
