/**
 * Export and import as JSON lines: one `<collection>.jsonl` per collection (each line a document's stored
 * relaxed EJSON text, in insertion order) and `indexes.json` with the collections' index declarations.
 */
import fs from 'node:fs'
import path from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { CollectionDecl } from '@config/cloud'
import { type Change, prepareDoc, type Row, type State, stmt } from './core'
import { commit } from './commit'
import { parse, stringify } from './ejson'
import { buildIndex, createTables, dropCollection, loadMeta, mapError, planFields, savedDecl } from './tables'

export function exportJsonl(s: State, dir: string): void {
  fs.mkdirSync(dir, { recursive: true })
  const indexes: Record<string, CollectionDecl> = {}
  for (const c of s.colls.values()) {
    indexes[c.name] = { indexes: c.indexes.map((ix) => ix.decl) }
    const fd = fs.openSync(path.join(dir, `${c.name}.jsonl`), 'w')
    try {
      const page = stmt(s, `SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT 5000`)
      let last = -Infinity
      for (;;) {
        const rows = page.all(last) as Row[]
        if (rows.length === 0) break
        fs.writeSync(fd, rows.map((r) => r.doc + '\n').join(''))
        last = rows[rows.length - 1]!.rid
      }
    } finally {
      fs.closeSync(fd)
    }
  }
  fs.writeFileSync(path.join(dir, 'indexes.json'), JSON.stringify(indexes, null, 2) + '\n')
}

/**
 * Replaces each collection that has a `<name>.jsonl` in `dir`; all or nothing. Its indexes are those of
 * `indexes.json`, else the last declared ones, else the collection's current ones.
 */
export function importJsonl(s: State, dir: string): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
  const idxFile = path.join(dir, 'indexes.json')
  const declared: Record<string, CollectionDecl> = fs.existsSync(idxFile)
    ? (JSON.parse(fs.readFileSync(idxFile, 'utf8')) as Record<string, CollectionDecl>)
    : {}
  const saved = savedDecl(s)
  try {
    s.db.transaction(() => {
      for (const f of files) {
        const name = f.slice(0, -'.jsonl'.length)
        const prior = s.colls.get(name)
        const decl = declared[name] ?? saved[name] ?? { indexes: prior ? prior.indexes.map((ix) => ix.decl) : [] }
        if (prior) dropCollection(s, name)
        const c = createTables(s, name)
        for (const d of decl.indexes) buildIndex(s, c, d)
        planFields(c)
        const batch: Change[] = []
        const flush = () => {
          commit(s, batch)
          batch.length = 0
        }
        forEachLine(path.join(dir, f), (line) => {
          const doc = prepareDoc(parse(line) as Record<string, unknown>)
          batch.push({ c, rid: 0, id: doc._id, old: null, doc, text: stringify(doc) })
          if (batch.length >= 1000) flush()
        })
        flush()
      }
    })()
  } catch (e) {
    loadMeta(s)
    throw mapError(e, s.colls)
  }
  s.stmts.clear()
}

function forEachLine(file: string, fn: (line: string) => void): void {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(1 << 20)
    // a chunk boundary may split a multi-byte character: the decoder carries it over
    const decoder = new StringDecoder('utf8')
    let rest = ''
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null)
      if (n === 0) break
      const text = rest + decoder.write(buf.subarray(0, n))
      const lines = text.split('\n')
      rest = lines.pop()!
      for (const l of lines) if (l.trim()) fn(l)
    }
    if (rest.trim()) fn(rest)
  } finally {
    fs.closeSync(fd)
  }
}
