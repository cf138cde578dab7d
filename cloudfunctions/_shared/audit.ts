/**
 * The audit trail (DESIGN §4 `audit`): who saw personal data or changed who may see it. Every reveal of
 * full numbers or sensitive categories, every role grant and revoke, every binding, unbinding and issued
 * invitation writes one record. Records are only ever added; administrators search them (identity.auditSearch).
 */
import type { DbLike } from './access'

export type AuditKind = 'view' | 'grant' | 'revoke' | 'bind' | 'unbind' | 'invite'

export interface AuditRecord {
  kind: AuditKind
  /** the caller's openid */
  actor: string
  /** whose data: a household or official id, or the openid whose roles changed */
  subject: string
  /** which fields were shown, e.g. `head.idNumber`, `members.health` */
  fields: string[]
  /** `<function>.<action>` that did it */
  action: string
  /** the grant or binding concerned, e.g. `office:513301000000` */
  details?: string
}

export interface AuditDoc extends AuditRecord {
  _id: string
  at: Date
}

interface Addable {
  add(options: { data: Record<string, unknown> }): Promise<unknown>
}

export async function writeAudit(db: DbLike, record: AuditRecord, at: Date = new Date()): Promise<void> {
  await (db.collection('audit') as Addable).add({ data: { ...record, at } })
}

/** A calendar day in China (UTC+8), as the instant it starts. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}

export function nextDayStart(day: string): Date {
  return new Date(dayStart(day).getTime() + 24 * 3600 * 1000)
}
