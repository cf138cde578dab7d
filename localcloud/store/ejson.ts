/**
 * Document text format: MongoDB Extended JSON v2 (relaxed), the same on disk and in exported JSON lines.
 * Dates become `{"$date":"<ISO>"}` (canonical `{"$numberLong"}` outside years 1970–9999), regular
 * expressions `{"$regularExpression":{"pattern","options"}}`, non-finite numbers `{"$numberDouble"}`.
 * The parser also accepts canonical EJSON (`$numberInt`, `$numberLong`, `$date` as milliseconds), so
 * files written by `mongoexport` or the protocol layer import unchanged.
 */

const MIN_ISO = Date.UTC(1970, 0, 1)
const MAX_ISO = Date.UTC(10000, 0, 1)

function dateText(d: Date): string {
  const ms = d.getTime()
  if (ms >= MIN_ISO && ms < MAX_ISO) return `{"$date":"${d.toISOString()}"}`
  return `{"$date":{"$numberLong":"${ms}"}}`
}

/**
 * JSON text of a document (hand-written: `JSON.stringify` with a replacer is several times slower, and
 * writes are dominated by serialisation). Formatting of strings and numbers is JSON.stringify's own.
 */
export function stringify(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v)
    case 'number':
      if (Number.isFinite(v)) return String(v)
      return `{"$numberDouble":"${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}"}`
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      return String(v)
    case 'object': {
      if (v === null) return 'null'
      if (Array.isArray(v)) {
        let s = '['
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i]
          if (i) s += ','
          s += x === undefined || typeof x === 'function' || typeof x === 'symbol' ? 'null' : stringify(x)
        }
        return s + ']'
      }
      if (v instanceof Date) return dateText(v)
      if (v instanceof RegExp) {
        return `{"$regularExpression":{"pattern":${JSON.stringify(v.source)},"options":${JSON.stringify(v.flags)}}}`
      }
      let s = '{'
      let first = true
      const o = v as Record<string, unknown>
      for (const k of Object.keys(o)) {
        const x = o[k]
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue
        s += (first ? '' : ',') + JSON.stringify(k) + ':' + stringify(x)
        first = false
      }
      return s + '}'
    }
    default:
      return 'null'
  }
}

/** JavaScript accepts `dgimsuvy`; MongoDB's `x` (extended) has no JavaScript equivalent and is dropped. */
function regexp(pattern: string, options: string): RegExp {
  const flags = [...new Set(options)].filter((f) => 'dgimsuvy'.includes(f)).join('')
  return new RegExp(pattern, flags)
}

function numberLong(v: unknown): number {
  return typeof v === 'string' ? Number(v) : NaN
}

function reviveObject(o: Record<string, unknown>): unknown {
  const keys = Object.keys(o)
  if (keys.length === 1) {
    const k = keys[0]!
    const v = o[k]
    switch (k) {
      case '$date':
        if (typeof v === 'string') return new Date(v)
        if (typeof v === 'number') return new Date(v)
        if (v && typeof v === 'object' && '$numberLong' in v)
          return new Date(numberLong((v as { $numberLong: unknown }).$numberLong))
        break
      case '$regularExpression':
        if (v && typeof v === 'object') {
          const r = v as { pattern?: unknown; options?: unknown }
          if (typeof r.pattern === 'string') return regexp(r.pattern, typeof r.options === 'string' ? r.options : '')
        }
        break
      case '$numberDouble':
      case '$numberInt':
      case '$numberLong':
      case '$numberDecimal':
        if (typeof v === 'string') return Number(v)
        break
      case '$oid':
      case '$symbol':
        if (typeof v === 'string') return v
        break
      case '$undefined':
        return null
    }
  }
  if (keys.length === 2 && '$regex' in o && '$options' in o && typeof o.$regex === 'string') {
    // legacy EJSON v1 regular expression; a query `{$regex, $options}` never reaches the store as text
    return regexp(o.$regex, typeof o.$options === 'string' ? o.$options : '')
  }
  for (const k of keys) o[k] = revive(o[k])
  return o
}

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i])
    return v
  }
  return reviveObject(v as Record<string, unknown>)
}

export function parse(text: string): unknown {
  const v: unknown = JSON.parse(text)
  // Most documents without dates skip the walk entirely.
  return text.includes('"$') ? revive(v) : v
}

/** Deep copy of a document tree (plain objects, arrays, Date, RegExp, primitives). */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    const out = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = clone(v[i])
    return out as T
  }
  if (v instanceof Date) return new Date(v.getTime()) as T
  if (v instanceof RegExp) return new RegExp(v.source, v.flags) as T
  const out: Record<string, unknown> = {}
  for (const k in v as Record<string, unknown>) {
    const x = (v as Record<string, unknown>)[k]
    if (x !== undefined) out[k] = clone(x)
  }
  return out as T
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp)
}
