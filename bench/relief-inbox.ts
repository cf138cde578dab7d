/**
 * `BENCH_DATA=<dir> npm run bench -- relief-inbox`: only the inbox part of `relief`, on the store that a
 * `BENCH_DATA=<dir> npm run bench -- relief` run seeded and kept in <dir>, so the 18-minute load is not
 * repeated. The traced inbox of a work office and of a department (round trips, requests), then an
 * unmeasured warm-up round and `BENCH_ROUNDS` (default 4) rounds of 50 different units' inboxes at once,
 * as in `relief`, once the reopened store's cache warm-up has finished. Only reads: nothing is accepted, so two runs on one store see the same data (to compare
 * two versions of the local cloud or of the function). `inboxPlan` names the indexes the store reads for
 * the first unit's match.
 */
import fs from 'node:fs'
import path from 'node:path'

import { countedCloud, percentile, sum } from './lib/counted-cloud'
import { buildFunctions } from '../scripts/build-functions'

const CALLERS = 50

export async function run(): Promise<object> {
  const dataDir = process.env.BENCH_DATA
  if (!dataDir || !fs.existsSync(path.join(dataDir, 'db')))
    throw new Error('BENCH_DATA must name a folder that `BENCH_DATA=<dir> npm run bench -- relief` seeded')
  const rounds = Number(process.env.BENCH_ROUNDS ?? 4)
  await buildFunctions(['requests'], true)
  const { store, lc, counts, close } = await countedCloud('relief', { dataDir })
  try {
    const units = store
      .find('users', {})
      .filter((u) => /^bench-(office|department)-/.test(String(u._id)))
      .map((u) => ({ openid: String(u._id), role: (u.roles as Record<string, string>[])[0]! }))
    if (units.length < CALLERS) throw new Error(`the store has ${units.length} bench units, not ${CALLERS}`)
    const failures: string[] = []
    const call = async (openid: string) => {
      const started = performance.now()
      const res = (await lc
        .invoke('requests', { action: 'inbox', data: {} }, { OPENID: openid })
        .catch((e: Error) => ({ ok: false, error: e.message }))) as { ok: boolean; error?: unknown }
      if (!res.ok) failures.push(JSON.stringify(res.error).slice(0, 160))
      return { ok: res.ok, ms: performance.now() - started }
    }
    const traced = async (openid: string) => {
      await call(openid)
      counts.current = {}
      const answer = await lc.invokeTraced('requests', { action: 'inbox', data: {} }, { OPENID: openid })
      if (!answer.trace || answer.trace.requests !== sum(counts.current))
        throw new Error(`inbox: the worker traced ${answer.trace?.requests}, the store saw ${sum(counts.current)}`)
      return answer.trace
    }
    // a reopened store fills its cache in the background; measured calls should not compete with that
    const warm = await store.warmedUp?.()
    const office = units.find((u) => u.role.role === 'office')!
    const department = units.find((u) => u.role.role === 'department')!
    const officeTrace = await traced(office.openid)
    const departmentTrace = await traced(department.openid)

    const times: number[] = []
    const started = performance.now()
    for (let r = 0; r <= rounds; r++) {
      const group = Array.from({ length: CALLERS }, (_, k) => units[(r * CALLERS + k) % units.length]!)
      const answers = await Promise.all(group.map((u) => call(u.openid)))
      // round 0 warms the function's instances and the store's cache
      if (r > 0) times.push(...answers.filter((a) => a.ok).map((a) => a.ms))
    }
    const region = office.role.region!
    const match = {
      $and: [
        { open: true },
        {
          $or: [
            { 'unit.kind': 'office', 'unit.region': { $in: [region] } },
            { state: 'returned', 'dispatcher.region': { $in: [region] } },
            { watchers: { $in: [`office:${region}`] } },
            { askedOf: { $in: [`office:${region}`] } },
          ],
        },
      ],
    }
    return {
      requests: store.count('requests', {}),
      warmUpSeconds: warm ? Math.round(warm.ms / 1000) : null,
      openRequests: store.count('requests', { open: true }),
      officeInboxOpen: store.count('requests', match),
      inboxPlan: store.explain?.('requests', match) ?? 'explain not available',
      inboxRoundTrips: Math.max(officeTrace.roundTrips, departmentTrace.roundTrips),
      inboxRequests: officeTrace.requests,
      inboxP50Ms: Math.round(percentile(times, 50)),
      inboxP95Ms: Math.round(percentile(times, 95)),
      inboxMaxMs: Math.round(Math.max(...times)),
      inboxCalls: times.length,
      roundsSeconds: Math.round((performance.now() - started) / 1000),
      concurrentCallers: CALLERS,
      failedCalls: failures.length,
      failures: failures.slice(0, 5),
    }
  } finally {
    await close()
  }
}
