/**
 * EJSON in and out of the CloudBase protocol. @cloudbase/database sends canonical EJSON strings
 * (`{"$numberInt":"1"}`, `{"$date":{"$numberLong":"0"}}`, `{"$regularExpression":…}`) and parses every
 * document of a reply with `EJSON.parse`, so relaxed EJSON is a valid answer and is what we send.
 */
import { BSONRegExp, EJSON } from 'bson'

import { invalidParam } from './errors'

/** JavaScript keeps `i m s u`; MongoDB's `x` (extended) and `l` (locale) have no JS equivalent. */
function toRegExp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options.split(''))].filter((f) => 'imsu'.includes(f)).join('')
  try {
    return new RegExp(pattern, flags)
  } catch (e) {
    throw invalidParam(`invalid regular expression /${pattern}/: ${(e as Error).message}`)
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

/**
 * Turns the values EJSON leaves as BSON classes into plain JavaScript and resolves CloudBase's own
 * `{"$tcb_server_date":{"offset":N}}` to the server's clock plus N milliseconds.
 */
export function resolveValues(value: unknown, now: number): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidParam('invalid date in EJSON')
    return value
  }
  if (value instanceof BSONRegExp) return toRegExp(value.pattern, value.options)
  if (value instanceof RegExp) return value
  if (Array.isArray(value)) return value.map((v) => resolveValues(v, now))
  if (isPlainObject(value)) {
    const serverDate = value.$tcb_server_date
    if (serverDate !== undefined && Object.keys(value).length === 1) {
      const offset = isPlainObject(serverDate) ? Number(serverDate.offset ?? 0) : NaN
      if (!Number.isFinite(offset)) throw invalidParam('invalid $tcb_server_date offset')
      return new Date(now + offset)
    }
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = resolveValues(v, now)
    return out
  }
  if (value !== null && typeof value === 'object') {
    const bsonType = (value as { _bsontype?: string })._bsontype
    if (bsonType === 'ObjectId' || bsonType === 'ObjectID')
      return String((value as { toHexString(): string }).toHexString())
    if (bsonType === 'Long') return (value as { toNumber(): number }).toNumber()
    if (bsonType === 'Decimal128') return Number(String(value))
    if (bsonType === 'Int32' || bsonType === 'Double') return (value as { valueOf(): number }).valueOf()
  }
  return value
}

/** Raised by the fast reader on an EJSON type it leaves to the bson package. */
class Unusual extends Error {}

/**
 * The EJSON types @cloudbase/database writes (numbers, dates, regular expressions, object ids) and
 * CloudBase's server date, read in one walk over `JSON.parse`'s result: the bson package's `EJSON.parse`
 * costs about five times as much, which showed in every request (a batch of 1,000 households: 45 ms →
 * 12 ms). Any other `$`-type (binary, timestamp, code …) sends the whole text to `EJSON.parse`.
 */
function fast(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fast(value[i], now)
    return value
  }
  const o = value as Record<string, unknown>
  let only: string | undefined
  let n = 0
  for (const k in o) {
    if (n++ === 0) only = k
    else break
  }
  if (n === 1 && only !== undefined && only.charCodeAt(0) === 36 /* $ */) {
    const v = o[only]
    switch (only) {
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
      case '$numberDecimal':
        if (typeof v !== 'string') throw new Unusual()
        return Number(v)
      case '$date': {
        const ms =
          typeof v === 'string'
            ? Date.parse(v)
            : typeof v === 'number'
              ? v
              : v !== null && typeof v === 'object' && typeof (v as { $numberLong?: unknown }).$numberLong === 'string'
                ? Number((v as { $numberLong: string }).$numberLong)
                : NaN
        if (Number.isNaN(ms)) throw invalidParam('invalid date in EJSON')
        return new Date(ms)
      }
      case '$oid':
        if (typeof v !== 'string') throw new Unusual()
        return v
      case '$regularExpression': {
        const re = v as { pattern?: unknown; options?: unknown } | null
        if (!re || typeof re.pattern !== 'string') throw new Unusual()
        return toRegExp(re.pattern, typeof re.options === 'string' ? re.options : '')
      }
      case '$tcb_server_date': {
        const inner = fast(v, now)
        const offset = isPlainObject(inner) ? Number(inner.offset ?? 0) : NaN
        if (!Number.isFinite(offset)) throw invalidParam('invalid $tcb_server_date offset')
        return new Date(now + offset)
      }
      case '$binary':
      case '$timestamp':
      case '$minKey':
      case '$maxKey':
      case '$code':
      case '$symbol':
      case '$dbPointer':
      case '$undefined':
      case '$uuid':
      case '$regex':
        throw new Unusual()
    }
  }
  for (const k in o) {
    const before = o[k]
    const after = fast(before, now)
    if (after === before) continue
    // JSON.parse makes `__proto__` an own field; a plain assignment would set the prototype instead
    if (k === '__proto__')
      Object.defineProperty(o, k, { value: after, enumerable: true, writable: true, configurable: true })
    else o[k] = after
  }
  return o
}

/** Parses one EJSON string of a request; any syntax error is the caller's fault (INVALID_PARAM). */
export function decode(text: unknown, what: string, now: number): unknown {
  if (typeof text !== 'string') throw invalidParam(`${what} must be an EJSON string`)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw invalidParam(`malformed EJSON in ${what}: ${(e as Error).message}`)
  }
  try {
    return fast(json, now)
  } catch (e) {
    if (!(e instanceof Unusual)) throw e
  }
  let parsed: unknown
  try {
    parsed = EJSON.parse(text, { relaxed: true })
  } catch (e) {
    throw invalidParam(`malformed EJSON in ${what}: ${(e as Error).message}`)
  }
  return resolveValues(parsed, now)
}

export function decodeObject(text: unknown, what: string, now: number): Record<string, unknown> {
  const v = decode(text, what, now)
  if (!isPlainObject(v)) throw invalidParam(`${what} must be an object`)
  return v
}

export function encode(doc: unknown): string {
  return EJSON.stringify(doc as Record<string, unknown>, { relaxed: true })
}

export { isPlainObject }
