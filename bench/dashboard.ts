/**
 * `npm run bench -- dashboard`: the dashboard at full Ganzi scale — 264,974 households paired by the planner
 * (scripts/dataset/generate.ts 'full', `pair`), their officials and the network, a year of contacts (≈ 3.8
 * per household, ≈ 1,000,000, with contacts' stats as the contacts function keeps them) and a year of relief
 * requests made by the relief benchmark's timelines (bench/relief.ts), each event's rate counters added to
 * the all-time and the month's and quarter's counters as requests/counting.ts adds them — all loaded straight
 * into the local cloud's store. Then, through the built `dashboard` bundle and the real wx-server-sdk:
 *
 * - `countMs`: the nightly count of the dashboard's own counters from the raw records, as an administrator's
 *   `recount` with `fix` runs it (the `nightly` trigger does the same, then its reports), inside the
 *   function's timeout (config/cloud.ts); `countedDocuments` how many counter documents it wrote or checked.
 * - `homeRoundTrips`, `homeOwnRoundTrips`, `drillDownRoundTrips`, `drillByDepartmentRoundTrips`: database
 *   round trips of one call, the caller's lookup included (traced in the function's worker): a home naming
 *   its region, a home of the caller's own region, the prefecture's counties, the prefecture's departments.
 * - `homeP95Ms`, `drillDownP95Ms`: 50 offices at once (the counties' and townships' work offices), each its
 *   own region's home or drill-down, 4 rounds after a warm-up, each call a whole invocation.
 * - `rollupMs`: the prefecture's county breakdown read from counters (the drill-down call, median of 5).
 * - `rawAggregationMs`: the same figures for the same counties (households, pairings, risk, overdue,
 *   households contacted, visits and those confirmed in the current month) aggregated from the raw
 *   households and contacts in this process, straight from the store with no function or network in the
 *   way; `rawMatchesCounters` says they equal the drill-down's. `speedup` = raw / rollup.
 * - `recountDifferences`: after all this, the dashboard's recount and the requests' recount of the period
 *   counters (one county per call, then the prefecture) — every stored figure that differs.
 *
 * `BENCH_SCALE=county` runs the same on one county's 400 households (for checking the benchmark itself).
 * `BENCH_DATA=<dir>` keeps the seeded store there; given a folder this benchmark seeded before, it measures
 * that store again without loading (`loadSeconds` null).
 *
 * After the load (or on a seeded store) the dashboard's own counters are emptied, so the count is a first
 * count, and the local cloud is reopened and waits for its store's warm-up (`warmUpSeconds`): the load's
 * garbage would otherwise stall the database requests of the measured calls with collections of a heap it
 * no longer needs, which production's database, a process of its own, never sees.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Contact, Household, Region, Request, RequestRates, Service } from '@config/documents'
import type { Channel } from '@shared/contracts/contacts'
import type { Figures } from '@shared/contracts/dashboard'
import { chinaMonth, chinaQuarter, periodsOf } from '@shared/time'
import { countedCloud, percentile } from './lib/counted-cloud'
import { CATEGORY_WEIGHTS, MENU, lcg, loadedId, timeline, weighted } from './relief'
import { buildFunctions } from '../scripts/build-functions'
import { functionDecl } from '../config/cloud'
import { type Scale, generate } from '../scripts/dataset/generate'
import { Recount, allStatsIds, contactKeys } from '../cloudfunctions/contacts/domain/rollup'
import { daysSince, isOverdue } from '../cloudfunctions/contacts/domain/overdue'
import { makeCalendar } from '../cloudfunctions/requests/domain/calendar'
import { status } from '../cloudfunctions/requests/domain/clocks'
import { RATE_COUNTERS, emptyCounters, increments } from '../cloudfunctions/requests/domain/rates'
import { route } from '../cloudfunctions/requests/domain/routing'
import { unitKey } from '../cloudfunctions/requests/domain/units'
import { periodRatesId, regionRatesId, unitRatesId } from '../cloudfunctions/requests/counting'
import { periodStart, nextPeriod } from '../cloudfunctions/dashboard/domain/periods'

const SCALE: Scale = process.env.BENCH_SCALE === 'county' ? 'county' : 'full'
const REQUESTS_PER_HOUSEHOLD = 100_000 / 264_974
const OPEN_SHARE = 0.2
const CALLERS = 50
const ROUNDS = 4
const BATCH = 20_000
// every document the measured calls read (households, officials, contacts, stats and rate counters) fits
const CACHE_SIZE = 1_700_000
const DAY = 24 * 3600 * 1000
const CHANNELS: Channel[] = ['visit', 'visit', 'visit', 'visit', 'wechat', 'wechat', 'wechat', 'phone', 'phone', 'qq']

const iso = (ms: number) => new Date(ms).toISOString()

type Row = { key: string; current: Figures }
const COMPARED = [
  'households',
  'pairedHouseholds',
  'riskWatch',
  'riskHigh',
  'overdueHouseholds',
  'householdsContacted',
  'visits',
  'visitsConfirmed',
] as const

export async function run(): Promise<object> {
  await buildFunctions(['dashboard', 'requests'], true)
  const timeout = functionDecl('dashboard')?.timeout ?? 0
  const kept = process.env.BENCH_DATA
  const seeded = kept !== undefined && fs.existsSync(path.join(kept, 'db'))
  let cloud = await countedCloud('dashboard', { dataDir: kept, cacheSize: CACHE_SIZE })
  let { store: inner, lc, counts } = cloud
  // a seeded store is measured as of its load: the contacts' gauges (overdue) are the snapshot taken then,
  // as the daily timer's are, and the raw count they are compared with must be taken at the same moment
  const loadedAt = seeded
    ? (inner.find('users', { _id: 'bench-admin' })[0] as { loadedAt?: string } | undefined)?.loadedAt
    : undefined
  const now = loadedAt ? Date.parse(loadedAt) : Date.now()
  const nowIso = iso(now)
  const month = chinaMonth(now)
  const calendar = makeCalendar()
  try {
    const t0 = performance.now()
    const regions: Region[] = []
    const random = lcg(2026)
    const rates = new Map<string, Record<string, number>>()
    const addRates = (regionPath: readonly string[], at: string, changes: ReturnType<typeof increments>) => {
      const into = (id: string, inc: Partial<Record<string, number>>) => {
        for (const key of [id, ...periodsOf(at).map((p) => periodRatesId(p, id))]) {
          const doc = rates.get(key) ?? (emptyCounters() as Record<string, number>)
          for (const [name, n] of Object.entries(inc)) doc[name] = (doc[name] ?? 0) + (n ?? 0)
          rates.set(key, doc)
        }
      }
      for (const change of changes) {
        for (const code of regionPath) into(regionRatesId(code), change.inc)
        if (change.unit) into(unitRatesId(unitKey(change.unit)), change.inc)
      }
    }
    const recount = new Recount(nowIso)
    const menus = new Map<string, Service[]>()
    let households = 0
    let contacts = 0
    let requests = 0
    let officials = 0
    if (seeded) {
      regions.push(...(inner.find('regions', {}) as unknown as Region[]))
      households = inner.count('households', {})
      officials = inner.count('officials', {})
      contacts = inner.count('contacts', {})
      requests = inner.count('requests', {})
    } else {
      for (const batch of generate({
        scale: SCALE,
        collections: ['regions', 'departments', 'officials', 'households', 'units'],
        batchSize: BATCH,
        pair: true,
      })) {
        if (batch.collection === 'regions') {
          regions.push(...(batch.docs as unknown as Region[]))
          for (const county of (batch.docs as unknown as Region[]).filter((r) => r.level === 'county')) {
            const services = MENU.map((m, i): Service => ({
              _id: `00000000-0000-4000-8000-${county._id.slice(0, 6)}${String(i).padStart(6, '0')}`,
              departmentId: `D${county._id.slice(0, 6)}-${m.kind}`,
              category: m.category,
              level: m.level,
              regions: [county._id],
              deadlineDays: m.days,
              name: { 'zh-Hans': m.name, bo: m.name },
              prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
              active: true,
              updatedAt: nowIso,
            }))
            menus.set(county._id, services)
            inner.insert('services', services as unknown as Record<string, unknown>[])
          }
        }
        if (batch.collection === 'officials') officials += batch.docs.length
        if (batch.collection !== 'households') {
          inner.insert(batch.collection, batch.docs as unknown as Record<string, unknown>[])
          continue
        }
        const contactDocs: Contact[] = []
        const requestDocs: Request[] = []
        const docs = (batch.docs as unknown as Household[]).map((h): Household => {
          households += 1
          const officialIds = h.officialIds ?? []
          // ≈ 3.8 contacts per household over the past year, as bench/contacts.ts loads them
          let last: string | null = null
          const n = officialIds.length ? (random() < 0.774 ? 4 : 3) : 0
          for (let i = 0; i < n; i++) {
            const officialId = officialIds[Math.floor(random() * officialIds.length)]!
            const at = iso(now - Math.floor(random() * 365 * DAY) - 3600_000)
            const channel = CHANNELS[Math.floor(random() * CHANNELS.length)]!
            const departmentId = h.officialDepartments?.[officialId] || null
            const keys = contactKeys({ householdId: h._id, regionPath: h.regionPath, departmentId, at, channel })
            const confirmedAt = channel === 'visit' && random() < 0.5 ? at : null
            contactDocs.push({
              _id: loadedId(contacts),
              householdId: h._id,
              officialId,
              departmentId,
              regionPath: h.regionPath,
              channel,
              at,
              month: chinaMonth(at),
              quarter: chinaQuarter(at),
              topics: ['policy'],
              notes: '入户了解生产生活情况',
              notesHeld: false,
              photos: [],
              location: null,
              needs: [],
              fingerprint: 'bench',
              statsIds: allStatsIds(keys),
              confirmedAt,
              createdAt: at,
            })
            recount.addContact({ householdId: h._id, regionPath: h.regionPath, departmentId, at, channel, confirmedAt })
            if (!last || at > last) last = at
            contacts += 1
          }
          // a year of relief requests, by the relief benchmark's timelines
          let r = Math.floor(REQUESTS_PER_HOUSEHOLD + random())
          while (r-- > 0) {
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
            }
            const life = timeline(random, submit, assign, stage, now, calendar, (before, event, after) =>
              addRates(h.regionPath, event.at, increments(before, event, after, calendar)),
            )
            const updatedAt = life.events[life.events.length - 1]!.at
            requestDocs.push({
              ...life,
              _id: loadedId(requests),
              householdId: h._id,
              officialId: null,
              regionPath: h.regionPath,
              source: 'household',
              category,
              serviceId: routed.serviceId,
              text: '家里冬天取暖的煤不够',
              voice: null,
              photos: [],
              lang: 'zh-Hans',
              createdAt: submitAt,
              updatedAt,
              nextCheckAt: life.open ? (status(life, updatedAt, calendar)?.nextCheckAt ?? null) : null,
              told: { warned: false, escalations: 0 },
            })
            requests += 1
          }
          const doc = { ...h, lastContactAt: last }
          recount.addHousehold(doc)
          return doc
        })
        inner.insert('households', docs as unknown as Record<string, unknown>[])
        if (contactDocs.length) inner.insert('contacts', contactDocs as unknown as Record<string, unknown>[])
        if (requestDocs.length) inner.insert('requests', requestDocs as unknown as Record<string, unknown>[])
      }
      const stats = [...recount.expected].map(([id, c]) => {
        const [axis, ...rest] = id.split(':')
        const period = rest.pop() as string
        return { _id: id, axis: axis === 'd' ? 'department' : 'region', key: rest.join(':'), period, ...c }
      })
      for (let i = 0; i < stats.length; i += BATCH) inner.insert('stats', stats.slice(i, i + BATCH))
      const rateDocs: RequestRates[] = [...rates].map(([_id, c]) => ({
        _id,
        counters: Object.fromEntries(RATE_COUNTERS.map((name) => [name, c[name] ?? 0])) as RequestRates['counters'],
      }))
      for (let i = 0; i < rateDocs.length; i += BATCH)
        inner.insert('requestRates', rateDocs.slice(i, i + BATCH) as unknown as Record<string, unknown>[])
    }
    const prefecture = regions.find((r) => r.level === 'prefecture')!._id
    const counties = regions.filter((r) => r.level === 'county').map((r) => r._id)
    const townships = regions.filter((r) => r.level === 'township').map((r) => r._id)
    const offices = [
      ...counties,
      ...townships.filter((_, i) => i % Math.max(1, Math.floor(townships.length / 40)) === 0),
    ]
    if (!seeded)
      inner.insert('users', [
        { _id: 'bench-prefecture', roles: [{ role: 'office', region: prefecture }] },
        { _id: 'bench-admin', roles: [{ role: 'admin' }], loadedAt: nowIso },
        ...offices.map((region, i) => ({ _id: `bench-office-${i}`, roles: [{ role: 'office', region }] })),
      ])
    const loadSeconds = seeded ? null : (performance.now() - t0) / 1000
    console.log(
      `${seeded ? 'seeded store:' : 'loaded'} ${households} households, ${officials} officials, ${contacts} contacts, ${requests} requests${loadSeconds === null ? '' : ` in ${loadSeconds.toFixed(0)} s`}`,
    )
    inner.remove('dashboardFigures', {}, { multi: true })
    cloud = await cloud.reopen()
    ;({ store: inner, lc, counts } = cloud)
    const warm = await inner.warmedUp?.()
    const warmUpSeconds = warm ? warm.ms / 1000 : null
    console.log(`reopened; the store's warm-up took ${warmUpSeconds?.toFixed(0)} s (${warm?.documents} documents)`)

    const failures: string[] = []
    const phase = (name: string) => console.log(`${new Date().toISOString()} ${name}`)
    const call = async (action: string, data: unknown, openid: string) => {
      const started = performance.now()
      const res = (await lc
        .invoke('dashboard', { action, data }, { OPENID: openid })
        .catch((e: Error) => ({ ok: false, error: e.message }))) as { ok: boolean; data?: unknown; error?: unknown }
      if (!res.ok) failures.push(`${action}: ${JSON.stringify(res.error).slice(0, 160)}`)
      return { ms: performance.now() - started, data: res.data }
    }
    const traced = async (action: string, data: unknown, openid: string) => {
      counts.current = {}
      const answer = await lc
        .invokeTraced('dashboard', { action, data }, { OPENID: openid })
        .catch((e: Error) => ({ result: { ok: false, error: e.message }, trace: undefined }))
      const res = answer.result as { ok: boolean; error?: unknown }
      if (!res.ok) failures.push(`${action} (traced): ${JSON.stringify(res.error).slice(0, 160)}`)
      return answer.trace?.roundTrips ?? -1
    }

    phase('the nightly count')
    // the count's own work, as the nightly trigger does it (the trigger also makes the reports, timed apart)
    const countStarted = performance.now()
    const counted = (await lc
      .invoke('dashboard', { action: 'recount', data: { fix: true } }, { OPENID: 'bench-admin' })
      .catch((e: Error) => ({ ok: false, error: e.message }))) as {
      ok: boolean
      data?: { checked: number }
      error?: unknown
    }
    const countMs = performance.now() - countStarted
    if (!counted.ok) failures.push(`count: ${JSON.stringify(counted.error).slice(0, 160)}`)

    phase('round trips')
    await call('home', { region: prefecture }, 'bench-prefecture')
    const homeRoundTrips = await traced('home', { region: prefecture }, 'bench-prefecture')
    const homeOwnRoundTrips = await traced('home', {}, 'bench-prefecture')
    const drillDownRoundTrips = await traced('drill', { region: prefecture }, 'bench-prefecture')
    const drillByDepartmentRoundTrips = await traced(
      'drill',
      { region: prefecture, axis: 'department' },
      'bench-prefecture',
    )

    phase('latency: 50 offices at once')
    const callers = offices.slice(0, CALLERS).map((region, i) => ({ region, openid: `bench-office-${i}` }))
    const home: number[] = []
    const drill: number[] = []
    for (let round = 0; round <= ROUNDS; round++) {
      const h = await Promise.all(callers.map((c) => call('home', { region: c.region }, c.openid)))
      const d = await Promise.all(callers.map((c) => call('drill', { region: c.region }, c.openid)))
      if (round === 0) continue
      home.push(...h.map((x) => x.ms))
      drill.push(...d.map((x) => x.ms))
    }

    phase('the prefecture by county: counters against raw records')
    const rollups: number[] = []
    let fromCounters: Row[] = []
    for (let i = 0; i < 5; i++) {
      const res = await call('drill', { region: prefecture, period: month }, 'bench-prefecture')
      rollups.push(res.ms)
      fromCounters = (res.data as { rows: Row[] } | undefined)?.rows ?? []
    }
    rollups.sort((a, b) => a - b)
    const rollupMs = rollups[2]!
    const rawStarted = performance.now()
    const raw = new Map<string, Record<(typeof COMPARED)[number], number>>()
    const row = (county: string) => {
      let r = raw.get(county)
      if (!r)
        raw.set(
          county,
          (r = Object.fromEntries(COMPARED.map((c) => [c, 0])) as Record<(typeof COMPARED)[number], number>),
        )
      return r
    }
    for (const h of inner.find('households', {}) as unknown as Household[]) {
      const r = row(h.regionPath[1]!)
      r.households += 1
      if ((h.officialIds ?? []).length) r.pairedHouseholds += 1
      if (h.riskLevel === 'watch') r.riskWatch += 1
      if (h.riskLevel === 'high') r.riskHigh += 1
      if (isOverdue(daysSince(h.lastContactAt, nowIso), 30)) r.overdueHouseholds += 1
    }
    const contacted = new Set<string>()
    const inMonth = inner.find('contacts', {
      at: { $gte: periodStart(month), $lt: periodStart(nextPeriod(month)) },
    }) as unknown as Contact[]
    for (const c of inMonth) {
      const r = row(c.regionPath[1]!)
      if (!contacted.has(c.householdId)) {
        contacted.add(c.householdId)
        r.householdsContacted += 1
      }
      if (c.channel === 'visit') {
        r.visits += 1
        if (c.confirmedAt) r.visitsConfirmed += 1
      }
    }
    const rawAggregationMs = performance.now() - rawStarted
    const mismatches = fromCounters.flatMap((r) =>
      COMPARED.filter((c) => r.current[c] !== (raw.get(r.key)?.[c] ?? 0)).map(
        (c) => `${r.key} ${c}: counters ${r.current[c]}, raw ${raw.get(r.key)?.[c]}`,
      ),
    )
    if (mismatches.length) console.log(mismatches.slice(0, 20).join('\n'))

    phase('recounts')
    const own = (await lc
      .invoke('dashboard', { action: 'recount', data: { fix: false } }, { OPENID: 'bench-admin' })
      .catch((e: Error) => ({ ok: false, error: e.message }))) as {
      ok: boolean
      data?: { differing: number }
      error?: unknown
    }
    if (!own.ok) failures.push(`dashboard.recount: ${JSON.stringify(own.error).slice(0, 160)}`)
    let recountDifferences = own.data?.differing ?? -1
    for (const county of [...counties, undefined]) {
      const res = (await lc
        .invoke(
          'requests',
          { action: 'recount', data: { ...(county ? { county } : {}), fix: false, periods: true } },
          { OPENID: 'bench-admin' },
        )
        .catch((e: Error) => ({ ok: false, error: e.message }))) as {
        ok: boolean
        data?: { differences: unknown[] }
        error?: unknown
      }
      if (!res.ok) failures.push(`requests.recount ${county}: ${JSON.stringify(res.error).slice(0, 160)}`)
      recountDifferences += res.data?.differences.length ?? 0
    }

    return {
      scale: SCALE,
      households,
      officials,
      contacts,
      requests,
      loadSeconds,
      warmUpSeconds,
      countMs,
      countWithinTimeout: countMs < timeout * 1000,
      countedDocuments: counted.data?.checked ?? 0,
      homeRoundTrips,
      homeOwnRoundTrips,
      drillDownRoundTrips,
      drillByDepartmentRoundTrips,
      homeP50Ms: percentile(home, 50),
      homeP95Ms: percentile(home, 95),
      drillDownP50Ms: percentile(drill, 50),
      drillDownP95Ms: percentile(drill, 95),
      calls: home.length + drill.length,
      rollupMs,
      rawAggregationMs,
      speedup: rawAggregationMs / rollupMs,
      rawMatchesCounters: mismatches.length === 0 && fromCounters.length === counties.length,
      recountDifferences,
      failures,
    }
  } finally {
    await cloud.close()
  }
}
