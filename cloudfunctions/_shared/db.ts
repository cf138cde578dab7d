/**
 * The database helpers every function shares. Each sends one request (readAll one per page), so the
 * round trips an action makes can be read off its code; the benchmarks count them in the local cloud.
 */
import type { Db } from './handler'

/** The SDK types its query builder through callback overloads (`get()` is `Promise | void | string`);
 * the helpers need only the chain, so a collection is handled untyped here and typed at the edges. */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Coll = any

/** The most documents one `get()` returns inside a function (the SDK's ceiling). */
export const PAGE = 1000

export function coll(db: Db, name: string): Coll {
  return db.collection(name) as Coll
}

/** The documents a query returns. */
export async function rows<T>(query: { get(): unknown }): Promise<T[]> {
  const res = (await query.get()) as { data?: T[] }
  return res.data ?? []
}

/** CloudBase relays MongoDB's E11000 as "database request fail"; the local cloud says "duplicate _id". */
export function isDuplicate(error: unknown): boolean {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error)
  return /duplicate|E11000/i.test(message)
}

/** Inserts a document with a chosen `_id`; false when one with that `_id` exists already. This is how
 * a resend, a second read receipt or a second "household contacted" marker is told apart, exactly. */
export async function insertOnce(
  db: Db,
  collection: string,
  doc: Record<string, unknown> & { _id: string },
): Promise<boolean> {
  try {
    await coll(db, collection).add({ data: doc })
    return true
  } catch (error) {
    if (isDuplicate(error)) return false
    throw error
  }
}

export async function getById<T>(
  db: Db,
  collection: string,
  id: string,
  field?: Record<string, boolean>,
): Promise<T | undefined> {
  let query = coll(db, collection).where({ _id: id })
  if (field) query = query.field(field)
  const [doc] = await rows<T>(query.limit(1))
  return doc
}

/** Every document matching a query, a page at a time in `_id` order (keyset paging: no growing skips). */
export async function readAll<T>(
  db: Db,
  collection: string,
  where: Record<string, unknown>,
  field?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = []
  const _ = db.command
  let after = ''
  for (;;) {
    const next = '_id' in where ? _.and([where, { _id: _.gt(after) }]) : { ...where, _id: _.gt(after) }
    let query = coll(db, collection).where(after ? next : where)
    if (field) query = query.field(field)
    const page = await rows<T & { _id: string }>(query.orderBy('_id', 'asc').limit(PAGE))
    out.push(...page)
    if (page.length < PAGE) return out
    after = page[page.length - 1]!._id
  }
}
