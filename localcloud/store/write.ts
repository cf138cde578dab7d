/**
 * `insert`, `update` and `remove`: outside a transaction each call is one commit (commit.ts); inside
 * one, the writes are buffered in the transaction (transactions.ts). An update that leaves a document's
 * stored text unchanged writes nothing and does not count as updated.
 */
import { isEqual } from 'mingo/util'
import { textOf } from './cache'
import { type Change, collOf, docKey, newId, prepareDoc, type State } from './core'
import { commit } from './commit'
import { clone, isPlainObject, stringify } from './ejson'
import { compileQuery } from './mingo'
import { match } from './plan'
import { checkWritable, txnMatch, txnOf, txnView, txnWrite } from './transactions'
import { type Doc, type Filter, StoreError, type Update, type UpdateOptions, type UpdateResult } from './types'
import { applyUpdate, upsertSeed, validateUpdate } from './update'

export function insert(s: State, collection: string, docs: Record<string, unknown>[], txn?: string): string[] {
  const c = collOf(s, collection)
  if (!Array.isArray(docs)) throw new StoreError('INVALID_UPDATE', 'insert expects an array of documents')
  const prepared = docs.map((d) => prepareDoc(d))
  if (txn) {
    const t = txnOf(s, txn)
    const seen = new Set<string>()
    for (const d of prepared) {
      const key = docKey(c.name, d._id)
      if (seen.has(key) || txnView(s, t, c, d._id)) {
        throw new StoreError('DUPLICATE_KEY', `duplicate _id ${JSON.stringify(d._id)}`)
      }
      checkWritable(s, t, key)
      seen.add(key)
    }
    for (const d of prepared) txnWrite(s, t, c, d._id, d)
  } else {
    commit(
      s,
      prepared.map((d) => ({ c, rid: 0, id: d._id, old: null, doc: d, text: stringify(d) })),
    )
  }
  return prepared.map((d) => d._id as string)
}

export function update(
  s: State,
  collection: string,
  filter: Filter,
  upd: Update,
  options: UpdateOptions = {},
  txn?: string,
): UpdateResult {
  const c = collOf(s, collection)
  if (!isPlainObject(upd)) throw new StoreError('INVALID_UPDATE', 'an update must be an object')
  if (options.replace) {
    if (Object.keys(upd).some((k) => k.startsWith('$'))) {
      throw new StoreError('INVALID_UPDATE', 'a replacement document cannot hold update operators')
    }
  } else validateUpdate(upd)
  const t = txn ? txnOf(s, txn) : undefined
  const max = options.multi ? Infinity : 1
  const matches: [number, Doc][] = t
    ? txnMatch(s, t, c, filter, compileQuery(filter))
        .slice(0, max)
        .map((d) => [0, d])
    : match(s, c, filter, max)
  if (matches.length === 0) {
    if (!options.upsert) return { updated: 0 }
    let doc: Doc
    if (options.replace) {
      const seed = upsertSeed(filter)
      const { _id, ...rest } = clone(upd)
      doc = { _id: (seed._id ?? _id ?? newId()) as string, ...rest }
    } else {
      const seed = upsertSeed(filter)
      applyUpdate(seed, upd, true)
      doc = { _id: (seed._id ?? newId()) as string, ...seed }
    }
    const [id] = insert(s, collection, [doc], txn)
    return { updated: 0, upsertedId: id }
  }
  const changes: Change[] = []
  for (const [rid, old] of matches) {
    let doc: Doc
    if (options.replace) {
      const { _id, ...rest } = clone(upd)
      if (_id !== undefined && !isEqual(_id, old._id)) {
        throw new StoreError('INVALID_UPDATE', 'the replacement would change the immutable field _id')
      }
      doc = { _id: old._id, ...rest }
    } else {
      doc = clone(old)
      applyUpdate(doc, upd)
      if (!isEqual(doc._id, old._id)) throw new StoreError('INVALID_UPDATE', 'an update cannot change _id')
    }
    const text = stringify(doc)
    if (text === textOf(s, old)) continue
    changes.push({ c, rid, id: old._id, old, doc, text })
  }
  if (t) {
    for (const ch of changes) checkWritable(s, t, docKey(c.name, ch.id))
    for (const ch of changes) txnWrite(s, t, c, ch.id, ch.doc)
  } else commit(s, changes)
  return { updated: changes.length }
}

export function remove(
  s: State,
  collection: string,
  filter: Filter,
  options: { multi?: boolean } = {},
  txn?: string,
): number {
  const c = collOf(s, collection)
  const max = options.multi ? Infinity : 1
  if (txn) {
    const t = txnOf(s, txn)
    const docs = txnMatch(s, t, c, filter, compileQuery(filter)).slice(0, max)
    for (const d of docs) checkWritable(s, t, docKey(c.name, d._id))
    for (const d of docs) txnWrite(s, t, c, d._id, null)
    return docs.length
  }
  const matches = match(s, c, filter, max)
  commit(
    s,
    matches.map(([rid, old]) => ({ c, rid, id: old._id, old, doc: null, text: '' })),
  )
  return matches.length
}
