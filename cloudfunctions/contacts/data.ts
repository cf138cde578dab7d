/**
 * The contacts function's counter writes. Every helper is one database request (or one per document it
 * has not seen yet), so the number of round trips an action makes can be read off its code (and is
 * counted in bench/contacts.ts).
 */
import type { Stats } from '@config/documents'
import type { Counters } from '@shared/contracts/contacts'
import type { Db, Patch } from '@fn/db'
import { collection } from '@fn/db'
import type { StatsChange } from './domain/counting'
import { emptyCounters } from './domain/rollup'

/**
 * Stats documents are never deleted, so once this instance has seen one exist it need not look again:
 * a warm function instance (and a local cloud worker) keeps this set between invocations.
 */
const knownStats = new Set<string>()

/** `r:<region>:<period>` → its parts, stored for office queries by key */
export function statsKey(id: string): Pick<Stats, 'axis' | 'key' | 'period'> {
  const [axis, ...rest] = id.split(':')
  const period = rest.pop() ?? ''
  return { axis: axis === 'd' ? 'department' : 'region', key: rest.join(':'), period }
}

function statsDoc(id: string, counters: Counters): Stats {
  return { _id: id, ...statsKey(id), ...counters }
}

/** `$inc` commands for the non-zero increments; empty when there are none. */
function increments(db: Db, inc: Partial<Counters>): Patch<Stats> {
  const _ = db.command
  const data: Record<string, unknown> = {}
  for (const [name, by] of Object.entries(inc)) if (by) data[name] = _.inc(by)
  return data
}

/**
 * Makes sure every stats document exists before anything increments it: a multi-document `$inc`
 * skips missing documents silently and would lose the count. Creating with zeros is safe under races
 * (a duplicate insert means someone else created it). Answers how many it created.
 */
export async function ensureStats(db: Db, ids: string[]): Promise<number> {
  const unknown = ids.filter((id) => !knownStats.has(id))
  if (unknown.length === 0) return 0
  const stats = collection(db, 'stats')
  const found = await stats.find({ _id: db.command.in(unknown) }, { fields: ['_id'], limit: 1000 })
  const present = new Set(found.map((d) => d._id))
  const missing = unknown.filter((id) => !present.has(id))
  const created = await Promise.all(missing.map((id) => stats.addOnce(statsDoc(id, emptyCounters()))))
  for (const id of unknown) knownStats.add(id)
  return created.filter(Boolean).length
}

/** One request: the same increments on every listed (existing) stats document; answers how many it changed. */
export async function incrementStats(db: Db, ids: string[], inc: Partial<Counters>): Promise<number> {
  if (ids.length === 0) return 0
  const data = increments(db, inc)
  if (Object.keys(data).length === 0) return ids.length
  return collection(db, 'stats').updateWhere({ _id: db.command.in(ids) }, data)
}

/**
 * Adds the same increments to every listed stats document, exactly, whether or not each exists yet.
 * Documents this instance has seen take one multi-document update together. Any other is updated on its
 * own, so its answer tells whether it exists; a missing one is created with the increments already in it
 * (or, if someone else created it meanwhile, updated again). A multi-document update only reports how many
 * it changed, which cannot tell a missing document from one created during it.
 */
export async function addToStats(db: Db, { ids, inc }: StatsChange): Promise<void> {
  const data = increments(db, inc)
  if (ids.length === 0 || Object.keys(data).length === 0) return
  const stats = collection(db, 'stats')
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
      if ((await stats.update(id, data)) !== 1) {
        const counters = emptyCounters()
        for (const [name, by] of Object.entries(inc)) counters[name as keyof Counters] += by ?? 0
        if (!(await stats.addOnce(statsDoc(id, counters)))) await stats.update(id, data)
      }
      knownStats.add(id)
    }),
  ])
}

/** Takes back optimistic increments: one request per distinct set of decrements. */
export async function takeBack(db: Db, undo: readonly StatsChange[]): Promise<void> {
  await Promise.all(undo.map((g) => incrementStats(db, g.ids, g.inc)))
}
