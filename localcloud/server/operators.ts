/**
 * Operator allow-lists. A request with an operator CloudBase does not know is rejected before it reaches
 * the store, so a typo such as `$gtt` fails loudly instead of matching nothing.
 */
import { dbFailed } from './errors'
import { isPlainObject } from './ejson'
import { UPDATE_OPERATORS } from '../store/update'

const QUERY = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$and',
  '$or',
  '$nor',
  '$not',
  '$exists',
  '$type',
  '$size',
  '$elemMatch',
  '$all',
  '$mod',
  '$regex',
  '$options',
  '$expr',
  '$geoNear',
  '$geoWithin',
  '$geoIntersects',
  '$near',
  '$nearSphere',
  '$geometry',
  '$maxDistance',
  '$minDistance',
  '$centerSphere',
  '$box',
  '$polygon',
  '$center',
])

/** the store's own list: an operator the store cannot apply is refused here, before anything runs */
const UPDATE = UPDATE_OPERATORS

const STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$geoNear',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$replaceRoot',
  '$sample',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unwind',
])

function checkQueryValue(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    for (const v of value) checkQueryValue(v, path)
    return
  }
  if (!isPlainObject(value)) return
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$')) {
      if (!QUERY.has(k)) throw dbFailed(`unknown query operator ${k} at ${path || 'top level'}`)
      // $expr holds aggregation expressions, which have their own (large) vocabulary
      if (k === '$expr') continue
    }
    checkQueryValue(v, k.startsWith('$') ? path : path ? `${path}.${k}` : k)
  }
}

export function checkFilter(filter: Record<string, unknown>): void {
  checkQueryValue(filter, '')
}

export function checkUpdate(update: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(update)) {
    if (!UPDATE.has(k)) throw dbFailed(`unknown update operator ${k}`)
    if (!isPlainObject(v)) throw dbFailed(`${k} expects an object of fields`)
    if (k === '$pull') for (const cond of Object.values(v)) checkQueryValue(cond, '')
  }
}

export function checkStage(key: string): void {
  if (!STAGES.has(key)) throw dbFailed(`unknown aggregate stage ${key}`)
}

export function hasOperatorKeys(obj: Record<string, unknown>): boolean {
  return Object.keys(obj).some((k) => k.startsWith('$'))
}
