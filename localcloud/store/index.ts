/**
 * The local cloud's embedded store: SQLite (better-sqlite3, WAL) for durability and indexes, mingo for
 * MongoDB query semantics, a parsed-document cache in front for read speed. This file is the facade
 * that holds one store's state; each part is a module of functions over that state:
 *
 * - core.ts: the shared state and document identity;
 * - tables.ts: collection and index tables, index rows (keys.ts: how values become index keys);
 * - cache.ts: the parsed-document cache and the reads that fill it;
 * - warmup.ts: the background warm-up after open;
 * - plan.ts: query planning and matching; mingo.ts: how mingo is run;
 * - read.ts, write.ts (update.ts: update operators), aggregate.ts;
 * - commit.ts: writing changes, and durability; transactions.ts: snapshot isolation;
 * - transfer.ts: export and import as JSON lines.
 *
 * The store assumes it is the only writer of its directory (the cache is kept coherent by its own writes).
 */
import type { CollectionDecl } from '@config/cloud'
import { aggregate } from './aggregate'
import { collOf, type State } from './core'
import { explain } from './plan'
import { count, find } from './read'
import * as tables from './tables'
import { exportJsonl, importJsonl } from './transfer'
import { abortTransaction, beginTransaction, commitTransaction, endTxn } from './transactions'
import type { Doc, Filter, FindOptions, Stage, Store, Update, UpdateOptions, UpdateResult, WarmUpReport } from './types'
import { startWarmUp, WARM_CHUNK_MS, warmedUp } from './warmup'
import { insert, remove, update } from './write'

export { fieldsRead } from './aggregate'
export { MAX_INDEXES } from './tables'
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

class SqliteStore implements Store {
  readonly dir: string
  private readonly s: State

  constructor(dir: string, opts: StoreOptions) {
    this.dir = dir
    this.s = {
      db: tables.openDatabase(dir),
      colls: new Map(),
      stmts: new Map(),
      cached: 0,
      cacheSize: opts.cacheSize ?? 300_000,
      quiet: opts.quiet ?? false,
      txnTimeout: opts.transactionTimeoutMs ?? 30_000,
      warmChunkMs: opts.warmUpChunkMs ?? WARM_CHUNK_MS,
      warned: new Set(),
      txns: new Map(),
      locks: new Map(),
      texts: new WeakMap(),
    }
    tables.loadMeta(this.s)
    if (opts.warmUp ?? true) startWarmUp(this.s)
  }

  get onUnindexedQuery(): ((collection: string, filter: Filter) => void) | undefined {
    return this.s.onUnindexedQuery
  }

  set onUnindexedQuery(fn: ((collection: string, filter: Filter) => void) | undefined) {
    this.s.onUnindexedQuery = fn
  }

  listCollections(): { name: string; count: number }[] {
    return tables.listCollections(this.s)
  }

  hasCollection(name: string): boolean {
    return this.s.colls.has(name)
  }

  createCollection(name: string): void {
    tables.createCollection(this.s, name)
  }

  dropCollection(name: string): void {
    tables.dropCollection(this.s, name)
  }

  applyIndexes(collections: Record<string, CollectionDecl>): void {
    tables.applyIndexes(this.s, collections)
  }

  find(collection: string, filter: Filter, options?: FindOptions, txn?: string): Doc[] {
    return find(this.s, collection, filter, options, txn)
  }

  count(collection: string, filter: Filter, txn?: string): number {
    return count(this.s, collection, filter, txn)
  }

  aggregate(collection: string, pipeline: Stage[]): unknown[] {
    return aggregate(this.s, collection, pipeline)
  }

  explain(collection: string, filter: Filter): string[] {
    return explain(this.s, collOf(this.s, collection), filter)
  }

  insert(collection: string, docs: Record<string, unknown>[], txn?: string): string[] {
    return insert(this.s, collection, docs, txn)
  }

  update(collection: string, filter: Filter, upd: Update, options?: UpdateOptions, txn?: string): UpdateResult {
    return update(this.s, collection, filter, upd, options, txn)
  }

  remove(collection: string, filter: Filter, options?: { multi?: boolean }, txn?: string): number {
    return remove(this.s, collection, filter, options, txn)
  }

  beginTransaction(): string {
    return beginTransaction(this.s)
  }

  commitTransaction(txn: string): void {
    commitTransaction(this.s, txn)
  }

  abortTransaction(txn: string): void {
    abortTransaction(this.s, txn)
  }

  exportJsonl(dir: string): void {
    exportJsonl(this.s, dir)
  }

  importJsonl(dir: string): void {
    importJsonl(this.s, dir)
  }

  warmedUp(): Promise<WarmUpReport> {
    return warmedUp(this.s)
  }

  /** Drops every collection, then declares the indexes applied so far again (empty collections). */
  reset(): void {
    const decl = tables.savedDecl(this.s)
    for (const t of [...this.s.txns.keys()]) endTxn(this.s, t)
    for (const name of [...this.s.colls.keys()]) tables.dropCollection(this.s, name)
    if (Object.keys(decl).length) tables.applyIndexes(this.s, decl)
  }

  close(): void {
    this.s.warm?.stop?.()
    for (const t of [...this.s.txns.keys()]) endTxn(this.s, t)
    this.s.stmts.clear()
    if (this.s.db.open) this.s.db.close()
  }
}

export function openStore(dir: string, opts: StoreOptions = {}): Store {
  return new SqliteStore(dir, opts)
}
