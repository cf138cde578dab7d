/**
 * Tables and indexes. One table `d<N>(rid, id, doc)` per collection (rid keeps insertion order, `doc` is
 * relaxed EJSON text) and one table per declared index holding `(key, rid)` rows, multikey for arrays (see
 * keys.ts); a compound unique index also has a table of whole-tuple keys. `_collections` and `_indexes`
 * name them; `_kv` keeps the last declared indexes, which `reset` and `importJsonl` restore.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { CollectionDecl, IndexDecl } from '@config/cloud'
import { scan } from './cache'
import { type Coll, collOf, type IndexInfo, type State, stmt } from './core'
import { fieldKeys, keyId, tupleKeys } from './keys'
import { type Doc, StoreError } from './types'

export const MAX_INDEXES = 20

/** Opens (or creates) the SQLite file of a store directory. */
export function openDatabase(dir: string): Database.Database {
  fs.mkdirSync(dir, { recursive: true })
  const db = new Database(path.join(dir, 'store.sqlite'))
  // WAL with synchronous=NORMAL: see commit.ts on durability
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('cache_size = -65536')
  db.pragma('temp_store = MEMORY')
  db.exec(`
    CREATE TABLE IF NOT EXISTS _collections (num INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL);
    CREATE TABLE IF NOT EXISTS _indexes (num INTEGER PRIMARY KEY, coll INTEGER NOT NULL, name TEXT NOT NULL,
      spec TEXT NOT NULL, UNIQUE (coll, name));
    CREATE TABLE IF NOT EXISTS _kv (k TEXT PRIMARY KEY, v TEXT NOT NULL);
  `)
  return db
}

function newColl(num: number, name: string, complete: boolean): Coll {
  return {
    num,
    name,
    table: `d${num}`,
    indexes: [],
    byField: new Map(),
    cache: new Map(),
    complete,
    ordered: true,
    maxRid: -Infinity,
    evictions: 0,
  }
}

/** (Re)reads the collections and indexes from SQLite, with empty caches. */
export function loadMeta(s: State): void {
  s.colls.clear()
  s.stmts.clear()
  s.cached = 0
  const colls = s.db.prepare('SELECT num, name FROM _collections').all() as { num: number; name: string }[]
  for (const { num, name } of colls) s.colls.set(name, newColl(num, name, false))
  const byNum = new Map([...s.colls.values()].map((c) => [c.num, c]))
  const ixs = s.db.prepare('SELECT num, coll, name, spec FROM _indexes ORDER BY num').all() as {
    num: number
    coll: number
    name: string
    spec: string
  }[]
  for (const r of ixs) {
    const c = byNum.get(r.coll)
    if (c) c.indexes.push(indexInfo(r.num, JSON.parse(r.spec) as IndexDecl))
  }
  for (const c of s.colls.values()) planFields(c)
}

export function listCollections(s: State): { name: string; count: number }[] {
  return [...s.colls.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((c) => ({ name: c.name, count: stmt(s, `SELECT count(*) AS n FROM ${c.table}`).pluck().get() as number }))
}

export function createCollection(s: State, name: string): void {
  if (s.colls.has(name)) throw new StoreError('COLLECTION_EXISTS', `collection ${name} already exists`)
  if (typeof name !== 'string' || !/^[^/\\\0.][^/\\\0]{0,127}$/.test(name)) {
    throw new StoreError('INVALID_QUERY', `invalid collection name ${JSON.stringify(name)}`)
  }
  s.db.transaction(() => createTables(s, name))()
}

/** A new, empty collection (its cache complete from the start); call inside an SQLite transaction. */
export function createTables(s: State, name: string): Coll {
  const num = Number(s.db.prepare('INSERT INTO _collections (name) VALUES (?)').run(name).lastInsertRowid)
  const c = newColl(num, name, true)
  s.db.exec(`CREATE TABLE ${c.table} (rid INTEGER PRIMARY KEY, id UNIQUE NOT NULL, doc TEXT NOT NULL)`)
  s.colls.set(name, c)
  return c
}

export function dropCollection(s: State, name: string): void {
  const c = collOf(s, name)
  s.db.transaction(() => {
    for (const ix of c.indexes) dropIndexTables(s, ix)
    s.db.exec(`DROP TABLE ${c.table}`)
    s.db.prepare('DELETE FROM _indexes WHERE coll = ?').run(c.num)
    s.db.prepare('DELETE FROM _collections WHERE num = ?').run(c.num)
  })()
  s.cached -= c.cache.size
  s.colls.delete(name)
  s.stmts.clear()
}

function dropIndexTables(s: State, ix: IndexInfo): void {
  s.db.exec(`DROP TABLE IF EXISTS ${ix.table}`)
  if (ix.tupleTable) s.db.exec(`DROP TABLE IF EXISTS ${ix.tupleTable}`)
}

/**
 * Brings each named collection's indexes to its declaration (creating the collection when absent):
 * unchanged indexes stay, changed or undeclared ones are rebuilt or dropped. All or nothing.
 */
export function applyIndexes(s: State, collections: Record<string, CollectionDecl>): void {
  for (const [name, decl] of Object.entries(collections)) {
    if (decl.indexes.length > MAX_INDEXES) {
      throw new StoreError('INDEX_LIMIT', `${name}: ${decl.indexes.length} indexes, at most ${MAX_INDEXES}`)
    }
    const names = new Set<string>()
    for (const ix of decl.indexes) {
      if (names.has(ix.name) || ix.keys.length === 0 || ix.keys.some((k) => !k.field || k.field.startsWith('$'))) {
        throw new StoreError('INVALID_QUERY', `${name}: invalid index ${ix.name}`)
      }
      names.add(ix.name)
    }
  }
  try {
    s.db.transaction(() => {
      for (const [name, decl] of Object.entries(collections)) {
        const c = s.colls.get(name) ?? createTables(s, name)
        const wanted = new Map(decl.indexes.map((d) => [d.name, d]))
        for (const ix of [...c.indexes]) {
          const d = wanted.get(ix.name)
          if (d && specOf(d) === specOf(ix.decl)) {
            wanted.delete(ix.name)
            continue
          }
          dropIndexTables(s, ix)
          s.db.prepare('DELETE FROM _indexes WHERE num = ?').run(ix.num)
          c.indexes = c.indexes.filter((x) => x !== ix)
        }
        for (const d of decl.indexes) if (wanted.has(d.name)) buildIndex(s, c, d)
        planFields(c)
      }
      const saved = savedDecl(s)
      s.db
        .prepare('INSERT OR REPLACE INTO _kv (k, v) VALUES (?, ?)')
        .run('decl', JSON.stringify({ ...saved, ...collections }))
    })()
  } catch (e) {
    loadMeta(s)
    throw mapError(e, s.colls)
  }
  s.stmts.clear()
}

/** The index declarations applied so far, by collection. */
export function savedDecl(s: State): Record<string, CollectionDecl> {
  const v = s.db.prepare('SELECT v FROM _kv WHERE k = ?').pluck().get('decl') as string | undefined
  return v ? (JSON.parse(v) as Record<string, CollectionDecl>) : {}
}

/** Creates an index's tables and fills them from the collection; call inside an SQLite transaction. */
export function buildIndex(s: State, c: Coll, d: IndexDecl): void {
  const num = Number(
    s.db.prepare('INSERT INTO _indexes (coll, name, spec) VALUES (?, ?, ?)').run(c.num, d.name, JSON.stringify(d))
      .lastInsertRowid,
  )
  const ix = indexInfo(num, d)
  if (ix.unique && !ix.tupleTable) {
    s.db.exec(`CREATE TABLE ${ix.table} (k NOT NULL PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID`)
  } else {
    s.db.exec(`CREATE TABLE ${ix.table} (k NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (k, rid)) WITHOUT ROWID`)
  }
  if (ix.tupleTable) {
    s.db.exec(`CREATE TABLE ${ix.tupleTable} (k TEXT NOT NULL PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID`)
  }
  c.indexes.push(ix)
  s.stmts.clear()
  for (const [rid, doc] of scan(s, c)) addKeys(s, ix, rid, doc)
}

export function addKeys(s: State, ix: IndexInfo, rid: number, doc: Doc): void {
  const ins = stmt(s, `INSERT INTO ${ix.table} (k, rid) VALUES (?, ?)`)
  for (const k of fieldKeys(doc, ix.firstSegs)) ins.run(k, rid)
  if (ix.tupleTable) {
    const t = stmt(s, `INSERT INTO ${ix.tupleTable} (k, rid) VALUES (?, ?)`)
    for (const k of tupleKeys(doc, ix.fieldSegs)) t.run(k, rid)
  }
}

export function removeKeys(s: State, ix: IndexInfo, rid: number, doc: Doc): void {
  const del = stmt(s, `DELETE FROM ${ix.table} WHERE k = ? AND rid = ?`)
  for (const k of fieldKeys(doc, ix.firstSegs)) del.run(k, rid)
  if (ix.tupleTable) {
    const t = stmt(s, `DELETE FROM ${ix.tupleTable} WHERE k = ? AND rid = ?`)
    for (const k of tupleKeys(doc, ix.fieldSegs)) t.run(k, rid)
  }
}

/** Rewrites only the index rows whose keys differ between the old and the new document. */
export function updateKeys(s: State, ix: IndexInfo, rid: number, old: Doc, doc: Doc): void {
  const before = fieldKeys(old, ix.firstSegs)
  const after = fieldKeys(doc, ix.firstSegs)
  const b = new Set(before.map(keyId))
  const a = new Set(after.map(keyId))
  const del = before.filter((k) => !a.has(keyId(k)))
  const add = after.filter((k) => !b.has(keyId(k)))
  if (del.length) {
    const st = stmt(s, `DELETE FROM ${ix.table} WHERE k = ? AND rid = ?`)
    for (const k of del) st.run(k, rid)
  }
  if (add.length) {
    const st = stmt(s, `INSERT INTO ${ix.table} (k, rid) VALUES (?, ?)`)
    for (const k of add) st.run(k, rid)
  }
  if (ix.tupleTable) {
    const tb = tupleKeys(old, ix.fieldSegs)
    const ta = tupleKeys(doc, ix.fieldSegs)
    if (tb.join('\u0002') !== ta.join('\u0002')) {
      const d = stmt(s, `DELETE FROM ${ix.tupleTable} WHERE k = ? AND rid = ?`)
      for (const k of tb) d.run(k, rid)
      const st = stmt(s, `INSERT INTO ${ix.tupleTable} (k, rid) VALUES (?, ?)`)
      for (const k of ta) st.run(k, rid)
    }
  }
}

function indexInfo(num: number, decl: IndexDecl): IndexInfo {
  const fieldSegs = decl.keys.map((k) => k.field.split('.'))
  const unique = decl.unique === true
  return {
    num,
    name: decl.name,
    decl,
    unique,
    first: decl.keys[0]!.field,
    firstSegs: fieldSegs[0]!,
    fieldSegs,
    table: `x${num}`,
    tupleTable: unique && decl.keys.length > 1 ? `u${num}` : undefined,
  }
}

/** The keys of a document that an index's in-memory map holds: strings and numbers. */
export function memKeys(ix: IndexInfo, doc: Doc): (string | number)[] {
  const out: (string | number)[] = []
  for (const k of fieldKeys(doc, ix.firstSegs)) if (typeof k === 'string' || typeof k === 'number') out.push(k)
  return out
}

function specOf(d: IndexDecl): string {
  return JSON.stringify({ keys: d.keys.map((k) => [k.field, k.direction]), unique: d.unique === true })
}

/** Chooses, for each first field, the index a query on it is planned on. */
export function planFields(c: Coll): void {
  c.byField.clear()
  for (const ix of c.indexes) {
    const cur = c.byField.get(ix.first)
    // single-field unique tables hold one row per value: the cheapest to probe
    if (!cur || (ix.unique && !ix.tupleTable && !(cur.unique && !cur.tupleTable))) c.byField.set(ix.first, ix)
  }
}

/** An SQLite constraint failure as the store's DUPLICATE_KEY, naming the unique index. */
export function mapError(e: unknown, colls: Map<string, Coll>): unknown {
  if (e instanceof StoreError) return e
  const err = e as { code?: string; message?: string }
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) {
    const table = /failed: (\w+)\./.exec(err.message ?? '')?.[1]
    let what = '_id'
    for (const c of colls.values()) {
      for (const ix of c.indexes) if (ix.table === table || ix.tupleTable === table) what = `${c.name}.${ix.name}`
    }
    return new StoreError('DUPLICATE_KEY', `duplicate key in unique index ${what}`)
  }
  return e
}
