/**
 * Exact rollups, kept on write.
 *
 * A stats document holds the counters of one key (a region at any of its four levels, or a department)
 * for one period (a month or a quarter), `_id` `r:<region>:<period>` / `d:<department>:<period>`.
 * Every contact adds to the 8 region documents of its household (4 levels × month and quarter) and the 2
 * department documents of its official.
 *
 * "Households contacted" counts a household once per period however many contacts it gets and however
 * often one is resent: the first contact in a period inserts a marker `hc:<period>:<household>` (or
 * `hc:<period>:<department>:<household>`); the database refuses a second insert of the same `_id`, so
 * exactly one of any number of concurrent senders wins and increments.
 *
 * Gauges — households per risk level and overdue households — describe the present, not events. They live
 * in `r:<region>:now` (moved on write by setRiskLevel), and a daily timer copies them into the current
 * month and quarter, so each period keeps the picture as of its last day.
 *
 * A department has the overdue gauge alone, in `d:<department>:now` and its periods the same way: a
 * household counts once for each distinct department of its paired officials (as the dashboard counts a
 * department's households), overdue by that department's own latest contact and the household's region's
 * period. Its risk is the region's to watch; pairings move the department axis without any write here.
 */
import type { Contact, Household } from '@config/documents'
import type { CounterName, Counters, RiskLevel } from '@shared/contracts/contacts'
import { COUNTER_NAMES } from '@shared/contracts/contacts'
import type { Instant } from '@shared/time'
import { addTime, periodsOf } from '@shared/time'
import { isOverdue, daysSince, periodDaysFor, type PeriodTable } from './overdue'

export const NOW = 'now'
export const EVENT_COUNTERS = ['contacts', 'householdsContacted', 'visits', 'visitsConfirmed'] as const
export const GAUGES = ['overdueHouseholds', 'riskNone', 'riskWatch', 'riskHigh'] as const
/**
 * The gauges the recount can hold writes to. Overdue households change with the passing of days and with
 * every contact, and are only ever a daily snapshot (the timer, or a recount with `fix`), so a difference
 * there is not an error and is not reported.
 */
export const RISK_GAUGES = ['riskNone', 'riskWatch', 'riskHigh'] as const

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counters
}

export function regionStatsId(region: string, period: string): string {
  return `r:${region}:${period}`
}
export function departmentStatsId(department: string, period: string): string {
  return `d:${department}:${period}`
}

export const RISK_COUNTER: Record<RiskLevel, CounterName> = { none: 'riskNone', watch: 'riskWatch', high: 'riskHigh' }

/** What a contact's counting depends on: these fields of the stored contact. */
export type ContactFacts = Pick<Contact, 'householdId' | 'regionPath' | 'departmentId' | 'at' | 'channel'>

/** The stats documents one contact touches, split by axis so "households contacted" can follow its own marker. */
export interface ContactKeys {
  /** one marker per period for the region axis: all four levels share it (one household, one village) */
  regionMarkers: { marker: string; statsIds: string[] }[]
  departmentMarkers: { marker: string; statsIds: string[] }[]
}

export function contactKeys(f: ContactFacts): ContactKeys {
  const periods = periodsOf(f.at)
  return {
    regionMarkers: periods.map((period) => ({
      marker: `hc:${period}:${f.householdId}`,
      statsIds: f.regionPath.map((region) => regionStatsId(region, period)),
    })),
    departmentMarkers: f.departmentId
      ? periods.map((period) => ({
          marker: `hc:${period}:${f.departmentId}:${f.householdId}`,
          statsIds: [departmentStatsId(f.departmentId as string, period)],
        }))
      : [],
  }
}

/**
 * The stats documents of today's periods and of the next two days' (the daily timer creates them ahead,
 * so a month's first contacts find their documents and increment them in the same round trip).
 */
export function comingStatsIds(regions: Iterable<string>, departments: Iterable<string>, now: Instant): string[] {
  const periods = new Set([0, 1, 2].flatMap((days) => periodsOf(addTime(now, days, 'day'))))
  const ids: string[] = []
  for (const period of periods) {
    for (const region of regions) ids.push(regionStatsId(region, period))
    for (const department of departments) ids.push(departmentStatsId(department, period))
  }
  return ids
}

export function allStatsIds(keys: ContactKeys): string[] {
  return [...keys.regionMarkers, ...keys.departmentMarkers].flatMap((m) => m.statsIds)
}

export type RawContact = ContactFacts & Pick<Contact, 'confirmedAt'>
/** a household as the gauges read it (older documents may lack a risk level or a contact time) */
export type RawHousehold = Pick<Household, '_id' | 'regionPath'> &
  Partial<
    Pick<Household, 'riskLevel' | 'lastContactAt' | 'officialIds' | 'officialDepartments' | 'departmentContactAt'>
  >

/** The distinct departments of a household's paired officials (an official without one adds none). */
export function householdDepartments(h: Pick<RawHousehold, 'officialIds' | 'officialDepartments'>): string[] {
  return [...new Set((h.officialIds ?? []).map((id) => h.officialDepartments?.[id]).filter((d): d is string => !!d))]
}

/**
 * What every counter should be, rebuilt from raw records alone (the recount). Event counters are exact
 * history; gauges are computed as of `now` into the `now` documents.
 */
export class Recount {
  readonly expected = new Map<string, Counters>()
  private readonly seen = new Set<string>()

  constructor(
    private readonly now: Instant,
    private readonly periods: PeriodTable = {},
  ) {}

  private bump(id: string, counter: CounterName, by = 1): void {
    let c = this.expected.get(id)
    if (!c) this.expected.set(id, (c = emptyCounters()))
    c[counter] += by
  }

  addContact(c: RawContact): void {
    const keys = contactKeys(c)
    for (const m of [...keys.regionMarkers, ...keys.departmentMarkers]) {
      const first = !this.seen.has(m.marker)
      this.seen.add(m.marker)
      for (const id of m.statsIds) {
        this.bump(id, 'contacts')
        if (first) this.bump(id, 'householdsContacted')
        if (c.channel === 'visit') {
          this.bump(id, 'visits')
          if (c.confirmedAt) this.bump(id, 'visitsConfirmed')
        }
      }
    }
  }

  addHousehold(h: RawHousehold): void {
    const risk = RISK_COUNTER[h.riskLevel ?? 'none']
    const periodDays = periodDaysFor(h.regionPath, this.periods)
    const overdue = isOverdue(daysSince(h.lastContactAt, this.now), periodDays)
    for (const region of h.regionPath) {
      const id = regionStatsId(region, NOW)
      this.bump(id, risk)
      if (overdue) this.bump(id, 'overdueHouseholds')
    }
    for (const department of householdDepartments(h)) {
      const lapsed = isOverdue(daysSince(h.departmentContactAt?.[department], this.now), periodDays)
      // bumped by 0 too: a department whose households all had contact still gets its gauge rewritten
      this.bump(departmentStatsId(department, NOW), 'overdueHouseholds', lapsed ? 1 : 0)
    }
  }

  /** A department known to exist: its gauge is written (as zero) even with no household paired to it. */
  addDepartment(department: string): void {
    this.bump(departmentStatsId(department, NOW), 'overdueHouseholds', 0)
  }

  /** the markers the raw records imply: a recount also rebuilds them */
  markers(): Set<string> {
    return this.seen
  }
}

export interface Difference {
  id: string
  counter: string
  stored: number
  actual: number
}

/** Compares stored stats with the recount (event counters and risk gauges); a missing document is all zeros. */
export function compareCounters(
  stored: ReadonlyMap<string, Partial<Counters>>,
  expected: ReadonlyMap<string, Counters>,
): Difference[] {
  const differences: Difference[] = []
  const ids = new Set([...stored.keys(), ...expected.keys()])
  for (const id of [...ids].sort()) {
    const s = stored.get(id) ?? {}
    const e = expected.get(id) ?? emptyCounters()
    const names: readonly CounterName[] = id.endsWith(`:${NOW}`) ? RISK_GAUGES : EVENT_COUNTERS
    for (const name of names) {
      const have = s[name] ?? 0
      if (have !== e[name]) differences.push({ id, counter: name, stored: have, actual: e[name] })
    }
  }
  return differences
}
