/**
 * The monthly and quarterly reports' rules: which periods are due, each report's id and file path (fixed by
 * period and region, so a report is made once and a second writing replaces the first file rather than
 * adding one), and when a report another run took may be taken over.
 */
import type { Instant } from '@shared/time'
import { addTime, chinaMonth, chinaQuarter } from '@shared/time'
import { currentLike, isMonth, previousPeriod } from './periods'

/** A run that took a report and has not finished it this long after is taken to have died (a run lasts ≤ 60 s). */
export const STALE_MINUTES = 5

/** The periods whose reports are due at `at` (China time): the month and the quarter that last ended. */
export function duePeriods(at: Instant): string[] {
  return [previousPeriod(chinaMonth(at)), previousPeriod(chinaQuarter(at))]
}

export const periodKind = (period: string): 'month' | 'quarter' => (isMonth(period) ? 'month' : 'quarter')

export const reportId = (period: string, region: string): string => `report:${period}:${region}`

export const runId = (period: string): string => `run:${period}`

export const reportPath = (period: string, region: string): string => `reports/${period}/${region}.xlsx`

/** Whether a report taken at `takenAt` and still being made may be taken over at `at`. */
export function stale(takenAt: Instant, at: Instant): boolean {
  return takenAt <= addTime(at, -STALE_MINUTES, 'minute')
}

/** Whether a period has ended at `at` (China time): only an ended period has a report. */
export function ended(period: string, at: Instant): boolean {
  return period < currentLike(period, at)
}

/** The last `months` ended months and `quarters` ended quarters at `at`, the latest first. */
export function endedPeriods(at: Instant, months: number, quarters: number): string[] {
  const back = (from: string, n: number) => {
    const out: string[] = []
    for (let p = previousPeriod(from); out.length < n; p = previousPeriod(p)) out.push(p)
    return out
  }
  return [...back(chinaMonth(at), months), ...back(chinaQuarter(at), quarters)]
}
