/**
 * Read receipts and read-rate counters.
 *
 * A receipt's `_id` is `<notice>:<reader>`, so recording a read is an insert that the database itself
 * makes idempotent: a second insert of the same id fails with a duplicate key. The counters of the
 * reader's four regions are incremented only after the insert succeeded, so every reader is counted
 * exactly once however often or however concurrently they open the notice.
 *
 * The counters of one notice live in one document (`noticeStats/<notice>`), one field per region per
 * reader kind, so a read is one `$inc` whatever the depth of the tree, and a read-rate table is one read.
 */
import type { NoticeRead, NoticeStats, ReaderKind } from '@config/documents'
import type { Instant } from '@shared/time'
import type { Reader } from './audience'

export function readerKey(reader: Pick<Reader, 'kind' | 'id'>): string {
  return `${reader.kind}-${reader.id}`
}

export function receiptId(noticeId: string, reader: Pick<Reader, 'kind' | 'id'>): string {
  return `${noticeId}:${readerKey(reader)}`
}

export function receiptFor(noticeId: string, reader: Reader, now: Instant): NoticeRead {
  return {
    _id: receiptId(noticeId, reader),
    noticeId,
    readerKind: reader.kind,
    readerId: reader.id,
    regionPath: reader.regionPath,
    at: now,
  }
}

/**
 * Field names carry an `r` before the code: an all-digit path segment would be read as an array index
 * by some update engines, and a prefix keeps the meaning unambiguous everywhere.
 */
export function counterField(kind: ReaderKind, code: string): string {
  return `${kind}.r${code}`
}

/** The `$inc` paths for one new reader: one per region on the reader's path. */
export function counterIncrements(reader: Pick<Reader, 'kind' | 'regionPath'>): Record<string, number> {
  const inc: Record<string, number> = {}
  for (const code of reader.regionPath) inc[counterField(reader.kind, code)] = 1
  return inc
}

export function readsIn(stats: NoticeStats | undefined, kind: ReaderKind, code: string): number {
  return stats?.[kind]?.[`r${code}`] ?? 0
}

/** Unread first, then newest first; ties by id so pages never overlap. */
export function unreadFirst<T extends { id: string; read: boolean; publishedAt: Instant }>(items: T[]): T[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return [...items].sort(
    (a, b) => Number(a.read) - Number(b.read) || order(b.publishedAt, a.publishedAt) || order(a.id, b.id),
  )
}
