/**
 * Writing changes: one SQLite transaction per call (the rows, then every index's rows), then the
 * in-memory state that mirrors SQLite (document cache, unique-key maps, open transactions' snapshots).
 *
 * Durability: WAL with `synchronous=NORMAL`. Each acknowledged write is one SQLite commit appended to the
 * WAL with write(2) before the call returns, so it is in the kernel's page cache and survives the process
 * being killed (SIGKILL, crash). Only an operating-system crash or power loss can drop the last commits,
 * because NORMAL skips the fsync per commit; FULL would fsync every commit and cost milliseconds per write.
 */
import { cacheDrop, cachePut } from './cache'
import { type Change, docKey, type Id, type State, stmt } from './core'
import { addKeys, mapError, memKeys, removeKeys, updateKeys } from './tables'
import type { Doc } from './types'

/** Applies changes in one SQLite transaction, then updates the cache and open transactions' snapshots. */
export function commit(s: State, changes: Change[]): void {
  if (changes.length === 0) return
  try {
    s.db.transaction(() => {
      for (const ch of changes) {
        const { c } = ch
        if (!ch.old) {
          ch.rid = Number(stmt(s, `INSERT INTO ${c.table} (id, doc) VALUES (?, ?)`).run(ch.id, ch.text).lastInsertRowid)
          for (const ix of c.indexes) addKeys(s, ix, ch.rid, ch.doc!)
        } else if (!ch.doc) {
          stmt(s, `DELETE FROM ${c.table} WHERE rid = ?`).run(ch.rid)
          for (const ix of c.indexes) removeKeys(s, ix, ch.rid, ch.old)
        } else {
          stmt(s, `UPDATE ${c.table} SET doc = ? WHERE rid = ?`).run(ch.text, ch.rid)
          for (const ix of c.indexes) updateKeys(s, ix, ch.rid, ch.old, ch.doc)
        }
      }
    })()
  } catch (e) {
    throw mapError(e, s.colls)
  }
  for (const ch of changes) {
    for (const ix of ch.c.indexes) {
      if (!ix.mem) continue
      // a key moves between documents within one commit: only drop it where it still names this one
      if (ch.old) for (const k of memKeys(ix, ch.old)) if (ix.mem.get(k)?.rid === ch.rid) ix.mem.delete(k)
      if (ch.doc) for (const k of memKeys(ix, ch.doc)) ix.mem.set(k, { rid: ch.rid, doc: ch.doc })
    }
    if (ch.doc) {
      // the stored text is kept only for a document written by an update, the kind written again soon
      // (it tells a no-op update without serialising the old document); an inserted one goes without,
      // as the warm-up's do: a bulk insert of 265k documents would otherwise hold each one twice
      if (ch.old) s.texts.set(ch.doc, ch.text)
      cachePut(s, ch.c, ch.rid, ch.doc)
    } else cacheDrop(s, ch.c, ch.rid)
    if (s.txns.size) capture(s, ch.c.name, ch.id, ch.old)
  }
}

/** Records a document's state before a write, for every open transaction that has not seen it change. */
function capture(s: State, coll: string, id: Id, old: Doc | null): void {
  const key = docKey(coll, id)
  for (const t of s.txns.values()) if (!t.pre.has(key)) t.pre.set(key, { coll, id, doc: old })
}
