/**
 * `npm run bench -- notices`: a notice published to the whole of Ganzi (264,974 households) in the local
 * cloud, through the built `notices` bundle and the real wx-server-sdk.
 *
 * Counted, not estimated. The local cloud runs with `trace`: the function's worker numbers each database
 * request by the round trip it belongs to (requests sent together share one; a request sent after an
 * answer is the next). The store underneath is also wrapped, so every request is tallied by collection
 * and by kind (read or write). Round trips are whole actions, identifying the caller included.
 *
 * - publishWrites: write requests made by the `publish` action (the notice, its counters document);
 * - feedRoundTrips: a household's feed, as the app sends it (nothing named: the caller's grant carries the
 *   household's regionPath, written at binding);
 * - receiptRoundTrips: opening a notice for the first time from the feed, which records the receipt (the
 *   app names the role the feed answered it reads as, `as`);
 * - repeatReadRoundTrips: opening it again; *WithoutRoleRoundTrips: opening without `as` (a notice opened
 *   from a push message); feedOlderGrantRoundTrips: the feed of a user whose grant has no regionPath.
 * Latencies are whole invocations as the runner serves them (warm worker, sequential calls).
 */
import { randomUUID } from 'node:crypto'

import { type Counts, countedCloud, percentile, sum } from './lib/counted-cloud'
import type { NoticeDraft } from '../src/shared/contracts/notices'
import { buildFunctions } from '../scripts/build-functions'
import { generate } from '../scripts/dataset/generate'
import type { Region } from '../scripts/dataset/ganzi'
import { PREFECTURE_CODE, PROGRAMME } from '../scripts/dataset/ganzi'

const SAMPLE_READERS = 400
const OFFICE = 'bench-office'
const REVIEWER = 'bench-reviewer'

const round = (x: number) => Math.round(x * 100) / 100

function draft(regions: string[], title: string): NoticeDraft {
  return {
    title: { 'zh-Hans': title, bo: 'བརྡ་ཐོ།' },
    body: { 'zh-Hans': `${title}。请各户知悉。`, bo: 'ཁྱིམ་ཚང་སོ་སོས་ཤེས་པར་བྱ།' },
    category: 'policy',
    media: [],
    audience: { regions, roles: 'households' },
    publishAt: null,
    expireAt: null,
  }
}

export async function run(): Promise<object> {
  await buildFunctions(['notices'], true)
  const { store: inner, lc, counts, close } = await countedCloud('notices')

  try {
    // Load regions and households straight into the store: only the fields notices read.
    const t0 = performance.now()
    const townships: string[] = []
    const counties: string[] = []
    const sample: { id: string; regionPath: string[] }[] = []
    let households = 0
    for (const batch of generate({ scale: 'full', collections: ['regions', 'households'], batchSize: 5000 })) {
      if (batch.collection === 'regions') {
        const regions = batch.docs as Region[]
        for (const r of regions) {
          if (r.level === 'township') townships.push(r.code)
          if (r.level === 'county') counties.push(r.code)
        }
        inner.insert(
          'regions',
          regions.map((r) => ({ ...r })),
        )
      } else {
        const docs = (
          batch.docs as { _id: string; externalId: string; regionPath: string[]; head: unknown; phone: string }[]
        ).map((h) => ({
          _id: h._id,
          externalId: h.externalId,
          regionPath: h.regionPath,
          head: h.head,
          phone: h.phone,
          officialIds: [],
        }))
        for (const d of docs) {
          if (households++ % Math.floor(PROGRAMME.households / SAMPLE_READERS) === 0 && sample.length < SAMPLE_READERS)
            sample.push({ id: d._id, regionPath: d.regionPath })
        }
        inner.insert('households', docs)
      }
    }
    inner.insert('users', [
      { _id: OFFICE, roles: [{ role: 'office', region: PREFECTURE_CODE }] },
      { _id: REVIEWER, roles: [{ role: 'reviewer', region: PREFECTURE_CODE }] },
      ...sample.map((s, i) => ({
        _id: `bench-household-${i}`,
        householdId: s.id,
        roles: [{ role: 'household', householdId: s.id, regionPath: s.regionPath }],
      })),
      {
        _id: 'bench-older-grant',
        householdId: sample[0]!.id,
        roles: [{ role: 'household', householdId: sample[0]!.id }],
      },
    ])
    const loadSeconds = (performance.now() - t0) / 1000

    let lastTrace = { requests: 0, roundTrips: 0 }
    const call = async (action: string, data: unknown, openid: string) => {
      const { result, trace } = await lc.invokeTraced('notices', { action, data, lang: 'bo' }, { OPENID: openid })
      const res = result as { ok: boolean; data?: unknown; error?: unknown }
      if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res.error)}`)
      if (!trace) throw new Error('the local cloud did not trace')
      lastTrace = trace
      return res.data
    }
    const measure = async (
      fn: () => Promise<unknown>,
    ): Promise<{ ms: number; counts: Counts; requests: number; roundTrips: number }> => {
      counts.current = {}
      const started = performance.now()
      await fn()
      const ms = performance.now() - started
      const requests = sum(counts.current, Object.keys(counts.current))
      if (requests !== lastTrace.requests)
        throw new Error(`the worker traced ${lastTrace.requests} requests, the store saw ${requests}`)
      return { ms, counts: structuredClone(counts.current), ...lastTrace }
    }
    const publishNew = async (regions: string[], title: string) => {
      const id = randomUUID()
      await call('save', { id, draft: draft(regions, title) }, OFFICE)
      await call('submit', { id }, OFFICE)
      await call('approve', { id }, REVIEWER)
      const published = await measure(() => call('publish', { id }, OFFICE))
      return { id, published }
    }

    // Other live notices, so a feed has something to sort: one per county, one per 10th township.
    for (const code of counties) await publishNew([code], `县级通知 ${code}`)
    for (const code of townships.filter((_c, i) => i % 10 === 0)) await publishNew([code], `乡镇通知 ${code}`)

    const { id, published } = await publishNew([PREFECTURE_CODE], '全州春耕补贴发放通知')
    const publishWrites = sum(published.counts, Object.keys(published.counts), 'writes')

    // the role each feed answers it read as, sent back with the opens as the app does
    const as = (i: number) => ({ role: 'household', id: sample[i]!.id })
    // Feeds: one per sampled household (warm worker, sequential), as the app sends them.
    const feedMs: number[] = []
    let feedRoundTrips = 0
    let feedRequests = 0
    for (let i = 0; i < sample.length; i++) {
      const m = await measure(() => call('feed', {}, `bench-household-${i}`))
      feedMs.push(m.ms)
      feedRoundTrips = Math.max(feedRoundTrips, m.roundTrips)
      feedRequests = Math.max(feedRequests, m.requests)
    }
    const feedOlderGrant = await measure(() => call('feed', {}, 'bench-older-grant'))

    // First reads of the prefecture-wide notice: each records a receipt.
    const openMs: number[] = []
    let receiptRoundTrips = 0
    let receiptRequests = 0
    for (let i = 1; i < sample.length; i++) {
      const m = await measure(() => call('open', { id, as: as(i) }, `bench-household-${i}`))
      openMs.push(m.ms)
      receiptRoundTrips = Math.max(receiptRoundTrips, m.roundTrips)
      receiptRequests = Math.max(receiptRequests, m.requests)
    }
    const receiptWithout = await measure(() => call('open', { id }, 'bench-household-0'))
    // A repeat read finds the receipt and writes nothing.
    const repeat = await measure(() => call('open', { id, as: as(1) }, 'bench-household-1'))
    if (sum(repeat.counts, Object.keys(repeat.counts), 'writes') !== 0) throw new Error('a repeat read wrote')
    const repeatWithout = await measure(() => call('open', { id }, 'bench-household-1'))

    const rates = (await call('readRates', { id }, OFFICE)) as { total: { reads: number; audience: number } }
    const byCounty = (await call('readRates', { id, region: PREFECTURE_CODE }, OFFICE)) as {
      rows: { reads: number; audience: number }[]
    }

    return {
      publishWrites,
      audienceHouseholds: rates.total.audience,
      feedRoundTrips,
      receiptRoundTrips,
      feedP50Ms: round(percentile(feedMs, 50)),
      feedP95Ms: round(percentile(feedMs, 95)),
      receiptP50Ms: round(percentile(openMs, 50)),
      receiptP95Ms: round(percentile(openMs, 95)),
      feedRequests,
      receiptRequests,
      repeatReadRoundTrips: repeat.roundTrips,
      receiptWithoutRoleRoundTrips: receiptWithout.roundTrips,
      repeatReadWithoutRoleRoundTrips: repeatWithout.roundTrips,
      feedOlderGrantRoundTrips: feedOlderGrant.roundTrips,
      liveNotices: counties.length + Math.ceil(townships.length / 10) + 1,
      readers: sample.length,
      readsCounted: rates.total.reads,
      readsCountedByCounty: byCounty.rows.reduce((s, r) => s + r.reads, 0),
      countyAudienceSum: byCounty.rows.reduce((s, r) => s + r.audience, 0),
      loadSeconds: round(loadSeconds),
      note: 'receiptP50Ms/receiptP95Ms time the whole open action (detail + first-read receipt)',
    }
  } finally {
    await close()
  }
}
