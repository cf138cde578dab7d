/**
 * Who is overdue for contact, and in what order an official should see their households.
 *
 * The period is set per region (nearest ancestor wins) because herding areas can reasonably allow longer
 * between contacts than towns; the default is 30 days. Offices set it through the function's
 * `CONTACT_PERIOD_DAYS` environment variable (a JSON map of region code → days, declared in
 * config/cloud.ts), so changing it needs no code change.
 */
import type { RiskLevel } from '@shared/contracts/contacts'
import type { Instant } from '@shared/time'
import { calendarDaysBetween } from '@shared/time'

export const DEFAULT_PERIOD_DAYS = 30

export type PeriodTable = Readonly<Record<string, number>>

export function parsePeriodTable(json: string | undefined): PeriodTable {
  if (!json) return {}
  try {
    const parsed = JSON.parse(json) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    const table: Record<string, number> = {}
    for (const [code, days] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof days === 'number' && Number.isInteger(days) && days > 0) table[code] = days
    }
    return table
  } catch {
    return {}
  }
}

/** the deepest region on the path with its own period, else the default */
export function periodDaysFor(regionPath: readonly string[], table: PeriodTable): number {
  for (let i = regionPath.length - 1; i >= 0; i--) {
    const days = table[regionPath[i] ?? '']
    if (days) return days
  }
  return DEFAULT_PERIOD_DAYS
}

/** Whole China days since the latest contact; null when never contacted (or the stored time is unreadable). */
export function daysSince(lastContactAt: Instant | null | undefined, now: Instant): number | null {
  if (!lastContactAt || Number.isNaN(Date.parse(lastContactAt))) return null
  return Math.max(0, calendarDaysBetween(lastContactAt, now))
}

/** Never contacted counts as overdue: the programme wants every pairing to start with a contact. */
export function isOverdue(days: number | null, periodDays: number): boolean {
  return days === null || days > periodDays
}

export interface UrgencyInput {
  id: string
  overdue: boolean
  riskLevel: RiskLevel
  openNeeds: number
  daysSince: number | null
}

const RISK_RANK: Record<RiskLevel, number> = { high: 2, watch: 1, none: 0 }

/**
 * Most urgent first: overdue households, then higher risk, then more open needs, then longest since
 * contact (never contacted is longest); the id breaks ties so the order is stable between calls.
 */
export function compareUrgency(a: UrgencyInput, b: UrgencyInput): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (a.riskLevel !== b.riskLevel) return RISK_RANK[b.riskLevel] - RISK_RANK[a.riskLevel]
  if (a.openNeeds !== b.openNeeds) return b.openNeeds - a.openNeeds
  const da = a.daysSince ?? Number.POSITIVE_INFINITY
  const db = b.daysSince ?? Number.POSITIVE_INFINITY
  if (da !== db) return db > da ? 1 : -1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export function sortByUrgency<T extends UrgencyInput>(rows: readonly T[]): T[] {
  return [...rows].sort(compareUrgency)
}
