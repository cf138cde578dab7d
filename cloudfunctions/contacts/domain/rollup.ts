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
 */
import type { Channel, CounterName, Counters, RiskLevel } from '../../../src/shared/contracts/contacts'
import { COUNTER_NAMES } from '../../../src/shared/contracts/contacts'
import { isOverdue, daysSince, periodDaysFor, type PeriodTable } from './overdue'
import { DAY_MS, periodsOf } from './periods'

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

export interface ContactFacts {
  householdId: string
  regionPath: readonly string[]
  departmentId: string | null
  at: Date
  channel: Channel
}

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
 * The markers a household document already proves taken, so logContact need not touch them: the
 * household's `lastContactAt` (and, per department, `departmentContactAt`) is only ever raised by a
 * contact that was stored, after it made sure its stats documents exist. If that latest contact falls in
 * the same month (or quarter) as this one, the household was contacted in that period, its marker was
 * taken by whichever contact got there first, and the period's stats documents exist.
 *
 * Why at least one contact still takes the marker: the first contact whose household update lands in a
 * period read the household before that update, when no stored contact of the period had raised
 * `lastContactAt` into it; so it finds nothing proven and inserts the marker itself.
 */
export function provenMarkers(
  keys: ContactKeys,
  at: Date,
  lastContactAt: string | null | undefined,
  departmentContactAt: string | null | undefined,
): Set<string> {
  const proven = new Set<string>()
  const periods = periodsOf(at)
  const mark = (markers: ContactKeys['regionMarkers'], latest: string | null | undefined) => {
    const when = latest ? new Date(latest) : undefined
    if (!when || Number.isNaN(when.getTime())) return
    const seen = periodsOf(when)
    markers.forEach((m, i) => {
      if (seen[i] === periods[i]) proven.add(m.marker)
    })
  }
  mark(keys.regionMarkers, lastContactAt)
  mark(keys.departmentMarkers, departmentContactAt)
  return proven
}

/**
 * The stats documents of today's periods and of the next two days' (the daily timer creates them ahead,
 * so a month's first contacts find their documents and increment them in the same round trip).
 */
export function comingStatsIds(regions: Iterable<string>, departments: Iterable<string>, now: Date): string[] {
  const periods = new Set([0, 1, 2].flatMap((days) => periodsOf(new Date(now.getTime() + days * DAY_MS))))
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

/**
 * The increments to apply once the markers' fate is known, grouped so that documents receiving the same
 * increments are updated together (one multi-document update per group).
 */
export function incrementGroups(
  keys: ContactKeys,
  firstInPeriod: ReadonlySet<string>,
  channel: Channel,
): { inc: Partial<Counters>; ids: string[] }[] {
  const groups = new Map<string, { inc: Partial<Counters>; ids: string[] }>()
  for (const m of [...keys.regionMarkers, ...keys.departmentMarkers]) {
    const inc: Partial<Counters> = { contacts: 1 }
    if (channel === 'visit') inc.visits = 1
    if (firstInPeriod.has(m.marker)) inc.householdsContacted = 1
    const sig = JSON.stringify(inc)
    const group = groups.get(sig) ?? { inc, ids: [] }
    group.ids.push(...m.statsIds)
    groups.set(sig, group)
  }
  return [...groups.values()]
}

export interface RawContact extends ContactFacts {
  confirmedAt: string | null
}
export interface RawHousehold {
  _id: string
  regionPath: readonly string[]
  riskLevel?: RiskLevel
  lastContactAt?: string | null
}

/**
 * What every counter should be, rebuilt from raw records alone (the recount). Event counters are exact
 * history; gauges are computed as of `now` into the `now` documents.
 */
export class Recount {
  readonly expected = new Map<string, Counters>()
  private readonly seen = new Set<string>()

  constructor(
    private readonly now: Date,
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
    const overdue = isOverdue(daysSince(h.lastContactAt, this.now), periodDaysFor(h.regionPath, this.periods))
    for (const region of h.regionPath) {
      const id = regionStatsId(region, NOW)
      this.bump(id, risk)
      if (overdue) this.bump(id, 'overdueHouseholds')
    }
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
