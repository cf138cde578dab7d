/**
 * The parsed-document cache in front of SQLite and the reads that fill it. Each collection caches
 * documents by rid; `complete` means the cache holds all of them, so scans and lookups touch no SQLite.
 * The cache only ever holds a document's latest committed state (commits update it synchronously).
 * Cached documents are shared objects: callers never mutate or return them.
 */
import { type Coll, type Id, type Row, type State, stmt } from './core'
import { parse, stringify } from './ejson'
import type { Doc } from './types'

/** Rows per batched fetch of uncached candidates. */
const FETCH_CHUNK = 64

export function cachePut(s: State, c: Coll, rid: number, doc: Doc): void {
  if (!c.cache.has(rid)) {
    s.cached++
    if (rid < c.maxRid) c.ordered = false
    else c.maxRid = rid
  }
  c.cache.set(rid, doc)
  if (s.cached > s.cacheSize) evict(s)
}

export function cacheDrop(s: State, c: Coll, rid: number): void {
  if (c.cache.delete(rid)) s.cached--
}

/** Drops the oldest tenth of the largest collection cache. */
function evict(s: State): void {
  let big: Coll | undefined
  for (const c of s.colls.values()) if (!big || c.cache.size > big.cache.size) big = c
  if (!big) return
  let n = Math.max(1, Math.ceil(big.cache.size / 10))
  for (const rid of big.cache.keys()) {
    if (n-- <= 0) break
    big.cache.delete(rid)
    s.cached--
  }
  big.complete = false
  big.evictions++
  // the unique-key maps hold documents: keeping them would keep the evicted ones in memory
  for (const ix of big.indexes) {
    ix.mem = undefined
    ix.memComplete = false
  }
}

/** The stored text of a document: kept for some cached documents, serialised again for the others. */
export function textOf(s: State, doc: Doc): string {
  return s.texts.get(doc) ?? stringify(doc)
}

/** Parses a row's text and caches the document with its text. */
function cacheRow(s: State, c: Coll, rid: number, text: string): Doc {
  const doc = parse(text) as Doc
  s.texts.set(doc, text)
  cachePut(s, c, rid, doc)
  return doc
}

export function byRid(s: State, c: Coll, rid: number): Doc | undefined {
  const hit = c.cache.get(rid)
  if (hit) return hit
  const text = stmt(s, `SELECT doc FROM ${c.table} WHERE rid = ?`).pluck().get(rid) as string | undefined
  if (text === undefined) return undefined
  return cacheRow(s, c, rid, text)
}

export function byId(s: State, c: Coll, id: Id): [number, Doc] | undefined {
  const row = stmt(s, `SELECT rid, doc FROM ${c.table} WHERE id = ?`).get(id) as Row | undefined
  if (!row) return undefined
  return [row.rid, c.cache.get(row.rid) ?? cacheRow(s, c, row.rid, row.doc)]
}

/** Every document in insertion order; from the cache once it holds the whole collection. */
export function* scan(s: State, c: Coll): Generator<[number, Doc]> {
  if (c.complete) {
    if (!c.ordered) reorder(c)
    yield* c.cache.entries()
    return
  }
  const evictions = c.evictions
  const page = stmt(s, `SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT 2000`)
  const fresh = new Map<number, Doc>()
  let last = -Infinity
  for (;;) {
    const rows = page.all(last) as Row[]
    if (rows.length === 0) break
    for (const r of rows) {
      const doc = c.cache.get(r.rid) ?? cacheRow(s, c, r.rid, r.doc)
      fresh.set(r.rid, doc)
      yield [r.rid, doc]
    }
    last = rows[rows.length - 1]!.rid
  }
  // A finished scan with nothing evicted meanwhile leaves the cache complete; rebuild it in rid order.
  if (c.evictions === evictions && fresh.size === c.cache.size) {
    c.cache = fresh
    c.complete = true
    c.ordered = true
    c.maxRid = last
  }
}

/**
 * Puts a complete cache back in rid order (insertion order). Reads during the warm-up add documents
 * ahead of it; one sort on the next full scan is cheaper than keeping the order on every addition.
 */
function reorder(c: Coll): void {
  const rids = Float64Array.from(c.cache.keys()).sort()
  const m = new Map<number, Doc>()
  for (const rid of rids) m.set(rid, c.cache.get(rid)!)
  c.cache = m
  c.ordered = true
  c.maxRid = rids.length ? rids[rids.length - 1]! : -Infinity
}

/**
 * Documents for candidate rids, in their order: cached ones from the cache, the rest fetched with one
 * statement per chunk (parsed once, then cached). Missing rids (removed meanwhile) are skipped.
 */
export function* byRids(s: State, c: Coll, rids: number[]): Generator<[number, Doc]> {
  if (c.complete) {
    for (const rid of rids) {
      const doc = c.cache.get(rid)
      if (doc) yield [rid, doc]
    }
    return
  }
  for (let i = 0; i < rids.length; i += FETCH_CHUNK) {
    const chunk = rids.length <= FETCH_CHUNK ? rids : rids.slice(i, i + FETCH_CHUNK)
    const got = new Map<number, Doc>()
    const missing: number[] = []
    for (const rid of chunk) {
      const doc = c.cache.get(rid)
      if (doc) got.set(rid, doc)
      else missing.push(rid)
    }
    if (missing.length === 1) {
      const doc = byRid(s, c, missing[0]!)
      if (doc) got.set(missing[0]!, doc)
    } else if (missing.length) {
      const rows = stmt(s, `SELECT rid, doc FROM ${c.table} WHERE rid IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(missing),
      ) as Row[]
      for (const r of rows) got.set(r.rid, cacheRow(s, c, r.rid, r.doc))
    }
    for (const rid of chunk) {
      const doc = got.get(rid)
      if (doc) yield [rid, doc]
    }
  }
}
