/**
 * The `dashboard` function: an office's or a department's figures at a glance (`home`) and one level down
 * (`drill`), read from counters (views.ts); the households behind a figure (`list`, list.ts) and the gentle
 * reminder to their officials (`remind`, `cares`, `putAside`, remind.ts).
 *
 * Database round trips, the caller's lookup included:
 * - home naming its region or department: 1 (every counter by `_id`, sent beside the caller's lookup);
 *   without one, the caller's own: 2.
 * - drill by region naming its region: 1 (the children and their counters by an `_id` pattern); by
 *   department: 2 (the region's departments, then their counters).
 */
import { dashboard } from '@shared/contracts/dashboard'
import { serve } from '@fn/handler'
import { list } from './list'
import { cares, putAside, remind } from './remind'
import { nightlyCount, recount } from './count'
import { phases, savePhase } from './phases'
import { exportTable } from './exports'
import { progress } from './progress'
import { openReport, reports } from './reports'
import { onTick } from './tick'
import { prefetchTrend, trend } from './trend'
import { drill, home, prefetch } from './views'

/** differences a recount's answer names (the number of all is beside them) */
const SHOWN_DIFFERENCES = 100

export const main = serve(
  dashboard,
  {
    home,
    drill,
    list,
    remind,
    cares,
    putAside,
    phases,
    savePhase,
    progress,
    reports,
    openReport,
    exportTable,
    trend,
    recount: async (input, ctx) => {
      const { checked, differences } = await recount(ctx.db, input.fix)
      // a first count differs in every figure (tens of thousands at full scale): the answer names the first
      // ones and how many there are, within a call's 100 KB
      return { checked, differing: differences.length, differences: differences.slice(0, SHOWN_DIFFERENCES) }
    },
  },
  { prefetch: { ...prefetch, trend: prefetchTrend }, timers: { tick: onTick(nightlyCount) } },
)
