/**
 * The background warm-up after open: parses every collection into the cache and fills in-memory maps of
 * single-field unique keys, a few milliseconds per event-loop turn; once it is done, an equality or `$in`
 * lookup on such a key touches no SQLite. Before that (or beyond the cache size) reads fetch and parse
 * rows, uncached candidates of one query in one statement.
 */
import { cachePut } from './cache'
import { type Coll, type Row, type State, stmt } from './core'
import { parse } from './ejson'
import { memKeys } from './tables'
import type { Doc, WarmUpReport } from './types'

/** Longest stretch one warm-up chunk keeps the event loop; requests wait at most about this long. */
export const WARM_CHUNK_MS = 4
/** Rows per warm-up statement. */
const WARM_PAGE = 64

const NOTHING: WarmUpReport = { ms: 0, documents: 0, chunks: 0, longestChunkMs: 0, complete: false }

/**
 * Parses every collection into the cache in the background, in rid order, a few milliseconds at a time
 * on setImmediate so requests interleave. Reads and writes during the warm-up stay correct because the
 * cache only ever holds a document's latest committed state: a write updates the cache synchronously,
 * and a row the warm-up reaches later is only added when the cache does not already hold it. A
 * collection whose warm-up finishes without an eviction is complete: rows inserted meanwhile were
 * cached by their insert, removed ones were dropped. It stops when the cache is full instead of evicting.
 */
export function startWarmUp(s: State): void {
  const queue = [...s.colls.values()].filter((c) => !c.complete)
  const started = performance.now()
  const report: WarmUpReport = { ...NOTHING }
  let settle!: (r: WarmUpReport) => void
  const warm: NonNullable<State['warm']> = { timer: null, done: new Promise<WarmUpReport>((r) => (settle = r)) }
  s.warm = warm
  let i = 0
  let last = -Infinity
  let evictions = queue[0]?.evictions ?? 0
  // from here on commits keep these maps; they serve lookups once the warm-up has visited every row
  // (an index declared while the warm-up runs gets none)
  for (const c of queue) for (const ix of c.indexes) if (ix.unique && !ix.tupleTable) ix.mem = new Map()
  const memIndexes = (c: Coll) => c.indexes.filter((ix) => ix.mem)
  let finished = false
  const finish = (complete: boolean) => {
    if (warm.timer) clearImmediate(warm.timer)
    warm.timer = null
    if (finished) return
    finished = true
    for (const c of queue) for (const ix of memIndexes(c)) if (!ix.memComplete) ix.mem = undefined
    report.ms = performance.now() - started
    report.complete = complete
    settle(report)
  }
  warm.stop = () => finish(false)
  const step = () => {
    const t0 = performance.now()
    report.chunks++
    try {
      do {
        const c = queue[i]
        if (!c) return finish(true)
        if (s.colls.get(c.name) !== c) {
          i++
          last = -Infinity
          evictions = queue[i]?.evictions ?? 0
          continue
        }
        if (s.cached >= s.cacheSize) return finish(false)
        const rows = stmt(s, `SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT ${WARM_PAGE}`).all(
          last,
        ) as Row[]
        const mems = memIndexes(c)
        for (const r of rows) {
          last = r.rid
          let doc: Doc | undefined = c.cache.get(r.rid)
          if (!doc) {
            if (s.cached >= s.cacheSize) return finish(false)
            doc = parse(r.doc) as Doc
            // no stored text kept (it would double the memory); an update re-serialises the old document
            cachePut(s, c, r.rid, doc)
            report.documents++
          }
          const entry = { rid: r.rid, doc }
          for (const ix of mems) for (const k of memKeys(ix, doc)) ix.mem?.set(k, entry)
        }
        if (rows.length < WARM_PAGE) {
          if (c.evictions === evictions) c.complete = true
          // the key maps do not depend on the cache: every row has been visited
          for (const ix of mems) if (ix.mem) ix.memComplete = true
          i++
          last = -Infinity
          evictions = queue[i]?.evictions ?? 0
        }
      } while (performance.now() - t0 < s.warmChunkMs)
    } catch {
      // the warm-up only saves parsing later; a failure here (an unreadable row) leaves reads to the
      // ordinary path, which reports it to the request that meets it
      return finish(false)
    } finally {
      report.longestChunkMs = Math.max(report.longestChunkMs, performance.now() - t0)
    }
    warm.timer = setImmediate(step)
  }
  warm.timer = setImmediate(step)
}

export function warmedUp(s: State): Promise<WarmUpReport> {
  return s.warm?.done ?? Promise.resolve({ ...NOTHING })
}
