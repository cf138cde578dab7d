/**
 * The state every part of the store shares: the SQLite handle, each collection's tables, indexes and
 * document cache, open transactions. The other modules are functions over one `State`; index.ts holds it.
 */
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { IndexDecl } from '@config/cloud'
import { clone, isPlainObject } from './ejson'
import { StoreError, type Doc, type Filter, type WarmUpReport } from './types'

export interface IndexInfo {
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
   * single-field unique only: string and number keys → the document's rid and cached document, built by
   * the warm-up next to the document cache and kept by every commit; used for lookups once `memComplete`
   * (see warmup.ts). It holds documents, so it lives only while the collection fits in the cache: the
   * collection's first eviction drops it (see cache.ts).
   */
  mem?: Map<string | number, MemEntry>
  memComplete?: boolean
}

/** A document a unique key names: a lookup needs neither SQLite nor the cache map. */
export interface MemEntry {
  rid: number
  doc: Doc
}

export interface Coll {
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

export type Row = { rid: number; doc: string }
export type Id = string | number

export interface Written {
  coll: string
  id: Id
  doc: Doc | null
}

export interface Txn {
  id: string
  /** documents changed by others since begin: their state at begin (null = absent) */
  pre: Map<string, Written>
  /** this transaction's buffered writes (null = removed) */
  writes: Map<string, Written>
  timer: NodeJS.Timeout
}

/** One document written by a commit: `old` null for an insert, `doc` null for a removal. */
export interface Change {
  c: Coll
  rid: number
  id: Id
  old: Doc | null
  doc: Doc | null
  text: string
}

export interface State {
  db: Database.Database
  colls: Map<string, Coll>
  stmts: Map<string, Database.Statement>
  /** documents in all collection caches */
  cached: number
  readonly cacheSize: number
  readonly quiet: boolean
  readonly txnTimeout: number
  readonly warmChunkMs: number
  /** query shapes already warned about as unindexed */
  warned: Set<string>
  onUnindexedQuery?: (collection: string, filter: Filter) => void
  txns: Map<string, Txn>
  /** document key → the transaction that wrote it */
  locks: Map<string, string>
  /** the stored text of cached documents, to detect no-op updates without serialising twice */
  texts: WeakMap<Doc, string>
  warm?: { timer: NodeJS.Immediate | null; done: Promise<WarmUpReport>; stop?: () => void }
}

/** A prepared statement, kept until the schema changes. */
export function stmt(s: State, sql: string): Database.Statement {
  let st = s.stmts.get(sql)
  if (!st) {
    st = s.db.prepare(sql)
    s.stmts.set(sql, st)
  }
  return st
}

export function collOf(s: State, name: string): Coll {
  const c = s.colls.get(name)
  if (!c) throw new StoreError('COLLECTION_NOT_EXIST', `collection ${name} does not exist`)
  return c
}

export const docKey = (coll: string, id: Id) => coll + '\u0000' + (typeof id === 'number' ? 'n' + id : 's' + id)

export function newId(): string {
  return randomUUID().replace(/-/g, '')
}

export function validId(id: unknown): id is Id {
  return (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id))
}

/** A copy of a document to insert, with a valid `_id` (a new one when it has none). */
export function prepareDoc(d: unknown): Doc {
  if (!isPlainObject(d)) throw new StoreError('INVALID_UPDATE', 'a document must be an object')
  const { _id, ...rest } = clone(d)
  if (_id !== undefined && !validId(_id)) throw new StoreError('INVALID_UPDATE', '_id must be a string or a number')
  return { _id: (_id ?? newId()) as string, ...rest }
}
