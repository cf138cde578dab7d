/**
 * `progress`: how far a region and each region one level down have come against the current phase's
 * targets, this quarter so far (China time). The figures are the dashboard's own (`home`, `drill`, read
 * from counters), and the contacts of the quarter are contacts' `stats` counters of the same keys, read by
 * `_id` in one request: nothing is counted from raw records here.
 */
import type { Stats } from '@config/documents'
import type { DashboardKey, Figures } from '@shared/contracts/dashboard'
import type { Phase } from '@shared/phases'
import { measuresOf, phaseOn, progressOf } from '@shared/phases'
import { chinaDay, chinaQuarter, now } from '@shared/time'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import { statsId } from './keys'
import { readPhases } from './phases'
import { drill, home } from './views'

const asView = (ctx: ActionContext): ActionContext<undefined> => ({ ...ctx, prefetched: undefined })

function progressRow(key: DashboardKey, figures: Figures, contacts: number | null, phase: Phase | undefined) {
  const measures = measuresOf({
    households: figures.households,
    pairedHouseholds: figures.pairedHouseholds,
    contacts,
    visits: figures.visits,
    visitsConfirmed: figures.visitsConfirmed,
    needsSolved: figures.needsSolved,
    needsSolvedOnTime: figures.needsSolvedOnTime,
  })
  const targets = phase?.targets ?? {
    coverage: null,
    contactsPerQuarter: null,
    visitsConfirmed: null,
    solvedOnTime: null,
  }
  return { axis: key.axis, key: key.key, name: key.name, level: key.level, progress: progressOf(targets, measures) }
}

export async function progress(input: { region?: string }, ctx: ActionContext) {
  const at = now()
  const period = chinaQuarter(at)
  const [phases, own, below] = await Promise.all([
    readPhases(ctx.db),
    home({ region: input.region, period }, asView(ctx)),
    input.region !== undefined || ctx.scope.grants.some((g) => g.role === 'office')
      ? drill({ region: input.region, period, axis: 'region' }, asView(ctx))
      : undefined,
  ])
  const phase = phaseOn(phases, chinaDay(at))
  const keys = [own, ...(below?.rows ?? [])]
  const stats = (await collection(ctx.db, 'stats').find(
    { _id: ctx.db.command.in(keys.map((k) => statsId(k.axis, k.key, period))) },
    { fields: ['contacts'], limit: keys.length },
  )) as Pick<Stats, '_id' | 'contacts'>[]
  const contacts = new Map(stats.map((s) => [s._id, s.contacts]))
  const contactsOf = (k: DashboardKey) => contacts.get(statsId(k.axis, k.key, period)) ?? 0
  return {
    phase: phase ?? null,
    period,
    own: progressRow(own, own.current, contactsOf(own), phase),
    rows: (below?.rows ?? []).map((r) => progressRow(r, r.current, contactsOf(r), phase)),
  }
}
