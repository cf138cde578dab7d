/**
 * Index keys: how a document field becomes rows of an SQLite index table.
 *
 * Each value is stored as an SQLite value whose order within one type matches MongoDB's: numbers as
 * INTEGER/REAL, strings as TEXT (binary order, MongoDB's default collation), everything else as a BLOB
 * with a type byte. Within SQLite's own ordering (numbers < TEXT < BLOB) a range on one type is bounded
 * by the neighbouring type, which is MongoDB's type bracketing for `$gt`/`$lt`.
 * Missing and null share one key, so a unique index treats a missing field as null, as CloudBase does.
 */
import { isPlainObject, stringify } from './ejson'

export type Key = number | string | Buffer

export const NULL_KEY = Buffer.from([0x00])
const NAN_KEY = Buffer.from([0x01])
const TRUE_KEY = Buffer.from([0x02, 0x01])
const FALSE_KEY = Buffer.from([0x02, 0x00])
export const DATE_TAG = 0x03
const OTHER_TAG = 0x04

/** The smallest TEXT and the smallest BLOB: exclusive upper bounds for numbers and for strings. */
export const TEXT_FLOOR = ''
export const BLOB_FLOOR = Buffer.alloc(0)
export const DATE_FLOOR = Buffer.from([DATE_TAG])
export const DATE_CEIL = Buffer.from([DATE_TAG + 1])

const OFFSET = 2n ** 60n

export function dateKey(d: Date): Buffer {
  const b = Buffer.alloc(9)
  b[0] = DATE_TAG
  const ms = d.getTime()
  b.writeBigUInt64BE(BigInt(Number.isNaN(ms) ? 0 : ms) + OFFSET, 1)
  return b
}

/** The key of one scalar value (arrays are expanded by the caller). */
export function keyOf(v: unknown): Key {
  if (v === undefined || v === null) return NULL_KEY
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isNaN(v) ? NAN_KEY : v
  if (typeof v === 'boolean') return v ? TRUE_KEY : FALSE_KEY
  if (v instanceof Date) return dateKey(v)
  return Buffer.concat([Buffer.from([OTHER_TAG]), Buffer.from(stringify(v))])
}

/** Values a query may be planned on: exactly the scalar types whose index key is exact. */
export function isPlannable(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && !Number.isNaN(v)) ||
    (v instanceof Date && !Number.isNaN(v.getTime()))
  )
}

/**
 * Every value a query on `path` can match in `doc`, MongoDB-style: arrays on the way are traversed,
 * an array at the end contributes its elements. Missing branches contribute null (as in MongoDB's
 * multikey indexes); an empty array contributes null too, keeping `{field: null}` candidates a superset.
 */
export function pathValues(doc: unknown, segs: string[]): unknown[] {
  const out: unknown[] = []
  collect(doc, segs, 0, out)
  return out
}

function collect(v: unknown, segs: string[], i: number, out: unknown[]): void {
  if (i === segs.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(null)
      else for (const e of v) out.push(e)
    } else out.push(v === undefined ? null : v)
    return
  }
  const seg = segs[i]!
  if (Array.isArray(v)) {
    if (/^\d+$/.test(seg)) collect(v[Number(seg)], segs, i + 1, out)
    if (v.length === 0) out.push(null)
    for (const e of v) {
      if (isPlainObject(e)) collect(e[seg], segs, i + 1, out)
      else out.push(null)
    }
    return
  }
  if (isPlainObject(v)) collect(v[seg], segs, i + 1, out)
  else out.push(null)
}

/** Distinct keys of a document for one field (one index table row each). */
export function fieldKeys(doc: unknown, segs: string[]): Key[] {
  const vals = pathValues(doc, segs)
  if (vals.length === 1) return [keyOf(vals[0])]
  const seen = new Map<string, Key>()
  for (const v of vals) {
    const k = keyOf(v)
    seen.set(keyId(k), k)
  }
  return [...seen.values()]
}

/** A string that identifies a key (numbers, strings and blobs never collide). */
export function keyId(k: Key): string {
  if (typeof k === 'number') return 'n' + k
  if (typeof k === 'string') return 's' + k
  return 'b' + k.toString('hex')
}

/** Keys of a compound unique index: one TEXT per combination of the fields' values. */
export function tupleKeys(doc: unknown, fields: string[][]): string[] {
  let combos: string[] = ['']
  for (const segs of fields) {
    const ks = fieldKeys(doc, segs).map(keyId)
    const next: string[] = []
    for (const c of combos) for (const k of ks) next.push(c === '' ? k : c + '\u0001' + k)
    combos = next
  }
  return [...new Set(combos)]
}
