/**
 * The dashboard's own counters counted from raw records: households, officials and pairings per region (all
 * four levels) and per department, the network's units per region, and the notices published in a period to
 * a whole region with the reads of them by its households. The nightly count writes what this gives; the
 * recount compares it with what is stored, figure by figure.
 *
 * A department's households are those paired with at least one of its officials; its officials those on
 * its roster still active. A notice counts for a region when it went to households of that region or of a
 * region above it (the whole region heard it), and its audience there is the region's households.
 */
import type { DashboardFigures, Household, Notice, NoticeStats, Official, Unit, UnitKind } from '@config/documents'
import { covers, normaliseRegion } from '@shared/region'
import type { Instant } from '@shared/time'
import { NOW, figuresId } from '../keys'
import { within } from './periods'

export type RawHousehold = Pick<Household, '_id' | 'regionPath'> &
  Partial<Pick<Household, 'officialIds' | 'officialDepartments'>>
export type RawOfficial = Pick<Official, '_id' | 'regionPath' | 'departmentId' | 'active'>
export type RawUnit = Pick<Unit, '_id' | 'kind' | 'regionPath'>
export type RawNotice = Pick<Notice, '_id' | 'status' | 'audienceRegions' | 'audienceKinds' | 'publishedAt'>

/** The figures one counter document holds, without its identity. */
export type Counted = Omit<DashboardFigures, '_id' | 'axis' | 'key' | 'period' | 'countedAt'>

/** The fields the recount compares, in a stable order. */
export const COUNTED_FIELDS = [
  'households',
  'officials',
  'pairedHouseholds',
  'network.centre',
  'network.studio',
  'network.team',
  'noticesPublished',
  'noticeReads',
  'noticeAudience',
] as const

const UNIT_KINDS: readonly UnitKind[] = ['centre', 'studio', 'team']

function empty(region: boolean): Counted {
  return region
    ? {
        households: 0,
        officials: 0,
        pairedHouseholds: 0,
        network: { centre: 0, studio: 0, team: 0 },
        noticesPublished: 0,
        noticeReads: 0,
        noticeAudience: 0,
      }
    : { households: 0, officials: 0, pairedHouseholds: 0 }
}

/** What every dashboard counter should be as of `at`, for the present and the month and quarter given. */
export class Count {
  /** `r:<region>` / `d:<department>` → the present's gauges */
  private readonly gauges = new Map<string, Counted>()
  /** `<key>:<period>` → notices of the period */
  private readonly notices = new Map<string, Pick<Counted, 'noticesPublished' | 'noticeReads' | 'noticeAudience'>>()

  constructor(
    readonly at: Instant,
    readonly periods: readonly string[],
  ) {}

  private of(key: string): Counted {
    let c = this.gauges.get(key)
    if (!c) this.gauges.set(key, (c = empty(key.startsWith('r:'))))
    return c
  }

  addHousehold(h: RawHousehold): void {
    const paired = (h.officialIds ?? []).length > 0
    for (const region of h.regionPath ?? []) {
      const c = this.of(`r:${region}`)
      c.households += 1
      if (paired) c.pairedHouseholds += 1
    }
    const departments = new Set(
      (h.officialIds ?? []).map((id) => h.officialDepartments?.[id]).filter((d): d is string => !!d),
    )
    for (const department of departments) {
      const c = this.of(`d:${department}`)
      c.households += 1
      c.pairedHouseholds += 1
    }
  }

  addOfficial(o: RawOfficial): void {
    if (!o.active) return
    for (const region of o.regionPath ?? []) this.of(`r:${region}`).officials += 1
    if (o.departmentId) this.of(`d:${o.departmentId}`).officials += 1
  }

  addUnit(u: RawUnit): void {
    if (!UNIT_KINDS.includes(u.kind)) return
    for (const region of u.regionPath ?? []) {
      const network = this.of(`r:${region}`).network
      if (network) network[u.kind] += 1
    }
  }

  /**
   * A published (or since retracted) notice to households: counted in each period it was published in, for
   * every region the gauges know under its audience, with the reads `noticeStats` holds for that region.
   * Call after the households are added (a region's audience is its households).
   */
  addNotice(n: RawNotice, stats: NoticeStats | undefined): void {
    if (!n.publishedAt || !(n.audienceKinds ?? []).includes('household')) return
    const periods = this.periods.filter((p) => within(p, n.publishedAt as string))
    if (!periods.length) return
    const audience = n.audienceRegions ?? []
    for (const [key, gauges] of this.gauges) {
      if (!key.startsWith('r:')) continue
      const region = key.slice(2)
      if (!audience.some((a) => covers(normaliseRegion(a), region))) continue
      for (const period of periods) {
        const id = `${key}:${period}`
        const c = this.notices.get(id) ?? { noticesPublished: 0, noticeReads: 0, noticeAudience: 0 }
        c.noticesPublished = (c.noticesPublished ?? 0) + 1
        c.noticeReads = (c.noticeReads ?? 0) + (stats?.household?.[`r${region}`] ?? 0)
        c.noticeAudience = (c.noticeAudience ?? 0) + gauges.households
        this.notices.set(id, c)
      }
    }
  }

  /** Every counter document as the count makes it: `…:now` and each period's, gauges and notices together. */
  documents(): DashboardFigures[] {
    const docs: DashboardFigures[] = []
    for (const [key, gauges] of this.gauges) {
      const axis = key.startsWith('r:') ? 'region' : 'department'
      const code = key.slice(2)
      for (const period of [NOW, ...this.periods]) {
        const notices = axis === 'region' && period !== NOW ? this.notices.get(`${key}:${period}`) : undefined
        const counted: Counted = { ...gauges, ...(gauges.network ? { network: { ...gauges.network } } : {}) }
        if (axis === 'region')
          Object.assign(counted, notices ?? { noticesPublished: 0, noticeReads: 0, noticeAudience: 0 })
        docs.push({ _id: figuresId(axis, code, period), axis, key: code, period, ...counted, countedAt: this.at })
      }
    }
    return docs
  }
}

export interface Difference {
  id: string
  counter: string
  stored: number
  actual: number
}

function field(doc: Partial<DashboardFigures> | undefined, name: (typeof COUNTED_FIELDS)[number]): number | undefined {
  if (!doc) return undefined
  if (name.startsWith('network.')) return doc.network?.[name.slice('network.'.length) as UnitKind]
  return doc[name as Exclude<typeof name, `network.${string}`>]
}

/** Each figure whose stored value differs from the counted one (a missing document counts as zeros). */
export function compare(
  stored: ReadonlyMap<string, Partial<DashboardFigures>>,
  expected: readonly DashboardFigures[],
): Difference[] {
  const differences: Difference[] = []
  const seen = new Set<string>()
  for (const doc of expected) {
    seen.add(doc._id)
    const have = stored.get(doc._id)
    for (const name of COUNTED_FIELDS) {
      const actual = field(doc, name)
      if (actual === undefined) continue
      const value = field(have, name) ?? 0
      if (value !== actual) differences.push({ id: doc._id, counter: name, stored: value, actual })
    }
  }
  // a stored document the raw records no longer give (a region emptied) should hold zeros
  for (const [id, have] of stored) {
    if (seen.has(id)) continue
    for (const name of COUNTED_FIELDS) {
      const value = field(have, name)
      if (value) differences.push({ id, counter: name, stored: value, actual: 0 })
    }
  }
  return differences
}
