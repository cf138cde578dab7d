/**
 * `npm run bench -- relief`: hardship relief at full Ganzi scale — 264,974 households (scripts/dataset/generate.ts
 * 'full') and a year of requests (≈ 100,000, ≈ 20,000 of them open), loaded straight into the local cloud's
 * store; then the calls people make, through the built `requests` bundle and the real wx-server-sdk.
 *
 * The loaded year is made by the rules themselves: each request's timeline (submit and routing by the
 * service menu, accept, return to the dispatcher and re-assignment, resolve, the household's answer with
 * partly solved and not solved reopening, close, merge) goes through `lifecycle.apply`, and its rate
 * counters through `rates.increments`, as the function does with each event. Finished requests were made
 * over the past year; open ones in the last 45 days, stopped at every stage.
 *
 * - `reportRoundTrips`, `inboxRoundTrips`, `myRequestsRoundTrips`: database round trips of one call, traced
 *   in the function's worker (requests sent together count once) and counted again in the store; the
 *   caller's lookup is included.
 * - `inboxP50Ms`, `inboxP95Ms`: a unit's inbox, 50 units at once (township work offices and county
 *   departments, each a different one), after an unmeasured warm-up round; each call a whole invocation
 *   as the runner serves it (at most 20 at once per function, the rest queue, as in production).
 * - `escalation*`: the timer `escalate` fired again and again until a run finds nothing due, after a
 *   year in which it never ran (the worst catch-up: every open request's warning, escalations and owed
 *   messages at once). Each invocation is bounded by its page size and page count (timer.ts) and must stay
 *   well inside the function's timeout (config/cloud.ts).
 * - `ratesMatchRecount`: after the load and the calls above (reports, accepts, answers through the
 *   function), the `recount` action replays every request's events, one county per call, then checks the
 *   prefecture against its counties: true when no stored counter differs.
 *
 * `BENCH_DATA=<dir>` keeps the seeded store there, for `npm run bench -- relief-inbox` to rerun only the inbox.
 *
 * `BENCH_SCALE=county` runs the same on one county's 400 households in about a minute (for checking the
 * benchmark itself; its latencies mean little).
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type {
  Household,
  Region,
  Request,
  RequestCategory,
  RequestEvent,
  RequestRates,
  Service,
  UnitRef,
} from '@config/documents'
import { countedCloud, percentile, sum } from './lib/counted-cloud'
import { buildFunctions } from '../scripts/build-functions'
import { functionDecl } from '../config/cloud'
import { type Scale, generate } from '../scripts/dataset/generate'
import { makeCalendar } from '../cloudfunctions/requests/domain/calendar'
import { status } from '../cloudfunctions/requests/domain/clocks'
import type { Life } from '../cloudfunctions/requests/domain/lifecycle'
import { apply, begin } from '../cloudfunctions/requests/domain/lifecycle'
import { owesAtOnce } from '../cloudfunctions/requests/domain/messages'
import type { RateChange } from '../cloudfunctions/requests/domain/rates'
import { RATE_COUNTERS, emptyCounters, increments } from '../cloudfunctions/requests/domain/rates'
import { route } from '../cloudfunctions/requests/domain/routing'
import { unitKey } from '../cloudfunctions/requests/domain/units'
import { regionRatesId, unitRatesId } from '../cloudfunctions/requests/counting'

const SCALE: Scale = process.env.BENCH_SCALE === 'county' ? 'county' : 'full'
/** a year's requests for 264,974 households */
const REQUESTS_PER_HOUSEHOLD = 100_000 / 264_974
const OPEN_SHARE = 0.2
const CALLERS = 50
const ROUNDS = 4
const BATCH = 20_000
const DAY = 24 * 3600 * 1000

/** the menu every county publishes: category → the department kind, the level that handles it, working days */
export const MENU: { category: string; kind: string; level: 'county' | 'township'; days: number; name: string }[] = [
  { category: 'heating', kind: 'civil', level: 'township', days: 5, name: '取暖救助' },
  { category: 'medical', kind: 'health', level: 'county', days: 10, name: '医疗救助' },
  { category: 'housing', kind: 'housing', level: 'county', days: 15, name: '危房改造' },
  { category: 'schooling', kind: 'edu', level: 'township', days: 7, name: '就学资助' },
  { category: 'employment', kind: 'hr', level: 'county', days: 10, name: '就业帮扶' },
]
/** the share of each category among requests, `other` (the township work office, 兜底) last */
export const CATEGORY_WEIGHTS: [string, number][] = [
  ['heating', 0.25],
  ['medical', 0.2],
  ['housing', 0.15],
  ['schooling', 0.1],
  ['employment', 0.15],
  ['other', 0.15],
]

/** a small deterministic generator, so two runs load the same year */
export function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** UUID-shaped ids in increasing order for the loaded year (appending to SQLite's B-trees, see bench/contacts.ts) */
export function loadedId(n: number): string {
  const hex = n.toString(16).padStart(20, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18)}0000000000`
}

const iso = (ms: number) => new Date(ms).toISOString()

/** Counter increments per counters document, as counting.ts folds them beside each write. */
class Counters {
  readonly docs = new Map<string, Record<string, number>>()
  add(regionPath: readonly string[], changes: readonly RateChange[]): void {
    const into = (id: string, inc: Partial<Record<string, number>>) => {
      const doc = this.docs.get(id) ?? (emptyCounters() as Record<string, number>)
      for (const [name, n] of Object.entries(inc)) doc[name] = (doc[name] ?? 0) + (n ?? 0)
      this.docs.set(id, doc)
    }
    for (const change of changes) {
      for (const code of regionPath) into(regionRatesId(code), change.inc)
      if (change.unit) into(unitRatesId(unitKey(change.unit)), change.inc)
    }
  }
}

type Pick1<T> = readonly [T, number][]
export function weighted<T>(random: () => number, options: Pick1<T>): T {
  let r = random()
  for (const [value, weight] of options) {
    if (r < weight) return value
    r -= weight
  }
  return options[options.length - 1]![0]
}

/**
 * One request's year: its events through the lifecycle, stopped at `stopAt` (an open request) or run to its
 * end. Times are spread from `t0`, each after the one before and never after `until`.
 */
export function timeline(
  random: () => number,
  submit: Extract<RequestEvent, { type: 'submit' }>,
  assign: Extract<RequestEvent, { type: 'assign' }>,
  open: 'assigned' | 'accepted' | 'resolved' | 'reopened' | null,
  until: number,
  calendar: ReturnType<typeof makeCalendar>,
  onEvent: (before: Life | null, event: RequestEvent, after: Life) => void,
): Life {
  let life = begin(submit)
  onEvent(null, submit, life)
  let t = Date.parse(submit.at)
  const step = (event: RequestEvent) => {
    const result = apply(life, event, calendar)
    if (!result.ok) throw new Error(`loaded timeline refused at ${event.type}: ${result.refusal.message}`)
    onEvent(life, event, result.request)
    life = result.request
  }
  /** the next moment, `days` on average later, kept before `until` */
  const later = (days: number) => {
    t = Math.max(t, Math.min(until - 60_000, t + Math.max(60_000, (0.3 + random() * 1.4) * days * DAY)))
    return iso(t)
  }
  const by = (unit: UnitRef) => ({
    id: 'bench',
    role: unit.kind === 'office' ? ('office' as const) : ('department' as const),
  })
  step(assign)
  if (open === 'assigned') return life
  const unit = () => life.unit!
  const finish = random()
  // a return to the dispatcher (5 %): the township work office keeps it
  if (finish < 0.05) {
    step({ type: 'return', at: later(1), by: by(unit()), unit: unit(), reason: '不属于本单位职责' })
    const office = life.dispatcher
    step({ type: 'assign', at: later(0.5), by: by(office), unit: office, deadlineDays: 5 })
  }
  if (!open && finish >= 0.05 && finish < 0.06) {
    step({ type: 'merge', at: later(1), by: by(unit()), unit: unit(), into: randomUUID() })
    return life
  }
  step({ type: 'accept', at: later(1), by: by(unit()), unit: unit() })
  if (!open && finish >= 0.06 && finish < 0.09) {
    step({ type: 'close', at: later(2), by: by(unit()), unit: unit(), reason: '经核实不属于困难诉求' })
    return life
  }
  if (open === 'accepted') return life
  const resolveAndAnswer = (answer: 'solved' | 'partly' | 'unsolved') => {
    step({ type: 'resolve', at: later(life.deadlineDays * 0.6), by: by(unit()), unit: unit(), note: '已办理' })
    if (open === 'resolved') return false
    const rating = weighted(random, [
      ['satisfied', 0.75],
      ['neutral', 0.12],
      ['unsatisfied', 0.05],
      [undefined, 0.08],
    ] as const)
    step({
      type: 'confirm',
      at: later(2),
      by: { id: 'household', role: 'household' },
      unit: unit(),
      answer,
      ...(rating ? { rating } : {}),
      onBehalf: false,
    })
    return true
  }
  const first =
    open === 'reopened'
      ? weighted(random, [
          ['partly', 0.6],
          ['unsolved', 0.4],
        ] as const)
      : weighted(random, [
          ['solved', 0.85],
          ['partly', 0.1],
          ['unsolved', 0.05],
        ] as const)
  if (!resolveAndAnswer(first) || first === 'solved' || open === 'reopened') return life
  resolveAndAnswer('solved')
  return life
}

export async function run(): Promise<object> {
  await buildFunctions(['requests'], true)
  const timeout = functionDecl('requests')?.timeout ?? 0
  // BENCH_DATA keeps the seeded store in that folder for `relief-inbox`; it must not hold one already
  const kept = process.env.BENCH_DATA
  if (kept && fs.existsSync(path.join(kept, 'db')))
    throw new Error(`${kept} already holds a seeded store: rerun the inbox with \`npm run bench -- relief-inbox\``)
  const { store: inner, lc, counts, close } = await countedCloud('relief', { dataDir: kept })
  const now = Date.now()
  const calendar = makeCalendar()
  try {
    const t0 = performance.now()
    const regions: Region[] = []
    for (const batch of generate({ scale: SCALE, collections: ['regions', 'departments'], batchSize: BATCH })) {
      inner.insert(batch.collection, batch.docs as unknown as Record<string, unknown>[])
      if (batch.collection === 'regions') regions.push(...(batch.docs as unknown as Region[]))
    }
    const counties = regions.filter((r) => r.level === 'county').map((r) => r._id)
    const at = iso(now - 400 * DAY)
    const categories: RequestCategory[] = CATEGORY_WEIGHTS.filter(([c]) => c !== 'other').map(([key]) => ({
      _id: key,
      name: { 'zh-Hans': MENU.find((m) => m.category === key)!.name, bo: key },
      active: true,
      updatedAt: at,
      updatedBy: 'bench',
    }))
    inner.insert('requestCategories', categories as unknown as Record<string, unknown>[])
    const menus = new Map<string, Service[]>()
    for (const county of counties) {
      const services = MENU.map((m, i): Service => ({
        _id: `00000000-0000-4000-8000-${county.slice(0, 6)}${String(i).padStart(6, '0')}`,
        departmentId: `D${county.slice(0, 6)}-${m.kind}`,
        category: m.category,
        level: m.level,
        regions: [county],
        deadlineDays: m.days,
        name: { 'zh-Hans': m.name, bo: m.name },
        prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
        active: true,
        updatedAt: at,
      }))
      menus.set(county, services)
      inner.insert('services', services as unknown as Record<string, unknown>[])
    }

    const random = lcg(2026)
    const counters = new Counters()
    let households = 0
    let loaded = 0
    let open = 0
    let insertMs = 0
    /** households with a request, for the household callers: a resolved one to answer, or any */
    const resolvedAt: { householdId: string; requestId: string; events: number }[] = []
    for (const batch of generate({ scale: SCALE, collections: ['households'], batchSize: BATCH })) {
      const docs = batch.docs as unknown as Household[]
      const requests: Request[] = []
      for (const h of docs) {
        households += 1
        let n = Math.floor(REQUESTS_PER_HOUSEHOLD + random())
        while (n-- > 0) {
          const isOpen = random() < OPEN_SHARE
          const stage = isOpen
            ? weighted(random, [
                ['assigned', 0.3],
                ['accepted', 0.4],
                ['resolved', 0.2],
                ['reopened', 0.1],
              ] as const)
            : null
          const created = isOpen ? now - (0.01 + random() * 45) * DAY : now - (45 + random() * 320) * DAY
          const category = weighted(random, CATEGORY_WEIGHTS)
          const routed = route(menus.get(h.regionPath[1] ?? '') ?? [], category, h.regionPath)
          if (!routed) continue
          const id = loadedId(loaded)
          const submitAt = iso(created)
          const submit = {
            type: 'submit' as const,
            at: submitAt,
            by: { id: h._id, role: 'household' as const },
            dispatcher: route([], 'other', h.regionPath)!.unit,
          }
          const assign = {
            type: 'assign' as const,
            at: submitAt,
            by: { id: 'routing', role: 'office' as const },
            unit: routed.unit,
            deadlineDays: routed.deadlineDays,
            ...(routed.fallback ? { fallback: routed.fallback } : {}),
          }
          const life = timeline(random, submit, assign, stage, now, calendar, (before, event, after) =>
            counters.add(h.regionPath, increments(before, event, after, calendar)),
          )
          const updatedAt = life.events[life.events.length - 1]!.at
          const clocks = status(life, updatedAt, calendar)
          requests.push({
            ...life,
            _id: id,
            householdId: h._id,
            officialId: null,
            regionPath: h.regionPath,
            source: 'household',
            category,
            serviceId: routed.serviceId,
            text: '家里冬天取暖的煤不够，老人身体不好',
            voice: null,
            photos: [],
            lang: 'zh-Hans',
            createdAt: submitAt,
            updatedAt,
            // as the function writes it after the request's last event; the timer never ran
            nextCheckAt: !life.open
              ? null
              : owesAtOnce(life.events[life.events.length - 1])
                ? updatedAt
                : (clocks?.nextCheckAt ?? null),
            told: { warned: false, escalations: 0 },
          })
          loaded += 1
          if (life.open) open += 1
          if (life.state === 'resolved')
            resolvedAt.push({ householdId: h._id, requestId: id, events: life.events.length })
        }
      }
      const started = performance.now()
      inner.insert('households', docs as unknown as Record<string, unknown>[])
      if (requests.length) inner.insert('requests', requests as unknown as Record<string, unknown>[])
      insertMs += performance.now() - started
    }
    const rates: RequestRates[] = [...counters.docs].map(([_id, c]) => ({
      _id,
      counters: Object.fromEntries(RATE_COUNTERS.map((name) => [name, c[name] ?? 0])) as RequestRates['counters'],
    }))
    for (let i = 0; i < rates.length; i += BATCH)
      inner.insert('requestRates', rates.slice(i, i + BATCH) as unknown as Record<string, unknown>[])

    // callers: households that answer a resolved request, township work offices and county departments
    // that read their inbox, and an administrator who recounts
    const stride = Math.max(1, Math.floor(resolvedAt.length / (CALLERS * 2)))
    const answering = resolvedAt.filter((_, i) => i % stride === 0).slice(0, CALLERS)
    const townships = regions.filter((r) => r.level === 'township').map((r) => r._id)
    const departments = counties.flatMap((c) => MENU.map((m) => `D${c.slice(0, 6)}-${m.kind}`))
    // each a different unit, spread over the prefecture: township work offices and county departments in turn
    const shuffled = <T>(list: T[]) =>
      list
        .map((x) => [random(), x] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, x]) => x)
    const offices = shuffled(townships).map((region) => ({ role: 'office', region }))
    const staff = shuffled(departments).map((departmentId) => ({ role: 'department', departmentId }))
    const units: { openid: string; role: Record<string, string> }[] = []
    for (let i = 0; units.length < CALLERS * (ROUNDS + 1) && (i < offices.length || i < staff.length); i++) {
      if (offices[i]) units.push({ openid: `bench-office-${i}`, role: offices[i]! })
      if (staff[i]) units.push({ openid: `bench-department-${i}`, role: staff[i]! })
    }
    inner.insert('users', [
      ...answering.map((a, i) => ({
        _id: `bench-household-${i}`,
        householdId: a.householdId,
        roles: [{ role: 'household', householdId: a.householdId, head: true }],
      })),
      ...units.map((u) => ({ _id: u.openid, roles: [u.role] })),
      { _id: 'bench-admin', roles: [{ role: 'admin' }] },
    ])
    const loadSeconds = (performance.now() - t0) / 1000
    console.log(
      `loaded ${households} households, ${loaded} requests (${open} open), ${rates.length} counters documents in ${loadSeconds.toFixed(0)} s (${(insertMs / 1000).toFixed(0)} s in store inserts)`,
    )

    // a call that fails (its timeout on a loaded machine) is recorded, and the run goes on
    const failures: string[] = []
    const phase = (name: string) => console.log(`${new Date().toISOString()} ${name}`)
    const call = async (action: string, data: unknown, openid: string) => {
      const started = performance.now()
      const res = (await lc
        .invoke('requests', { action, data }, { OPENID: openid })
        .catch((e: Error) => ({ ok: false, error: e.message }))) as { ok: boolean; data?: unknown; error?: unknown }
      if (!res.ok) failures.push(`${action}: ${JSON.stringify(res.error).slice(0, 160)}`)
      return { ok: res.ok, ms: performance.now() - started, data: res.ok ? res.data : undefined }
    }
    const traced = async (action: string, data: unknown, openid: string) => {
      counts.current = {}
      const answer = await lc
        .invokeTraced('requests', { action, data }, { OPENID: openid })
        .catch((e: Error) => ({ result: { ok: false, error: e.message }, trace: undefined }))
      const res = answer.result as { ok: boolean; data?: unknown; error?: unknown }
      if (!res.ok || !answer.trace) {
        failures.push(`${action} (traced): ${JSON.stringify(res.error).slice(0, 160)}`)
        return { roundTrips: -1, requests: -1, data: undefined }
      }
      if (answer.trace.requests !== sum(counts.current))
        throw new Error(
          `${action}: the worker traced ${answer.trace.requests} requests, the store saw ${sum(counts.current)}`,
        )
      return { ...answer.trace, data: res.data }
    }

    // one call at a time (warm instance): a household's own list, a report, a unit's inbox
    const household = 'bench-household-0'
    const report = (category: string) => ({
      id: randomUUID(),
      householdId: answering[0]!.householdId,
      category,
      text: '房子漏雨，需要维修',
    })
    phase('single calls')
    await call('mine', {}, household)
    const mine = await traced('mine', {}, household)
    await call('report', report('housing'), household)
    const reported = await traced('report', report('housing'), household)
    await call('inbox', {}, units[0]!.openid)
    const inbox = await traced('inbox', {}, units[0]!.openid)
    const departmentInbox = units.find((u) => u.role.role === 'department')!
    await call('inbox', {}, departmentInbox.openid)
    const inboxDepartment = await traced('inbox', {}, departmentInbox.openid)

    // units at once: a warm-up round, then ROUNDS rounds of CALLERS different units; each accepts the first
    // assigned request of its inbox, so the counters move through the function before the recount
    const inboxTimes: number[] = []
    let accepted = 0
    /** two units never share a request: a conflict here would be a lost or doubled step */
    let acceptConflicts = 0
    const round = async (r: number, times: number[]) => {
      // one county has fewer units than callers: they come round again (their accepts may then conflict)
      const group = Array.from({ length: CALLERS }, (_, k) => units[(r * CALLERS + k) % units.length]!)
      const answers = await Promise.all(group.map((u) => call('inbox', {}, u.openid)))
      times.push(...answers.filter((a) => a.ok).map((a) => a.ms))
      await Promise.all(
        answers.map(async (a, i) => {
          const items =
            (a.data as { items: { id: string; state: string; events: number; as: string }[] } | undefined)?.items ?? []
          const item = items.find((x) => x.state === 'assigned' && x.as === 'unit')
          if (!item) return
          const res = (await lc.invoke(
            'requests',
            { action: 'act', data: { id: item.id, events: item.events, step: { type: 'accept' } } },
            { OPENID: group[i]!.openid },
          )) as { ok: boolean; error?: { code: string } }
          if (res.ok) accepted += 1
          else if (res.error?.code === 'CONFLICT') acceptConflicts += 1
          else throw new Error(`act failed: ${JSON.stringify(res.error)}`)
        }),
      )
    }
    phase('inboxes at once')
    await round(0, [])
    for (let r = 1; r <= ROUNDS; r++) await round(r, inboxTimes)

    // households answer their resolved requests: solved, or partly (reopened)
    phase('answers')
    let answered = 0
    for (const [i, a] of answering.entries()) {
      const res = await call(
        'answer',
        {
          id: a.requestId,
          householdId: a.householdId,
          events: a.events,
          answer: i % 4 === 0 ? 'partly' : 'solved',
          rating: i % 3 === 0 ? 'neutral' : 'satisfied',
        },
        `bench-household-${i}`,
      )
      if (res.ok) answered += 1
    }

    // the timer after a year of missed runs, until a run finds nothing due
    const escalation: number[] = []
    let checked = 0
    let escalated = 0
    phase('escalate')
    const timerFailures: string[] = []
    for (let run = 0; run < 500 && timerFailures.length < 5; run++) {
      const started = performance.now()
      const res = (await lc.fireTimer('requests').catch((e: Error) => ({ ok: false, error: e.message }))) as {
        ok?: boolean
        data?: { checked: number; escalated: number }
        error?: unknown
      }
      escalation.push((performance.now() - started) / 1000)
      // a run that failed (its timeout) is recorded; the next goes on where the clocks say
      if (!res.ok || !res.data) {
        timerFailures.push(JSON.stringify(res.error ?? res).slice(0, 200))
        continue
      }
      checked += res.data.checked
      escalated += res.data.escalated
      if (res.data.checked === 0) break
    }
    console.log(`escalate: ${escalation.length} invocations, ${checked} checked, ${escalated} escalated`)

    // the recount: one county per call, then the prefecture against its counties
    const recountTimes: number[] = []
    let differences = 0
    let checkedDocs = 0
    phase('recount')
    let recountFailures = 0
    for (const county of counties) {
      const res = await call('recount', { county, fix: false }, 'bench-admin')
      recountTimes.push(res.ms / 1000)
      if (!res.ok) recountFailures += 1
      const d = (res.data as { checked: number; differences: unknown[] } | undefined) ?? { checked: 0, differences: [] }
      differences += d.differences.length
      checkedDocs += d.checked
      if (d.differences.length) console.log(county, JSON.stringify(d.differences.slice(0, 5)))
    }
    const top = await call('recount', { fix: false }, 'bench-admin')
    if (!top.ok) recountFailures += 1
    differences += (top.data as { differences: unknown[] } | undefined)?.differences.length ?? 0

    const openNow = inner.count('requests', { open: true })
    return {
      households,
      requests: inner.count('requests', {}),
      openRequests: openNow,
      escalationInvocations: escalation.length,
      escalationMaxInvocationSeconds: Math.max(...escalation),
      escalationTotalSeconds: escalation.reduce((a, b) => a + b, 0),
      escalationChecked: checked,
      escalationFailedInvocations: timerFailures.length,
      escalationFailures: timerFailures.slice(0, 3),
      escalationEscalated: escalated,
      functionTimeoutSeconds: timeout,
      reportRoundTrips: reported.roundTrips,
      inboxRoundTrips: Math.max(inbox.roundTrips, inboxDepartment.roundTrips),
      myRequestsRoundTrips: mine.roundTrips,
      reportRequests: reported.requests,
      inboxRequests: inbox.requests,
      myRequestsRequests: mine.requests,
      inboxP50Ms: Math.round(percentile(inboxTimes, 50)),
      inboxP95Ms: Math.round(percentile(inboxTimes, 95)),
      inboxCalls: inboxTimes.length,
      concurrentCallers: CALLERS,
      acceptedThroughFunction: accepted,
      acceptConflicts,
      answeredThroughFunction: answered,
      ratesMatchRecount: differences === 0 && recountFailures === 0,
      recountFailedCalls: recountFailures,
      recountDifferences: differences,
      recountCheckedDocuments: checkedDocs,
      recountMaxCallSeconds: Math.max(...recountTimes),
      failedCalls: failures.length,
      failures: failures.slice(0, 5),
      loadSeconds: Math.round(loadSeconds),
      loadInsertSeconds: Math.round(insertMs / 1000),
      scale: SCALE,
    }
  } finally {
    await close()
  }
}
