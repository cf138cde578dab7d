/**
 * The local cloud's embedded store: SQLite (better-sqlite3, WAL) for durability and indexes, mingo for
 * MongoDB query semantics, a parsed-document cache in front for read speed.
 *
 * Layout: one table `d<N>(rid, id, doc)` per collection (rid keeps insertion order, `doc` is relaxed
 * EJSON text) and one table per declared index holding `(key, rid)` rows, multikey for arrays; see
 * keys.ts. A query is planned on the first field of a declared index (equality, `$in`, a range bound;
 * `$or` of plannable branches); mingo then checks each candidate, so results are exact whatever the plan.
 *
 * Reads after open: a background warm-up (startWarmUp) parses every collection into the cache and fills
 * in-memory maps of single-field unique keys, a few milliseconds per event-loop turn; once it is done,
 * an equality or `$in` lookup on such a key touches no SQLite. Before that (or beyond the cache
 * size) reads fetch and parse rows, uncached candidates of one query in one statement.
 *
 * Durability: WAL with `synchronous=NORMAL`. Each acknowledged write is one SQLite commit appended to the
 * WAL with write(2) before the call returns, so it is in the kernel's page cache and survives the process
 * being killed (SIGKILL, crash). Only an operating-system crash or power loss can drop the last commits,
 * because NORMAL skips the fsync per commit; FULL would fsync every commit and cost milliseconds per write.
 *
 * The store assumes it is the only writer of its directory (the cache is kept coherent by its own writes).
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import Database from 'better-sqlite3'
import { Aggregator } from 'mingo/aggregator'
import { Context, ProcessingMode } from 'mingo/core'
import * as accumulatorOps from 'mingo/operators/accumulator'
import * as expressionOps from 'mingo/operators/expression'
import * as pipelineOps from 'mingo/operators/pipeline'
import * as projectionOps from 'mingo/operators/projection'
import * as queryOps from 'mingo/operators/query'
import * as windowOps from 'mingo/operators/window'
import { Query } from 'mingo/query'
import { isEqual, resolve } from 'mingo/util'
import type { CollectionDecl, IndexDecl } from '../../config/cloud'
import { clone, isPlainObject, parse, stringify } from './ejson'
import {
  BLOB_FLOOR,
  DATE_CEIL,
  DATE_FLOOR,
  dateKey,
  fieldKeys,
  isPlannable,
  keyId,
  keyOf,
  TEXT_FLOOR,
  tupleKeys,
  type Key,
} from './keys'
import {
  StoreError,
  type Doc,
  type Filter,
  type FindOptions,
  type Stage,
  type Store,
  type Update,
  type UpdateOptions,
  type UpdateResult,
  type WarmUpReport,
} from './types'
import { applyUpdate, upsertSeed, validateUpdate } from './update'

export { StoreError } from './types'
export type * from './types'

export interface StoreOptions {
  /** no console.warn for unindexed queries (the `onUnindexedQuery` callback is still called) */
  quiet?: boolean
  /** parsed documents kept in memory, all collections together; default 300,000 */
  cacheSize?: number
  /** an open transaction is aborted after this long; default 30 s */
  transactionTimeoutMs?: number
  /**
   * fill the parsed-document cache in the background after open (small chunks between requests, up to
   * `cacheSize`); default true
   */
  warmUp?: boolean
  /** how long one warm-up chunk may run; default 4 ms (0: one page of rows per chunk, for tests) */
  warmUpChunkMs?: number
}

/** Longest stretch one warm-up chunk keeps the event loop; requests wait at most about this long. */
const WARM_CHUNK_MS = 4
/** Rows per warm-up statement and per batched fetch of uncached candidates. */
const WARM_PAGE = 64
const FETCH_CHUNK = 64

export const MAX_INDEXES = 20

interface IndexInfo {
  num: number
  name: string
  decl: IndexDecl
  unique: boolean
  first: string
  firstSegs: string[]
  fieldSegs: string[][]
  /** (k, rid) rows for the first field */
  table: string
  /** compound unique only: (k TEXT PRIMARY KEY, rid) rows of the whole tuple */
  tupleTable?: string
  /**
   * single-field unique only: string and number keys → rid in memory, built by the warm-up next to the
   * document cache and kept by every commit; used for lookups once `memComplete` (see startWarmUp)
   */
  mem?: Map<string | number, number>
  memComplete?: boolean
}

interface Coll {
  num: number
  name: string
  table: string
  indexes: IndexInfo[]
  /** first field → the index planned on it (a unique one preferred) */
  byField: Map<string, IndexInfo>
  cache: Map<number, Doc>
  /** the cache holds every document */
  complete: boolean
  /** the cache's iteration order is rid order (a scan of a complete cache sorts it first when not) */
  ordered: boolean
  /** the largest rid added to the cache, to notice an addition out of rid order */
  maxRid: number
  evictions: number
}

type Row = { rid: number; doc: string }
type Id = string | number

interface Written {
  coll: string
  id: Id
  doc: Doc | null
}

interface Txn {
  id: string
  /** documents changed by others since begin: their state at begin (null = absent) */
  pre: Map<string, Written>
  /** this transaction's buffered writes (null = removed) */
  writes: Map<string, Written>
  timer: NodeJS.Timeout
}

interface Change {
  c: Coll
  rid: number
  id: Id
  old: Doc | null
  doc: Doc | null
  text: string
}

type Plan =
  | { kind: 'id'; ids: Id[] }
  | { kind: 'keys'; ix: IndexInfo; keys: Key[] }
  | { kind: 'range'; ix: IndexInfo; op: '>' | '>=' | '<' | '<='; key: Key; bound: Key }
  | { kind: 'or'; plans: Plan[] }

const QUERY_OPTIONS = { scriptEnabled: false }

type Accumulator = (coll: Record<string, unknown>[], expr: unknown, options: never) => unknown
/**
 * MongoDB's `$push`/`$addToSet` accumulators skip documents where a field path is missing; mingo 7 pushes
 * null for them. Filtering the missing ones first restores MongoDB's result for `'$field'` expressions.
 */
const skipMissing =
  (acc: Accumulator): Accumulator =>
  (coll, expr, options) => {
    const docs =
      typeof expr === 'string' && expr.startsWith('$') && !expr.startsWith('$$')
        ? coll.filter((d) => resolve(d, expr.slice(1)) !== undefined)
        : coll
    return acc(docs, expr, options)
  }
/** Built once: mingo copies a context's operator tables on every call that receives a new one. */
const AGGREGATE_CONTEXT = Context.init({
  accumulator: {
    ...accumulatorOps,
    $push: skipMissing(accumulatorOps.$push as Accumulator),
    $addToSet: skipMissing(accumulatorOps.$addToSet as Accumulator),
  },
  expression: { ...expressionOps },
  pipeline: { ...pipelineOps },
  projection: { ...projectionOps },
  query: { ...queryOps },
  window: { ...windowOps },
} as unknown as Parameters<typeof Context.init>[0])

/**
 * Options for every `Query`. mingo copies its whole operator context into each new Query unless it is
 * handed a ready `ComputeOptions`, which costs ≈100 µs per query; that class is internal to mingo 7, so it
 * is loaded by file path, with the public (slower) form as the fallback.
 */
const QUERY_COMPUTE_OPTIONS: object = (() => {
  const options = { ...QUERY_OPTIONS, context: AGGREGATE_CONTEXT }
  try {
    const req = createRequire(__filename)
    const internal = req(path.join(path.dirname(req.resolve('mingo')), 'core', '_internal.js')) as {
      ComputeOptions: { init(o: object): object }
    }
    return internal.ComputeOptions.init(options)
  } catch {
    return options
  }
})()

function newQuery(filter: Filter): Query {
  return new Query(filter, QUERY_COMPUTE_OPTIONS)
}
const UNSUPPORTED_STAGES = new Set(['$out', '$merge'])

const docKey = (coll: string, id: Id) => coll + '\u0000' + (typeof id === 'number' ? 'n' + id : 's' + id)

function newId(): string {
  return randomUUID().replace(/-/g, '')
}

function compileQuery(filter: Filter, code: 'INVALID_QUERY' | 'INVALID_PIPELINE' = 'INVALID_QUERY'): Query | null {
  if (!isPlainObject(filter)) throw new StoreError(code, 'a filter must be an object')
  if (Object.keys(filter).length === 0) return null
  try {
    return newQuery(filter)
  } catch (e) {
    throw new StoreError(code, (e as Error).message)
  }
}

/** `{ a: 1, b: { $in: [...] } }` → `{"a":1,"b":{"$in":1}}`: one warning per collection and query shape. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length && (isPlainObject(v[0]) || Array.isArray(v[0])) ? v.map(shape) : 1
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = shape(v[k])
    return out
  }
  return 1
}

function validId(id: unknown): id is Id {
  return (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id))
}

class SqliteStore implements Store {
  readonly dir: string
  onUnindexedQuery?: (collection: string, filter: Filter) => void

  private db: Database.Database
  private colls = new Map<string, Coll>()
  private stmts = new Map<string, Database.Statement>()
  private warned = new Set<string>()
  private cached = 0
  private readonly cacheSize: number
  private readonly quiet: boolean
  private readonly txnTimeout: number
  private readonly warmChunkMs: number
  private txns = new Map<string, Txn>()
  /** the stored text of cached documents, to detect no-op updates without serialising twice */
  private texts = new WeakMap<Doc, string>()
  private locks = new Map<string, string>()
  private warm?: { timer: NodeJS.Immediate | null; done: Promise<WarmUpReport>; stop?: () => void }

  constructor(dir: string, opts: StoreOptions) {
    this.dir = dir
    this.quiet = opts.quiet ?? false
    this.cacheSize = opts.cacheSize ?? 300_000
    this.txnTimeout = opts.transactionTimeoutMs ?? 30_000
    this.warmChunkMs = opts.warmUpChunkMs ?? WARM_CHUNK_MS
    fs.mkdirSync(dir, { recursive: true })
    this.db = new Database(path.join(dir, 'store.sqlite'))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('cache_size = -65536')
    this.db.pragma('temp_store = MEMORY')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (num INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);
      CREATE TABLE IF NOT EXISTS _indexes (num INTEGER PRIMARY KEY, coll INTEGER NOT NULL, name TEXT NOT NULL,
        spec TEXT NOT NULL, UNIQUE (coll, name));
      CREATE TABLE IF NOT EXISTS _kv (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `)
    this.loadMeta()
    if (opts.warmUp ?? true) this.startWarmUp()
  }

  // ---------------------------------------------------------------- metadata

  private loadMeta(): void {
    this.colls.clear()
    this.stmts.clear()
    this.cached = 0
    const colls = this.db.prepare('SELECT num, name FROM _collections').all() as { num: number; name: string }[]
    for (const { num, name } of colls) {
      this.colls.set(name, {
        num,
        name,
        table: `d${num}`,
        indexes: [],
        byField: new Map(),
        cache: new Map(),
        complete: false,
        ordered: true,
        maxRid: -Infinity,
        evictions: 0,
      })
    }
    const byNum = new Map([...this.colls.values()].map((c) => [c.num, c]))
    const ixs = this.db.prepare('SELECT num, coll, name, spec FROM _indexes ORDER BY num').all() as {
      num: number
      coll: number
      name: string
      spec: string
    }[]
    for (const r of ixs) {
      const c = byNum.get(r.coll)
      if (c) c.indexes.push(indexInfo(r.num, JSON.parse(r.spec) as IndexDecl))
    }
    for (const c of this.colls.values()) planFields(c)
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.stmts.set(sql, s)
    }
    return s
  }

  private coll(name: string): Coll {
    const c = this.colls.get(name)
    if (!c) throw new StoreError('COLLECTION_NOT_EXIST', `collection ${name} does not exist`)
    return c
  }

  listCollections(): { name: string; count: number }[] {
    return [...this.colls.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((c) => ({ name: c.name, count: this.stmt(`SELECT count(*) AS n FROM ${c.table}`).pluck().get() as number }))
  }

  hasCollection(name: string): boolean {
    return this.colls.has(name)
  }

  createCollection(name: string): void {
    if (this.colls.has(name)) throw new StoreError('COLLECTION_EXISTS', `collection ${name} already exists`)
    if (typeof name !== 'string' || !/^[^/\\\0.][^/\\\0]{0,127}$/.test(name)) {
      throw new StoreError('INVALID_QUERY', `invalid collection name ${JSON.stringify(name)}`)
    }
    this.db.transaction(() => this.createTables(name))()
  }

  private createTables(name: string): Coll {
    const num = Number(this.db.prepare('INSERT INTO _collections (name) VALUES (?)').run(name).lastInsertRowid)
    const table = `d${num}`
    this.db.exec(`CREATE TABLE ${table} (rid INTEGER PRIMARY KEY, id UNIQUE NOT NULL, doc TEXT NOT NULL)`)
    const c: Coll = {
      num,
      name,
      table,
      indexes: [],
      byField: new Map(),
      cache: new Map(),
      complete: true,
      ordered: true,
      maxRid: -Infinity,
      evictions: 0,
    }
    this.colls.set(name, c)
    return c
  }

  dropCollection(name: string): void {
    const c = this.coll(name)
    this.db.transaction(() => {
      for (const ix of c.indexes) this.dropIndexTables(ix)
      this.db.exec(`DROP TABLE ${c.table}`)
      this.db.prepare('DELETE FROM _indexes WHERE coll = ?').run(c.num)
      this.db.prepare('DELETE FROM _collections WHERE num = ?').run(c.num)
    })()
    this.cached -= c.cache.size
    this.colls.delete(name)
    this.stmts.clear()
  }

  private dropIndexTables(ix: IndexInfo): void {
    this.db.exec(`DROP TABLE IF EXISTS ${ix.table}`)
    if (ix.tupleTable) this.db.exec(`DROP TABLE IF EXISTS ${ix.tupleTable}`)
  }

  // ---------------------------------------------------------------- indexes

  applyIndexes(collections: Record<string, CollectionDecl>): void {
    for (const [name, decl] of Object.entries(collections)) {
      if (decl.indexes.length > MAX_INDEXES) {
        throw new StoreError('INDEX_LIMIT', `${name}: ${decl.indexes.length} indexes, at most ${MAX_INDEXES}`)
      }
      const names = new Set<string>()
      for (const ix of decl.indexes) {
        if (names.has(ix.name) || ix.keys.length === 0 || ix.keys.some((k) => !k.field || k.field.startsWith('$'))) {
          throw new StoreError('INVALID_QUERY', `${name}: invalid index ${ix.name}`)
        }
        names.add(ix.name)
      }
    }
    try {
      this.db.transaction(() => {
        for (const [name, decl] of Object.entries(collections)) {
          const c = this.colls.get(name) ?? this.createTables(name)
          const wanted = new Map(decl.indexes.map((d) => [d.name, d]))
          for (const ix of [...c.indexes]) {
            const d = wanted.get(ix.name)
            if (d && specOf(d) === specOf(ix.decl)) {
              wanted.delete(ix.name)
              continue
            }
            this.dropIndexTables(ix)
            this.db.prepare('DELETE FROM _indexes WHERE num = ?').run(ix.num)
            c.indexes = c.indexes.filter((x) => x !== ix)
          }
          for (const d of decl.indexes) if (wanted.has(d.name)) this.buildIndex(c, d)
          planFields(c)
        }
        const saved = this.savedDecl()
        this.db
          .prepare('INSERT OR REPLACE INTO _kv (k, v) VALUES (?, ?)')
          .run('decl', JSON.stringify({ ...saved, ...collections }))
      })()
    } catch (e) {
      this.loadMeta()
      throw mapError(e, this.colls)
    }
    this.stmts.clear()
  }

  private savedDecl(): Record<string, CollectionDecl> {
    const v = this.db.prepare('SELECT v FROM _kv WHERE k = ?').pluck().get('decl') as string | undefined
    return v ? (JSON.parse(v) as Record<string, CollectionDecl>) : {}
  }

  private buildIndex(c: Coll, d: IndexDecl): void {
    const num = Number(
      this.db.prepare('INSERT INTO _indexes (coll, name, spec) VALUES (?, ?, ?)').run(c.num, d.name, JSON.stringify(d))
        .lastInsertRowid,
    )
    const ix = indexInfo(num, d)
    if (ix.unique && !ix.tupleTable) {
      this.db.exec(`CREATE TABLE ${ix.table} (k NOT NULL PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID`)
    } else {
      this.db.exec(`CREATE TABLE ${ix.table} (k NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (k, rid)) WITHOUT ROWID`)
    }
    if (ix.tupleTable) {
      this.db.exec(`CREATE TABLE ${ix.tupleTable} (k TEXT NOT NULL PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID`)
    }
    c.indexes.push(ix)
    this.stmts.clear()
    for (const [rid, doc] of this.scan(c)) this.addKeys(ix, rid, doc)
  }

  private addKeys(ix: IndexInfo, rid: number, doc: Doc): void {
    const ins = this.stmt(`INSERT INTO ${ix.table} (k, rid) VALUES (?, ?)`)
    for (const k of fieldKeys(doc, ix.firstSegs)) ins.run(k, rid)
    if (ix.tupleTable) {
      const t = this.stmt(`INSERT INTO ${ix.tupleTable} (k, rid) VALUES (?, ?)`)
      for (const k of tupleKeys(doc, ix.fieldSegs)) t.run(k, rid)
    }
  }

  private removeKeys(ix: IndexInfo, rid: number, doc: Doc): void {
    const del = this.stmt(`DELETE FROM ${ix.table} WHERE k = ? AND rid = ?`)
    for (const k of fieldKeys(doc, ix.firstSegs)) del.run(k, rid)
    if (ix.tupleTable) {
      const t = this.stmt(`DELETE FROM ${ix.tupleTable} WHERE k = ? AND rid = ?`)
      for (const k of tupleKeys(doc, ix.fieldSegs)) t.run(k, rid)
    }
  }

  private updateKeys(ix: IndexInfo, rid: number, old: Doc, doc: Doc): void {
    const before = fieldKeys(old, ix.firstSegs)
    const after = fieldKeys(doc, ix.firstSegs)
    const b = new Set(before.map(keyId))
    const a = new Set(after.map(keyId))
    const del = before.filter((k) => !a.has(keyId(k)))
    const add = after.filter((k) => !b.has(keyId(k)))
    if (del.length) {
      const s = this.stmt(`DELETE FROM ${ix.table} WHERE k = ? AND rid = ?`)
      for (const k of del) s.run(k, rid)
    }
    if (add.length) {
      const s = this.stmt(`INSERT INTO ${ix.table} (k, rid) VALUES (?, ?)`)
      for (const k of add) s.run(k, rid)
    }
    if (ix.tupleTable) {
      const tb = tupleKeys(old, ix.fieldSegs)
      const ta = tupleKeys(doc, ix.fieldSegs)
      if (tb.join('\u0002') !== ta.join('\u0002')) {
        const d = this.stmt(`DELETE FROM ${ix.tupleTable} WHERE k = ? AND rid = ?`)
        for (const k of tb) d.run(k, rid)
        const s = this.stmt(`INSERT INTO ${ix.tupleTable} (k, rid) VALUES (?, ?)`)
        for (const k of ta) s.run(k, rid)
      }
    }
  }

  // ---------------------------------------------------------------- cache and scans

  private cachePut(c: Coll, rid: number, doc: Doc): void {
    if (!c.cache.has(rid)) {
      this.cached++
      if (rid < c.maxRid) c.ordered = false
      else c.maxRid = rid
    }
    c.cache.set(rid, doc)
    if (this.cached > this.cacheSize) this.evict()
  }

  private cacheDrop(c: Coll, rid: number): void {
    if (c.cache.delete(rid)) this.cached--
  }

  /** Drops the oldest tenth of the largest collection cache. */
  private evict(): void {
    let big: Coll | undefined
    for (const c of this.colls.values()) if (!big || c.cache.size > big.cache.size) big = c
    if (!big) return
    let n = Math.max(1, Math.ceil(big.cache.size / 10))
    for (const rid of big.cache.keys()) {
      if (n-- <= 0) break
      big.cache.delete(rid)
      this.cached--
    }
    big.complete = false
    big.evictions++
  }

  private textOf(doc: Doc): string {
    return this.texts.get(doc) ?? stringify(doc)
  }

  private byRid(c: Coll, rid: number): Doc | undefined {
    const hit = c.cache.get(rid)
    if (hit) return hit
    const text = this.stmt(`SELECT doc FROM ${c.table} WHERE rid = ?`).pluck().get(rid) as string | undefined
    if (text === undefined) return undefined
    const doc = parse(text) as Doc
    this.texts.set(doc, text)
    this.cachePut(c, rid, doc)
    return doc
  }

  private byId(c: Coll, id: Id): [number, Doc] | undefined {
    const row = this.stmt(`SELECT rid, doc FROM ${c.table} WHERE id = ?`).get(id) as Row | undefined
    if (!row) return undefined
    let doc = c.cache.get(row.rid)
    if (!doc) {
      doc = parse(row.doc) as Doc
      this.texts.set(doc, row.doc)
      this.cachePut(c, row.rid, doc)
    }
    return [row.rid, doc]
  }

  /** Every document in insertion order; from the cache once it holds the whole collection. */
  private *scan(c: Coll): Generator<[number, Doc]> {
    if (c.complete) {
      if (!c.ordered) this.reorder(c)
      yield* c.cache.entries()
      return
    }
    const evictions = c.evictions
    const page = this.stmt(`SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT 2000`)
    const fresh = new Map<number, Doc>()
    let last = -Infinity
    for (;;) {
      const rows = page.all(last) as Row[]
      if (rows.length === 0) break
      for (const r of rows) {
        let doc = c.cache.get(r.rid)
        if (!doc) {
          doc = parse(r.doc) as Doc
          this.texts.set(doc, r.doc)
          this.cachePut(c, r.rid, doc)
        }
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
  private reorder(c: Coll): void {
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
  private *byRids(c: Coll, rids: number[]): Generator<[number, Doc]> {
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
        const doc = this.byRid(c, missing[0]!)
        if (doc) got.set(missing[0]!, doc)
      } else if (missing.length) {
        const rows = this.stmt(`SELECT rid, doc FROM ${c.table} WHERE rid IN (SELECT value FROM json_each(?))`).all(
          JSON.stringify(missing),
        ) as Row[]
        for (const r of rows) {
          const doc = parse(r.doc) as Doc
          this.texts.set(doc, r.doc)
          this.cachePut(c, r.rid, doc)
          got.set(r.rid, doc)
        }
      }
      for (const rid of chunk) {
        const doc = got.get(rid)
        if (doc) yield [rid, doc]
      }
    }
  }

  // ---------------------------------------------------------------- warm-up

  /**
   * Parses every collection into the cache in the background, in rid order, a few milliseconds at a time
   * on setImmediate so requests interleave. Reads and writes during the warm-up stay correct because the
   * cache only ever holds a document's latest committed state: a write updates the cache synchronously,
   * and a row the warm-up reaches later is only added when the cache does not already hold it. A
   * collection whose warm-up finishes without an eviction is complete: rows inserted meanwhile were
   * cached by their insert, removed ones were dropped. It stops when the cache is full instead of evicting.
   */
  private startWarmUp(): void {
    const queue = [...this.colls.values()].filter((c) => !c.complete)
    const started = performance.now()
    const report: WarmUpReport = { ms: 0, documents: 0, chunks: 0, longestChunkMs: 0, complete: false }
    let settle!: (r: WarmUpReport) => void
    this.warm = { timer: null, done: new Promise<WarmUpReport>((r) => (settle = r)) }
    const warm = this.warm
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
          if (this.colls.get(c.name) !== c) {
            i++
            last = -Infinity
            evictions = queue[i]?.evictions ?? 0
            continue
          }
          if (this.cached >= this.cacheSize) return finish(false)
          const rows = this.stmt(`SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT ${WARM_PAGE}`).all(
            last,
          ) as Row[]
          const mems = memIndexes(c)
          for (const r of rows) {
            last = r.rid
            let doc = c.cache.get(r.rid)
            if (!doc) {
              if (this.cached >= this.cacheSize) return finish(false)
              doc = parse(r.doc) as Doc
              // no stored text kept (it would double the memory); an update re-serialises the old document
              this.cachePut(c, r.rid, doc)
              report.documents++
            }
            for (const ix of mems) for (const k of memKeys(ix, doc)) ix.mem?.set(k, r.rid)
          }
          if (rows.length < WARM_PAGE) {
            if (c.evictions === evictions) c.complete = true
            // the key maps do not depend on the cache: every row has been visited
            for (const ix of mems) ix.memComplete = true
            i++
            last = -Infinity
            evictions = queue[i]?.evictions ?? 0
          }
        } while (performance.now() - t0 < this.warmChunkMs)
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

  warmedUp(): Promise<WarmUpReport> {
    return this.warm?.done ?? Promise.resolve({ ms: 0, documents: 0, chunks: 0, longestChunkMs: 0, complete: false })
  }

  // ---------------------------------------------------------------- planning

  private plan(c: Coll, filter: Filter): Plan | null {
    const terms: [string, unknown][] = []
    const ors: unknown[][] = []
    const flatten = (f: Filter) => {
      for (const [k, v] of Object.entries(f)) {
        if (k === '$and' && Array.isArray(v)) {
          for (const sub of v) if (isPlainObject(sub)) flatten(sub)
        } else if (k === '$or' && Array.isArray(v)) ors.push(v)
        else if (!k.startsWith('$')) terms.push([k, v])
      }
    }
    flatten(filter)
    let best: Plan | null = null
    let bestRank = 0
    const offer = (p: Plan | null, rank: number) => {
      if (p && rank > bestRank) {
        best = p
        bestRank = rank
      }
    }
    for (const [field, cond] of terms) {
      if (field === '_id') {
        const ids = idValues(cond)
        if (ids) offer({ kind: 'id', ids }, 10)
        continue
      }
      const ix = c.byField.get(field)
      if (!ix) continue
      const eq = eqValues(cond)
      if (eq) {
        offer({ kind: 'keys', ix, keys: eq.map(keyOf) }, eq.length === 1 ? (ix.unique ? 9 : 8) : 7)
        continue
      }
      offer(rangePlan(ix, cond), 5)
    }
    for (const branches of ors) {
      if (bestRank >= 6) break
      const plans: Plan[] = []
      for (const b of branches) {
        const p = isPlainObject(b) ? this.plan(c, b) : null
        if (!p) {
          plans.length = 0
          break
        }
        plans.push(p)
      }
      if (plans.length) offer({ kind: 'or', plans }, 6)
    }
    return best
  }

  private planRids(c: Coll, p: Plan): number[] {
    const out = new Set<number>()
    const run = (p: Plan) => {
      switch (p.kind) {
        case 'id': {
          const s = this.stmt(`SELECT rid FROM ${c.table} WHERE id = ?`).pluck()
          for (const id of p.ids) {
            const rid = s.get(id) as number | undefined
            if (rid !== undefined) out.add(rid)
          }
          break
        }
        case 'keys': {
          const mem = p.ix.memComplete ? p.ix.mem : undefined
          if (mem && p.keys.every((k) => typeof k === 'string' || typeof k === 'number')) {
            for (const k of p.keys as (string | number)[]) {
              const rid = mem.get(k)
              if (rid !== undefined) out.add(rid)
            }
            break
          }
          if (p.keys.length === 1) {
            for (const rid of this.stmt(`SELECT rid FROM ${p.ix.table} WHERE k = ?`)
              .pluck()
              .all(p.keys[0]) as number[]) {
              out.add(rid)
            }
            break
          }
          for (let i = 0; i < p.keys.length; i += 500) {
            const chunk = p.keys.slice(i, i + 500)
            const marks = chunk.map(() => '?').join(',')
            const s = this.stmt(`SELECT rid FROM ${p.ix.table} WHERE k IN (${marks})`).pluck()
            for (const rid of s.all(...chunk) as number[]) out.add(rid)
          }
          break
        }
        case 'range': {
          const [lo, hi] = p.op === '>' || p.op === '>=' ? [p.op, '<'] : ['>=', p.op]
          const args = p.op === '>' || p.op === '>=' ? [p.key, p.bound] : [p.bound, p.key]
          const s = this.stmt(`SELECT rid FROM ${p.ix.table} WHERE k ${lo} ? AND k ${hi} ?`).pluck()
          for (const rid of s.all(...args) as number[]) out.add(rid)
          break
        }
        case 'or':
          for (const sub of p.plans) run(sub)
      }
    }
    run(p)
    return [...out].sort((a, b) => a - b)
  }

  private reportUnindexed(c: Coll, filter: Filter): void {
    this.onUnindexedQuery?.(c.name, filter)
    if (this.quiet) return
    const s = c.name + ' ' + JSON.stringify(shape(filter))
    if (this.warned.has(s)) return
    this.warned.add(s)
    console.warn(`[localcloud] query on ${c.name} uses no declared index: ${JSON.stringify(shape(filter))}`)
  }

  /** Matching documents (shared cache objects: never mutate or return them) in insertion order. */
  private match(c: Coll, filter: Filter, max = Infinity, compiled?: Query | null): [number, Doc][] {
    const out: [number, Doc][] = []
    if (!isPlainObject(filter)) throw new StoreError('INVALID_QUERY', 'a filter must be an object')
    const keys = Object.keys(filter)
    if (keys.length === 1 && keys[0] === '_id' && validId(filter._id)) {
      const hit = max > 0 && this.byId(c, filter._id)
      return hit ? [hit] : []
    }
    if (keys.length === 1 && max > 0) {
      // the commonest read (a lookup by a unique external key) skips planning: the plan is exact (see exactPlan)
      const field = keys[0]!
      const v = filter[field]
      const ix = typeof v === 'string' || typeof v === 'boolean' ? c.byField.get(field) : undefined
      if (ix && ix.unique && !ix.tupleTable && !field.includes('.')) {
        const rid =
          ix.memComplete && typeof v === 'string'
            ? ix.mem!.get(v)
            : (this.stmt(`SELECT rid FROM ${ix.table} WHERE k = ?`).pluck().get(keyOf(v)) as number | undefined)
        const doc = rid === undefined ? undefined : this.byRid(c, rid)
        return doc ? [[rid!, doc]] : []
      }
    }
    const p = keys.length ? this.plan(c, filter) : null
    // compiling a mingo Query costs more than an indexed lookup: skip it when the plan is exact
    const q = p && exactPlan(filter, p) ? null : compiled === undefined ? compileQuery(filter) : compiled
    if (max <= 0) return out
    if (p) {
      for (const e of this.byRids(c, this.planRids(c, p))) {
        if (!q || q.test(e[1])) {
          out.push(e)
          if (out.length >= max) break
        }
      }
      return out
    }
    if (q) this.reportUnindexed(c, filter)
    for (const e of this.scan(c)) {
      if (q && !q.test(e[1])) continue
      out.push(e)
      if (out.length >= max) break
    }
    return out
  }

  // ---------------------------------------------------------------- reads

  find(collection: string, filter: Filter, options: FindOptions = {}, txn?: string): Doc[] {
    const c = this.coll(collection)
    let docs: Doc[]
    if (txn) docs = this.txnMatch(this.txn(txn), c, filter, compileQuery(filter))
    else {
      const max = options.sort ? Infinity : (options.skip ?? 0) + (options.limit ?? Infinity)
      docs = this.match(c, filter, max).map((e) => e[1])
    }
    return shapeResult(docs, options).map(clone)
  }

  count(collection: string, filter: Filter, txn?: string): number {
    const c = this.coll(collection)
    if (txn) return this.txnMatch(this.txn(txn), c, filter, compileQuery(filter)).length
    if (!isPlainObject(filter)) throw new StoreError('INVALID_QUERY', 'a filter must be an object')
    if (Object.keys(filter).length === 0) return this.stmt(`SELECT count(*) FROM ${c.table}`).pluck().get() as number
    const exact = this.exactCount(c, filter)
    if (exact !== undefined) return exact
    return this.match(c, filter).length
  }

  /**
   * Counts straight from an index table when the filter is one top-level field with scalar equality or
   * `$in`: index rows are the field's distinct values per document (array elements included), exactly
   * what MongoDB's equality matches for an undotted field.
   */
  private exactCount(c: Coll, filter: Filter): number | undefined {
    const keys = Object.keys(filter)
    if (keys.length !== 1) return undefined
    const field = keys[0]!
    if (field.includes('.') || field.startsWith('$') || field === '_id') return undefined
    const ix = c.byField.get(field)
    if (!ix) return undefined
    const eq = eqValues(filter[field])
    if (!eq || eq.some((v) => v === null)) return undefined
    if (eq.length === 1)
      return this.stmt(`SELECT count(*) FROM ${ix.table} WHERE k = ?`).pluck().get(keyOf(eq[0])) as number
    const marks = eq.map(() => '?').join(',')
    return this.stmt(`SELECT count(DISTINCT rid) FROM ${ix.table} WHERE k IN (${marks})`)
      .pluck()
      .get(...eq.map(keyOf)) as number
  }

  aggregate(collection: string, pipeline: Stage[]): unknown[] {
    const c = this.coll(collection)
    if (!Array.isArray(pipeline)) throw new StoreError('INVALID_PIPELINE', 'a pipeline must be an array')
    for (const st of pipeline) {
      const ks = isPlainObject(st) ? Object.keys(st) : []
      if (ks.length !== 1 || !ks[0]!.startsWith('$')) {
        throw new StoreError('INVALID_PIPELINE', 'each stage must be an object with one $operator')
      }
      if (UNSUPPORTED_STAGES.has(ks[0]!)) throw new StoreError('INVALID_PIPELINE', `${ks[0]} is not supported`)
    }
    let input: Doc[]
    let rest = pipeline
    const first = pipeline[0]
    if (first && '$match' in first) {
      const f = first.$match as Filter
      input = this.match(c, f, Infinity, compileQuery(f, 'INVALID_PIPELINE')).map((e) => e[1])
      rest = pipeline.slice(1)
    } else input = [...this.scan(c)].map((e) => e[1])
    // Inputs are cache objects, and some stages ($addFields on dotted paths) write into their input, so
    // the pipeline gets copies. When its next stage is a $group or an inclusion $project, only the fields
    // that stage reads are copied: grouping households by region need not copy every family member.
    const fields = rest.length ? fieldsRead(rest[0]!) : undefined
    if (fields) input = input.map((doc) => pick(doc, fields))
    try {
      const agg = new Aggregator(rest, {
        ...QUERY_OPTIONS,
        context: AGGREGATE_CONTEXT,
        processingMode: fields ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
        collectionResolver: (name: string) => {
          const other = this.colls.get(name)
          return other ? [...this.scan(other)].map((e) => clone(e[1])) : []
        },
      })
      return agg.run(input)
    } catch (e) {
      if (e instanceof StoreError) throw e
      throw new StoreError('INVALID_PIPELINE', (e as Error).message)
    }
  }

  // ---------------------------------------------------------------- writes

  /** Applies changes in one SQLite transaction, then updates the cache and open transactions' snapshots. */
  private commit(changes: Change[]): void {
    if (changes.length === 0) return
    try {
      this.db.transaction(() => {
        for (const ch of changes) {
          const { c } = ch
          if (!ch.old) {
            ch.rid = Number(
              this.stmt(`INSERT INTO ${c.table} (id, doc) VALUES (?, ?)`).run(ch.id, ch.text).lastInsertRowid,
            )
            for (const ix of c.indexes) this.addKeys(ix, ch.rid, ch.doc!)
          } else if (!ch.doc) {
            this.stmt(`DELETE FROM ${c.table} WHERE rid = ?`).run(ch.rid)
            for (const ix of c.indexes) this.removeKeys(ix, ch.rid, ch.old)
          } else {
            this.stmt(`UPDATE ${c.table} SET doc = ? WHERE rid = ?`).run(ch.text, ch.rid)
            for (const ix of c.indexes) this.updateKeys(ix, ch.rid, ch.old, ch.doc)
          }
        }
      })()
    } catch (e) {
      throw mapError(e, this.colls)
    }
    for (const ch of changes) {
      for (const ix of ch.c.indexes) {
        if (!ix.mem) continue
        // a key moves between documents within one commit: only drop it where it still names this one
        if (ch.old) for (const k of memKeys(ix, ch.old)) if (ix.mem.get(k) === ch.rid) ix.mem.delete(k)
        if (ch.doc) for (const k of memKeys(ix, ch.doc)) ix.mem.set(k, ch.rid)
      }
      if (ch.doc) {
        // the stored text is kept only for a document written by an update, the kind written again soon
        // (it tells a no-op update without serialising the old document); an inserted one goes without,
        // as the warm-up's do: a bulk insert of 265k documents would otherwise hold each one twice
        if (ch.old) this.texts.set(ch.doc, ch.text)
        this.cachePut(ch.c, ch.rid, ch.doc)
      } else this.cacheDrop(ch.c, ch.rid)
      if (this.txns.size) this.capture(ch.c.name, ch.id, ch.old)
    }
  }

  insert(collection: string, docs: Record<string, unknown>[], txn?: string): string[] {
    const c = this.coll(collection)
    if (!Array.isArray(docs)) throw new StoreError('INVALID_UPDATE', 'insert expects an array of documents')
    const prepared = docs.map((d) => prepareDoc(d))
    if (txn) {
      const t = this.txn(txn)
      const seen = new Set<string>()
      for (const d of prepared) {
        const key = docKey(c.name, d._id)
        if (seen.has(key) || this.txnView(t, c, d._id)) {
          throw new StoreError('DUPLICATE_KEY', `duplicate _id ${JSON.stringify(d._id)}`)
        }
        this.checkWritable(t, key)
        seen.add(key)
      }
      for (const d of prepared) this.txnWrite(t, c, d._id, d)
    } else {
      this.commit(prepared.map((d) => ({ c, rid: 0, id: d._id, old: null, doc: d, text: stringify(d) })))
    }
    return prepared.map((d) => d._id as string)
  }

  update(collection: string, filter: Filter, update: Update, options: UpdateOptions = {}, txn?: string): UpdateResult {
    const c = this.coll(collection)
    if (!isPlainObject(update)) throw new StoreError('INVALID_UPDATE', 'an update must be an object')
    if (options.replace) {
      if (Object.keys(update).some((k) => k.startsWith('$'))) {
        throw new StoreError('INVALID_UPDATE', 'a replacement document cannot hold update operators')
      }
    } else validateUpdate(update)
    const t = txn ? this.txn(txn) : undefined
    const max = options.multi ? Infinity : 1
    const matches: [number, Doc][] = t
      ? this.txnMatch(t, c, filter, compileQuery(filter))
          .slice(0, max)
          .map((d) => [0, d])
      : this.match(c, filter, max)
    if (matches.length === 0) {
      if (!options.upsert) return { updated: 0 }
      let doc: Doc
      if (options.replace) {
        const seed = upsertSeed(filter)
        const { _id, ...rest } = clone(update)
        doc = { _id: (seed._id ?? _id ?? newId()) as string, ...rest }
      } else {
        const seed = upsertSeed(filter)
        applyUpdate(seed, update, true)
        doc = { _id: (seed._id ?? newId()) as string, ...seed }
      }
      const [id] = this.insert(collection, [doc], txn)
      return { updated: 0, upsertedId: id }
    }
    const changes: Change[] = []
    for (const [rid, old] of matches) {
      let doc: Doc
      if (options.replace) {
        const { _id, ...rest } = clone(update)
        if (_id !== undefined && !isEqual(_id, old._id)) {
          throw new StoreError('INVALID_UPDATE', 'the replacement would change the immutable field _id')
        }
        doc = { _id: old._id, ...rest }
      } else {
        doc = clone(old)
        applyUpdate(doc, update)
        if (!isEqual(doc._id, old._id)) throw new StoreError('INVALID_UPDATE', 'an update cannot change _id')
      }
      const text = stringify(doc)
      if (text === this.textOf(old)) continue
      changes.push({ c, rid, id: old._id, old, doc, text })
    }
    if (t) {
      for (const ch of changes) this.checkWritable(t, docKey(c.name, ch.id))
      for (const ch of changes) this.txnWrite(t, c, ch.id, ch.doc)
    } else this.commit(changes)
    return { updated: changes.length }
  }

  remove(collection: string, filter: Filter, options: { multi?: boolean } = {}, txn?: string): number {
    const c = this.coll(collection)
    const max = options.multi ? Infinity : 1
    if (txn) {
      const t = this.txn(txn)
      const docs = this.txnMatch(t, c, filter, compileQuery(filter)).slice(0, max)
      for (const d of docs) this.checkWritable(t, docKey(c.name, d._id))
      for (const d of docs) this.txnWrite(t, c, d._id, null)
      return docs.length
    }
    const matches = this.match(c, filter, max)
    this.commit(matches.map(([rid, old]) => ({ c, rid, id: old._id, old, doc: null, text: '' })))
    return matches.length
  }

  // ---------------------------------------------------------------- transactions

  beginTransaction(): string {
    const id = newId()
    const timer = setTimeout(() => this.endTxn(id), this.txnTimeout)
    timer.unref()
    this.txns.set(id, { id, pre: new Map(), writes: new Map(), timer })
    return id
  }

  commitTransaction(txn: string): void {
    const t = this.txn(txn)
    for (const key of t.writes.keys()) {
      if (t.pre.has(key)) {
        this.endTxn(txn)
        throw new StoreError('TRANSACTION_CONFLICT', 'a document written by the transaction changed since it began')
      }
    }
    this.endTxn(txn)
    const changes: Change[] = []
    for (const w of t.writes.values()) {
      const c = this.coll(w.coll)
      const cur = this.byId(c, w.id)
      const text = w.doc ? stringify(w.doc) : ''
      if (!cur && !w.doc) continue
      if (cur && w.doc && text === this.textOf(cur[1])) continue
      changes.push({ c, rid: cur ? cur[0] : 0, id: w.id, old: cur ? cur[1] : null, doc: w.doc, text })
    }
    this.commit(changes)
  }

  abortTransaction(txn: string): void {
    this.txn(txn)
    this.endTxn(txn)
  }

  private txn(id: string): Txn {
    const t = this.txns.get(id)
    if (!t) throw new StoreError('TRANSACTION_NOT_FOUND', `transaction ${id} is not open`)
    return t
  }

  private endTxn(id: string): void {
    const t = this.txns.get(id)
    if (!t) return
    clearTimeout(t.timer)
    this.txns.delete(id)
    for (const key of t.writes.keys()) if (this.locks.get(key) === id) this.locks.delete(key)
  }

  /** Records a document's state before a write, for every open transaction that has not seen it change. */
  private capture(coll: string, id: Id, old: Doc | null): void {
    const key = docKey(coll, id)
    for (const t of this.txns.values()) if (!t.pre.has(key)) t.pre.set(key, { coll, id, doc: old })
  }

  /** CloudBase fails a write at once when another transaction holds the document or it changed since begin. */
  private checkWritable(t: Txn, key: string): void {
    const holder = this.locks.get(key)
    if ((holder && holder !== t.id) || t.pre.has(key)) {
      throw new StoreError('TRANSACTION_CONFLICT', 'the document is being changed by another transaction')
    }
  }

  private txnWrite(t: Txn, c: Coll, id: Id, doc: Doc | null): void {
    const key = docKey(c.name, id)
    t.writes.set(key, { coll: c.name, id, doc })
    this.locks.set(key, t.id)
  }

  private txnView(t: Txn, c: Coll, id: Id): Doc | null {
    const key = docKey(c.name, id)
    const w = t.writes.get(key) ?? t.pre.get(key)
    if (w) return w.doc
    return this.byId(c, id)?.[1] ?? null
  }

  /** Documents as the transaction sees them: its snapshot at begin plus its own writes. */
  private txnMatch(t: Txn, c: Coll, filter: Filter, q: Query | null): Doc[] {
    const ids = new Map<string, Id>()
    for (const [, d] of this.match(c, filter, Infinity, q)) ids.set(docKey(c.name, d._id), d._id)
    for (const m of [t.pre, t.writes]) for (const [k, w] of m) if (w.coll === c.name) ids.set(k, w.id)
    const out: Doc[] = []
    for (const id of ids.values()) {
      const d = this.txnView(t, c, id)
      if (d && (!q || q.test(d))) out.push(d)
    }
    return out
  }

  // ---------------------------------------------------------------- import, export, lifecycle

  exportJsonl(dir: string): void {
    fs.mkdirSync(dir, { recursive: true })
    const indexes: Record<string, CollectionDecl> = {}
    for (const c of this.colls.values()) {
      indexes[c.name] = { indexes: c.indexes.map((ix) => ix.decl) }
      const fd = fs.openSync(path.join(dir, `${c.name}.jsonl`), 'w')
      try {
        const page = this.stmt(`SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT 5000`)
        let last = -Infinity
        for (;;) {
          const rows = page.all(last) as Row[]
          if (rows.length === 0) break
          fs.writeSync(fd, rows.map((r) => r.doc + '\n').join(''))
          last = rows[rows.length - 1]!.rid
        }
      } finally {
        fs.closeSync(fd)
      }
    }
    fs.writeFileSync(path.join(dir, 'indexes.json'), JSON.stringify(indexes, null, 2) + '\n')
  }

  /** Replaces each collection that has a `<name>.jsonl` in `dir`; all or nothing. */
  importJsonl(dir: string): void {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    const idxFile = path.join(dir, 'indexes.json')
    const declared: Record<string, CollectionDecl> = fs.existsSync(idxFile)
      ? (JSON.parse(fs.readFileSync(idxFile, 'utf8')) as Record<string, CollectionDecl>)
      : {}
    const saved = this.savedDecl()
    try {
      this.db.transaction(() => {
        for (const f of files) {
          const name = f.slice(0, -'.jsonl'.length)
          const prior = this.colls.get(name)
          const decl = declared[name] ?? saved[name] ?? { indexes: prior ? prior.indexes.map((ix) => ix.decl) : [] }
          if (prior) this.dropCollection(name)
          const c = this.createTables(name)
          for (const d of decl.indexes) this.buildIndex(c, d)
          planFields(c)
          const batch: Change[] = []
          const flush = () => {
            this.commit(batch)
            batch.length = 0
          }
          forEachLine(path.join(dir, f), (line) => {
            const doc = prepareDoc(parse(line) as Record<string, unknown>)
            batch.push({ c, rid: 0, id: doc._id, old: null, doc, text: stringify(doc) })
            if (batch.length >= 1000) flush()
          })
          flush()
        }
      })()
    } catch (e) {
      this.loadMeta()
      throw mapError(e, this.colls)
    }
    this.stmts.clear()
  }

  reset(): void {
    const decl = this.savedDecl()
    for (const t of [...this.txns.keys()]) this.endTxn(t)
    for (const name of [...this.colls.keys()]) this.dropCollection(name)
    if (Object.keys(decl).length) this.applyIndexes(decl)
  }

  close(): void {
    this.warm?.stop?.()
    for (const t of [...this.txns.keys()]) this.endTxn(t)
    this.stmts.clear()
    if (this.db.open) this.db.close()
  }
}

// ------------------------------------------------------------------ helpers

function indexInfo(num: number, decl: IndexDecl): IndexInfo {
  const fieldSegs = decl.keys.map((k) => k.field.split('.'))
  const unique = decl.unique === true
  return {
    num,
    name: decl.name,
    decl,
    unique,
    first: decl.keys[0]!.field,
    firstSegs: fieldSegs[0]!,
    fieldSegs,
    table: `x${num}`,
    tupleTable: unique && decl.keys.length > 1 ? `u${num}` : undefined,
  }
}

/** The keys of a document that an index's in-memory map holds: strings and numbers. */
function memKeys(ix: IndexInfo, doc: Doc): (string | number)[] {
  const out: (string | number)[] = []
  for (const k of fieldKeys(doc, ix.firstSegs)) if (typeof k === 'string' || typeof k === 'number') out.push(k)
  return out
}

function specOf(d: IndexDecl): string {
  return JSON.stringify({ keys: d.keys.map((k) => [k.field, k.direction]), unique: d.unique === true })
}

function planFields(c: Coll): void {
  c.byField.clear()
  for (const ix of c.indexes) {
    const cur = c.byField.get(ix.first)
    // single-field unique tables hold one row per value: the cheapest to probe
    if (!cur || (ix.unique && !ix.tupleTable && !(cur.unique && !cur.tupleTable))) c.byField.set(ix.first, ix)
  }
}

/**
 * A one-field filter whose plan returns exactly its matches needs no per-document test: `_id` lookups,
 * and equality/`$in` on an undotted indexed field with string, number or boolean values (index rows are
 * the field's value or its array elements, which is what MongoDB equality matches).
 */
function exactPlan(filter: Filter, p: Plan): boolean {
  const keys = Object.keys(filter)
  if (keys.length !== 1) return false
  const field = keys[0]!
  if (p.kind === 'id') return field === '_id'
  if (p.kind !== 'keys' || p.ix.first !== field || field.includes('.')) return false
  const cond = filter[field]
  // a condition object with any other operator still needs mingo (to run it, or to reject it)
  if (isPlainObject(cond) && Object.keys(cond).length !== 1) return false
  const eq = eqValues(cond)
  return eq !== null && eq.every((v) => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
}

function idValues(cond: unknown): Id[] | null {
  if (validId(cond)) return [cond]
  if (!isPlainObject(cond)) return null
  if ('$eq' in cond && validId(cond.$eq)) return [cond.$eq]
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.every(validId)) return cond.$in as Id[]
  return null
}

/** Values an equality or `$in` condition matches by index key; null when it is not such a condition. */
function eqValues(cond: unknown): unknown[] | null {
  if (isPlannable(cond)) return [cond]
  if (!isPlainObject(cond)) return null
  const ks = Object.keys(cond)
  if (ks.length === 0 || !ks.every((k) => k.startsWith('$'))) return null
  if ('$eq' in cond && isPlannable(cond.$eq)) return [cond.$eq]
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.every(isPlannable)) return cond.$in
  return null
}

/** One bound of a range (a multikey index cannot intersect both bounds), bracketed to the bound's type. */
function rangePlan(ix: IndexInfo, cond: unknown): Plan | null {
  if (!isPlainObject(cond)) return null
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    if (!(op in cond)) continue
    const v = cond[op]
    const sql = ({ $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const)[op]
    const up = op === '$gt' || op === '$gte'
    if (typeof v === 'number' && !Number.isNaN(v))
      return { kind: 'range', ix, op: sql, key: v, bound: up ? TEXT_FLOOR : -Infinity }
    if (typeof v === 'string') return { kind: 'range', ix, op: sql, key: v, bound: up ? BLOB_FLOOR : TEXT_FLOOR }
    if (v instanceof Date && !Number.isNaN(v.getTime())) {
      return { kind: 'range', ix, op: sql, key: dateKey(v), bound: up ? DATE_CEIL : DATE_FLOOR }
    }
  }
  return null
}

function prepareDoc(d: unknown): Doc {
  if (!isPlainObject(d)) throw new StoreError('INVALID_UPDATE', 'a document must be an object')
  const { _id, ...rest } = clone(d)
  if (_id !== undefined && !validId(_id)) throw new StoreError('INVALID_UPDATE', '_id must be a string or a number')
  return { _id: (_id ?? newId()) as string, ...rest }
}

function mapError(e: unknown, colls: Map<string, Coll>): unknown {
  if (e instanceof StoreError) return e
  const err = e as { code?: string; message?: string }
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
    const table = /failed: (\w+)\./.exec(err.message ?? '')?.[1]
    let what = '_id'
    for (const c of colls.values()) {
      for (const ix of c.indexes) if (ix.table === table || ix.tupleTable === table) what = `${c.name}.${ix.name}`
    }
    return new StoreError('DUPLICATE_KEY', `duplicate key in unique index ${what}`)
  }
  return e
}

function shapeResult(docs: Doc[], o: FindOptions): Doc[] {
  const hasProjection = o.projection && Object.keys(o.projection).length > 0
  if (!o.sort && !hasProjection) {
    const start = o.skip ?? 0
    return docs.slice(start, o.limit === undefined ? undefined : start + o.limit)
  }
  try {
    let cur = newQuery({}).find<Doc>(docs, hasProjection ? o.projection : undefined)
    if (o.sort && Object.keys(o.sort).length) cur = cur.sort(o.sort)
    if (o.skip) cur = cur.skip(o.skip)
    if (o.limit !== undefined) cur = cur.limit(o.limit)
    return cur.all()
  } catch (e) {
    throw new StoreError('INVALID_QUERY', (e as Error).message)
  }
}

function forEachLine(file: string, fn: (line: string) => void): void {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(1 << 20)
    // a chunk boundary may split a multi-byte character: the decoder carries it over
    const decoder = new StringDecoder('utf8')
    let rest = ''
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      const text = rest + decoder.write(buf.subarray(0, n))
      const lines = text.split('\n')
      rest = lines.pop()!
      for (const l of lines) if (l.trim()) fn(l)
    }
    if (rest.trim()) fn(rest)
  } finally {
    fs.closeSync(fd)
  }
}

export function openStore(dir: string, opts: StoreOptions = {}): Store {
  return new SqliteStore(dir, opts)
}

/**
 * The top-level fields a `$group` or inclusion `$project` stage reads, or undefined when it may read the
 * whole document (`$$ROOT`, `$$CURRENT`, an exclusion projection, any other stage).
 */
export function fieldsRead(stage: Stage): Set<string> | undefined {
  const fields = new Set<string>(['_id'])
  let whole = false
  const walk = (v: unknown): void => {
    if (whole) return
    if (typeof v === 'string') {
      if (v.startsWith('$$')) {
        if (v === '$$ROOT' || v === '$$CURRENT' || v.startsWith('$$ROOT.') || v.startsWith('$$CURRENT.')) whole = true
      } else if (v.startsWith('$')) fields.add(v.slice(1).split('.')[0]!)
    } else if (Array.isArray(v)) v.forEach(walk)
    else if (isPlainObject(v)) for (const x of Object.values(v)) walk(x)
  }
  if ('$group' in stage && isPlainObject(stage.$group)) {
    walk(stage.$group)
  } else if ('$project' in stage && isPlainObject(stage.$project)) {
    for (const [key, value] of Object.entries(stage.$project)) {
      if (value === 0 || value === false) {
        if (key !== '_id') return undefined
        continue
      }
      fields.add(key.split('.')[0]!)
      walk(value)
    }
  } else return undefined
  return whole ? undefined : fields
}

/** A copy of the named top-level fields of a document. */
function pick(doc: Doc, fields: ReadonlySet<string>): Doc {
  const out: Doc = {} as Doc
  for (const f of fields) if (f in doc) (out as Record<string, unknown>)[f] = clone((doc as Record<string, unknown>)[f])
  return out
}
