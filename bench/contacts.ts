/**
 * `npm run bench -- contacts`: full Ganzi scale (264,974 households paired with 65,457 officials, from
 * scripts/dataset/generate.ts 'full') with a year of contacts (≈ 1 million), loaded straight into the
 * local cloud's store; then `myHouseholds` and `logContact` through the built bundle and the real
 * wx-server-sdk.
 *
 * Round trips are counted, not estimated: the store under the local cloud is wrapped and every database
 * request is tallied (one SDK call is one request and one store call; nothing here uses transactions).
 * The count includes identifying the caller (users) and the scope check (the household), which every
 * call pays. `logContactRoundTrips` is the common path: a contact for a household already contacted this
 * month, in an instance that has seen the stats documents before; `logContactFirstInPeriodRoundTrips` is
 * the first contact of a household in a period. Sequential depth (requests that must wait for each
 * other) is reported beside the totals.
 *
 * Latency: 50 callers at once, each a different official, each call a whole invocation as the runner
 * serves it (at most 20 running per function, WeChat's base quota; the rest queue, as in production).
 * Markers (`contactMarks`) are loaded for the current month and quarter only: earlier periods never
 * receive new contacts in this run, and loading their ~3 million markers would only slow the set-up.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'

import { startLocalCloud } from '../localcloud/server'
import { openStore } from '../localcloud/store/index'
import type { Store } from '../localcloud/store/types'
import type { Channel, ContactInput } from '../src/shared/contracts/contacts'
import { buildFunctions, functionsOut } from '../scripts/build-functions'
import { generate } from '../scripts/dataset/generate'
import { Recount, allStatsIds, contactKeys } from '../cloudfunctions/contacts/domain/rollup'
import { monthOf, quarterOf } from '../cloudfunctions/contacts/domain/periods'

const CALLERS = 50
const ROUNDS = 4
const DAY = 24 * 3600 * 1000
const CHANNELS: Channel[] = ['visit', 'visit', 'visit', 'visit', 'wechat', 'wechat', 'wechat', 'phone', 'phone', 'qq']

function countingStore(inner: Store, counter: { n: number }): Store {
  const counted = new Set(['find', 'count', 'aggregate', 'insert', 'update', 'remove', 'beginTransaction', 'commitTransaction'])
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      const name = String(prop)
      return (...args: unknown[]) => {
        if (counted.has(name)) counter.n += 1
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

/** a small deterministic generator, so two runs load the same year */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

export async function run(): Promise<object> {
  await buildFunctions(['contacts'], true)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-contacts-'))
  const counter = { n: 0 }
  const inner = openStore(path.join(dataDir, 'db'), { quiet: true })
  const store = countingStore(inner, counter)
  const lc = await startLocalCloud({ port: 0, dataDir, functionsDir: functionsOut, store, quiet: true, timers: false })
  const now = new Date()
  const thisMonth = monthOf(now)
  const thisQuarter = quarterOf(now)
  try {
    const t0 = performance.now()
    const departmentOf = new Map<string, string>()
    const recount = new Recount(now)
    const random = lcg(2025)
    let contacts = 0
    let households = 0
    const callers: { officialId: string; householdId: string }[] = []
    for (const batch of generate({ scale: 'full', collections: ['officials', 'households'], pair: true, batchSize: 5000 })) {
      if (batch.collection === 'officials') {
        for (const o of batch.docs as { _id: string; departmentId: string }[]) departmentOf.set(o._id, o.departmentId)
        inner.insert('officials', (batch.docs as object[]).map((o) => ({ ...o })) as { _id: string }[])
        continue
      }
      if (batch.collection !== 'households') continue
      const contactDocs: Record<string, unknown>[] = []
      const docs = (batch.docs as { _id: string; regionPath: string[]; officialIds: string[] }[]).map((h) => {
        households += 1
        const officialDepartments = Object.fromEntries(h.officialIds.map((id) => [id, departmentOf.get(id) ?? '']))
        // ≈ 3.8 contacts per household over the past year: 1,000,000 in all
        const n = random() < 0.774 ? 4 : 3
        let last: string | null = null
        for (let i = 0; i < n && h.officialIds.length; i++) {
          const officialId = h.officialIds[Math.floor(random() * h.officialIds.length)] as string
          const at = new Date(now.getTime() - Math.floor(random() * 365 * DAY) - 3600_000)
          const channel = CHANNELS[Math.floor(random() * CHANNELS.length)] as Channel
          const departmentId = departmentOf.get(officialId) ?? null
          const keys = contactKeys({ householdId: h._id, regionPath: h.regionPath, departmentId, at, channel })
          const confirmedAt = channel === 'visit' && random() < 0.5 ? at.toISOString() : null
          contactDocs.push({
            _id: randomUUID(),
            householdId: h._id,
            officialId,
            departmentId,
            regionPath: h.regionPath,
            channel,
            at: at.toISOString(),
            month: monthOf(at),
            quarter: quarterOf(at),
            topics: ['policy'],
            notes: '入户了解生产生活情况',
            notesHeld: false,
            photos: [],
            location: null,
            needs: [],
            fingerprint: 'bench',
            statsIds: allStatsIds(keys),
            confirmedAt,
            createdAt: at.toISOString(),
          })
          recount.addContact({ householdId: h._id, regionPath: h.regionPath, departmentId, at, channel, confirmedAt })
          if (!last || at.toISOString() > last) last = at.toISOString()
          contacts += 1
        }
        if (callers.length < CALLERS * ROUNDS && h.officialIds[0] && households % 997 === 0) {
          callers.push({ officialId: h.officialIds[0], householdId: h._id })
        }
        const doc = { ...h, officialDepartments, lastContactAt: last, openNeeds: [] }
        recount.addHousehold(doc)
        return doc
      })
      inner.insert('households', docs)
      inner.insert('contacts', contactDocs as { _id: string }[])
    }
    const stats = [...recount.expected].map(([id, c]) => {
      const [axis, ...rest] = id.split(':')
      const period = rest.pop() as string
      return { _id: id, axis: axis === 'd' ? 'department' : 'region', key: rest.join(':'), period, ...c }
    })
    for (let i = 0; i < stats.length; i += 5000) inner.insert('stats', stats.slice(i, i + 5000))
    const markers = [...recount.markers()]
      .filter((m) => m.startsWith(`hc:${thisMonth}:`) || m.startsWith(`hc:${thisQuarter}:`))
      .map((m) => ({ _id: m, contactId: '' }))
    for (let i = 0; i < markers.length; i += 5000) inner.insert('contactMarks', markers.slice(i, i + 5000))
    inner.insert(
      'users',
      callers.map((c, i) => ({ _id: `bench-official-${i}`, officialId: c.officialId, roles: [{ role: 'official', officialId: c.officialId }] })),
    )
    const loadSeconds = (performance.now() - t0) / 1000
    console.log(`loaded ${households} households, ${contacts} contacts, ${stats.length} stats documents in ${loadSeconds.toFixed(0)} s`)

    const call = async (action: string, data: unknown, openid: string): Promise<number> => {
      const started = performance.now()
      const res = (await lc.invoke('contacts', { action, data }, { OPENID: openid })) as { ok: boolean; error?: unknown }
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
    const counted = async (fn: () => Promise<unknown>): Promise<number> => {
      counter.n = 0
      await fn()
      return counter.n
    }

    // Round trips, one call at a time (warm instance).
    await call('myHouseholds', {}, 'bench-official-0')
    const myHouseholdsRoundTrips = await counted(() => call('myHouseholds', {}, 'bench-official-0'))
    const firstAt = new Date(now.getTime() - 60_000)
    const logContactFirstInPeriodRoundTrips = await counted(() => call('logContact', contact(1, firstAt), 'bench-official-1'))
    const logContactRoundTrips = await counted(() => call('logContact', contact(1, firstAt), 'bench-official-1'))

    // Latency: 50 officials at once, ROUNDS times.
    const timesMy: number[] = []
    const timesLog: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const group = Array.from({ length: CALLERS }, (_, i) => round * CALLERS + i).filter((i) => i < callers.length)
      timesMy.push(...(await Promise.all(group.map((i) => call('myHouseholds', {}, `bench-official-${i}`)))))
      timesLog.push(...(await Promise.all(group.map((i) => call('logContact', contact(i, new Date(now.getTime() - 120_000)), `bench-official-${i}`)))))
    }
    const contactsInDb = inner.count('contacts', {})
    return {
      myHouseholdsRoundTrips,
      logContactRoundTrips,
      logContactFirstInPeriodRoundTrips,
      myHouseholdsP50Ms: Math.round(percentile(timesMy, 50)),
      myHouseholdsP95Ms: Math.round(percentile(timesMy, 95)),
      logContactP50Ms: Math.round(percentile(timesLog, 50)),
      logContactP95Ms: Math.round(percentile(timesLog, 95)),
      contacts: contactsInDb,
      households,
      concurrentCallers: CALLERS,
      callsPerAction: timesMy.length,
      loadSeconds: Math.round(loadSeconds),
    }
  } finally {
    await lc.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
