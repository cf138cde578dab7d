/**
 * The audit trail: who saw personal data or changed who may see it, and who was refused. Every reveal of
 * full numbers or sensitive categories, every role grant and revoke, every binding, unbinding, replacement
 * and issued invitation, every refusal `refusalAudited` names and every lockout writes one record. Records
 * are only ever added; administrators search them (identity.auditSearch).
 *
 * Flooding: one actor keeps at most AUDIT_PER_MINUTE records a minute. The allowance is a counter
 * document per actor and minute, taken with a conditional `inc` (never read-then-set), so concurrent calls
 * cannot overshoot it; beyond it a single `suppressed` record for that actor and minute counts what was
 * left out. The record is written beside the allowance (one round trip, as before there was one) and
 * taken back when the allowance was spent: only records over the allowance are ever removed. Counters
 * older than a day are pruned by identity's timer.
 */
import type { Audit } from '@config/documents'
import type { Instant } from '@shared/time'
import { now } from '@shared/time'
import type { Db } from './db'
import { collection } from './db'

export type AuditRecord = Omit<Audit, '_id' | 'at' | 'count'>

/**
 * Refusal reasons that signal abuse whatever the action: redeeming one's own code, a locked or used code,
 * a code (or a request for one) for a record bound to another phone, a file that is not the caller's to
 * attach, a reviewer arranged by the author.
 */
export const ABUSE_REASONS: readonly string[] = [
  'invite.ownCode',
  'invite.locked',
  'invite.used',
  'invite.targetBound',
  'storage.foreignFile',
  'notice.appointedByAuthor',
]

/**
 * Which refusals leave a `refusal` record (serve writes it, for a caller with an openid):
 * - every RATE_LIMITED answer (the lockout itself is its own `lockout` record);
 * - every refusal whose reason is in ABUSE_REASONS;
 * - FORBIDDEN and UNAUTHENTICATED on a guarded action (access.ts `guardedAction`: open to an office,
 *   department, reviewer or administrator, or touching personal numbers) — an unbound openid trying an
 *   office action is a stranger probing.
 * Other refusals (a malformed input, a notice already submitted, a code typed wrong) are ordinary mistakes;
 * wrong codes are counted by identity's guard and audited when they lock.
 */
export function refusalAudited(guarded: boolean, error: { code: string; reason?: string }): boolean {
  if (error.code === 'RATE_LIMITED') return true
  if (error.reason !== undefined && ABUSE_REASONS.includes(error.reason)) return true
  return guarded && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED')
}

export const AUDIT_PER_MINUTE = 30

/** The counter of `actor`'s records in the minute of `at`. */
export function auditCounterId(actor: string, at: Instant): string {
  return `${actor}|${at.slice(0, 16)}`
}

/** Takes one record from the actor's allowance for the minute; false when it is spent. */
async function allowance(db: Db, actor: string, at: Instant): Promise<boolean> {
  const counters = collection(db, 'auditCounters')
  const id = auditCounterId(actor, at)
  if (await counters.addOnce({ _id: id, actor, count: 1, at })) return true
  const _ = db.command
  return (await counters.updateWhere({ _id: id, count: _.lt(AUDIT_PER_MINUTE) }, { count: _.inc(1) })) === 1
}

export async function writeAudit(db: Db, record: AuditRecord, at: Instant = now()): Promise<void> {
  const audit = collection(db, 'audit')
  const [allowed, id] = await Promise.all([allowance(db, record.actor, at), audit.add({ ...record, at })])
  if (allowed) return
  const summary = `suppressed|${auditCounterId(record.actor, at)}`
  const [, first] = await Promise.all([
    audit.remove(id),
    audit.addOnce({
      _id: summary,
      kind: 'suppressed',
      actor: record.actor,
      subject: record.subject,
      fields: [],
      action: record.action,
      details: record.kind,
      count: 1,
      at,
    }),
  ])
  if (!first) await audit.update(summary, { count: db.command.inc(1) })
}
