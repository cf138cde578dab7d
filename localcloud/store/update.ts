/**
 * MongoDB update operators applied to one document in place.
 *
 * Written here rather than taken from mingo's updater: mingo 7 rebuilds its operator context on every call
 * (≈150 µs), which would dominate single-document writes. Query conditions inside `$pull` still go through
 * mingo, so their semantics are mingo's (MongoDB's).
 */
import { Query } from 'mingo'
import { compare, isEqual } from 'mingo/util'
import { clone, isPlainObject } from './ejson'
import { StoreError } from './types'

type Obj = Record<string, unknown>

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$setOnInsert',
])

function fail(message: string): never {
  throw new StoreError('INVALID_UPDATE', message)
}

const isIndex = (s: string) => /^(0|[1-9]\d*)$/.test(s)

/** Checks operator names, argument shapes and path conflicts before any document is touched. */
export function validateUpdate(update: Obj): void {
  const keys = Object.keys(update)
  if (keys.length === 0) fail('update document is empty')
  const paths: string[] = []
  for (const op of keys) {
    if (!UPDATE_OPERATORS.has(op)) fail(`unknown update operator ${op}`)
    const arg = update[op]
    if (!isPlainObject(arg)) fail(`${op} expects an object`)
    for (const path of Object.keys(arg)) {
      if (path === '' || path.split('.').some((s) => s === '' || s.startsWith('$'))) {
        fail(`${op}: path '${path}' is not supported`)
      }
      const v = arg[path]
      if ((op === '$inc' || op === '$mul') && typeof v !== 'number') fail(`${op} on '${path}' needs a number`)
      if (op === '$pop' && v !== 1 && v !== -1) fail(`$pop on '${path}' needs 1 or -1`)
      if (op === '$pullAll' && !Array.isArray(v)) fail(`$pullAll on '${path}' needs an array`)
      if (op === '$rename') {
        if (typeof v !== 'string' || v === '' || v === path) fail(`$rename of '${path}' needs another field name`)
        paths.push(v)
      }
      if ((op === '$push' || op === '$addToSet') && isPlainObject(v) && '$each' in v && !Array.isArray(v.$each)) {
        fail(`${op} $each on '${path}' needs an array`)
      }
      paths.push(path)
    }
  }
  // MongoDB refuses an update whose paths overlap ("would create a conflict").
  const sorted = [...paths].sort()
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!
    const b = sorted[i]!
    if (a === b || b.startsWith(a + '.')) fail(`updating the path '${b}' would create a conflict at '${a}'`)
  }
}

interface Slot {
  parent: Obj | unknown[]
  key: string
}

/** Walks to the parent of `path`, creating objects on the way when `create`; undefined when absent. */
function locate(doc: Obj, path: string, create: boolean): Slot | undefined {
  const segs = path.split('.')
  let cur: unknown = doc
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i]!
    let next: unknown
    if (Array.isArray(cur)) {
      if (!isIndex(seg)) fail(`cannot create field '${seg}' in array at '${segs.slice(0, i).join('.')}'`)
      next = cur[Number(seg)]
      if (next === undefined || next === null) {
        if (!create) return undefined
        next = {}
        padSet(cur, Number(seg), next)
      }
    } else if (isPlainObject(cur)) {
      next = cur[seg]
      if (next === undefined || next === null) {
        if (!create) return undefined
        next = {}
        cur[seg] = next
      }
    } else {
      if (!create) return undefined
      fail(`cannot create field '${seg}' in element ${JSON.stringify(cur)}`)
    }
    if (next !== null && typeof next !== 'object') {
      if (!create) return undefined
      fail(`cannot create field '${segs[i + 1]}' in element {${seg}: ${JSON.stringify(next)}}`)
    }
    cur = next
  }
  const key = segs[segs.length - 1]!
  if (Array.isArray(cur)) {
    if (!isIndex(key)) {
      if (!create) return undefined
      fail(`cannot create field '${key}' in an array`)
    }
    return { parent: cur, key }
  }
  if (isPlainObject(cur)) return { parent: cur, key }
  if (!create) return undefined
  fail(`cannot create field '${key}'`)
}

function padSet(arr: unknown[], i: number, v: unknown): void {
  while (arr.length < i) arr.push(null)
  arr[i] = v
}

function get(slot: Slot): unknown {
  return Array.isArray(slot.parent) ? slot.parent[Number(slot.key)] : slot.parent[slot.key]
}

function put(slot: Slot, v: unknown): void {
  if (Array.isArray(slot.parent)) padSet(slot.parent, Number(slot.key), v)
  else slot.parent[slot.key] = v
}

function del(slot: Slot): void {
  // MongoDB's $unset of an array element leaves null in its place
  if (Array.isArray(slot.parent)) {
    const i = Number(slot.key)
    if (i < slot.parent.length) slot.parent[i] = null
  } else delete slot.parent[slot.key]
}

function arrayAt(doc: Obj, path: string, op: string): unknown[] {
  const slot = locate(doc, path, true)!
  const cur = get(slot)
  if (cur === undefined) {
    const arr: unknown[] = []
    put(slot, arr)
    return arr
  }
  if (!Array.isArray(cur)) fail(`${op}: '${path}' is not an array`)
  return cur
}

function pullMatcher(cond: unknown): (v: unknown) => boolean {
  if (cond instanceof RegExp) return (v) => typeof v === 'string' && new RegExp(cond.source, cond.flags).test(v)
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond)
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      const q = wrapQuery({ v: cond })
      return (v) => q.test({ v })
    }
    // a document condition is a query on each element that is itself a document
    const q = wrapQuery(cond)
    return (v) => isPlainObject(v) && q.test(v)
  }
  return (v) => isEqual(v, cond)
}

function wrapQuery(cond: Obj): Query {
  try {
    return new Query(cond)
  } catch (e) {
    fail(`$pull condition: ${(e as Error).message}`)
  }
}

/** Applies `update` to `doc` in place. `inserting` enables `$setOnInsert`. */
export function applyUpdate(doc: Obj, update: Obj, inserting = false): void {
  for (const op of Object.keys(update)) {
    const arg = update[op] as Obj
    for (const path of Object.keys(arg)) {
      const v = arg[path]
      switch (op) {
        case '$setOnInsert':
          if (inserting) put(locate(doc, path, true)!, clone(v))
          break
        case '$set':
          put(locate(doc, path, true)!, clone(v))
          break
        case '$unset': {
          const slot = locate(doc, path, false)
          if (slot) del(slot)
          break
        }
        case '$inc':
        case '$mul': {
          const slot = locate(doc, path, true)!
          const cur = get(slot)
          if (cur === undefined || cur === null) {
            if (cur === null) fail(`cannot apply ${op} to a null value at '${path}'`)
            put(slot, op === '$inc' ? v : 0)
          } else if (typeof cur !== 'number') fail(`cannot apply ${op} to a non-numeric value at '${path}'`)
          else put(slot, op === '$inc' ? cur + (v as number) : cur * (v as number))
          break
        }
        case '$min':
        case '$max': {
          const slot = locate(doc, path, true)!
          const cur = get(slot)
          const c = cur === undefined ? 0 : compare(v, cur)
          if (cur === undefined || (op === '$min' ? c < 0 : c > 0)) put(slot, clone(v))
          break
        }
        case '$rename': {
          const from = locate(doc, path, false)
          if (!from || Array.isArray(from.parent)) break
          const val = get(from)
          if (val === undefined) break
          del(from)
          put(locate(doc, v as string, true)!, val)
          break
        }
        case '$push': {
          const arr = arrayAt(doc, path, '$push')
          if (isPlainObject(v) && '$each' in v) {
            const each = (v.$each as unknown[]).map(clone)
            const pos = v.$position
            if (typeof pos === 'number') {
              const at = pos < 0 ? Math.max(0, arr.length + pos) : Math.min(pos, arr.length)
              arr.splice(at, 0, ...each)
            } else arr.push(...each)
            if (v.$sort !== undefined) sortArray(arr, v.$sort)
            const slice = v.$slice
            if (typeof slice === 'number') {
              if (slice >= 0) arr.splice(slice)
              else arr.splice(0, Math.max(0, arr.length + slice))
            }
          } else arr.push(clone(v))
          break
        }
        case '$addToSet': {
          const arr = arrayAt(doc, path, '$addToSet')
          const each = isPlainObject(v) && '$each' in v ? (v.$each as unknown[]) : [v]
          for (const x of each) if (!arr.some((y) => isEqual(x, y))) arr.push(clone(x))
          break
        }
        case '$pop': {
          const slot = locate(doc, path, false)
          const cur = slot && get(slot)
          if (cur === undefined) break
          if (!Array.isArray(cur)) fail(`$pop: '${path}' is not an array`)
          if (v === 1) cur.pop()
          else cur.shift()
          break
        }
        case '$pull':
        case '$pullAll': {
          const slot = locate(doc, path, false)
          const cur = slot && get(slot)
          if (cur === undefined) break
          if (!Array.isArray(cur)) fail(`${op}: '${path}' is not an array`)
          const drop = op === '$pull' ? pullMatcher(v) : (x: unknown) => (v as unknown[]).some((y) => isEqual(x, y))
          put(
            slot!,
            cur.filter((x) => !drop(x)),
          )
          break
        }
      }
    }
  }
}

function sortArray(arr: unknown[], spec: unknown): void {
  if (spec === 1 || spec === -1) {
    arr.sort((a, b) => compare(a, b) * (spec as number))
    return
  }
  if (!isPlainObject(spec)) fail('$push $sort needs 1, -1 or a sort document')
  const keys = Object.entries(spec)
  arr.sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compare(pick(a, k), pick(b, k))
      if (c !== 0) return c * (dir === -1 ? -1 : 1)
    }
    return 0
  })
}

function pick(v: unknown, path: string): unknown {
  let cur = v
  for (const seg of path.split('.')) {
    if (!isPlainObject(cur)) return undefined
    cur = cur[seg]
  }
  return cur
}

/**
 * The document an upsert starts from: MongoDB copies the filter's equality conditions (top level and
 * inside `$and`), dotted paths becoming nested fields.
 */
export function upsertSeed(filter: Obj): Obj {
  const seed: Obj = {}
  const visit = (f: Obj) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub)
        continue
      }
      if (k.startsWith('$')) continue
      let val: unknown
      if (isPlainObject(v)) {
        const ks = Object.keys(v)
        if (ks.length > 0 && ks.every((x) => x.startsWith('$'))) {
          if ('$eq' in v) val = v.$eq
          else continue
        } else val = v
      } else if (v instanceof RegExp) continue
      else val = v
      put(locate(seed, k, true)!, clone(val))
    }
  }
  visit(filter)
  return seed
}
