/**
 * Aggregation pipelines on mingo's Aggregator. A leading `$match` is planned like a find (indexes,
 * cache); the documents the pipeline receives are copies of the cached ones, trimmed to the fields the
 * next stage reads when that can be known.
 */
import { Aggregator } from 'mingo/aggregator'
import { ProcessingMode } from 'mingo/core'
import { scan } from './cache'
import { collOf, type State } from './core'
import { clone, isPlainObject } from './ejson'
import { AGGREGATE_CONTEXT, compileQuery, QUERY_OPTIONS } from './mingo'
import { match } from './plan'
import { type Doc, type Filter, type Stage, StoreError } from './types'

const UNSUPPORTED_STAGES = new Set(['$out', '$merge'])

export function aggregate(s: State, collection: string, pipeline: Stage[]): unknown[] {
  const c = collOf(s, collection)
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
    input = match(s, c, f, Infinity, compileQuery(f, 'INVALID_PIPELINE')).map((e) => e[1])
    rest = pipeline.slice(1)
  } else input = [...scan(s, c)].map((e) => e[1])
  // Inputs are cache objects, and some stages ($addFields on dotted paths) write into their input, so
  // the pipeline gets copies. When its next stage is a $group or an inclusion $project, only the fields
  // that stage reads are copied: grouping households by region need not copy every family member.
  const fields = rest.length ? fieldsRead(rest[0]!) : undefined
  if (fields) input = input.map((doc) => pick(doc, fields))
  const all = (name: string) => {
    const other = s.colls.get(name)
    return other ? [...scan(s, other)].map((e) => clone(e[1])) : []
  }
  const run = (stages: Stage[], docs: unknown[], owned: boolean, resolve = all) =>
    new Aggregator(stages, {
      ...QUERY_OPTIONS,
      context: AGGREGATE_CONTEXT,
      processingMode: owned ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
      collectionResolver: resolve,
    }).run(docs)
  try {
    // An equality `$lookup` on `_id` or an indexed field reads only the documents its local values name,
    // by that index, as a database does, rather than every document of the other collection: the stages
    // before it run first, then the lookup with just those documents, then the rest.
    let docs: unknown[] = input
    let owned = fields !== undefined
    let from = 0
    for (let i = 0; i < rest.length; i++) {
      const wanted = lookupKeys(s, rest[i]!)
      if (!wanted) continue
      if (i > from) {
        docs = run(rest.slice(from, i), docs, owned)
        owned = true
      }
      const keys = localValues(docs, wanted.localField)
      if (keys) {
        const other = s.colls.get(wanted.from)
        const found = other ? match(s, other, { [wanted.foreignField]: { $in: keys } }).map((e) => clone(e[1])) : []
        docs = run([rest[i]!], docs, owned, (name) => (name === wanted.from ? found : all(name)))
      } else docs = run([rest[i]!], docs, owned)
      owned = true
      from = i + 1
    }
    return from < rest.length || from === 0 ? run(rest.slice(from), docs, owned) : docs
  } catch (e) {
    if (e instanceof StoreError) throw e
    throw new StoreError('INVALID_PIPELINE', (e as Error).message)
  }
}

interface EqualityLookup {
  from: string
  localField: string
  foreignField: string
}

/** A `$lookup { from, localField, foreignField, as }` whose foreign field `_id` or a declared index serves. */
function lookupKeys(s: State, stage: Stage): EqualityLookup | null {
  if (!('$lookup' in stage) || !isPlainObject(stage.$lookup)) return null
  const { from, localField, foreignField, pipeline, let: vars } = stage.$lookup as Record<string, unknown>
  if (pipeline !== undefined || vars !== undefined) return null
  if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string') return null
  const other = s.colls.get(from)
  if (!other || (foreignField !== '_id' && other.byField.get(foreignField) === undefined)) return null
  return { from, localField, foreignField }
}

/**
 * The values of a (dotted) field over the documents, array elements included, when every one is a string
 * or a number; null when a document lacks it or holds anything else (null matches missing foreign fields,
 * so the whole collection is needed).
 */
function localValues(docs: unknown[], field: string): (string | number)[] | null {
  const out = new Set<string | number>()
  const segs = field.split('.')
  const walk = (v: unknown, at: number): boolean => {
    if (Array.isArray(v)) {
      // an empty array is matched as null: the lookup needs every document missing the foreign field
      if (v.length === 0) return false
      return v.every((x) => !Array.isArray(x) && walk(x, at))
    }
    if (at === segs.length) {
      if (typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v))) {
        out.add(v)
        return true
      }
      return false
    }
    return isPlainObject(v) && walk(v[segs[at]!], at + 1)
  }
  for (const d of docs) if (!walk(d, 0)) return null
  return [...out]
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
