/**
 * The dashboard's gauges kept on write: households, officials and paired households per region (every level
 * of the region path) and per department, as the registry's imports, pairings and re-pairings change them.
 * The dashboard's daily count (cloudfunctions/dashboard/count.ts) counts the same documents from the raw
 * records and repairs any difference, so a write whose increments are lost (a crash between the write and
 * them) lags until that night at most, and the count reports it.
 *
 * A writer describes each record before and after its write (`FigureChanges`), and `keepFigures` adds the
 * differences, summed per key: at most one increment request per region or department, however many rows a
 * batch wrote (documents that move by the same amounts share one). A record a write did not change
 * contributes nothing, so a batch written again after a crash (an import's rows found stored, a pairing found
 * open) adds nothing twice.
 *
 * The documents are those the count writes: the present (`…:now`) and the month and quarter the write falls
 * in, with, in the first hour of a period, the ones just ended (the count writes those as the picture as of
 * its run). A current period's document a write finds missing is made first from the present's as read, so
 * a new month's first import does not start its gauges from zero; a key never counted starts at zero.
 */
import type { DashboardFigures } from '@config/documents'
import type { Instant } from '@shared/time'
import { addTime, now, periodsOf } from '@shared/time'
import type { Db, Patch } from './db'
import { PAGE, collection, isDuplicate } from './db'

export type FigureAxis = 'region' | 'department'

/** The present's documents: `r:<region>:now`, `d:<department>:now`. */
export const NOW = 'now'

/** A counter document's `_id`: `r:<region>:<period>` or `d:<department>:<period>` (contacts' `stats` share it). */
export const figuresId = (axis: FigureAxis, key: string, period: string): string =>
  `${axis === 'region' ? 'r' : 'd'}:${key}:${period}`

/**
 * The periods a gauge written at `at` belongs to: the month and quarter it falls in and, in the first hour of
 * a period, the ones just ended (as the daily count writes them).
 */
export function gaugePeriods(at: Instant): string[] {
  return [...new Set([...periodsOf(at), ...periodsOf(addTime(at, -1, 'hour'))])]
}

/** What a household's gauges depend on. */
export interface HouseholdFacts {
  regionPath: readonly string[]
  officialIds?: readonly string[] | undefined
  /** official id → their department ('' for none), as pairing keeps it beside `officialIds` */
  officialDepartments?: Readonly<Record<string, string>> | undefined
}

/** What an official's gauges depend on. */
export interface OfficialFacts {
  regionPath: readonly string[]
  departmentId: string
  active: boolean
}

export const GAUGES = ['households', 'officials', 'pairedHouseholds'] as const
export type Gauge = (typeof GAUGES)[number]
export type GaugeDelta = Record<Gauge, number>

const zero = (): GaugeDelta => ({ households: 0, officials: 0, pairedHouseholds: 0 })

/** The departments a household counts for: those of its current officials. */
export function householdDepartments(h: HouseholdFacts): Set<string> {
  return new Set(
    (h.officialIds ?? [])
      .map((id) => h.officialDepartments?.[id])
      .filter((d): d is string => typeof d === 'string' && !!d),
  )
}

/** Gauge changes of many records, summed per key (`r:<region>` / `d:<department>`). */
export class FigureChanges {
  private readonly byKey = new Map<string, GaugeDelta>()

  private add(key: string, gauge: Gauge, by: number): void {
    let d = this.byKey.get(key)
    if (!d) this.byKey.set(key, (d = zero()))
    d[gauge] += by
  }

  private countHousehold(h: HouseholdFacts, sign: 1 | -1): void {
    const paired = (h.officialIds ?? []).length > 0
    for (const region of h.regionPath) {
      this.add(`r:${region}`, 'households', sign)
      if (paired) this.add(`r:${region}`, 'pairedHouseholds', sign)
    }
    // a department counts the households paired with its officials, every one of them paired
    for (const department of householdDepartments(h)) {
      this.add(`d:${department}`, 'households', sign)
      this.add(`d:${department}`, 'pairedHouseholds', sign)
    }
  }

  private countOfficial(o: OfficialFacts, sign: 1 | -1): void {
    if (!o.active) return
    for (const region of o.regionPath) this.add(`r:${region}`, 'officials', sign)
    if (o.departmentId) this.add(`d:${o.departmentId}`, 'officials', sign)
  }

  /** A household as it was before a write (none: new) and after it (none: gone). */
  household(before: HouseholdFacts | undefined, after: HouseholdFacts | undefined): this {
    if (before) this.countHousehold(before, -1)
    if (after) this.countHousehold(after, 1)
    return this
  }

  /** An official as they were before a write (none: new) and after it. */
  official(before: OfficialFacts | undefined, after: OfficialFacts | undefined): this {
    if (before) this.countOfficial(before, -1)
    if (after) this.countOfficial(after, 1)
    return this
  }

  /** The keys whose gauges change, with their changes (keys whose changes cancel out are left out). */
  entries(): { axis: FigureAxis; key: string; delta: GaugeDelta }[] {
    const out: { axis: FigureAxis; key: string; delta: GaugeDelta }[] = []
    for (const [id, delta] of this.byKey) {
      if (GAUGES.every((g) => delta[g] === 0)) continue
      out.push({ axis: id.startsWith('r:') ? 'region' : 'department', key: id.slice(2), delta: { ...delta } })
    }
    return out
  }
}

/** increment requests in flight at once */
const PARALLEL = 8
/** documents per insert request */
const INSERT_BATCH = 500
/** documents one increment request names */
const IDS_PER_UPDATE = 500

type Stored = Pick<
  DashboardFigures,
  '_id' | 'households' | 'officials' | 'pairedHouseholds' | 'network' | 'noticesPublished' | 'countedAt'
>

/** A counter document the count has not made yet: `from` the present's gauges (a new period), else zeros. */
function fresh(axis: FigureAxis, key: string, period: string, from: Stored | undefined, at: Instant): DashboardFigures {
  return {
    _id: figuresId(axis, key, period),
    axis,
    key,
    period,
    households: from?.households ?? 0,
    officials: from?.officials ?? 0,
    pairedHouseholds: from?.pairedHouseholds ?? 0,
    ...(axis === 'region'
      ? {
          network: { centre: 0, studio: 0, team: 0, ...from?.network },
          noticesPublished: 0,
          noticeReads: 0,
          noticeAudience: 0,
        }
      : {}),
    countedAt: from?.countedAt ?? at,
  }
}

export interface FigureKey {
  axis: FigureAxis
  key: string
}

/** The keys records at these region paths (and of these departments) count under. */
export function figureKeys(paths: Iterable<readonly string[]>, departments: Iterable<string> = []): FigureKey[] {
  const regions = new Set<string>()
  for (const path of paths) for (const region of path) regions.add(region)
  return [
    ...[...regions].map((key) => ({ axis: 'region' as const, key })),
    ...[...new Set(departments)].filter(Boolean).map((key) => ({ axis: 'department' as const, key })),
  ]
}

/** The counter documents of some keys as read, and which keys were asked for. */
export interface FiguresRead {
  keys: Set<string>
  stored: Map<string, Stored>
}

const keyOf = (k: FigureKey) => figuresId(k.axis, k.key, '')

async function readFigures(db: Db, keys: readonly FigureKey[], at: Instant): Promise<FiguresRead> {
  const _ = db.command
  const periods = [NOW, ...gaugePeriods(at)]
  const ids = keys.flatMap((k) => periods.map((p) => figuresId(k.axis, k.key, p)))
  const stored = new Map<string, Stored>()
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = await collection(db, 'dashboardFigures').find(
      { _id: _.in(ids.slice(i, i + PAGE)) },
      {
        fields: ['households', 'officials', 'pairedHouseholds', 'network', 'noticesPublished', 'countedAt'],
        limit: PAGE,
      },
    )
    for (const doc of page) stored.set(doc._id, doc)
  }
  return { keys: new Set(keys.map(keyOf)), stored }
}

/**
 * Reads the counter documents of the keys a write is expected to change while the write itself goes out, so
 * that keeping the figures after it costs the increments alone. Never rejects: what it could not read,
 * `keepFigures` reads.
 */
export function readFiguresAhead(db: Db, keys: readonly FigureKey[], at: Instant): Promise<FiguresRead | undefined> {
  return keys.length ? readFigures(db, keys, at).catch(() => undefined) : Promise.resolve(undefined)
}

/**
 * Adds `changes` to the counter documents of the present and of the periods `at` falls in: documents a write
 * finds missing are made first (concurrent writers make each once: the database refuses a second insert of
 * an `_id`), then each key's documents move by one atomic increment. A region's notices of a period counted
 * the region's households once per notice (`noticeAudience`), so that moves with its households as well.
 * `ahead`: what `readFiguresAhead` read before the write (with the same `at`).
 */
export async function keepFigures(
  db: Db,
  changes: FigureChanges,
  at: Instant = now(),
  ahead?: Promise<FiguresRead | undefined>,
): Promise<void> {
  const entries = changes.entries()
  const early = await ahead
  if (entries.length === 0) return
  const _ = db.command
  const figures = collection(db, 'dashboardFigures')
  const periods = gaugePeriods(at)
  const idsOf = (axis: FigureAxis, key: string) => [NOW, ...periods].map((p) => figuresId(axis, key, p))
  const unread = entries.filter((e) => !early?.keys.has(keyOf(e)))
  const stored = new Map(early?.stored)
  if (unread.length) for (const [id, doc] of (await readFigures(db, unread, at)).stored) stored.set(id, doc)

  const missing: DashboardFigures[] = []
  for (const { axis, key } of entries) {
    const present = stored.get(figuresId(axis, key, NOW))
    if (!present) missing.push(fresh(axis, key, NOW, undefined, at))
    for (const period of periods)
      if (!stored.has(figuresId(axis, key, period))) missing.push(fresh(axis, key, period, present, at))
  }
  for (let i = 0; i < missing.length; i += INSERT_BATCH) {
    const batch = missing.slice(i, i + INSERT_BATCH)
    try {
      await figures.addMany(batch)
    } catch (error) {
      // another writer made some of them first: each of the others on its own
      if (!isDuplicate(error)) throw error
      for (const doc of batch) await figures.addOnce(doc)
    }
  }

  // documents that move by the same amounts move in one request, whichever keys they belong to: a batch's
  // villages mostly gain the same few households, so its increments take a handful of requests
  const byChange = new Map<string, { change: Partial<Record<Gauge | 'noticeAudience', number>>; ids: string[] }>()
  for (const { axis, key, delta } of entries) {
    for (const id of idsOf(axis, key)) {
      const change: Partial<Record<Gauge | 'noticeAudience', number>> = {}
      for (const gauge of GAUGES) if (delta[gauge] !== 0) change[gauge] = delta[gauge]
      const notices = delta.households !== 0 ? (stored.get(id)?.noticesPublished ?? 0) : 0
      if (notices) change.noticeAudience = delta.households * notices
      const signature = JSON.stringify(change)
      const group = byChange.get(signature)
      if (group) group.ids.push(id)
      else byChange.set(signature, { change, ids: [id] })
    }
  }
  const requests: { ids: string[]; patch: Patch<DashboardFigures> }[] = []
  for (const { change, ids: group } of byChange.values()) {
    const patch = Object.fromEntries(Object.entries(change).map(([name, by]) => [name, _.inc(by)]))
    for (let i = 0; i < group.length; i += IDS_PER_UPDATE)
      requests.push({ ids: group.slice(i, i + IDS_PER_UPDATE), patch: patch as Patch<DashboardFigures> })
  }
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, requests.length) }, async () => {
      while (next < requests.length) {
        const { ids: group, patch } = requests[next++]!
        await figures.updateWhere({ _id: _.in(group) }, patch)
      }
    }),
  )
}
