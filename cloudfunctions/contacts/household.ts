/**
 * Writes about one household besides contacts: a member's confirmation of a visit, the info sheet and the
 * risk level, each a compare-and-set so that two people saving at once cannot both win. A saved info sheet
 * or risk level writes one audit record (`edit`): who, which household, the fields changed, never the values.
 */
import type { HouseholdHistory } from '@config/documents'
import type { InfoSheet, RiskLevel } from '@shared/contracts/contacts'
import { AppError } from '@shared/errors'
import type { Day } from '@shared/time'
import { now } from '@shared/time'
import type { ActionContext } from '@fn/handler'
import { writeAudit } from '@fn/audit'
import { collection } from '@fn/db'
import { ensureStats, incrementStats } from './data'
import { NOW, RISK_COUNTER, regionStatsId } from './domain/rollup'
import { localOffice } from './record'
import { pairedOfficial, scopedHousehold } from './scope'

/** The sheet's top-level fields whose value the new sheet changes (`infoSheet.<field>`). */
export function sheetFieldsChanged(before: InfoSheet | undefined, after: InfoSheet): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)])
  const value = (sheet: InfoSheet | undefined, key: string) =>
    JSON.stringify((sheet as Record<string, unknown> | undefined)?.[key] ?? null)
  return [...keys]
    .filter((key) => value(before, key) !== value(after, key))
    .sort()
    .map((key) => `infoSheet.${key}`)
}

/** A new history entry of one kind (the database gives it its `_id`). */
type Entry<K extends HouseholdHistory['kind']> = Omit<Extract<HouseholdHistory, { kind: K }>, '_id'>

export async function confirmVisit(
  input: { householdId: string; contactId: string },
  ctx: ActionContext<unknown>,
): Promise<{ id: string; confirmedAt: string }> {
  const grants = ctx.caller.roles.flatMap((g) => (g.role === 'household' ? [g.householdId] : []))
  const contacts = collection(ctx.db, 'contacts')
  const contact = await contacts.get(input.contactId, ['householdId', 'channel', 'statsIds', 'confirmedAt'])
  if (!contact || contact.householdId !== input.householdId || !grants.includes(contact.householdId)) {
    throw new AppError('NOT_FOUND')
  }
  if (contact.channel !== 'visit') throw new AppError('INVALID_ARGUMENT', 'contacts.notVisit')
  if (contact.confirmedAt) return { id: contact._id, confirmedAt: contact.confirmedAt }
  const confirmedAt = now()
  // Compare-and-set: of two taps (or two members) only the one that flips null moves the counter.
  const updated = await contacts.updateWhere(
    { _id: contact._id, confirmedAt: null },
    { confirmedAt, confirmedBy: ctx.caller.openid },
  )
  if (updated === 1) {
    await ensureStats(ctx.db, contact.statsIds)
    await incrementStats(ctx.db, contact.statsIds, { visitsConfirmed: 1 })
    return { id: contact._id, confirmedAt }
  }
  const after = await contacts.get(contact._id, ['confirmedAt'])
  return { id: contact._id, confirmedAt: after?.confirmedAt ?? confirmedAt }
}

export async function updateInfoSheet(
  input: { householdId: string; sheet: InfoSheet },
  ctx: ActionContext<unknown>,
): Promise<{ version: number }> {
  const household = scopedHousehold(ctx)
  const officialId = pairedOfficial(ctx, household)
  const version = (household.sheetVersion ?? 0) + 1
  const at = now()
  // The version is the compare-and-set: two officials saving at once cannot both win the same version.
  const updated = await collection(ctx.db, 'households').updateWhere(
    { _id: household._id, sheetVersion: household.sheetVersion ?? ctx.db.command.exists(false) },
    { infoSheet: input.sheet, sheetVersion: version, sheetUpdatedAt: at },
  )
  if (updated !== 1) throw new AppError('CONFLICT')
  const entry: Entry<'infoSheet'> = {
    householdId: household._id,
    kind: 'infoSheet',
    version,
    by: ctx.caller.openid,
    officialId,
    at,
    value: input.sheet,
  }
  await Promise.all([
    collection(ctx.db, 'householdHistory').add(entry),
    writeAudit(ctx.db, {
      kind: 'edit',
      actor: ctx.caller.openid,
      subject: household._id,
      fields: sheetFieldsChanged(household.infoSheet, input.sheet),
      action: ctx.action,
      details: `version:${version}`,
    }),
  ])
  return { version }
}

export async function setRiskLevel(
  input: { householdId: string; level: RiskLevel; reason: string; date: Day },
  ctx: ActionContext<unknown>,
): Promise<{ riskLevel: RiskLevel; changed: boolean }> {
  const household = scopedHousehold(ctx)
  const relation = ctx.scope.relation
  // the household's officials, or an office at its village (local offices: village or township)
  if (relation !== 'paired' && relation !== 'localOffice') throw new AppError('FORBIDDEN')
  const households = collection(ctx.db, 'households')
  const before = household.riskLevel ?? 'none'
  let changed = false
  if (before !== input.level) {
    const updated = await households.updateWhere(
      { _id: household._id, riskLevel: before === 'none' ? ctx.db.command.in(['none', null]) : before },
      { riskLevel: input.level, riskReason: input.reason, riskDate: input.date },
    )
    if (updated !== 1) throw new AppError('CONFLICT')
    changed = true
    const ids = household.regionPath.map((r) => regionStatsId(r, NOW))
    await ensureStats(ctx.db, ids)
    await incrementStats(ctx.db, ids, { [RISK_COUNTER[input.level]]: 1, [RISK_COUNTER[before]]: -1 })
  } else {
    await households.update(household._id, { riskReason: input.reason, riskDate: input.date })
  }
  const entry: Entry<'risk'> = {
    householdId: household._id,
    kind: 'risk',
    by: ctx.caller.openid,
    // the history names who set it without looking the openid up again
    ...(relation === 'paired'
      ? { officialId: pairedOfficial(ctx, household) }
      : { office: localOffice(ctx, household) }),
    at: now(),
    before,
    after: input.level,
    reason: input.reason,
    date: input.date,
  }
  const fields = [
    ...(changed ? ['riskLevel'] : []),
    ...(household.riskReason !== input.reason ? ['riskReason'] : []),
    ...(household.riskDate !== input.date ? ['riskDate'] : []),
  ]
  await Promise.all([
    collection(ctx.db, 'householdHistory').add(entry),
    writeAudit(ctx.db, { kind: 'edit', actor: ctx.caller.openid, subject: household._id, fields, action: ctx.action }),
  ])
  return { riskLevel: input.level, changed }
}
