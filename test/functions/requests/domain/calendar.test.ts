import {
  addWorkingDays,
  atWorkingTime,
  CHINA_2026,
  isWorkingDay,
  makeCalendar,
  missingYears,
  workingDaysBetween,
  yearProblems,
} from '@functions/requests/domain/calendar'
import { addDays, chinaDay, epochMs } from '@shared/time'
import { at, calendar } from './fixtures'

/** The end of a China day, as a deadline is held: the instant the next day starts. */
const endOf = (day: string) => at(addDays(day, 1), '00:00')

describe('the working-day calendar', () => {
  it('holds 2026 as published: 33 days off, six weekend days worked, nothing out of place', () => {
    expect(CHINA_2026.holidays).toHaveLength(33)
    expect(CHINA_2026.workdays).toHaveLength(6)
    expect(yearProblems(CHINA_2026)).toEqual([])
    expect(isWorkingDay(calendar, '2026-02-14')).toBe(true) // Saturday, worked before the Spring Festival
    expect(isWorkingDay(calendar, '2026-02-16')).toBe(false) // Monday of the Spring Festival
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true) // Saturday after National Day
    expect(isWorkingDay(calendar, '2026-03-07')).toBe(false) // an ordinary Saturday
  })

  it('skips a weekend, counting from the day after the assignment', () => {
    // Friday 6 March, 10:00: one working day is Monday 9 March, ending at midnight China time
    expect(addWorkingDays(calendar, at('2026-03-06'), 1)).toBe(endOf('2026-03-09'))
    expect(addWorkingDays(calendar, at('2026-03-06'), 1)).toBe('2026-03-09T16:00:00.000Z')
    // an assignment late on Thursday evening still does not count Thursday itself
    expect(addWorkingDays(calendar, at('2026-03-05', '23:59'), 1)).toBe(endOf('2026-03-06'))
  })

  it('reads the day in China time: 01:00 on Friday in China is still Thursday in UTC', () => {
    expect(addWorkingDays(calendar, '2026-03-05T17:00:00.000Z', 1)).toBe(endOf('2026-03-09'))
  })

  it('skips a statutory holiday that runs into a weekday (Qingming, Saturday to Monday)', () => {
    expect(addWorkingDays(calendar, at('2026-04-03'), 1)).toBe(endOf('2026-04-07'))
    expect(workingDaysBetween(calendar, at('2026-04-03'), at('2026-04-07'))).toBe(1)
  })

  it('counts an adjusted Saturday as a working day and the Spring Festival week as none', () => {
    expect(addWorkingDays(calendar, at('2026-02-13'), 1)).toBe(endOf('2026-02-14'))
    expect(addWorkingDays(calendar, at('2026-02-13'), 2)).toBe(endOf('2026-02-24'))
    expect(addWorkingDays(calendar, at('2026-02-13'), 5)).toBe(endOf('2026-02-27'))
    expect(addWorkingDays(calendar, at('2026-02-13'), 6)).toBe(endOf('2026-02-28'))
    expect(workingDaysBetween(calendar, at('2026-02-13'), at('2026-02-28'))).toBe(6)
    // National Day: Wednesday 30 September → Thursday 8 October, then Saturday 10 October is worked
    expect(addWorkingDays(calendar, at('2026-09-30'), 1)).toBe(endOf('2026-10-08'))
    expect(addWorkingDays(calendar, at('2026-09-30'), 3)).toBe(endOf('2026-10-10'))
  })

  it('counts backwards as a negative number and the same day as none', () => {
    expect(workingDaysBetween(calendar, at('2026-03-09'), at('2026-03-06'))).toBe(-1)
    expect(workingDaysBetween(calendar, at('2026-03-09', '08:00'), at('2026-03-09', '20:00'))).toBe(0)
  })

  it('places fractions of working time inside a working day: 3.75 days after Monday is Friday 18:00', () => {
    expect(atWorkingTime(calendar, at('2026-03-02'), 3.75)).toBe(at('2026-03-06', '18:00'))
    // 0.75 of a day after Friday lands on Monday, past the weekend
    expect(atWorkingTime(calendar, at('2026-03-06'), 0.75)).toBe(at('2026-03-09', '18:00'))
  })

  it('refuses a deadline of no days, part days or negative days', () => {
    expect(() => addWorkingDays(calendar, at('2026-03-02'), 0)).toThrow(RangeError)
    expect(() => addWorkingDays(calendar, at('2026-03-02'), 1.5)).toThrow(RangeError)
    expect(() => atWorkingTime(calendar, at('2026-03-02'), -1)).toThrow(RangeError)
  })

  it('agrees with itself: n working days on, the deadline day is a working day and n are counted up to it', () => {
    for (let start = epochMs(at('2026-01-01', '09:00')); start < epochMs(at('2026-12-20')); start += 53 * 3_600_000) {
      const from = new Date(start).toISOString()
      for (const n of [1, 2, 5, 10, 15]) {
        const due = addWorkingDays(calendar, from, n)
        const lastMoment = new Date(epochMs(due) - 1).toISOString()
        expect(isWorkingDay(calendar, chinaDay(lastMoment))).toBe(true)
        expect(workingDaysBetween(calendar, from, lastMoment)).toBe(n)
        expect(workingDaysBetween(calendar, from, due)).toBeLessThanOrEqual(n + 1)
      }
    }
  })

  it('counts weekends alone in a year nobody entered, and says which years those are', () => {
    // Friday 1 January 2027: a holiday in every year, but nobody entered 2027 yet
    expect(isWorkingDay(calendar, '2027-01-01')).toBe(true)
    expect(missingYears(calendar, at('2026-12-20'), at('2027-01-10'))).toEqual([2027])
    const kept = makeCalendar([CHINA_2026, { year: 2027, holidays: ['2027-01-01'], workdays: [] }])
    expect(isWorkingDay(kept, '2027-01-01')).toBe(false)
    expect(missingYears(kept, at('2026-12-20'), at('2027-01-10'))).toEqual([])
  })

  it('lets a later entry for a year replace an earlier one', () => {
    const corrected = makeCalendar([CHINA_2026, { year: 2026, holidays: [], workdays: [] }])
    expect(isWorkingDay(corrected, '2026-10-05')).toBe(true)
    expect(isWorkingDay(corrected, '2026-10-10')).toBe(false)
  })

  it('names the days an office got wrong and leaves them out', () => {
    const entry = {
      year: 2026,
      holidays: ['2026-05-01', '2025-05-01', '2026-02-30'],
      workdays: ['2026-05-01', '2026-05-06', '2026-05-09'],
    }
    expect(yearProblems(entry)).toEqual([
      { day: '2025-05-01', problem: 'otherYear' },
      { day: '2026-02-30', problem: 'notADay' },
      { day: '2026-05-01', problem: 'both' },
      { day: '2026-05-06', problem: 'notWeekend' },
    ])
    const made = makeCalendar([entry])
    expect(isWorkingDay(made, '2026-05-01')).toBe(false)
    expect(isWorkingDay(made, '2026-05-09')).toBe(true)
    expect(isWorkingDay(made, '2026-05-06')).toBe(true)
    expect(made.holidays.has('2025-05-01')).toBe(false)
  })
})
