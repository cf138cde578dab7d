/**
 * The contacts function's reads and writes. Every helper is one database request, so the number of
 * round trips an action makes can be read off its code (and is counted in bench/contacts.ts).
 */
import type { Counters } from '../../src/shared/contracts/contacts'
import type { Db } from '../_shared/handler'
import { emptyCounters } from './domain/rollup'

/** The SDK's query builder is typed through callback overloads; the helpers below need only this much. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Coll = any

export const COLLECTIONS = {
  contacts: 'contacts',
  conflicts: 'contactConflicts',
  marks: 'contactMarks',
  stats: 'stats',
  history: 'householdHistory',
  households: 'households',
  officials: 'officials',
} as const

export function coll(db: Db, name: string): Coll {
  return db.collection(name) as Coll
}

/** CloudBase relays MongoDB's E11000 as "database request fail"; the local cloud says "duplicate _id". */
export function isDuplicate(error: unknown): boolean {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error)
  return /duplicate|E11000/i.test(message)
}

/** Inserts a document with a chosen `_id`; false when that `_id` already exists. */
export async function insertOnce(
  db: Db,
  collection: string,
  doc: Record<string, unknown> & { _id: string },
): Promise<boolean> {
  try {
    await coll(db, collection).add({ data: doc })
    return true
  } catch (error) {
    if (isDuplicate(error)) return false
    throw error
  }
}

export async function getById<T>(
  db: Db,
  collection: string,
  id: string,
  field?: Record<string, boolean>,
): Promise<T | undefined> {
  let query = coll(db, collection).where({ _id: id })
  if (field) query = query.field(field)
  const res = (await query.limit(1).get()) as { data: T[] }
  return res.data[0]
}

/**
 * Stats documents are never deleted, so once this instance has seen one exist it need not look again:
 * a warm function instance (and a local cloud worker) keeps this set between invocations.
 */
const knownStats = new Set<string>()

/**
 * Makes sure every stats document exists before anything increments it: a multi-document `$inc`
 * skips missing documents silently and would lose the count. Creating with zeros is safe under races
 * (a duplicate insert means someone else created it).
 */
export async function ensureStats(db: Db, ids: string[]): Promise<void> {
  const unknown = ids.filter((id) => !knownStats.has(id))
  if (unknown.length === 0) return
  const _ = db.command
  const res = (await coll(db, COLLECTIONS.stats)
    .where({ _id: _.in(unknown) })
    .field({ _id: true })
    .limit(1000)
    .get()) as {
    data: { _id: string }[]
  }
  const present = new Set(res.data.map((d) => d._id))
  const missing = unknown.filter((id) => !present.has(id))
  await Promise.all(
    missing.map((id) => insertOnce(db, COLLECTIONS.stats, { _id: id, ...statsKey(id), ...emptyCounters() })),
  )
  for (const id of unknown) knownStats.add(id)
}

/** `r:<region>:<period>` → its parts, stored for office queries by key */
export function statsKey(id: string): { axis: 'region' | 'department'; key: string; period: string } {
  const [axis, ...rest] = id.split(':')
  const period = rest.pop() ?? ''
  return { axis: axis === 'd' ? 'department' : 'region', key: rest.join(':'), period }
}

/** One request: the same increments on every listed (existing) stats document; answers how many it changed. */
export async function incrementStats(db: Db, ids: string[], inc: Partial<Counters>): Promise<number> {
  if (ids.length === 0) return 0
  const _ = db.command
  const data: Record<string, unknown> = {}
  for (const [name, by] of Object.entries(inc)) if (by) data[name] = _.inc(by)
  if (Object.keys(data).length === 0) return ids.length
  const res = (await coll(db, COLLECTIONS.stats)
    .where({ _id: _.in(ids) })
    .update({ data })) as { stats?: { updated?: number } }
  return res.stats?.updated ?? ids.length
}

/**
 * After an increment that found fewer stats documents than it expected (documents the household said
 * must exist did not: a household moved village, stats were wiped): creates the missing ones with this
 * call's increments already in them. A document someone else creates in between gets the increment
 * instead. Never runs on the normal path.
 */
export async function incrementMissing(db: Db, ids: string[], inc: Partial<Counters>): Promise<void> {
  const _ = db.command
  const res = (await coll(db, COLLECTIONS.stats)
    .where({ _id: _.in(ids) })
    .field({ _id: true })
    .limit(1000)
    .get()) as {
    data: { _id: string }[]
  }
  const present = new Set(res.data.map((d) => d._id))
  await Promise.all(
    ids
      .filter((id) => !present.has(id))
      .map(async (id) => {
        const counters = emptyCounters()
        for (const [name, by] of Object.entries(inc)) counters[name as keyof Counters] += by ?? 0
        const created = await insertOnce(db, COLLECTIONS.stats, { _id: id, ...statsKey(id), ...counters })
        if (created) knownStats.add(id)
        else await incrementStats(db, [id], inc)
      }),
  )
}

/** Reads every document matching a query, page by page (1,000 is the SDK's ceiling per request). */
export async function readAll<T>(
  db: Db,
  collection: string,
  where: Record<string, unknown>,
  field?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = []
  const _ = db.command
  let after = ''
  for (;;) {
    let query = coll(db, collection).where(after ? { ...where, _id: _.gt(after) } : where)
    if (field) query = query.field(field)
    const res = (await query.orderBy('_id', 'asc').limit(1000).get()) as { data: (T & { _id: string })[] }
    out.push(...res.data)
    if (res.data.length < 1000) return out
    after = res.data[res.data.length - 1]!._id
  }
}
