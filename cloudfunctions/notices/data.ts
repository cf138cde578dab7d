/**
 * The notices function's reads and writes. Each helper is one database request, so an action's round
 * trips can be read off its code (bench/notices.ts counts them in the local cloud).
 */
import type { Db } from '../_shared/handler'
import { AppError } from '../../src/shared/errors'
import type { NoticeDoc } from './domain/review'

/** The SDK's query builder is typed through callback overloads; these helpers need only this much. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Coll = any

export const NOTICES = 'notices'
export const READS = 'noticeReads'
export const STATS = 'noticeStats'
export const SUBSCRIPTIONS = 'noticeSubscriptions'
export const FORWARDS = 'noticeForwards'

export function coll(db: Db, name: string): Coll {
  return db.collection(name) as Coll
}

export async function list<T>(query: Coll): Promise<T[]> {
  const res = (await query.get()) as { data?: T[] }
  return res.data ?? []
}

/** CloudBase relays MongoDB's E11000 as "database request fail"; the local cloud says "duplicate". */
export function isDuplicate(error: unknown): boolean {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error)
  return /duplicate|E11000/i.test(message)
}

/** Inserts a document with a chosen `_id`; false when one with that `_id` exists already. */
export async function insertOnce(
  db: Db,
  collection: string,
  doc: { _id: string } & Record<string, unknown>,
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
  const [doc] = await list<T>(query.limit(1))
  return doc
}

export async function getNotice(db: Db, id: string): Promise<NoticeDoc> {
  const doc = await getById<NoticeDoc>(db, NOTICES, id)
  if (!doc) throw new AppError('NOT_FOUND')
  return doc
}

/**
 * Writes a transition computed by the domain, only if nobody else wrote the notice since it was read
 * (`seq` unchanged). Object fields are replaced whole (`_.set`): an update would otherwise merge a new
 * draft into the old one and keep, say, a removed picture.
 */
export async function writeTransition(db: Db, before: NoticeDoc, after: NoticeDoc): Promise<void> {
  const _ = db.command
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(after)) {
    if (key === '_id') continue
    data[key] = value !== null && typeof value === 'object' ? _.set(value) : value
  }
  const res = (await coll(db, NOTICES).where({ _id: before._id, seq: before.seq }).update({ data })) as {
    stats?: { updated?: number }
  }
  if ((res.stats?.updated ?? 0) !== 1) throw new AppError('CONFLICT')
}
