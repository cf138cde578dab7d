/**
 * Working days of a year as the prefecture office's calendar gives them: weekends off, the year's
 * holidays off, its adjusted workdays (调休, weekend days only) worked. Deadlines are counted by the same
 * rule in cloudfunctions/requests/domain/calendar.ts; the calendar screen counts a year while it is edited.
 */
import type { Day } from './time'
import { addDays } from './time'

export function isWeekend(day: Day): boolean {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay()
  return d === 0 || d === 6
}

/** How many working days the year has with these days off and worked. */
export function workingDaysIn(year: number, holidays: readonly Day[], workdays: readonly Day[]): number {
  const off = new Set(holidays)
  const worked = new Set(workdays.filter((d) => isWeekend(d) && !off.has(d)))
  let count = 0
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1))
    if (worked.has(day) || (!off.has(day) && !isWeekend(day))) count++
  return count
}
