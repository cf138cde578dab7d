/**
 * How the store runs mingo, which gives it MongoDB's query, projection, sort and aggregation semantics:
 * one operator context built once, filters compiled to `Query` objects, find options applied to results.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { Context } from 'mingo/core'
import * as accumulatorOps from 'mingo/operators/accumulator'
import * as expressionOps from 'mingo/operators/expression'
import * as pipelineOps from 'mingo/operators/pipeline'
import * as projectionOps from 'mingo/operators/projection'
import * as queryOps from 'mingo/operators/query'
import * as windowOps from 'mingo/operators/window'
import { Query } from 'mingo/query'
import { resolve } from 'mingo/util'
import { isPlainObject } from './ejson'
import { type Doc, type Filter, type FindOptions, StoreError } from './types'

export const QUERY_OPTIONS = { scriptEnabled: false }

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
export const AGGREGATE_CONTEXT = Context.init({
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

/** The filter's `Query`, or null for the empty filter (everything matches); a bad filter throws `code`. */
export function compileQuery(
  filter: Filter,
  code: 'INVALID_QUERY' | 'INVALID_PIPELINE' = 'INVALID_QUERY',
): Query | null {
  if (!isPlainObject(filter)) throw new StoreError(code, 'a filter must be an object')
  if (Object.keys(filter).length === 0) return null
  try {
    return newQuery(filter)
  } catch (e) {
    throw new StoreError(code, (e as Error).message)
  }
}

/** Applies projection, sort, skip and limit to matched documents (in insertion order). */
export function shapeResult(docs: Doc[], o: FindOptions): Doc[] {
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
