/**
 * The contacts function's reads and writes. Every helper is one database request, so the number of
 * round trips an action makes can be read off its code (and is counted in bench/contacts.ts).
 */
import type { Counters } from '../../src/shared/contracts/contacts'
import type { Db } from '../_shared/handler'
import { coll, insertOnce } from '../_shared/db'
import { emptyCounters } from './domain/rollup'

export const COLLECTIONS = {
  contacts: 'contacts',
  conflicts: 'contactConflicts',
  marks: 'contactMarks',
  stats: 'stats',
  history: 'householdHistory',
  households: 'households',
  officials: 'officials',
  departments: 'departments',
} as const

/**
 * Stats documents are never deleted, so once this instance has seen one exist it need not look again:
 * a warm function instance (and a local cloud worker) keeps this set between invocations.
 */
const knownStats = new Set<string>()

/**
 * Makes sure every stats document exists before anything increments it: a multi-document `$inc`
 * skips missing documents silently and would lose the count. Creating with zeros is safe under races
 * (a duplicate insert means someone else created it). Answers how many it created.
 */
export async function ensureStats(db: Db, ids: string[]): Promise<number> {
  const unknown = ids.filter((id) => !knownStats.has(id))
  if (unknown.length === 0) return 0
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
  const created = await Promise.all(
    missing.map((id) => insertOnce(db, COLLECTIONS.stats, { _id: id, ...statsKey(id), ...emptyCounters() })),
  )
  for (const id of unknown) knownStats.add(id)
  return created.filter(Boolean).length
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
 * Adds the same increments to every listed stats document, exactly, whether or not each exists yet.
 * Documents this instance has seen take one multi-document update together. Any other is updated on its
 * own, so its answer tells whether it exists; a missing one is created with the increments already in it
 * (or, if someone else created it meanwhile, updated again). A multi-document update only reports how many
 * it changed, which cannot tell a missing document from one created during it.
 */
export async function addToStats(db: Db, ids: readonly string[], inc: Partial<Counters>): Promise<void> {
  const _ = db.command
  const data: Record<string, unknown> = {}
  for (const [name, by] of Object.entries(inc)) if (by) data[name] = _.inc(by)
  if (ids.length === 0 || Object.keys(data).length === 0) return
  const known = ids.filter((id) => knownStats.has(id))
  const unknown = ids.filter((id) => !knownStats.has(id))
  await Promise.all([
    known.length
      ? incrementStats(db, known, inc).then((updated) => {
          // stats documents are never deleted; if someone did, these counts are lost until the recount
          if (updated < known.length) console.error('[contacts] stats documents missing', known)
        })
      : undefined,
    ...unknown.map(async (id) => {
      const doc = coll(db, COLLECTIONS.stats).doc(id)
      const res = (await doc.update({ data })) as { stats?: { updated?: number } }
      if (res.stats?.updated !== 1) {
        const counters = emptyCounters()
        for (const [name, by] of Object.entries(inc)) counters[name as keyof Counters] += by ?? 0
        const created = await insertOnce(db, COLLECTIONS.stats, { _id: id, ...statsKey(id), ...counters })
        if (!created) await doc.update({ data })
      }
      knownStats.add(id)
    }),
  ])
}
