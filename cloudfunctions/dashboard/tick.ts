/**
 * The dashboard's one timer trigger (the platform allows one a function), every 10 minutes:
 * - the day's count, once per China day: the first tick of the day claims `count:<day>`, so two runs at once
 *   count once and a missed tick is caught up by the next; a claim whose run died is taken over;
 * - the exports past their hour deleted from storage;
 * - the reports of the month and the quarter that last ended, while the run's time lasts, picking up where the
 *   last run stopped (reports.ts keeps the cursor). At full scale a period's reports take many runs; at one run
 *   a day they would take weeks, at one every 10 minutes they are done within the period's first hours.
 * The count runs first: a report reads the counters it repairs.
 */
import type { DashboardCountRun } from '@config/documents'
import type { Instant } from '@shared/time'
import { chinaDay, now } from '@shared/time'
import { collection } from '@fn/db'
import type { TimerContext } from '@fn/handler'
import { expireExports } from './exports'
import { makeReports } from './reports'

/** the function's timeout is 60 s: reports stop being started this long into the run */
const RUN_BUDGET_MS = 45_000
/** a claimed count not finished after this long is a run that died: the next tick counts again */
const STALE_CLAIM_MS = 5 * 60_000

/** Whether this run counts: the day's first, or the one after a run that died while counting. */
async function claimCount(ctx: Pick<TimerContext, 'db' | 'time'>): Promise<string | null> {
  const files = collection(ctx.db, 'dashboardFiles')
  const day = chinaDay(ctx.time)
  const id = `count:${day}`
  const claim: DashboardCountRun = { _id: id, kind: 'count', day, done: false, updatedAt: now() }
  if (await files.addOnce(claim)) return id
  const stored = await files.get(id)
  if (!stored || stored.kind !== 'count' || stored.done) return null
  if (Date.now() - Date.parse(stored.updatedAt) < STALE_CLAIM_MS) return null
  // taken over only by the run that moves the claim's time it read
  const taken = await files.updateWhere({ _id: id, updatedAt: stored.updatedAt } as object, { updatedAt: now() })
  return taken === 1 ? id : null
}

export function onTick<T>(count: (ctx: TimerContext) => Promise<T>) {
  return async (ctx: TimerContext) => {
    const started = Date.now()
    const claim = await claimCount(ctx)
    let counted: T | null = null
    if (claim) {
      counted = await count(ctx)
      await collection(ctx.db, 'dashboardFiles').update(claim, { done: true, updatedAt: now() as Instant })
    }
    const expired = await expireExports(ctx)
    const reports = await makeReports(ctx, RUN_BUDGET_MS - (Date.now() - started))
    return { counted, expired, reports }
  }
}
