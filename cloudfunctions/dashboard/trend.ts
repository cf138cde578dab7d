/**
 * `trend`: a key's figures for each of its last China months (12 by default), oldest first, the current month
 * last — the same figures `home` shows, put together by the same rules (views.ts) from the same counters, so a
 * month on the chart is the month on the home. Every month's counters are read by `_id` in one query per
 * collection (`r:<region>:<month>` … and the present's `…:now`), sent together: with the key named in the
 * input, beside the caller's lookup (one round trip); without it, once the caller's own key is known (two).
 *
 * A past month's gauges (overdue, at risk, households) are the snapshot its last day left; a month the
 * counters never reached has no document, and its gauges and shares are null, never 0.
 */
import type { Department } from '@config/documents'
import type { Axis } from '@shared/contracts/dashboard'
import { TREND_MONTHS } from '@shared/contracts/dashboard'
import { normaliseRegion } from '@shared/region'
import { chinaMonth, now } from '@shared/time'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext } from '@fn/handler'
import { previousPeriod } from './domain/periods'
import type { Named, Whose } from './views'
import { checkDepartment, figuresFrom, keyOf, readCounters, whoseKey } from './views'

interface TrendInput extends Omit<Whose, 'period'> {
  months?: number
}

/** The `count` China months up to and including `last`, oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  const months = [last]
  while (months.length < count) months.unshift(previousPeriod(months[0] as string))
  return months
}

function monthsOf(input: TrendInput, at = now()): string[] {
  return monthsUpTo(chinaMonth(at), input.months ?? TREND_MONTHS)
}

/** The key's name and its months' counters, with the months they were read for (a month may turn between
 * the prefetch and the handler: the figures follow what was read). */
function readTrend(input: TrendInput, db: Db) {
  const months = monthsOf(input)
  if (input.region !== undefined) {
    const code = normaliseRegion(input.region)
    return Promise.all([
      collection(db, 'regions').get(code, ['name', 'level']),
      readCounters(db, 'region', { ids: [code] }, months),
      months,
    ])
  }
  if (input.departmentId !== undefined)
    return Promise.all([
      collection(db, 'departments').get(input.departmentId, ['name', 'regionPath']),
      readCounters(db, 'department', { ids: [input.departmentId] }, months),
      months,
    ])
  return undefined
}

export const prefetchTrend = readTrend

type TrendRead = NonNullable<ReturnType<typeof readTrend>>

export async function trend(input: TrendInput, ctx: ActionContext<unknown>) {
  const whose = whoseKey(input, ctx)
  const named = input.region !== undefined || input.departmentId !== undefined
  const read = (named && (ctx.prefetched as ReturnType<typeof readTrend>)) || readTrend({ ...input, ...whose }, ctx.db)
  const [doc, counted, months] = await (read as TrendRead)
  const axis: Axis = whose.region !== undefined ? 'region' : 'department'
  const key = whose.region !== undefined ? normaliseRegion(whose.region) : (whose.departmentId as string)
  if (axis === 'department') checkDepartment(ctx, doc as Pick<Department, '_id' | 'regionPath'> | undefined)
  return {
    ...keyOf(axis, key, doc as Named),
    months: months.map((period, i) => ({
      period,
      figures: figuresFrom(axis, key, period, i === months.length - 1, counted),
    })),
  }
}
