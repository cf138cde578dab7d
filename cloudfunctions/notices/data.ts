/**
 * The notices function's reads and writes of a notice. Each helper is one database request, so an
 * action's round trips can be read off its code (bench/notices.ts counts them in the local cloud).
 */
import type { Notice } from '@config/documents'
import { AppError } from '@shared/errors'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'

export async function getNotice(db: Db, id: string): Promise<Notice> {
  const doc = await collection(db, 'notices').get(id)
  if (!doc) throw new AppError('NOT_FOUND')
  return doc
}

/**
 * Writes a transition computed by the domain, only if nobody else wrote the notice since it was read
 * (`seq` unchanged). Object fields are replaced whole (`_.set`): an update would otherwise merge a new
 * draft into the old one and keep, say, a removed picture. The push progress is the timer's: once it
 * exists a transition writes only its state (a retraction ends it), never the counts the timer adds.
 */
export async function writeTransition(db: Db, before: Notice, after: Notice): Promise<void> {
  const _ = db.command
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(after)) {
    if (key === '_id' || key === 'push') continue
    data[key] = value !== null && typeof value === 'object' ? _.set(value) : value
  }
  if (before.push && after.push) {
    if (after.push.state !== before.push.state) data['push.state'] = after.push.state
  } else if (after.push !== before.push) {
    data.push = after.push === null ? null : _.set(after.push)
  }
  const updated = await collection(db, 'notices').updateWhere({ _id: before._id, seq: before.seq }, data)
  if (updated !== 1) throw new AppError('CONFLICT')
}
