/**
 * The audit trail: who saw personal data or changed who may see it. Every reveal of full numbers or
 * sensitive categories, every role grant and revoke, every binding, unbinding and issued invitation writes
 * one record. Records are only ever added; administrators search them (identity.auditSearch).
 */
import type { Audit } from '@config/documents'
import type { Instant } from '@shared/time'
import { now } from '@shared/time'
import type { Db } from './db'
import { collection } from './db'

export type AuditRecord = Omit<Audit, '_id' | 'at'>

export async function writeAudit(db: Db, record: AuditRecord, at: Instant = now()): Promise<void> {
  await collection(db, 'audit').add({ ...record, at })
}
