/**
 * The figures of one key (a region or a department) for one period, put together from the counters that
 * hold them — contacts' `stats`, the requests' period rate counters and the dashboard's own counters — and
 * nothing else: no figure here is counted from raw records.
 *
 * A figure that does not apply to the axis is null (a department has no risk gauges, no notices, no network,
 * and every household it counts is paired); so is a rate with nothing under it, and a count whose counters
 * do not exist yet (the nightly count has not reached the period). A screen shows "—". A department's
 * overdue households are contacts' daily gauge of its own (its households without its contact).
 */
import type { DashboardFigures, RequestRates, Stats } from '@config/documents'
import type { Axis, Figures } from '@shared/contracts/dashboard'

export type RateCounters = Partial<RequestRates['counters']>

/** What one key's figures for one period are read from. */
export interface Sources {
  axis: Axis
  /** contacts' counters of the period (`r:` / `d:<key>:<period>`) */
  stats?: Partial<Stats>
  /** contacts' gauges: the present for the current period, else the period's last snapshot (a department's
   * hold its overdue households alone) */
  gauges?: Partial<Stats>
  /** the dashboard's counters of the period (notices published in it) */
  own?: Partial<DashboardFigures>
  /** the dashboard's gauges: the present for the current period, else the period's last snapshot */
  ownGauges?: Partial<DashboardFigures>
  /** the request rate counters of the period (`p:<period>:region:<code>`, or a department's units summed) */
  needs?: RateCounters
  /** the period's contact target, where one is set */
  target?: number | null
}

export const share = (part: number | null | undefined, whole: number | null | undefined): number | null =>
  typeof part === 'number' && typeof whole === 'number' && whole > 0 ? part / whole : null

const n = (value: number | undefined): number => value ?? 0

export function figuresOf(s: Sources): Figures {
  const region = s.axis === 'region'
  const own = s.ownGauges
  const households = own ? n(own.households) : null
  const paired = region && own ? n(own.pairedHouseholds) : null
  const needs = s.needs
  const audience = s.own?.noticeAudience
  return {
    households,
    officials: own ? n(own.officials) : null,
    pairedHouseholds: paired,
    coverage: region ? share(paired, households) : null,
    householdsContacted: s.stats ? n(s.stats.householdsContacted) : 0,
    target: s.target ?? null,
    // a department's gauge exists from the daily snapshot on; before it the figure is unknown, not zero
    overdueHouseholds: region ? n(s.gauges?.overdueHouseholds) : (s.gauges?.overdueHouseholds ?? null),
    visits: s.stats ? n(s.stats.visits) : 0,
    visitsConfirmed: s.stats ? n(s.stats.visitsConfirmed) : 0,
    riskWatch: region ? n(s.gauges?.riskWatch) : null,
    riskHigh: region ? n(s.gauges?.riskHigh) : null,
    // a department's units receive requests by assignment: the requests collected are the region's alone
    needsCollected: region ? n(needs?.collected) : n(needs?.assigned),
    needsSolved: n(needs?.solved),
    needsSolvedOnTime: n(needs?.solvedOnTime),
    rates: {
      response: share(needs?.responded, needs?.assigned),
      solution: share(needs?.solved, needs?.answered),
      onTime: share(needs?.solvedOnTime, needs?.solved),
      satisfaction: share(needs?.satisfied, needs?.rated),
    },
    noticesPublished: region ? n(s.own?.noticesPublished) : null,
    noticeReadRate: region ? share(s.own?.noticeReads, audience) : null,
    network: region ? (own?.network ?? { centre: 0, studio: 0, team: 0 }) : null,
  }
}

/** Rate counters of several documents (a department's units) summed. */
export function sumCounters(docs: readonly (RateCounters | undefined)[]): RateCounters {
  const sum: Record<string, number> = {}
  for (const doc of docs)
    for (const [name, value] of Object.entries(doc ?? {}))
      if (typeof value === 'number') sum[name] = (sum[name] ?? 0) + value
  return sum as RateCounters
}
