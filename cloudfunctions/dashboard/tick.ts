/**
 * What the dashboard's one timer trigger does besides the nightly count (the platform allows one trigger a
 * function): the reports of the month and the quarter that last ended, while the run's time lasts, and the
 * exports past their hour deleted from storage. The count runs first: a report reads the counters it repairs.
 */
import type { TimerContext } from '@fn/handler'
import { expireExports } from './exports'
import { makeReports } from './reports'

/** the function's timeout is 60 s: reports stop being started this long into the run */
const RUN_BUDGET_MS = 45_000

export function withReports<T>(count: (ctx: TimerContext) => Promise<T>) {
  return async (ctx: TimerContext) => {
    const started = Date.now()
    const counted = await count(ctx)
    const expired = await expireExports(ctx)
    const reports = await makeReports(ctx, RUN_BUDGET_MS - (Date.now() - started))
    return { counted, expired, reports }
  }
}
