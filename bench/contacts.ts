/**
 * `npm run bench -- contacts`: full Ganzi scale (264,974 households and 65,457 officials from
 * scripts/dataset/generate.ts 'full') with a year of contacts (≈ 1 million), loaded straight into the
 * local cloud's store in large batches; then `myHouseholds` and `logContact` through the built bundle and
 * the real wx-server-sdk. Pairings are made directly (see `pairer`), not by the planner: this benchmark
 * measures contacts, and the planner has its own (bench/pairing.ts).
 *
 * Round trips are counted, not estimated: the local cloud runs with `trace`, so the function's worker
 * numbers each database request by the round trip it belongs to (requests sent together share one; a
 * request sent after an answer is the next), and the store under the local cloud counts the requests
 * again as a check. Both include identifying the caller (users) and the scope check (the household),
 * which every call pays. `logContactRoundTrips` is the usual path: a contact for a household already
 * contacted this month by the official's department; `logContactFirstInPeriodRoundTrips` is the first
 * contact of a household in a month; `logContactResendRoundTrips` a resend of a stored contact.
 *
 * Latency: 50 callers at once, each a different official, each call a whole invocation as the runner
 * serves it (at most 20 running per function, WeChat's base quota; the rest queue, as in production),
 * after one unmeasured warm-up round. Markers (`contactMarks`) are loaded for the current month and
 * quarter only: earlier periods never receive new contacts in this run.
 */
import { randomUUID } from 'node:crypto'

import type { Contact, Household, Official } from '@config/documents'
import type { Channel, ContactInput } from '@shared/contracts/contacts'
import { chinaMonth, chinaQuarter } from '@shared/time'
import { countedCloud, percentile, sum } from './lib/counted-cloud'
import { buildFunctions } from '../scripts/build-functions'
import { type Scale, generate } from '../scripts/dataset/generate'
import { Recount, allStatsIds, contactKeys } from '../cloudfunctions/contacts/domain/rollup'

/**
 * `BENCH_SCALE=county npm run bench -- contacts` loads one county's 400 households instead: the same
 * calls and round trips in a minute, for checking the benchmark itself (its latencies mean little).
 */
const SCALE: Scale = process.env.BENCH_SCALE === 'county' ? 'county' : 'full'
/** every how many households one becomes a caller's: spread over the prefecture at full scale */
const CALLER_STRIDE = SCALE === 'full' ? 997 : 1
const CALLERS = 50
const ROUNDS = 4
/** documents per store insert while loading: one SQLite transaction each */
const BATCH = 20_000
const DAY = 24 * 3600 * 1000
const CHANNELS: Channel[] = ['visit', 'visit', 'visit', 'visit', 'wechat', 'wechat', 'wechat', 'phone', 'phone', 'qq']

/** a small deterministic generator, so two runs load the same year */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/**
 * UUID-shaped ids in increasing order for the loaded year. The phone makes random UUIDs, but inserting a
 * million random keys into SQLite's B-trees touches a random page each time once the index outgrows the
 * page cache; keys in order append. The ids of contacts sent during the run are random, as in the field.
 */
function loadedId(n: number): string {
  const hex = n.toString(16).padStart(20, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-8${hex.slice(15, 18)}-${hex.slice(18)}0000000000`
}

type OfficialLite = Pick<Official, '_id' | 'departmentId' | 'regionPath'>

/**
 * Pairs straight from the generator's output instead of running the planner: every household gets an
 * official of its own township (round robin, so ≈ 4 households each, as in the programme), and every
 * fifth household a second one from its county, so some households have officials of two departments.
 */
function pairer(officials: OfficialLite[]): (h: { regionPath: string[] }) => string[] {
  const byTownship = new Map<string, OfficialLite[]>()
  const byCounty = new Map<string, OfficialLite[]>()
  for (const o of officials) {
    for (const [map, key] of [
      [byTownship, o.regionPath[2] ?? ''],
      [byCounty, o.regionPath[1] ?? ''],
    ] as const) {
      const list = map.get(key)
      if (list) list.push(o)
      else map.set(key, [o])
    }
  }
  const next = new Map<string, number>()
  const take = (key: string, list: OfficialLite[]): OfficialLite => {
    const i = next.get(key) ?? 0
    next.set(key, i + 1)
    return list[i % list.length]!
  }
  let n = 0
  return (h) => {
    n += 1
    const township = byTownship.get(h.regionPath[2] ?? '')
    const county = byCounty.get(h.regionPath[1] ?? '') ?? officials
    const first = township ? take(`t${h.regionPath[2]}`, township) : take(`c${h.regionPath[1]}`, county)
    if (n % 5 !== 0) return [first._id]
    const second = take(`c${h.regionPath[1]}`, county)
    return second._id === first._id ? [first._id] : [first._id, second._id]
  }
}

export async function run(): Promise<object> {
  await buildFunctions(['contacts'], true)
  const { store: inner, lc, counts, close } = await countedCloud('contacts')
  const now = new Date()
  const thisMonth = chinaMonth(now)
  const thisQuarter = chinaQuarter(now)
  try {
    const t0 = performance.now()
    const officials: OfficialLite[] = []
    for (const batch of generate({ scale: SCALE, collections: ['officials'], batchSize: BATCH })) {
      inner.insert('officials', batch.docs as unknown as Record<string, unknown>[])
      for (const o of batch.docs as unknown as OfficialLite[])
        officials.push({ _id: o._id, departmentId: o.departmentId, regionPath: o.regionPath })
    }
    console.log(`officials loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
    const departmentOf = new Map(officials.map((o) => [o._id, o.departmentId]))
    const pair = pairer(officials)
    const recount = new Recount(now.toISOString())
    /** time spent inside the store's inserts of households and contacts, the rest being generation */
    let insertMs = 0
    const random = lcg(2025)
    let contacts = 0
    let households = 0
    // callers for the warm-up round and the measured rounds, each a different official and household
    const callers: { officialId: string; householdId: string }[] = []
    const callerOfficials = new Set<string>()
    for (const batch of generate({ scale: SCALE, collections: ['households'], batchSize: BATCH })) {
      const contactDocs: Contact[] = []
      const docs = (batch.docs as unknown as Household[]).map((h): Household => {
        households += 1
        const officialIds = pair(h)
        const officialDepartments = Object.fromEntries(officialIds.map((id) => [id, departmentOf.get(id) ?? '']))
        // ≈ 3.8 contacts per household over the past year: 1,000,000 in all
        const n = random() < 0.774 ? 4 : 3
        let last: string | null = null
        const departmentContactAt: Record<string, string> = {}
        for (let i = 0; i < n; i++) {
          const officialId = officialIds[Math.floor(random() * officialIds.length)] as string
          const at = new Date(now.getTime() - Math.floor(random() * 365 * DAY) - 3600_000).toISOString()
          const channel = CHANNELS[Math.floor(random() * CHANNELS.length)] as Channel
          const departmentId = departmentOf.get(officialId) ?? null
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
          if (departmentId && !(at <= (departmentContactAt[departmentId] ?? ''))) departmentContactAt[departmentId] = at
          contacts += 1
        }
        const first = officialIds[0] as string
        if (
          callers.length < CALLERS * (ROUNDS + 1) &&
          households % CALLER_STRIDE === 0 &&
          !callerOfficials.has(first)
        ) {
          callerOfficials.add(first)
          callers.push({ officialId: first, householdId: h._id })
        }
        const doc = { ...h, officialIds, officialDepartments, lastContactAt: last, departmentContactAt, openNeeds: [] }
        recount.addHousehold(doc)
        return doc
      })
      const started = performance.now()
      inner.insert('households', docs as unknown as Record<string, unknown>[])
      inner.insert('contacts', contactDocs as unknown as Record<string, unknown>[])
      insertMs += performance.now() - started
    }
    console.log(
      `households and contacts loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s (${(insertMs / 1000).toFixed(0)} s in store inserts)`,
    )
    const stats = [...recount.expected].map(([id, c]) => {
      const [axis, ...rest] = id.split(':')
      const period = rest.pop() as string
      return { _id: id, axis: axis === 'd' ? 'department' : 'region', key: rest.join(':'), period, ...c }
    })
    for (let i = 0; i < stats.length; i += BATCH) inner.insert('stats', stats.slice(i, i + BATCH))
    const markers = [...recount.markers()]
      .filter((m) => m.startsWith(`hc:${thisMonth}:`) || m.startsWith(`hc:${thisQuarter}:`))
      .map((m) => ({ _id: m, contactId: '' }))
    for (let i = 0; i < markers.length; i += BATCH) inner.insert('contactMarks', markers.slice(i, i + BATCH))
    inner.insert(
      'users',
      callers.map((c, i) => ({
        _id: `bench-official-${i}`,
        officialId: c.officialId,
        roles: [{ role: 'official', officialId: c.officialId }],
      })),
    )
    const loadSeconds = (performance.now() - t0) / 1000
    console.log(
      `loaded ${households} households, ${contacts} contacts, ${stats.length} stats documents in ${loadSeconds.toFixed(0)} s`,
    )

    const call = async (action: string, data: unknown, openid: string): Promise<number> => {
      const started = performance.now()
      const res = (await lc.invoke('contacts', { action, data }, { OPENID: openid })) as {
        ok: boolean
        error?: unknown
      }
      if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res.error)}`)
      return performance.now() - started
    }
    const contact = (i: number, at: Date): ContactInput => ({
      id: randomUUID(),
      householdId: callers[i]!.householdId,
      channel: 'visit',
      at: at.toISOString(),
      topics: ['policy', 'employment'],
      notes: '',
      photos: [],
      locationConsent: false,
      needs: [],
    })
    /** one call on its own: its database round trips (traced in the function's worker) and requests
     * (counted again in the store, which must agree) */
    const traced = async (action: string, data: unknown, openid: string) => {
      counts.current = {}
      const { result, trace } = await lc.invokeTraced('contacts', { action, data }, { OPENID: openid })
      const res = result as { ok: boolean; data?: { status?: string }; error?: unknown }
      if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res.error)}`)
      if (!trace || trace.requests !== sum(counts.current))
        throw new Error(
          `${action}: the worker traced ${trace?.requests} requests, the store saw ${sum(counts.current)}`,
        )
      return { ...trace, status: res.data?.status }
    }

    // One call at a time (warm instance). The first contact is for a household with no contact this month
    // yet; the second, a minute later, is the usual case: the household was contacted this month, by this
    // official's department; then the same contact again, as a resend.
    await call('myHouseholds', {}, 'bench-official-0')
    const my = await traced('myHouseholds', {}, 'bench-official-0')
    // a household with no contact this month yet: the generator's year ends an hour before now
    const fresh = callers.findIndex((c) => {
      const h = inner.find('households', { _id: c.householdId })[0] as Pick<Household, 'lastContactAt'> | undefined
      return !h?.lastContactAt || chinaMonth(h.lastContactAt) !== thisMonth
    })
    const firstIndex = fresh >= 0 ? fresh : 1
    const openid = `bench-official-${firstIndex}`
    const firstLog = await traced('logContact', contact(firstIndex, new Date(now.getTime() - 120_000)), openid)
    const usual = contact(firstIndex, new Date(now.getTime() - 60_000))
    const log = await traced('logContact', usual, openid)
    const resend = await traced('logContact', usual, openid)
    if (firstLog.status !== 'created' || log.status !== 'created' || resend.status !== 'duplicate')
      throw new Error(`unexpected answers: ${firstLog.status}, ${log.status}, ${resend.status}`)

    // Warm-up: one unmeasured round (workers started, SQLite pages and the store's caches warm), then
    // 50 officials at once, ROUNDS times, each round with officials not seen before.
    const round = async (r: number, timesMy: number[], timesLog: number[]) => {
      const group = Array.from({ length: CALLERS }, (_, i) => r * CALLERS + i).filter((i) => i < callers.length)
      timesMy.push(...(await Promise.all(group.map((i) => call('myHouseholds', {}, `bench-official-${i}`)))))
      timesLog.push(
        ...(await Promise.all(
          group.map((i) => call('logContact', contact(i, new Date(now.getTime() - 30_000)), `bench-official-${i}`)),
        )),
      )
    }
    await round(0, [], [])
    const timesMy: number[] = []
    const timesLog: number[] = []
    for (let r = 1; r <= ROUNDS; r++) await round(r, timesMy, timesLog)
    const contactsInDb = inner.count('contacts', {})
    return {
      myHouseholdsRoundTrips: my.roundTrips,
      logContactRoundTrips: log.roundTrips,
      logContactFirstInPeriodRoundTrips: firstLog.roundTrips,
      logContactResendRoundTrips: resend.roundTrips,
      myHouseholdsRequests: my.requests,
      logContactRequests: log.requests,
      logContactFirstInPeriodRequests: firstLog.requests,
      logContactResendRequests: resend.requests,
      myHouseholdsP50Ms: Math.round(percentile(timesMy, 50)),
      myHouseholdsP95Ms: Math.round(percentile(timesMy, 95)),
      logContactP50Ms: Math.round(percentile(timesLog, 50)),
      logContactP95Ms: Math.round(percentile(timesLog, 95)),
      contacts: contactsInDb,
      households,
      concurrentCallers: CALLERS,
      callsPerAction: timesMy.length,
      loadSeconds: Math.round(loadSeconds),
      loadInsertSeconds: Math.round(insertMs / 1000),
    }
  } finally {
    await close()
  }
}
