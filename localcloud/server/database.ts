/**
 * The `database.*` actions, as @cloudbase/database 1.4.3 sends them and parses their replies.
 */
import type { Doc, Filter, FindOptions, Store } from '../store/types'
import { CloudError, TRANSACTION_CONFLICT, dbFailed, invalidParam, toCloudError } from './errors'
import { decode, decodeObject, encode, isPlainObject } from './ejson'
import { checkFilter, checkStage, checkUpdate, hasOperatorKeys } from './operators'

type Params = Record<string, unknown>
export type Reply = Record<string, unknown>

/** production: `get()` without limit returns 100, never more than 1000; aggregate without `$limit`, 20 */
export const DEFAULT_GET_LIMIT = 100
export const MAX_GET_LIMIT = 1000
export const DEFAULT_AGGREGATE_LIMIT = 20
/** MongoDB's transactionLifetimeLimitSeconds; an abandoned transaction is aborted after this much idleness */
const TRANSACTION_IDLE_MS = 60_000

interface TxnState {
  lastUsed: number
  /**
   * A write of this transaction collided with another transaction. wx-server-sdk wraps errors thrown by
   * `doc().update()` and friends into errors without the CloudBase `code`, and @cloudbase/database's
   * `runTransaction` retries only when the error it catches has `code === 'DATABASE_TRANSACTION_CONFLICT'`,
   * which in practice means an error from `commit()`. So a conflicting write is remembered here, reported
   * at commit, and the whole transaction is retried: first committer wins, as snapshot isolation requires.
   */
  doomed: boolean
}

function collectionName(p: Params): string {
  const name = p.collectionName
  if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required')
  return name
}

function intParam(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined
  const n = typeof v === 'string' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw invalidParam(`${what} must be a non-negative integer`)
  return n
}

function txnParam(p: Params): string | undefined {
  const t = p.transactionId
  if (t === undefined || t === null || t === '') return undefined
  if (typeof t !== 'string') throw invalidParam('transactionId must be a string')
  return t
}

/**
 * `_.addToSet({ each: [...] })` is documented by WeChat, but @cloudbase/database 1.4.3 sends the object
 * as is (`{ $addToSet: { f: { each: [...] } } }`), so CloudBase's server must be the one reading `each`
 * as MongoDB's `$each`. We do the same.
 */
function normalizeAddToSet(update: Record<string, unknown>): Record<string, unknown> {
  const add = update.$addToSet
  if (!isPlainObject(add)) return update
  const fixed: Record<string, unknown> = {}
  for (const [field, v] of Object.entries(add)) {
    fixed[field] = isPlainObject(v) && Object.keys(v).length === 1 && Array.isArray(v.each) ? { $each: v.each } : v
  }
  return { ...update, $addToSet: fixed }
}

export class DatabaseActions {
  private readonly txns = new Map<string, TxnState>()
  private readonly sweeper: NodeJS.Timeout

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 5_000)
    this.sweeper.unref()
  }

  close(): void {
    clearInterval(this.sweeper)
    for (const id of this.txns.keys()) {
      try {
        this.store.abortTransaction(id)
      } catch {
        // the store may already have dropped it
      }
    }
    this.txns.clear()
  }

  private sweep(): void {
    const limit = this.now() - TRANSACTION_IDLE_MS
    for (const [id, t] of this.txns) {
      if (t.lastUsed < limit) {
        this.txns.delete(id)
        try {
          this.store.abortTransaction(id)
        } catch {
          // already gone
        }
      }
    }
  }

  private txn(p: Params): { id?: string; state?: TxnState } {
    const id = txnParam(p)
    if (!id) return {}
    const state = this.txns.get(id)
    if (!state) throw new CloudError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist or has ended`)
    state.lastUsed = this.now()
    return { id, state }
  }

  /** runs a transactional write; a conflict dooms the transaction instead of failing the call (see TxnState) */
  private write<T>(state: TxnState | undefined, fallback: T, fn: () => T): T {
    if (state?.doomed) return fallback
    try {
      return fn()
    } catch (e) {
      const err = toCloudError(e)
      if (state && err.code === TRANSACTION_CONFLICT) {
        state.doomed = true
        return fallback
      }
      throw err
    }
  }

  private filter(p: Params, now: number): Filter {
    if (p.query === undefined || p.query === null || p.query === '') return {}
    const f = decodeObject(p.query, 'query', now)
    checkFilter(f)
    return f
  }

  handle(action: string, p: Params): Reply | undefined {
    const now = this.now()
    switch (action) {
      case 'database.getDocument':
        return this.get(p, now)
      case 'database.calculateDocument': {
        const { id } = this.txn(p)
        return { data: { total: this.store.count(collectionName(p), this.filter(p, now), id) } }
      }
      case 'database.insertDocument':
        return this.insert(p, now)
      case 'database.modifyDocument':
        return this.modify(p, now)
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturn(p, now)
      case 'database.removeDocument': {
        const { id, state } = this.txn(p)
        const coll = collectionName(p)
        const filter = this.filter(p, now)
        const multi = p.queryType === 'DOC' ? false : p.multi !== false
        const deleted = this.write(state, 1, () => this.store.remove(coll, filter, { multi }, id))
        return { data: { deleted } }
      }
      case 'database.aggregateDocuments':
        return this.aggregate(p, now)
      case 'database.startTransaction': {
        const id = this.store.beginTransaction()
        this.txns.set(id, { lastUsed: now, doomed: false })
        // @cloudbase/database reads `res.transactionId`, at the top level of the reply
        return { transactionId: id }
      }
      case 'database.commitTransaction': {
        const { id, state } = this.txn(p)
        if (!id || !state) throw invalidParam('transactionId is required')
        this.txns.delete(id)
        if (state.doomed) {
          this.abortQuietly(id)
          throw new CloudError(
            TRANSACTION_CONFLICT,
            'transaction conflict: a document it wrote was written by another transaction',
          )
        }
        try {
          this.store.commitTransaction(id)
        } catch (e) {
          this.abortQuietly(id)
          throw toCloudError(e)
        }
        return {}
      }
      case 'database.abortTransaction': {
        const { id } = this.txn(p)
        if (!id) throw invalidParam('transactionId is required')
        this.txns.delete(id)
        this.store.abortTransaction(id)
        return {}
      }
      case 'database.addCollection':
        this.store.createCollection(collectionName(p))
        return { data: {} }
      default:
        return undefined
    }
  }

  private abortQuietly(id: string): void {
    try {
      this.store.abortTransaction(id)
    } catch {
      // the store ends a transaction whose commit failed
    }
  }

  private get(p: Params, now: number): Reply {
    const { id } = this.txn(p)
    // CloudBase runs only doc().get/set/update/remove and add() in a transaction; the SDK still sends a
    // where().get() with the transaction id, and production refuses it
    if (id && p.queryType !== 'DOC')
      throw dbFailed('only doc() operations and add() can run in a transaction, not where()')
    const coll = collectionName(p)
    const filter = this.filter(p, now)
    const options: FindOptions = {}
    if (p.order !== undefined && p.order !== null && p.order !== '') {
      const order = decode(p.order, 'order', now)
      // the SDK sends `{ field: 1 | -1 }` (orderBy merges into one object); older clients sent a list
      const entries: [string, unknown][] = Array.isArray(order)
        ? order.map((o: { field?: string; direction?: string }) => [String(o.field), o.direction === 'desc' ? -1 : 1])
        : isPlainObject(order)
          ? Object.entries(order)
          : []
      if (entries.length) {
        options.sort = {}
        for (const [field, dir] of entries) options.sort[field] = dir === -1 || dir === 'desc' ? -1 : 1
      }
    }
    const offset = intParam(p.offset, 'offset')
    if (offset) options.skip = offset
    if (p.queryType !== 'DOC') {
      const limit = intParam(p.limit, 'limit')
      options.limit = limit ? Math.min(limit, MAX_GET_LIMIT) : DEFAULT_GET_LIMIT
    }
    if (p.projection !== undefined && p.projection !== null && p.projection !== '') {
      options.projection = decodeObject(p.projection, 'projection', now)
    }
    const docs: Doc[] = this.store.find(coll, filter, options, id)
    return { data: { list: docs.map(encode) } }
  }

  private insert(p: Params, now: number): Reply {
    const { id, state } = this.txn(p)
    const coll = collectionName(p)
    const raw = p.data
    if (!Array.isArray(raw) || raw.length === 0) throw invalidParam('data must be a non-empty list of EJSON documents')
    const docs = raw.map((d, i) => {
      const doc = decodeObject(d, `data[${i}]`, now)
      if (hasOperatorKeys(doc)) throw dbFailed('a document to insert cannot have $-prefixed top-level fields')
      return doc
    })
    const ids = this.write(
      state,
      docs.map((d) => String(d._id ?? '')),
      () => this.store.insert(coll, docs, id),
    )
    return { data: { insertedIds: ids } }
  }

  private modify(p: Params, now: number): Reply {
    const { id, state } = this.txn(p)
    const coll = collectionName(p)
    const filter = this.filter(p, now)
    const data = decodeObject(p.data, 'data', now)
    const isDoc = p.queryType === 'DOC'
    const multi = isDoc ? false : p.multi === true || p.multi === 'true'
    const upsert = p.upsert === true || p.upsert === 'true'
    // merge: false is `doc().set()`: the data replaces the document (and creates it with upsert)
    const replace = p.merge === false || p.merge === 'false'
    let update = data
    if (replace) {
      if (hasOperatorKeys(data)) throw dbFailed('a replacement document cannot contain update operators')
      if ('_id' in data) throw invalidParam('cannot update _id')
      if (isDoc && typeof filter._id === 'string') update = { ...data, _id: filter._id }
    } else {
      // CloudBase accepts plain fields in a merge update and treats them as $set
      if (!hasOperatorKeys(update)) update = { $set: update }
      update = normalizeAddToSet(update)
      checkUpdate(update)
    }
    const result = this.write(state, { updated: 1 } as { updated: number; upsertedId?: string }, () =>
      this.store.update(coll, filter, update, { multi, upsert, replace }, id),
    )
    const reply: Record<string, unknown> = { updated: result.updated }
    if (result.upsertedId !== undefined) reply.upsert_id = result.upsertedId
    return { data: reply }
  }

  private modifyAndReturn(p: Params, now: number): Reply {
    const { id, state } = this.txn(p)
    const coll = collectionName(p)
    const filter = this.filter(p, now)
    let update = decodeObject(p.data, 'data', now)
    if (!hasOperatorKeys(update)) update = { $set: update }
    update = normalizeAddToSet(update)
    checkUpdate(update)
    const [target] = this.store.find(coll, filter, { limit: 1 }, id)
    if (!target) return { data: { updated: 0, doc: null } }
    const updated = this.write(state, 0, () => this.store.update(coll, { _id: target._id }, update, {}, id).updated)
    const [doc] = this.store.find(coll, { _id: target._id }, { limit: 1 }, id)
    return { data: { updated, doc: doc ? encode(doc) : null } }
  }

  private aggregate(p: Params, now: number): Reply {
    const coll = collectionName(p)
    const stages = p.stages
    if (!Array.isArray(stages)) throw invalidParam('stages must be a list')
    const pipeline = stages.map((s: unknown, i) => {
      if (!isPlainObject(s) || typeof s.stageKey !== 'string')
        throw invalidParam(`stages[${i}] must be { stageKey, stageValue }`)
      const key = s.stageKey.startsWith('$') ? s.stageKey : `$${s.stageKey}`
      checkStage(key)
      const value = decode(s.stageValue, `stages[${i}].stageValue`, now)
      if (key === '$match' && isPlainObject(value)) checkFilter(value)
      return { [key]: value }
    })
    if (!pipeline.some((s) => '$limit' in s)) pipeline.push({ $limit: DEFAULT_AGGREGATE_LIMIT })
    const list = this.store.aggregate(coll, pipeline)
    return { data: { list: list.map(encode) } }
  }
}
