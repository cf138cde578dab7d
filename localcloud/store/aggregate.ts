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
  try {
    const agg = new Aggregator(rest, {
      ...QUERY_OPTIONS,
      context: AGGREGATE_CONTEXT,
      processingMode: fields ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT,
      collectionResolver: (name: string) => {
        const other = s.colls.get(name)
        return other ? [...scan(s, other)].map((e) => clone(e[1])) : []
      },
    })
    return agg.run(input)
  } catch (e) {
    if (e instanceof StoreError) throw e
    throw new StoreError('INVALID_PIPELINE', (e as Error).message)
  }
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
