/**
 * The timer `escalate`: open requests whose next check has come, a page at a time. For each, the clocks
 * (derived from the events and the calendar, never stored) say which level watches it now; the run stores
 * the work offices it escalated to in `watchers` (the inboxes' index hint) and the next moment its status
 * changes by time alone in `nextCheckAt`. A run after missed runs reaches every level the request passed
 * through in one step.
 *
 * Each request is claimed by a conditional update on the `nextCheckAt` the run read, so runs firing at the
 * same time write each request once. `told` is left to the sender of the warning and escalation messages:
 * it records messages sent, and `clocks.alerts` owes every one not yet told, however late.
 */
import type { Request, UnitRef } from '@config/documents'
import type { Db, TimerContext } from '@fn/handler'
import { collection } from '@fn/db'
import type { WorkingCalendar } from './domain/calendar'
import { status } from './domain/clocks'
import { levelAbove, officeAt, unitKey } from './domain/units'
import { prefetchCalendar } from './menu'

/** requests looked at per page, and pages per run (a later run goes on where the clock says) */
export const ESCALATE_PAGE = 200
export const ESCALATE_PAGES = 10

type Checked = Pick<Request, '_id' | 'state' | 'events' | 'regionPath' | 'nextCheckAt' | 'watchers'>

/** The work offices above the first unit that the request has escalated to, lowest first. */
export function watchersOf(request: Checked, at: string, calendar: WorkingCalendar): string[] {
  const clocks = status(request, at, calendar)
  if (!clocks) return []
  const place = request.regionPath[request.regionPath.length - 1] ?? ''
  const offices: UnitRef[] = []
  for (let n = 1; n <= clocks.escalations; n++) {
    const office = officeAt(levelAbove(clocks.baseLevel, n), place)
    if (office) offices.push(office)
  }
  return offices.map(unitKey)
}

async function check(db: Db, request: Checked, at: string, calendar: WorkingCalendar): Promise<boolean> {
  const clocks = status(request, at, calendar)
  const watchers = [...new Set([...(request.watchers ?? []), ...watchersOf(request, at, calendar)])]
  const changed = await collection(db, 'requests').updateWhere(
    { _id: request._id, nextCheckAt: request.nextCheckAt },
    { nextCheckAt: clocks?.nextCheckAt ?? null, watchers: db.command.set(watchers) },
  )
  return changed === 1
}

export async function escalate(ctx: TimerContext): Promise<{ checked: number; escalated: number }> {
  const { db } = ctx
  const calendar = await prefetchCalendar(db)
  const requests = collection(db, 'requests')
  let checked = 0
  let escalated = 0
  for (let page = 0; page < ESCALATE_PAGES; page++) {
    const due = await requests.find(
      { open: true, nextCheckAt: db.command.lte(ctx.time) },
      {
        fields: ['state', 'events', 'regionPath', 'nextCheckAt', 'watchers'],
        orderBy: [['nextCheckAt', 'asc']],
        limit: ESCALATE_PAGE,
      },
    )
    if (due.length === 0) break
    const results = await Promise.all(
      due.map(async (request) => {
        const before = request.watchers?.length ?? 0
        const won = await check(db, request, ctx.time, calendar)
        return { won, more: won && watchersOf(request, ctx.time, calendar).length > before }
      }),
    )
    checked += results.filter((r) => r.won).length
    escalated += results.filter((r) => r.more).length
    // a page none of which moved (another run holds them) ends this run
    if (results.every((r) => !r.won) || due.length < ESCALATE_PAGE) break
  }
  return { checked, escalated }
}
