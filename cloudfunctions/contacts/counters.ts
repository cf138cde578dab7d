/**
 * The counters as offices read them (rollup), rebuilt from the raw records (the recount), and the daily
 * timer's gauges.
 */
import type { Counters } from '@shared/contracts/contacts'
import { AppError } from '@shared/errors'
import type { Instant } from '@shared/time'
import { chinaMonth, chinaQuarter, now } from '@shared/time'
import type { ActionContext, Db, TimerContext } from '@fn/handler'
import { reachesRegion } from '@fn/access'
import { collection } from '@fn/db'
import { ensureStats } from './data'
import { isFieldName } from './domain/counting'
import {
  EVENT_COUNTERS,
  GAUGES,
  NOW,
  Recount,
  comingStatsIds,
  compareCounters,
  departmentStatsId,
  emptyCounters,
  regionStatsId,
} from './domain/rollup'
import { periodTable } from './settings'

export async function rollup(
  input: { axis: 'region' | 'department'; key: string; period: string },
  ctx: ActionContext<unknown>,
): Promise<{ axis: string; key: string; period: string; counters: Counters }> {
  const grants = ctx.scope.grants
  const admin = grants.some((g) => g.role === 'admin')
  if (input.axis === 'region') {
    if (!reachesRegion(grants, input.key)) throw new AppError('FORBIDDEN')
  } else if (!admin && !grants.some((g) => g.role === 'department' && g.departmentId === input.key)) {
    throw new AppError('FORBIDDEN')
  }
  const id = statsIdOf(input.axis, input.key, input.period)
  const today = now()
  // the current month and quarter read their gauges live; past periods keep the timer's last snapshot
  const live = input.period === chinaMonth(today) || input.period === chinaQuarter(today)
  const ids = live ? [id, statsIdOf(input.axis, input.key, NOW)] : [id]
  const found = await collection(ctx.db, 'stats').find({ _id: ctx.db.command.in(ids) }, { limit: 2 })
  const counters = emptyCounters()
  const period = found.find((d) => d._id === id)
  const gauges = found.find((d) => d._id !== id)
  for (const name of EVENT_COUNTERS) counters[name] = period?.[name] ?? 0
  for (const name of GAUGES) counters[name] = (gauges ?? period)?.[name] ?? 0
  return { ...input, counters }
}

const statsIdOf = (axis: 'region' | 'department', key: string, period: string): string =>
  axis === 'region' ? regionStatsId(key, period) : departmentStatsId(key, period)

/** the fields of a household the gauges are counted from */
const GAUGE_FIELDS = [
  'regionPath',
  'riskLevel',
  'lastContactAt',
  'officialIds',
  'officialDepartments',
  'departmentContactAt',
] as const

/** A department's `now` document holds the overdue gauge alone (see domain/rollup.ts). */
const DEPARTMENT_GAUGES = ['overdueHouseholds'] as const

/**
 * Rebuilds every counter from contacts and households, compares, and (by default) writes the rebuilt
 * values and markers back. Reads whole collections page by page: an administrator's repair tool.
 */
export async function recountAll(
  db: Db,
  fix: boolean,
  at: Instant = now(),
): Promise<{ checked: number; differences: ReturnType<typeof compareCounters> }> {
  const recount = new Recount(at, periodTable)
  const contacts = await collection(db, 'contacts').findAll({}, [
    'householdId',
    'regionPath',
    'departmentId',
    'at',
    'channel',
    'confirmedAt',
  ])
  for (const c of contacts) recount.addContact(c)
  const households = await collection(db, 'households').findAll({}, GAUGE_FIELDS)
  for (const h of households) recount.addHousehold({ ...h, regionPath: h.regionPath ?? [] })
  const stats = collection(db, 'stats')
  const stored = new Map<string, Partial<Counters>>()
  for (const doc of await stats.findAll({ axis: db.command.in(['region', 'department']) })) stored.set(doc._id, doc)
  const differences = compareCounters(stored, recount.expected)
  if (fix) {
    // overdue households are refreshed as well, though never reported (see RISK_GAUGES); a stored gauge the
    // raw records no longer give (a department's pairings all ended) goes back to zero
    const ids = [
      ...new Set([
        ...differences.map((d) => d.id),
        ...[...recount.expected.keys(), ...stored.keys()].filter((id) => id.endsWith(`:${NOW}`)),
      ]),
    ]
    await ensureStats(db, ids)
    for (const id of ids) await stats.update(id, recount.expected.get(id) ?? emptyCounters())
    const marks = collection(db, 'contactMarks')
    const markers = [...recount.markers()]
    for (let i = 0; i < markers.length; i += 20) {
      await Promise.all(markers.slice(i, i + 20).map((m) => marks.addOnce({ _id: m, contactId: '' })))
    }
  }
  return { checked: stored.size, differences }
}

/**
 * The daily timer: gauges of the present into `now`, and copied into the current month and quarter (a
 * department's overdue gauge likewise); and the stats documents of the coming days' periods, for every
 * region with households and every department.
 */
export async function snapshotGauges(db: Db, at: Instant = now()): Promise<{ updated: number; created: number }> {
  const recount = new Recount(at, periodTable)
  const [households, departments] = await Promise.all([
    collection(db, 'households').findAll({}, GAUGE_FIELDS),
    collection(db, 'departments').findAll({}, ['_id']),
  ])
  for (const h of households) recount.addHousehold({ ...h, regionPath: h.regionPath ?? [] })
  const known = departments.map((d) => d._id).filter(isFieldName)
  for (const department of known) recount.addDepartment(department)
  const regions = new Set(households.flatMap((h) => h.regionPath ?? []))
  const coming = comingStatsIds(regions, known, at)
  let created = 0
  for (let i = 0; i < coming.length; i += 1000) created += await ensureStats(db, coming.slice(i, i + 1000))
  let updated = 0
  const stats = collection(db, 'stats')
  const entries = [...recount.expected]
  for (let i = 0; i < entries.length; i += 20) {
    const batch = entries.slice(i, i + 20)
    await Promise.all(
      batch.map(async ([id, c]) => {
        const axis = id.startsWith('d:') ? 'department' : 'region'
        const key = id.slice(2, -`:${NOW}`.length)
        const value = Object.fromEntries((axis === 'region' ? GAUGES : DEPARTMENT_GAUGES).map((g) => [g, c[g]]))
        const targets = [id, statsIdOf(axis, key, chinaMonth(at)), statsIdOf(axis, key, chinaQuarter(at))]
        await ensureStats(db, targets)
        await stats.updateWhere({ _id: db.command.in(targets) }, value)
        updated += targets.length
      }),
    )
  }
  return { updated, created }
}

/** The `dailyGauges` trigger (config/cloud.ts), as of the moment the platform fired it. */
export function dailyGauges(ctx: TimerContext): Promise<{ updated: number; created: number }> {
  return snapshotGauges(ctx.db, ctx.time)
}
