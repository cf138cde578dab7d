/**
 * The households behind a figure, and the gentle reminder to their officials, as plain rules.
 *
 * Overdue follows the contacts function's rule (cloudfunctions/contacts/domain/overdue.ts, which keeps the
 * overdue gauge the home shows): a household is overdue when it was never contacted or its latest contact
 * is more than its region's period of days ago, the period set per region by the same `CONTACT_PERIOD_DAYS`
 * map (the deepest region on the household's path with its own period wins; 30 days otherwise). Functions
 * never import each other, so the few lines that read the map are repeated here, on the same variable.
 *
 * A reminder is about a household, never a mark against an official: it shows in the list of each of the
 * household's officials as a household that needs care until they put it aside, contact the household, or
 * it fades after REMINDER_DAYS; reminding the same household again within those days changes nothing.
 */
import { covers } from '@shared/region'
import type { Day, Instant } from '@shared/time'
import { addDays, calendarDaysBetween, chinaDay, dayStart } from '@shared/time'

export const DEFAULT_PERIOD_DAYS = 30
/** a household reminded is not reminded again, and stays in its officials' lists, for this many days */
export const REMINDER_DAYS = 7

export type PeriodTable = Readonly<Record<string, number>>

export function parsePeriodTable(json: string | undefined): PeriodTable {
  if (!json) return {}
  try {
    const parsed = JSON.parse(json) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    const table: Record<string, number> = {}
    for (const [code, days] of Object.entries(parsed as Record<string, unknown>))
      if (typeof days === 'number' && Number.isInteger(days) && days > 0) table[code] = days
    return table
  } catch {
    return {}
  }
}

/** the deepest region on the path with its own period, else the default */
export function periodDaysFor(path: readonly string[], table: PeriodTable): number {
  for (let i = path.length - 1; i >= 0; i--) {
    const days = table[path[i] ?? '']
    if (days) return days
  }
  return DEFAULT_PERIOD_DAYS
}

/** A household last contacted before this instant (or never) is overdue at `at` with `periodDays`: more
 * than that many whole China days since its latest contact. */
export function overdueBefore(periodDays: number, at: Instant): Instant {
  return dayStart(addDays(chinaDay(at), -periodDays))
}

/**
 * The parts of a region's subtree that share one period, deepest override last: each band is the households
 * under `region` but under none of the `except` regions (which have bands of their own), overdue before
 * `before`. With no overrides below it, a region is one band.
 */
export interface OverdueBand {
  region: string
  except: string[]
  before: Instant
}

export function overdueBands(regionPath: readonly string[], table: PeriodTable, at: Instant): OverdueBand[] {
  const region = regionPath[regionPath.length - 1] ?? ''
  const below = Object.keys(table).filter((code) => code !== region && covers(region, code))
  const bands = [region, ...below]
  return bands.map((code) => ({
    region: code,
    except: below.filter((other) => other !== code && covers(code, other)),
    before: overdueBefore(
      code === region ? periodDaysFor(regionPath, table) : (table[code] ?? DEFAULT_PERIOD_DAYS),
      at,
    ),
  }))
}

/** Whole China days since the latest contact; null when never contacted. */
export function daysSince(lastContactAt: Instant | null | undefined, at: Instant): number | null {
  if (!lastContactAt || Number.isNaN(Date.parse(lastContactAt))) return null
  return Math.max(0, calendarDaysBetween(lastContactAt, at))
}

/** The first instant of the China month or quarter `at` falls in: "not contacted this month" is a latest
 * contact before it. */
export function periodStart(period: 'month' | 'quarter', at: Instant): Instant {
  const day: Day = chinaDay(at)
  const month = Number(day.slice(5, 7))
  const first = period === 'month' ? month : month - ((month - 1) % 3)
  return dayStart(`${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`)
}

/** Until when a reminder made at `remindedAt` holds: a second one before then does nothing. */
export function reminderHoldsUntil(remindedAt: Instant): Instant {
  return new Date(Date.parse(remindedAt) + REMINDER_DAYS * 86_400_000).toISOString()
}

export function reminderHolds(remindedAt: Instant | null | undefined, at: Instant): boolean {
  return !!remindedAt && reminderHoldsUntil(remindedAt) > at
}

/**
 * Whether a reminder still shows in an official's list: it holds, the official has not put it aside, is
 * still paired with the household, and nobody has contacted the household since it was made.
 */
export function reminderShows(
  reminder: { remindedAt: Instant; dismissed: Readonly<Record<string, Instant>> },
  officialId: string,
  household: { officialIds: readonly string[]; lastContactAt: Instant | null } | undefined,
  at: Instant,
): boolean {
  if (!household || !household.officialIds.includes(officialId)) return false
  if (reminder.dismissed[officialId]) return false
  if (household.lastContactAt && household.lastContactAt >= reminder.remindedAt) return false
  return reminderHolds(reminder.remindedAt, at)
}
