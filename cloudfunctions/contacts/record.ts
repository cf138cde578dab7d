/**
 * The household's record for its officials and the offices over it: the info sheet, who last saved or
 * confirmed it and when, and the risk level with its history, each change named by the official or office
 * that made it. serve() has read the household and the caller's relation to it (scope 'household').
 *
 * Round trips: serve's caller ∥ household → the risk history ∥ the last sheet entry ∥ the village ∥ the
 * audit record when sensitive categories are shown → the officials' and offices' names: 3 round trips, and
 * one more (the users) when the history holds entries written before they named who set them.
 */
import type { Household } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { HouseholdRecord } from '@shared/contracts/contacts'
import { AppError } from '@shared/errors'
import { levelOf } from '@shared/region'
import type { ActionContext } from '@fn/handler'
import { SENSITIVE_FIELDS, householdVisibility, officeRegions } from '@fn/access'
import { writeAudit } from '@fn/audit'
import { collection } from '@fn/db'
import type { Actor, Hidden } from './domain/sheet'
import { NOTHING_HIDDEN, actorOf, byWhom, riskEntry, sheetFromRoster, sheetView } from './domain/sheet'
import { scopedHousehold } from './scope'

/** how many of the risk level's changes the record shows: years of yearly reviews and the odd change */
export const RISK_HISTORY_SHOWN = 20

const HIDDEN: Hidden = {
  health: true,
  values: { schooling: SENSITIVE_FIELDS.memberValues.schooling, work: SENSITIVE_FIELDS.memberValues.work },
}

/** The caller's office over the household at its village or township: the office that set a risk level. */
export function localOffice(ctx: ActionContext<unknown>, household: Pick<Household, 'regionPath'>): string {
  const region = officeRegions(ctx.scope.grants).find(
    (r) => household.regionPath.includes(r) && ['village', 'township'].includes(levelOf(r) ?? ''),
  )
  if (!region) throw new AppError('FORBIDDEN')
  return region
}

export async function householdRecord(
  _input: { householdId: string },
  ctx: ActionContext<unknown>,
): Promise<HouseholdRecord> {
  const household = scopedHousehold(ctx)
  const relation = ctx.scope.relation
  if (!relation) throw new AppError('FORBIDDEN')
  const { sensitive } = householdVisibility(relation)
  const history = collection(ctx.db, 'householdHistory')
  const village = household.villageCode ?? household.regionPath[household.regionPath.length - 1] ?? ''
  const source = household.infoSheet ?? sheetFromRoster(household.members ?? [], ctx.lang)
  const { view, shown } = sheetView(source, sensitive ? NOTHING_HIDDEN : HIDDEN)
  // the audit record goes beside the reads: a second view within the minute takes it two requests
  const audited = shown.length
    ? writeAudit(ctx.db, {
        kind: 'view',
        actor: ctx.caller.openid,
        subject: household._id,
        fields: shown,
        action: ctx.action,
      })
    : Promise.resolve()
  // awaited after the names; marked handled now so a failure while the reads run is not reported as unhandled
  audited.catch(() => undefined)
  const [risks, sheets, region] = await Promise.all([
    history.find(
      { householdId: household._id, kind: 'risk' },
      { orderBy: [['at', 'desc']], limit: RISK_HISTORY_SHOWN },
    ),
    household.sheetVersion
      ? history.find(
          { householdId: household._id, kind: 'infoSheet' },
          { fields: ['officialId', 'at'], orderBy: [['at', 'desc']], limit: 1 },
        )
      : Promise.resolve([]),
    collection(ctx.db, 'regions').get(village, ['name']),
  ])
  const riskEntries = risks.flatMap((r) => (r.kind === 'risk' ? [r] : []))
  const lastSheet = sheets[0]

  // entries written before they named their official or office: whatever their openid is bound as
  const unnamed = [...new Set(riskEntries.filter((r) => !r.officialId && !r.office).map((r) => r.by))]
  const users = unnamed.length
    ? await collection(ctx.db, 'users').find({ _id: ctx.db.command.in(unnamed) }, { fields: ['roles'], limit: 20 })
    : []
  const grantsOf = (openid: string) => users.find((u) => u._id === openid)?.roles ?? []
  const actors = riskEntries.map((r) => actorOf(r, grantsOf(r.by), household))
  const sheetActor: Actor | undefined =
    lastSheet && 'officialId' in lastSheet && lastSheet.officialId
      ? { kind: 'official', id: lastSheet.officialId }
      : undefined
  const all = [...actors, sheetActor]
  const officialIds = [...new Set(all.flatMap((a) => (a?.kind === 'official' ? [a.id] : [])))]
  const officeIds = [...new Set(all.flatMap((a) => (a?.kind === 'office' ? [a.region] : [])))]
  const [officials, offices] = await Promise.all([
    officialIds.length
      ? collection(ctx.db, 'officials').find({ _id: ctx.db.command.in(officialIds) }, { fields: ['name'], limit: 50 })
      : Promise.resolve([]),
    officeIds.length
      ? collection(ctx.db, 'regions').find({ _id: ctx.db.command.in(officeIds) }, { fields: ['name'], limit: 50 })
      : Promise.resolve([]),
  ])
  await audited
  const names = {
    officials: new Map<string, Bilingual>(officials.map((o) => [o._id, o.name])),
    regions: new Map<string, Bilingual>(offices.map((r) => [r._id, r.name])),
  }

  return {
    village: region?.name ?? EMPTY_BILINGUAL,
    sheet: view,
    stored: household.infoSheet !== undefined,
    version: household.sheetVersion ?? 0,
    confirmedAt: household.infoSheet ? (household.sheetUpdatedAt ?? lastSheet?.at ?? null) : null,
    confirmedBy: byWhom(sheetActor, names),
    risk: {
      level: household.riskLevel ?? 'none',
      reason: household.riskReason ?? null,
      date: household.riskDate ?? null,
    },
    history: riskEntries.map((entry, i) => riskEntry(entry, byWhom(actors[i], names))),
    mayEditSheet: relation === 'paired',
    mayEditRisk: relation === 'paired' || relation === 'localOffice',
    sensitiveShown: sensitive,
  }
}
