/**
 * Query planning and matching. A query is planned on the first field of a declared index (equality,
 * `$in`, a range bound; `$or` of plannable branches) or on `_id`; the plan yields candidate rids, and
 * mingo then checks each candidate, so results are exact whatever the plan. Without a plan the
 * collection is scanned (and the query reported as unindexed).
 */
import type { Query } from 'mingo/query'
import { byId, byRid, byRids, scan } from './cache'
import { type Coll, type Id, type IndexInfo, type MemEntry, type State, stmt, validId } from './core'
import { isPlainObject } from './ejson'
import { BLOB_FLOOR, DATE_CEIL, DATE_FLOOR, dateKey, isPlannable, keyOf, TEXT_FLOOR, type Key } from './keys'
import { compileQuery } from './mingo'
import { type Doc, type Filter, StoreError } from './types'

export type Plan =
  | { kind: 'id'; ids: Id[] }
  | { kind: 'keys'; ix: IndexInfo; keys: Key[] }
  | { kind: 'range'; ix: IndexInfo; op: '>' | '>=' | '<' | '<='; key: Key; bound: Key }
  /** `_id`s between `lo` and `hi` (an anchored pattern's literal prefix), each tested against `re` */
  | { kind: 'idPrefix'; table: string; lo: string; hi: string; re: RegExp }
  | { kind: 'or'; plans: Plan[] }

/**
 * The best plan for a filter, or null when no declared index serves it. Each candidate (a term on the first
 * field of an index, an `$or` whose every branch has a plan) is ranked: `_id` first, then a single equality
 * (on a unique index before another), `$in`, `$or`, a range bound. When several candidates could serve,
 * the one whose index yields the fewest rows wins, as a database's planner does (counted in the index
 * tables, each count stopped at the best so far): `open: true` beside an `$or` of a unit's own branches
 * must not read every open document.
 */
export function plan(c: Coll, filter: Filter, s?: State): Plan | null {
  return best(c, filter, s)?.plan ?? null
}

interface Choice {
  plan: Plan
  rank: number
  /** rows the plan's index yields, when counted */
  rows?: number
}

function best(c: Coll, filter: Filter, s: State | undefined): Choice | null {
  const terms: [string, unknown][] = []
  const ors: unknown[][] = []
  const flatten = (f: Filter) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) flatten(sub)
      } else if (k === '$or' && Array.isArray(v)) ors.push(v)
      else if (!k.startsWith('$')) terms.push([k, v])
    }
  }
  flatten(filter)
  const choices: Choice[] = []
  for (const [field, cond] of terms) {
    if (field === '_id') {
      const ids = idValues(cond)
      if (ids) choices.push({ plan: { kind: 'id', ids }, rank: 10, rows: ids.length })
      else {
        const prefix = idPrefixPlan(c.table, cond)
        if (prefix) choices.push({ plan: prefix, rank: 5 })
      }
      continue
    }
    const ix = c.byField.get(field)
    if (!ix) continue
    const eq = eqValues(cond)
    if (eq) {
      const rank = eq.length === 1 ? (ix.unique ? 9 : 8) : 7
      const unique = ix.unique && !ix.tupleTable
      choices.push({ plan: { kind: 'keys', ix, keys: eq.map(keyOf) }, rank, rows: unique ? eq.length : undefined })
      continue
    }
    const range = rangePlan(ix, cond)
    if (range) choices.push({ plan: range, rank: 5 })
  }
  for (const branches of ors) {
    const subs: Choice[] = []
    for (const b of branches) {
      const sub = isPlainObject(b) ? best(c, b, s) : null
      if (!sub) {
        subs.length = 0
        break
      }
      subs.push(sub)
    }
    if (!subs.length) continue
    const known = subs.every((x) => x.rows !== undefined)
    choices.push({
      plan: { kind: 'or', plans: subs.map((x) => x.plan) },
      rank: 6,
      rows: known ? subs.reduce((n, x) => n + x.rows!, 0) : undefined,
    })
  }
  if (choices.length === 0) return null
  choices.sort((a, b) => b.rank - a.rank)
  // the top-ranked choice stands when nothing is counted (no state) or it is an exact lookup of few rows
  if (!s || choices.length === 1 || choices[0]!.rank >= 9) return choices[0]!
  let chosen: Choice | null = null
  for (const ch of choices) {
    const rows: number = ch.rows ?? rowsOf(s, ch.plan, chosen?.rows)
    if (chosen === null || rows < chosen.rows!) chosen = { ...ch, rows }
  }
  return chosen
}

/** The index rows a plan reads, counting no further than `cap` (when given) rows past which it cannot win. */
function rowsOf(s: State, p: Plan, cap?: number): number {
  const limit = cap === undefined ? -1 : cap + 1
  switch (p.kind) {
    case 'id':
      return p.ids.length
    case 'keys': {
      if (p.keys.length === 0) return 0
      let n = 0
      for (let i = 0; i < p.keys.length && (limit < 0 || n < limit); i += 500) {
        const chunk = p.keys.slice(i, i + 500)
        const marks = chunk.map(() => '?').join(',')
        n += stmt(s, `SELECT count(*) FROM (SELECT 1 FROM ${p.ix.table} WHERE k IN (${marks}) LIMIT ?)`)
          .pluck()
          .get(...chunk, limit < 0 ? -1 : limit - n) as number
      }
      return n
    }
    case 'idPrefix':
      return stmt(s, `SELECT count(*) FROM (SELECT 1 FROM ${p.table} WHERE id >= ? AND id < ? LIMIT ?)`)
        .pluck()
        .get(p.lo, p.hi, limit) as number
    case 'range': {
      const [lo, hi] = p.op === '>' || p.op === '>=' ? [p.op, '<'] : ['>=', p.op]
      const args = p.op === '>' || p.op === '>=' ? [p.key, p.bound] : [p.bound, p.key]
      return stmt(s, `SELECT count(*) FROM (SELECT 1 FROM ${p.ix.table} WHERE k ${lo} ? AND k ${hi} ? LIMIT ?)`)
        .pluck()
        .get(...args, limit) as number
    }
    case 'or': {
      let n = 0
      for (const sub of p.plans) {
        n += rowsOf(s, sub, cap === undefined ? undefined : Math.max(0, cap - n))
        if (cap !== undefined && n > cap) break
      }
      return n
    }
  }
}

/**
 * The indexes a query would read, `_id` for a lookup by id, one entry per `$or` branch (in branch order);
 * empty when it scans the collection. For tests and benchmarks: what the planner chose, not a promise.
 */
export function explain(s: State, c: Coll, filter: Filter): string[] {
  const names = (p: Plan): string[] =>
    p.kind === 'id' || p.kind === 'idPrefix' ? ['_id'] : p.kind === 'or' ? p.plans.flatMap(names) : [p.ix.name]
  const p = Object.keys(filter).length ? plan(c, filter, s) : null
  return p ? names(p) : []
}

/** The candidate rids of a plan, ascending (insertion order). */
export function planRids(s: State, c: Coll, p: Plan): number[] {
  const out = new Set<number>()
  const run = (p: Plan) => {
    switch (p.kind) {
      case 'id': {
        const st = stmt(s, `SELECT rid FROM ${c.table} WHERE id = ?`).pluck()
        for (const id of p.ids) {
          const rid = st.get(id) as number | undefined
          if (rid !== undefined) out.add(rid)
        }
        break
      }
      case 'keys': {
        const mem = p.ix.memComplete ? p.ix.mem : undefined
        if (mem && p.keys.every((k) => typeof k === 'string' || typeof k === 'number')) {
          for (const k of p.keys as (string | number)[]) {
            const e = mem.get(k)
            if (e) out.add(e.rid)
          }
          break
        }
        if (p.keys.length === 1) {
          for (const rid of stmt(s, `SELECT rid FROM ${p.ix.table} WHERE k = ?`).pluck().all(p.keys[0]) as number[]) {
            out.add(rid)
          }
          break
        }
        for (let i = 0; i < p.keys.length; i += 500) {
          const chunk = p.keys.slice(i, i + 500)
          const marks = chunk.map(() => '?').join(',')
          const st = stmt(s, `SELECT rid FROM ${p.ix.table} WHERE k IN (${marks})`).pluck()
          for (const rid of st.all(...chunk) as number[]) out.add(rid)
        }
        break
      }
      case 'idPrefix': {
        // the pattern is tested on the `_id` itself before any document is read, as an index scan does
        const rows = stmt(s, `SELECT rid, id FROM ${c.table} WHERE id >= ? AND id < ?`).all(p.lo, p.hi) as {
          rid: number
          id: Id
        }[]
        for (const { rid, id } of rows) if (typeof id === 'string' && p.re.test(id)) out.add(rid)
        break
      }
      case 'range': {
        const [lo, hi] = p.op === '>' || p.op === '>=' ? [p.op, '<'] : ['>=', p.op]
        const args = p.op === '>' || p.op === '>=' ? [p.key, p.bound] : [p.bound, p.key]
        const st = stmt(s, `SELECT rid FROM ${p.ix.table} WHERE k ${lo} ? AND k ${hi} ?`).pluck()
        for (const rid of st.all(...args) as number[]) out.add(rid)
        break
      }
      case 'or':
        for (const sub of p.plans) run(sub)
    }
  }
  run(p)
  return [...out].sort((a, b) => a - b)
}

/**
 * A one-field filter whose plan returns exactly its matches needs no per-document test: `_id` lookups,
 * and equality/`$in` on an undotted indexed field with string, number or boolean values (index rows are
 * the field's value or its array elements, which is what MongoDB equality matches).
 */
export function exactPlan(filter: Filter, p: Plan): boolean {
  const keys = Object.keys(filter)
  if (keys.length !== 1) return false
  const field = keys[0]!
  if (p.kind === 'id') return field === '_id'
  if (p.kind !== 'keys' || p.ix.first !== field || field.includes('.')) return false
  const cond = filter[field]
  // a condition object with any other operator still needs mingo (to run it, or to reject it)
  if (isPlainObject(cond) && Object.keys(cond).length !== 1) return false
  const eq = eqValues(cond)
  return eq !== null && eq.every((v) => typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
}

function idValues(cond: unknown): Id[] | null {
  if (validId(cond)) return [cond]
  if (!isPlainObject(cond)) return null
  if ('$eq' in cond && validId(cond.$eq)) return [cond.$eq]
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.every(validId)) return cond.$in as Id[]
  return null
}

/** Values an equality or `$in` condition matches by index key; null when it is not such a condition. */
export function eqValues(cond: unknown): unknown[] | null {
  if (isPlannable(cond)) return [cond]
  if (!isPlainObject(cond)) return null
  const ks = Object.keys(cond)
  if (ks.length === 0 || !ks.every((k) => k.startsWith('$'))) return null
  if ('$eq' in cond && isPlannable(cond.$eq)) return [cond.$eq]
  if ('$in' in cond && Array.isArray(cond.$in) && cond.$in.every(isPlannable)) return cond.$in
  return null
}

/** One bound of a range (a multikey index cannot intersect both bounds), bracketed to the bound's type. */
function rangePlan(ix: IndexInfo, cond: unknown): Plan | null {
  if (!isPlainObject(cond)) return null
  for (const op of ['$gt', '$gte', '$lt', '$lte'] as const) {
    if (!(op in cond)) continue
    const v = cond[op]
    const sql = ({ $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const)[op]
    const up = op === '$gt' || op === '$gte'
    if (typeof v === 'number' && !Number.isNaN(v))
      return { kind: 'range', ix, op: sql, key: v, bound: up ? TEXT_FLOOR : -Infinity }
    if (typeof v === 'string') return { kind: 'range', ix, op: sql, key: v, bound: up ? BLOB_FLOOR : TEXT_FLOOR }
    if (v instanceof Date && !Number.isNaN(v.getTime())) {
      return { kind: 'range', ix, op: sql, key: dateKey(v), bound: up ? DATE_CEIL : DATE_FLOOR }
    }
  }
  return null
}

/** `{ a: 1, b: { $in: [...] } }` → `{"a":1,"b":{"$in":1}}`: one warning per collection and query shape. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length && (isPlainObject(v[0]) || Array.isArray(v[0])) ? v.map(shape) : 1
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = shape(v[k])
    return out
  }
  return 1
}

function reportUnindexed(s: State, c: Coll, filter: Filter): void {
  s.onUnindexedQuery?.(c.name, filter)
  if (s.quiet) return
  const key = c.name + ' ' + JSON.stringify(shape(filter))
  if (s.warned.has(key)) return
  s.warned.add(key)
  console.warn(`[localcloud] query on ${c.name} uses no declared index: ${JSON.stringify(shape(filter))}`)
}

/**
 * Matching documents (shared cache objects: never mutate or return them) in insertion order, at most
 * `max`. `compiled` is the filter's Query when the caller has it (null: the empty filter).
 */
export function match(s: State, c: Coll, filter: Filter, max = Infinity, compiled?: Query | null): [number, Doc][] {
  const out: [number, Doc][] = []
  if (!isPlainObject(filter)) throw new StoreError('INVALID_QUERY', 'a filter must be an object')
  const keys = Object.keys(filter)
  if (keys.length === 1 && keys[0] === '_id' && validId(filter._id)) {
    const hit = max > 0 && byId(s, c, filter._id)
    return hit ? [hit] : []
  }
  if (keys.length === 1 && max > 0) {
    // the commonest reads (by a unique external key, or a list of them) skip planning: the plan is exact
    // (see exactPlan)
    const field = keys[0]!
    const v = filter[field]
    const ix = c.byField.get(field)
    if (ix && ix.unique && !ix.tupleTable && !field.includes('.')) {
      const mem = ix.memComplete ? ix.mem : undefined
      if (typeof v === 'string' || typeof v === 'boolean') {
        if (mem && typeof v === 'string') {
          const e = mem.get(v)
          return e ? [[e.rid, e.doc]] : []
        }
        const rid = stmt(s, `SELECT rid FROM ${ix.table} WHERE k = ?`).pluck().get(keyOf(v)) as number | undefined
        const doc = rid === undefined ? undefined : byRid(s, c, rid)
        return doc ? [[rid!, doc]] : []
      }
      const hits = mem && memIn(mem, v)
      if (hits) return hits.length > max ? hits.slice(0, max) : hits
    }
  }
  const p = keys.length ? plan(c, filter, s) : null
  // compiling a mingo Query costs more than an indexed lookup: skip it when the plan is exact
  const q = p && exactPlan(filter, p) ? null : compiled === undefined ? compileQuery(filter) : compiled
  if (max <= 0) return out
  if (p) {
    for (const e of byRids(s, c, planRids(s, c, p))) {
      if (!q || q.test(e[1])) {
        out.push(e)
        if (out.length >= max) break
      }
    }
    return out
  }
  if (q) reportUnindexed(s, c, filter)
  for (const e of scan(s, c)) {
    if (q && !q.test(e[1])) continue
    out.push(e)
    if (out.length >= max) break
  }
  return out
}

/**
 * `{ $in: [...] }` of strings and numbers answered from a unique key map: the matches in rid order, each
 * once. Null for any other condition. Neither SQLite, the cache map nor a per-document test is involved:
 * with 50 keys, each map lookup and each document touched is a likely processor cache miss on a large
 * collection, and this path touches each document once.
 */
function memIn(mem: Map<string | number, MemEntry>, cond: unknown): [number, Doc][] | null {
  if (!isPlainObject(cond)) return null
  const list = cond.$in
  if (!Array.isArray(list)) return null
  for (const k in cond) if (k !== '$in') return null
  const hits: MemEntry[] = []
  for (const v of list) {
    if (typeof v !== 'string' && (typeof v !== 'number' || Number.isNaN(v))) return null
    const e = mem.get(v)
    if (e) hits.push(e)
  }
  hits.sort((a, b) => a.rid - b.rid)
  const out: [number, Doc][] = []
  let last = NaN
  for (const e of hits) {
    if (e.rid === last) continue
    last = e.rid
    out.push([e.rid, e.doc])
  }
  return out
}

/**
 * Counts straight from an index table when the filter is one top-level field with scalar equality or
 * `$in`: index rows are the field's distinct values per document (array elements included), exactly
 * what MongoDB's equality matches for an undotted field. Undefined when the filter is not of that kind.
 */
export function exactCount(s: State, c: Coll, filter: Filter): number | undefined {
  const keys = Object.keys(filter)
  if (keys.length !== 1) return undefined
  const field = keys[0]!
  if (field.includes('.') || field.startsWith('$') || field === '_id') return undefined
  const ix = c.byField.get(field)
  if (!ix) return undefined
  const eq = eqValues(filter[field])
  if (!eq || eq.some((v) => v === null)) return undefined
  if (eq.length === 1)
    return stmt(s, `SELECT count(*) FROM ${ix.table} WHERE k = ?`).pluck().get(keyOf(eq[0])) as number
  const marks = eq.map(() => '?').join(',')
  return stmt(s, `SELECT count(DISTINCT rid) FROM ${ix.table} WHERE k IN (${marks})`)
    .pluck()
    .get(...eq.map(keyOf)) as number
}

/** An ascending `_id` sort and nothing else: the order keyset paging asks for. */
export function isIdOrder(sort: Record<string, 1 | -1> | undefined): boolean {
  if (!sort) return false
  const keys = Object.keys(sort)
  return keys.length === 1 && keys[0] === '_id' && sort._id === 1
}

/** The lower `_id` bound of a filter (`_id: { $gt | $gte }` at the top or in an `$and`), when it has one. */
function idLowerBound(filter: Filter): { op: '>' | '>='; id: Id } | null | undefined {
  let found: { op: '>' | '>='; id: Id } | undefined
  const visit = (f: Filter): boolean => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub) && !visit(sub)) return false
      } else if (k === '_id' && isPlainObject(v)) {
        for (const [op, sql] of [
          ['$gt', '>'],
          ['$gte', '>='],
        ] as const) {
          if (!(op in v)) continue
          // a bound of another type (or two bounds) goes the general way
          if (!validId(v[op]) || found) return false
          found = { op: sql, id: v[op] as Id }
        }
      }
    }
    return true
  }
  return visit(filter) ? found : null
}

/** keys of an equality plan the keyset join names at once */
const KEYSET_KEYS = 500

/**
 * A keyset page: the first `max` matches in `_id` order, reading candidates in that order from SQLite and
 * stopping at `max`, where the general path reads every candidate and sorts them. `findAll` pages this way
 * (`_id > last`, sorted by `_id`, a page at a time), so a page costs what it returns, not the collection.
 * Candidates come from the `_id` order itself or, when the filter has an equality on an indexed field, from
 * that index joined to it. Null when the filter is better served the general way (lookups by id, ranges and
 * `$or` on other fields).
 */
export function keysetMatch(s: State, c: Coll, filter: Filter, max: number): [number, Doc][] | null {
  if (!isPlainObject(filter)) return null
  const bound = idLowerBound(filter)
  if (bound === null) return null
  const p = Object.keys(filter).length ? plan(c, filter, s) : null
  if (p && (p.kind !== 'keys' || p.keys.length > KEYSET_KEYS)) return null
  const q = compileQuery(filter)
  const out: [number, Doc][] = []
  if (max <= 0) return out
  const chunk = Math.min(Math.max(2 * max, 256), 5000)
  let after: { op: '>' | '>='; id: Id } | undefined = bound
  const where = (extra: string) => [extra, after ? `t.id ${after.op} ?` : ''].filter(Boolean).join(' AND ')
  for (;;) {
    const args: unknown[] = p ? [...(p.keys as unknown[])] : []
    if (after) args.push(after.id)
    const sql = p
      ? `SELECT DISTINCT t.rid AS rid, t.id AS id FROM ${p.ix.table} x JOIN ${c.table} t ON t.rid = x.rid
         WHERE ${where(`x.k IN (${p.keys.map(() => '?').join(',')})`)} ORDER BY t.id LIMIT ?`
      : `SELECT t.rid AS rid, t.id AS id FROM ${c.table} t ${after ? `WHERE ${where('')}` : ''} ORDER BY t.id LIMIT ?`
    const rows = stmt(s, sql).all(...args, chunk) as { rid: number; id: Id }[]
    // fetched many to a statement, in the order given (`_id` order)
    for (const [rid, doc] of byRids(
      s,
      c,
      rows.map((r) => r.rid),
    )) {
      if (!q || q.test(doc)) {
        out.push([rid, doc])
        if (out.length >= max) return out
      }
    }
    if (rows.length < chunk) return out
    after = { op: '>', id: rows[rows.length - 1]!.id }
  }
}

/**
 * An `_id` pattern anchored at its start with a literal prefix (`^r:513322\d{3}…`) is planned, as MongoDB
 * plans it, as the range of ids beginning with that prefix; the pattern is then tested on each id in it.
 * Null for a pattern without such a prefix, with flags that change what it matches (`i`, `m`), or with an
 * alternation outside any group (which the `^` does not anchor).
 */
function idPrefixPlan(table: string, cond: unknown): Plan | null {
  const re =
    cond instanceof RegExp
      ? cond
      : isPlainObject(cond) && Object.keys(cond).every((k) => k === '$regex' || k === '$options')
        ? cond.$regex instanceof RegExp
          ? cond.$regex
          : typeof cond.$regex === 'string'
            ? safeRegExp(cond.$regex, typeof cond.$options === 'string' ? cond.$options : '')
            : null
        : null
  if (!re || /[im]/.test(re.flags)) return null
  const src = re.source
  if (!src.startsWith('^')) return null
  let depth = 0
  for (let i = 1; i < src.length; i++) {
    const ch = src[i]
    if (ch === '\\') i++
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === '|' && depth === 0) return null
  }
  let prefix = ''
  for (let i = 1; i < src.length; i++) {
    const ch = src[i]!
    if ('\\.*+?()[]{}|$^'.includes(ch)) {
      // a quantifier that allows none makes the last literal optional
      if (ch === '?' || ch === '*' || ch === '{') prefix = prefix.slice(0, -1)
      break
    }
    prefix += ch
  }
  if (!prefix) return null
  const last = prefix.charCodeAt(prefix.length - 1)
  const hi = prefix.slice(0, -1) + String.fromCharCode(last + 1)
  return { kind: 'idPrefix', table, lo: prefix, hi, re: new RegExp(src, re.flags.replace(/[gy]/g, '')) }
}

function safeRegExp(pattern: string, options: string): RegExp | null {
  try {
    return new RegExp(pattern, options.replace(/[^imsu]/g, ''))
  } catch {
    return null
  }
}
