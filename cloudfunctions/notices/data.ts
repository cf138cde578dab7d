/**
 * The notices function's reads and writes. Each helper is one database request, so an action's round
 * trips can be read off its code (bench/notices.ts counts them in the local cloud).
 */
import type { Db } from '../_shared/handler'
import { coll, getById } from '../_shared/db'
import { AppError } from '../../src/shared/errors'
import type { NoticeDoc } from './domain/review'

export const NOTICES = 'notices'
export const READS = 'noticeReads'
export const STATS = 'noticeStats'
export const SUBSCRIPTIONS = 'noticeSubscriptions'
export const FORWARDS = 'noticeForwards'

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
