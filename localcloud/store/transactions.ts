/**
 * Transactions with snapshot isolation, as CloudBase gives them. A transaction buffers its writes; every
 * commit outside it records the prior state of what it changes in each open transaction (`pre`, see
 * commit.ts), so the transaction keeps reading its snapshot. Writing a document that another transaction
 * holds, or that changed since begin, fails at once; a buffered write to a document changed meanwhile
 * fails the commit with TRANSACTION_CONFLICT. An open transaction is aborted after `txnTimeout`.
 */
import type { Query } from 'mingo/query'
import { byId, textOf } from './cache'
import { type Change, type Coll, collOf, docKey, type Id, newId, type State, type Txn } from './core'
import { commit } from './commit'
import { stringify } from './ejson'
import { match } from './plan'
import { type Doc, type Filter, StoreError } from './types'

export function beginTransaction(s: State): string {
  const id = newId()
  const timer = setTimeout(() => endTxn(s, id), s.txnTimeout)
  timer.unref()
  s.txns.set(id, { id, pre: new Map(), writes: new Map(), timer })
  return id
}

export function commitTransaction(s: State, txn: string): void {
  const t = txnOf(s, txn)
  for (const key of t.writes.keys()) {
    if (t.pre.has(key)) {
      endTxn(s, txn)
      throw new StoreError('TRANSACTION_CONFLICT', 'a document written by the transaction changed since it began')
    }
  }
  endTxn(s, txn)
  const changes: Change[] = []
  for (const w of t.writes.values()) {
    const c = collOf(s, w.coll)
    const cur = byId(s, c, w.id)
    const text = w.doc ? stringify(w.doc) : ''
    if (!cur && !w.doc) continue
    if (cur && w.doc && text === textOf(s, cur[1])) continue
    changes.push({ c, rid: cur ? cur[0] : 0, id: w.id, old: cur ? cur[1] : null, doc: w.doc, text })
  }
  commit(s, changes)
}

export function abortTransaction(s: State, txn: string): void {
  txnOf(s, txn)
  endTxn(s, txn)
}

export function txnOf(s: State, id: string): Txn {
  const t = s.txns.get(id)
  if (!t) throw new StoreError('TRANSACTION_NOT_FOUND', `transaction ${id} is not open`)
  return t
}

/** Closes a transaction (committed, aborted or timed out) and releases its documents. */
export function endTxn(s: State, id: string): void {
  const t = s.txns.get(id)
  if (!t) return
  clearTimeout(t.timer)
  s.txns.delete(id)
  for (const key of t.writes.keys()) if (s.locks.get(key) === id) s.locks.delete(key)
}

/** CloudBase fails a write at once when another transaction holds the document or it changed since begin. */
export function checkWritable(s: State, t: Txn, key: string): void {
  const holder = s.locks.get(key)
  if ((holder && holder !== t.id) || t.pre.has(key)) {
    throw new StoreError('TRANSACTION_CONFLICT', 'the document is being changed by another transaction')
  }
}

/** Buffers a write (null removes) and holds the document for the transaction. */
export function txnWrite(s: State, t: Txn, c: Coll, id: Id, doc: Doc | null): void {
  const key = docKey(c.name, id)
  t.writes.set(key, { coll: c.name, id, doc })
  s.locks.set(key, t.id)
}

/** A document as the transaction sees it (null: absent). */
export function txnView(s: State, t: Txn, c: Coll, id: Id): Doc | null {
  const key = docKey(c.name, id)
  const w = t.writes.get(key) ?? t.pre.get(key)
  if (w) return w.doc
  return byId(s, c, id)?.[1] ?? null
}

/** Documents as the transaction sees them: its snapshot at begin plus its own writes. */
export function txnMatch(s: State, t: Txn, c: Coll, filter: Filter, q: Query | null): Doc[] {
  const ids = new Map<string, Id>()
  for (const [, d] of match(s, c, filter, Infinity, q)) ids.set(docKey(c.name, d._id), d._id)
  for (const m of [t.pre, t.writes]) for (const [k, w] of m) if (w.coll === c.name) ids.set(k, w.id)
  const out: Doc[] = []
  for (const id of ids.values()) {
    const d = txnView(s, t, c, id)
    if (d && (!q || q.test(d))) out.push(d)
  }
  return out
}
