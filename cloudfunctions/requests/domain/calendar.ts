/**
 * The working-day calendar deadlines are counted in: weekends off, statutory holidays off, and the
 * adjusted workdays (调休) that move a Saturday or Sunday back to work. The State Council publishes each
 * year's arrangement late in the year before; the prefecture office keeps it as data (one document per
 * year), so a new year needs no code change. A year nobody entered counts weekends only, and
 * `missingYears` names it so the office is told.
 *
 * Periods follow the usual rule of Chinese law for periods counted in days (民法典 第二百零一条): the day
 * something happens is not counted, counting starts the next day, and a deadline ends when its last
 * working day ends, at 24:00 China time (held as the instant the next China day starts).
 */
import type { Day, Instant } from '@shared/time'
import { addDays, chinaDay, dayStart, epochMs, isDay } from '@shared/time'
import { isWeekend } from '@shared/workdays'

export interface CalendarYear {
  year: number
  /** China days off (the published holiday days, weekends among them included or not) */
  holidays: Day[]
  /** weekend China days that are working days (调休上班) */
  workdays: Day[]
}

export interface WorkingCalendar {
  readonly holidays: ReadonlySet<Day>
  readonly workdays: ReadonlySet<Day>
  readonly years: ReadonlySet<number>
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * 2026 as the State Council published it (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04): New Year
 * 1–3 January, 4 January worked; Spring Festival 15–23 February, 14 and 28 February worked; Qingming 4–6
 * April; Labour Day 1–5 May, 9 May worked; Dragon Boat 19–21 June; Mid-Autumn 25–27 September; National
 * Day 1–7 October, 20 September and 10 October worked.
 */
export const CHINA_2026: CalendarYear = {
  year: 2026,
  holidays: [
    ...span('2026-01-01', 3),
    ...span('2026-02-15', 9),
    ...span('2026-04-04', 3),
    ...span('2026-05-01', 5),
    ...span('2026-06-19', 3),
    ...span('2026-09-25', 3),
    ...span('2026-10-01', 7),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
}

/** What a deployment starts with before the office enters a year of its own. */
export const DEFAULT_YEARS: readonly CalendarYear[] = [CHINA_2026]

function span(first: Day, days: number): Day[] {
  return Array.from({ length: days }, (_, i) => addDays(first, i))
}

export type YearProblem = 'notADay' | 'otherYear' | 'both' | 'notWeekend'

/** What is wrong with a year as the office entered it, day by day; `makeCalendar` leaves such days out. */
export function yearProblems(entry: CalendarYear): { day: string; problem: YearProblem }[] {
  const problems: { day: string; problem: YearProblem }[] = []
  const check = (day: string) => {
    if (!isDay(day)) problems.push({ day, problem: 'notADay' })
    else if (Number(day.slice(0, 4)) !== entry.year) problems.push({ day, problem: 'otherYear' })
    else return true
    return false
  }
  const holidays = new Set(entry.holidays.filter(check))
  for (const day of entry.workdays) {
    if (!check(day)) continue
    if (holidays.has(day)) problems.push({ day, problem: 'both' })
    else if (!isWeekend(day)) problems.push({ day, problem: 'notWeekend' })
  }
  return problems
}

/** The calendar from the years the office keeps; a later entry for the same year replaces an earlier one. */
export function makeCalendar(entries: readonly CalendarYear[] = DEFAULT_YEARS): WorkingCalendar {
  const byYear = new Map<number, CalendarYear>()
  for (const entry of entries) byYear.set(entry.year, entry)
  const holidays = new Set<Day>()
  const workdays = new Set<Day>()
  for (const entry of byYear.values()) {
    const inYear = (day: string) => isDay(day) && Number(day.slice(0, 4)) === entry.year
    const days = entry.holidays.filter(inYear)
    for (const day of days) holidays.add(day)
    const off = new Set(days)
    for (const day of entry.workdays) if (inYear(day) && !off.has(day) && isWeekend(day)) workdays.add(day)
  }
  return { holidays, workdays, years: new Set(byYear.keys()) }
}

export function isWorkingDay(calendar: WorkingCalendar, day: Day): boolean {
  if (calendar.workdays.has(day)) return true
  if (calendar.holidays.has(day)) return false
  return !isWeekend(day)
}

/** The years between two instants the calendar has no entry for (counted by weekends alone). */
export function missingYears(calendar: WorkingCalendar, from: Instant, to: Instant): number[] {
  const first = Number(chinaDay(from).slice(0, 4))
  const last = Number(chinaDay(to).slice(0, 4))
  const missing: number[] = []
  for (let year = first; year <= last; year++) if (!calendar.years.has(year)) missing.push(year)
  return missing
}

/** Far beyond any deadline: a calendar with no working day at all would otherwise never end the walk. */
const MAX_WALK_DAYS = 3660

/**
 * The instant `amount` working days (fractions allowed) have passed after `start`'s China day: whole
 * working days count from 00:00 to 24:00, the start's own day not at all. `atWorkingTime(start, 5)` is
 * the end of the fifth working day, `atWorkingTime(start, 3.75)` 18:00 on the fourth.
 */
export function atWorkingTime(calendar: WorkingCalendar, start: Instant, amount: number): Instant {
  if (!Number.isFinite(amount) || amount < 0) throw new RangeError(`working time ${amount}`)
  let day = chinaDay(start)
  let left = amount
  for (let walked = 0; walked < MAX_WALK_DAYS; walked++) {
    day = addDays(day, 1)
    if (!isWorkingDay(calendar, day)) continue
    if (left <= 1) return new Date(epochMs(dayStart(day)) + left * DAY_MS).toISOString()
    left -= 1
  }
  throw new RangeError('the calendar has no working days')
}

/** The deadline `n` working days after `start`: the end of the n-th working day after its China day. */
export function addWorkingDays(calendar: WorkingCalendar, start: Instant, n: number): Instant {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days ${n}`)
  return atWorkingTime(calendar, start, n)
}

/**
 * Working days after `a`'s China day up to and including `b`'s: an instant before `addWorkingDays(a, n)`
 * is at most `n` working days on. Negative when `b` comes before `a`.
 */
export function workingDaysBetween(calendar: WorkingCalendar, a: Instant, b: Instant): number {
  const from = chinaDay(a)
  const to = chinaDay(b)
  if (to < from) return -workingDaysBetween(calendar, b, a)
  let count = 0
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(calendar, day)) count++
  return count
}
