/**
 * The contract between the local cloud's protocol layer (localcloud/server) and its embedded store.
 *
 * Values are plain JavaScript after EJSON decoding: dates are `Date`, regular expressions are `RegExp`.
 * The server resolves CloudBase-only values (`$tcb_server_date`) before calling the store, so the store
 * speaks MongoDB semantics only: filters, update documents and aggregate pipelines as MongoDB defines them.
 */
import type { CollectionDecl } from '@config/cloud'

export type Doc = { _id: string } & Record<string, unknown>
export type Filter = Record<string, unknown>
/** A MongoDB update document (`{ $set: …, $inc: … }`) or, with `replace`, a whole replacement document. */
export type Update = Record<string, unknown>
export type Stage = Record<string, unknown>

export interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
  projection?: Record<string, unknown>
}

export interface UpdateOptions {
  /** update every match (`where().update()`), not just the first */
  multi?: boolean
  /** insert when nothing matches (`doc().set()`) */
  upsert?: boolean
  /** `update` is a whole document that replaces the match (`doc().set()`), not operators to merge */
  replace?: boolean
}

export interface UpdateResult {
  updated: number
  upsertedId?: string
}

export type StoreErrorCode =
  | 'COLLECTION_NOT_EXIST'
  | 'COLLECTION_EXISTS'
  | 'DUPLICATE_KEY'
  | 'TRANSACTION_CONFLICT'
  | 'TRANSACTION_NOT_FOUND'
  | 'INVALID_QUERY'
  | 'INVALID_UPDATE'
  | 'INVALID_PIPELINE'
  | 'INDEX_LIMIT'

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}

/** Every read and write may run inside a transaction by passing its id. */
export interface Store {
  readonly dir: string
  listCollections(): { name: string; count: number }[]
  hasCollection(name: string): boolean
  /** throws COLLECTION_EXISTS when present */
  createCollection(name: string): void
  dropCollection(name: string): void

  find(collection: string, filter: Filter, options?: FindOptions, txn?: string): Doc[]
  count(collection: string, filter: Filter, txn?: string): number
  /** assigns a 32-hex `_id` where a document has none; returns the ids in order */
  insert(collection: string, docs: Record<string, unknown>[], txn?: string): string[]
  update(collection: string, filter: Filter, update: Update, options?: UpdateOptions, txn?: string): UpdateResult
  remove(collection: string, filter: Filter, options?: { multi?: boolean }, txn?: string): number
  aggregate(collection: string, pipeline: Stage[]): unknown[]
  /** the indexes the query's plan reads (`_id`, index names, one per `$or` branch); empty for a scan */
  explain?(collection: string, filter: Filter): string[]

  /** snapshot isolation: reads see the state at begin plus the transaction's own writes */
  beginTransaction(): string
  commitTransaction(txn: string): void
  abortTransaction(txn: string): void

  /** creates the declared indexes (real SQLite indexes); throws INDEX_LIMIT above 20 per collection */
  applyIndexes(collections: Record<string, CollectionDecl>): void
  /** called with the collection and filter of every query that no declared index serves */
  onUnindexedQuery?: (collection: string, filter: Filter) => void

  exportJsonl(dir: string): void
  importJsonl(dir: string): void
  reset(): void
  close(): void
  /** resolves when the background cache warm-up started at open has finished or stopped */
  warmedUp?(): Promise<WarmUpReport>
}

/** What the background warm-up after open did. */
export interface WarmUpReport {
  /** from open to the end of the warm-up */
  ms: number
  /** documents parsed into the cache */
  documents: number
  /** event-loop turns it took */
  chunks: number
  /** the longest time one chunk held the event loop */
  longestChunkMs: number
  /** every collection is fully cached (false when the cache filled up or the store closed first) */
  complete: boolean
}
