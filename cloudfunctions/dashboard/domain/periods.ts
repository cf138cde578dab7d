/**
 * Periods as the dashboard compares them: a month `2026-11` or a quarter `2026-Q4` in China time, the one
 * before it, the one after it, and the instants they start at.
 */
import type { Instant } from '@shared/time'
import { chinaMonth, chinaQuarter, dayStart } from '@shared/time'

const MONTH = /^(\d{4})-(\d{2})$/
const QUARTER = /^(\d{4})-Q([1-4])$/

export function isMonth(period: string): boolean {
  return MONTH.test(period)
}

/** `[year, index]`: the month 1–12 or the quarter 1–4. */
function parts(period: string): [number, number] {
  const m = MONTH.exec(period) ?? QUARTER.exec(period)
  if (!m) throw new Error(`not a period: ${period}`)
  return [Number(m[1]), Number(m[2])]
}

function shift(period: string, by: number): string {
  const [year, index] = parts(period)
  const size = isMonth(period) ? 12 : 4
  const n = year * size + (index - 1) + by
  const y = Math.floor(n / size)
  const i = (n % size) + 1
  return isMonth(period) ? `${y}-${String(i).padStart(2, '0')}` : `${y}-Q${i}`
}

export const previousPeriod = (period: string): string => shift(period, -1)
export const nextPeriod = (period: string): string => shift(period, 1)

/** The first instant of the period in China time. */
export function periodStart(period: string): Instant {
  const [year, index] = parts(period)
  const month = isMonth(period) ? index : (index - 1) * 3 + 1
  return dayStart(`${year}-${String(month).padStart(2, '0')}-01`)
}

/** The quarter a month falls in. */
export function quarterOf(month: string): string {
  const [year, index] = parts(month)
  return `${year}-Q${Math.floor((index - 1) / 3) + 1}`
}

/** The period of the same kind as `period` that `at` falls in. */
export function currentLike(period: string, at: Instant): string {
  return isMonth(period) ? chinaMonth(at) : chinaQuarter(at)
}

/** Whether `at` lies in `period`. */
export function within(period: string, at: Instant): boolean {
  return at >= periodStart(period) && at < periodStart(nextPeriod(period))
}
