/** `find` and `count`, inside or outside a transaction. Results are copies the caller may keep. */
import { collOf, type State, stmt } from './core'
import { clone, isPlainObject } from './ejson'
import { compileQuery, shapeResult } from './mingo'
import { exactCount, isIdOrder, keysetMatch, match } from './plan'
import { txnMatch, txnOf } from './transactions'
import { type Doc, type Filter, type FindOptions, StoreError } from './types'

export function find(s: State, collection: string, filter: Filter, options: FindOptions = {}, txn?: string): Doc[] {
  const c = collOf(s, collection)
  let docs: Doc[]
  if (txn) docs = txnMatch(s, txnOf(s, txn), c, filter, compileQuery(filter))
  else {
    const paged =
      isIdOrder(options.sort) && options.limit !== undefined
        ? keysetMatch(s, c, filter, (options.skip ?? 0) + options.limit)
        : null
    // already in `_id` order and no longer than asked: only skip, limit and the projection remain
    if (paged)
      return shapeResult(
        paged.map((e) => e[1]),
        { ...options, sort: undefined },
      ).map(clone)
    const max = options.sort ? Infinity : (options.skip ?? 0) + (options.limit ?? Infinity)
    docs = match(s, c, filter, max).map((e) => e[1])
  }
  return shapeResult(docs, options).map(clone)
}

export function count(s: State, collection: string, filter: Filter, txn?: string): number {
  const c = collOf(s, collection)
  if (txn) return txnMatch(s, txnOf(s, txn), c, filter, compileQuery(filter)).length
  if (!isPlainObject(filter)) throw new StoreError('INVALID_QUERY', 'a filter must be an object')
  if (Object.keys(filter).length === 0) return stmt(s, `SELECT count(*) FROM ${c.table}`).pluck().get() as number
  return exactCount(s, c, filter) ?? match(s, c, filter).length
}
