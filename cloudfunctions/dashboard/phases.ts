/**
 * The programme's phases and their targets (issue 15 item 5): every office and department reads them; the
 * prefecture office (or an administrator) sets a phase's dates and targets, audited as an edit. How far each
 * region has come against the current phase is `progress` in progress.ts; the home's contact target comes
 * from `withContactTarget`.
 */
import type { PhaseDoc } from '@config/documents'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import type { Figures } from '@shared/contracts/dashboard'
import type { Phase, PhaseInput } from '@shared/phases'
import { contactTarget, phaseConflict, phaseOn, setsPhases } from '@shared/phases'
import type { Day, Instant } from '@shared/time'
import { addTime, chinaDay, now } from '@shared/time'
import { writeAudit } from '@fn/audit'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import { nextPeriod, periodStart } from './domain/periods'
import { phasesFrom } from './domain/phases'

/** The three phases as stored, the built-in ones where nobody saved. */
export async function readPhases(db: Db): Promise<Phase[]> {
  return phasesFrom(await collection(db, 'phases').find({}))
}

/** The phase a China day falls in (today by default), if any: what D1's home and the progress hold figures against. */
export async function currentPhase(db: Db, on: Day = chinaDay()): Promise<Phase | undefined> {
  return phaseOn(await readPhases(db), on)
}

export async function phases(_input: object, ctx: ActionContext) {
  const list = await readPhases(ctx.db)
  const today = chinaDay()
  return { phases: list, current: phaseOn(list, today)?.id ?? null, today, editable: setsPhases(ctx.scope.grants) }
}

export async function savePhase(input: PhaseInput, ctx: ActionContext) {
  if (!setsPhases(ctx.scope.grants)) throw new AppError('FORBIDDEN', 'phases.prefectureOnly')
  const others = (await readPhases(ctx.db)).filter((p) => p.id !== input.id)
  const conflict = phaseConflict(input, others)
  if (conflict)
    throw new AppError('INVALID_ARGUMENT', conflict.key, undefined, [
      { path: conflict.path, message: t(ctx.lang, conflict.key) },
    ])
  const doc: Omit<PhaseDoc, '_id'> = {
    from: input.from,
    to: input.to,
    targets: input.targets,
    updatedBy: ctx.caller.openid,
    updatedAt: now(),
  }
  await Promise.all([
    collection(ctx.db, 'phases').set(input.id, doc),
    writeAudit(ctx.db, {
      kind: 'edit',
      actor: ctx.caller.openid,
      subject: `phase:${input.id}`,
      fields: ['from', 'to', 'targets'],
      action: ctx.action,
      details: JSON.stringify({ from: input.from, to: input.to, targets: input.targets }),
    }),
  ])
  return { id: input.id, updatedAt: doc.updatedAt }
}

/**
 * A key's figures for a period with the contact target of the phase in force on the period's last day (today,
 * for the current period): what `home` holds households contacted against. Unchanged where no phase or no
 * contacts target applies.
 */
export function withContactTarget(figures: Figures, period: string, stored: readonly PhaseDoc[], at: Instant): Figures {
  const last = chinaDay(addTime(periodStart(nextPeriod(period)), -1, 'minute'))
  const today = chinaDay(at)
  const phase = phaseOn(phasesFrom(stored), last < today ? last : today)
  return phase ? { ...figures, target: contactTarget(phase.targets, figures.households, period) } : figures
}
