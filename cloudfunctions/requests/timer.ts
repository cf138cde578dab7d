/**
 * The timer `escalate`: open requests whose next check has come, a page at a time. For each, the clocks
 * (derived from the events and the calendar, never stored) say which level watches it now; the run stores
 * the work offices it escalated to in `watchers` (the inboxes' index hint) and the next moment its status
 * changes by time alone in `nextCheckAt`. A run after missed runs reaches every level the request passed
 * through in one step.
 *
 * Each request is claimed by a conditional update on the `nextCheckAt` the run read, so runs firing at the
 * same time write each request once. The same update claims the subscription messages owed (assignment,
 * warning, escalation, resolution: domain/messages.ts) by writing what `told` holds after them; they are
 * sent once the claim is won (messages.ts), so two runs never send one twice, a run that missed others
 * sends each owed message once however late, and a run that dies after its claim leaves a message unsent
 * rather than sent twice. An assignment or resolution sets `nextCheckAt` to its own time (work.ts,
 * report.ts), so its message goes with the next run.
 *
 * A resolution waits `ANSWER_DAYS` working days for the household's answer (`nextCheckAt` is the window's
 * end). A run that finds the window over writes the `unanswered` step dated at the window's end, in the same
 * conditional update (also on the events the run read, so an answer arriving meanwhile wins), and moves its
 * rate counters once it has won: a late run writes the same step as a punctual one.
 */
import type { Request, UnitRef } from '@config/documents'
import type { Db, TimerContext } from '@fn/handler'
import { collection } from '@fn/db'
import type { WorkingCalendar } from './domain/calendar'
import { answerDue, status } from './domain/clocks'
import { apply, lapseOf } from './domain/lifecycle'
import { increments } from './domain/rates'
import { addRates } from './counting'
import type { Message } from './domain/messages'
import { owed, toldAfterClaim } from './domain/messages'
import { levelAbove, officeAt, unitKey } from './domain/units'
import { prefetchCalendar } from './menu'
import type { Claimed } from './messages'
import { sendClaimed } from './messages'

/** requests looked at per page, and pages per run (a later run goes on where the clock says) */
export const ESCALATE_PAGE = 200
export const ESCALATE_PAGES = 10
/** a run starts no page after this long, well inside the function's 20 s timeout: what a page claims it
 * sends, and a claim whose messages were cut off by the timeout would never be sent */
export const ESCALATE_BUDGET_MS = 12_000

type Checked = Pick<
  Request,
  | '_id'
  | 'state'
  | 'events'
  | 'regionPath'
  | 'nextCheckAt'
  | 'watchers'
  | 'told'
  | 'unit'
  | 'dispatcher'
  | 'householdId'
  | 'category'
  | 'lang'
  | 'open'
  | 'firstUnit'
  | 'deadlineDays'
  | 'mergedInto'
>

const CHECKED_FIELDS = [
  'state',
  'events',
  'regionPath',
  'nextCheckAt',
  'watchers',
  'told',
  'unit',
  'dispatcher',
  'householdId',
  'category',
  'lang',
  'open',
  'firstUnit',
  'deadlineDays',
  'mergedInto',
] as const

/** The work offices above the first unit that the request has escalated to, lowest first. */
export function watchersOf(
  request: Pick<Checked, 'state' | 'events' | 'regionPath'>,
  at: string,
  calendar: WorkingCalendar,
): string[] {
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

/** Claims the request: its next check, watchers and the messages owed, and the lapse of an unanswered
 * resolution; answers the messages it won, or false. */
async function check(db: Db, request: Checked, at: string, calendar: WorkingCalendar): Promise<Message[] | false> {
  const clocks = status(request, at, calendar)
  const watchers = [...new Set([...(request.watchers ?? []), ...watchersOf(request, at, calendar)])]
  const told = request.told ?? { warned: false, escalations: 0 }
  const messages = owed(request, clocks, told)
  const claim = {
    watchers: db.command.set(watchers),
    told: db.command.set(toldAfterClaim(request, clocks, told)),
  }
  const lapse = lapseOf(request, at, calendar)
  const lapsed = lapse ? apply(request, lapse, calendar) : null
  if (lapse && lapsed?.ok) {
    const after = lapsed.request
    const changed = await collection(db, 'requests').updateWhere(
      {
        _id: request._id,
        nextCheckAt: request.nextCheckAt,
        [`events.${request.events.length}`]: db.command.exists(false),
      },
      {
        ...claim,
        open: after.open,
        events: db.command.set(after.events),
        updatedAt: lapse.at,
        nextCheckAt: null,
      },
    )
    if (changed !== 1) return false
    // the period counters move in the period of the window's end, where the recount puts the step too
    await addRates(db, request.regionPath, increments(request, lapse, after, calendar), 1, lapse.at)
    return messages
  }
  const changed = await collection(db, 'requests').updateWhere(
    { _id: request._id, nextCheckAt: request.nextCheckAt },
    // a resolution is looked at again when its answer window ends; one whose lapse the rules refuse is not
    // looked at again by time alone (every page of this run would find it)
    { ...claim, nextCheckAt: clocks?.nextCheckAt ?? (lapse ? null : answerDue(request, calendar)) },
  )
  return changed === 1 ? messages : false
}

export async function escalate(
  ctx: TimerContext,
): Promise<{ checked: number; escalated: number; sent: number; refused: number; failed: number }> {
  const { db } = ctx
  const calendar = await prefetchCalendar(db)
  const requests = collection(db, 'requests')
  let checked = 0
  let escalated = 0
  const outcomes = { sent: 0, refused: 0, failed: 0 }
  const begun = Date.now()
  for (let page = 0; page < ESCALATE_PAGES && Date.now() - begun < ESCALATE_BUDGET_MS; page++) {
    const due = await requests.find(
      { open: true, nextCheckAt: db.command.lte(ctx.time) },
      {
        fields: CHECKED_FIELDS,
        orderBy: [['nextCheckAt', 'asc']],
        limit: ESCALATE_PAGE,
      },
    )
    if (due.length === 0) break
    const results = await Promise.all(
      due.map(async (request) => {
        const before = request.watchers?.length ?? 0
        const messages = await check(db, request, ctx.time, calendar)
        const won = messages !== false
        return {
          won,
          more: won && watchersOf(request, ctx.time, calendar).length > before,
          claimed: { request, messages: messages || [] } satisfies Claimed,
        }
      }),
    )
    const sent = await sendClaimed(
      db,
      ctx.cloud,
      results.filter((r) => r.won).map((r) => r.claimed),
    )
    outcomes.sent += sent.sent
    outcomes.refused += sent.refused
    outcomes.failed += sent.failed
    checked += results.filter((r) => r.won).length
    escalated += results.filter((r) => r.more).length
    // a page none of which moved (another run holds them) ends this run
    if (results.every((r) => !r.won) || due.length < ESCALATE_PAGE) break
  }
  return { checked, escalated, ...outcomes }
}
