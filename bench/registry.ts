/**
 * `npm run bench -- registry`: the registry's prefecture-wide actions at full Ganzi scale (264,974
 * households, 65,457 officials, their current pairings, from scripts/dataset/generate.ts 'full'), called
 * as an office user whose region is the prefecture, through the built bundle and the real wx-server-sdk,
 * inside the function's declared limits (60 s, 1024 MB).
 *
 * An action the function splits into a job (a first call, then continuations until it says it is done)
 * is measured over every invocation it takes. For each action: invocations, seconds (the slowest
 * invocation and all together), CPU seconds, database requests and round trips (per invocation at most,
 * and all together), and the slowest invocation against the 60 s timeout (a ratio; 1 is a timeout).
 *
 * Counted, not estimated: the local cloud runs with `trace` (the function's worker numbers each database
 * request by its round trip; requests sent together share one) and the store under it tallies the
 * requests again as a check. CPU seconds are this process's, every thread: the function's worker, the
 * local cloud's protocol server and store, and this driver — so they include the database's work, which
 * production does elsewhere. The machine may be shared: compare CPU seconds as well as wall seconds.
 */
import { type Counts, countedCloud, sum } from './lib/counted-cloud'
import { buildFunctions } from '../scripts/build-functions'
import { generate } from '../scripts/dataset/generate'
import { PREFECTURE_CODE } from '../scripts/dataset/ganzi'
import { functionDecl } from '../config/cloud'
import { isEntry } from '../scripts/lib/entry'

const OFFICE = 'bench-office-prefecture'
const round = (x: number, digits = 2): number => Number(x.toFixed(digits))
const cpuNow = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** One invocation as measured. */
interface Invocation {
  seconds: number
  cpuSeconds: number
  requests: number
  roundTrips: number
}

export interface ActionFigures {
  invocations: number
  /** the slowest invocation */
  seconds: number
  totalSeconds: number
  cpuSeconds: number
  /** of the slowest invocation by CPU */
  maxCpuSeconds: number
  requests: number
  maxRequests: number
  roundTrips: number
  maxRoundTrips: number
  /** the slowest invocation's seconds over the function's timeout */
  timeoutRatio: number
}

/**
 * A prefecture-wide action: its first call, then (for a job) the call that continues it, until `done`
 * says the result is complete. `check` rejects a result that is not what the office would see.
 */
interface Scenario {
  name: string
  first: () => { action: string; data: unknown }
  next?: (last: unknown) => { action: string; data: unknown } | undefined
  check?: (last: unknown) => void
}

export function summarise(calls: Invocation[], timeoutSeconds: number): ActionFigures {
  const max = (f: (c: Invocation) => number) => Math.max(0, ...calls.map(f))
  const total = (f: (c: Invocation) => number) => calls.reduce((s, c) => s + f(c), 0)
  return {
    invocations: calls.length,
    seconds: round(max((c) => c.seconds)),
    totalSeconds: round(total((c) => c.seconds)),
    cpuSeconds: round(total((c) => c.cpuSeconds)),
    maxCpuSeconds: round(max((c) => c.cpuSeconds)),
    requests: total((c) => c.requests),
    maxRequests: max((c) => c.requests),
    roundTrips: total((c) => c.roundTrips),
    maxRoundTrips: max((c) => c.roundTrips),
    timeoutRatio: round(max((c) => c.seconds) / timeoutSeconds, 3),
  }
}

export async function run(): Promise<object> {
  await buildFunctions(['registry'], true)
  const timeout = functionDecl('registry')?.timeout ?? 60
  // every document stays parsed in the database's memory (about 605,000 of them): see countedCloud
  const { store, lc, counts, close } = await countedCloud('registry', { cacheSize: 1_000_000 })
  try {
    const t0 = performance.now()
    const loaded: Record<string, number> = {}
    for (const { collection, docs } of generate({ scale: 'full', pair: true, batchSize: 5000 })) {
      if (!store.hasCollection(collection)) store.createCollection(collection)
      store.insert(collection, docs as unknown as Record<string, unknown>[])
      loaded[collection] = (loaded[collection] ?? 0) + docs.length
    }
    store.insert('users', [{ _id: OFFICE, roles: [{ role: 'office', region: PREFECTURE_CODE }] }])
    const loadSeconds = (performance.now() - t0) / 1000
    console.log(`registry: full dataset loaded in ${round(loadSeconds)} s (${JSON.stringify(loaded)})`)

    const invoke = async (action: string, data: unknown): Promise<{ value: unknown; call: Invocation }> => {
      counts.current = {}
      const c0 = cpuNow()
      const started = performance.now()
      const { result, trace } = await lc.invokeTraced('registry', { action, data, lang: 'zh-Hans' }, { OPENID: OFFICE })
      const seconds = (performance.now() - started) / 1000
      const cpuSeconds = cpuNow() - c0
      const res = result as { ok: boolean; data?: unknown; error?: unknown }
      if (!res.ok) throw new Error(`${action} failed: ${JSON.stringify(res.error)}`)
      if (!trace) throw new Error('the local cloud did not trace')
      const seen = sum(counts.current as Counts)
      if (seen !== trace.requests)
        throw new Error(`${action}: the worker traced ${trace.requests} requests, the store saw ${seen}`)
      return { value: res.data, call: { seconds, cpuSeconds, requests: trace.requests, roundTrips: trace.roundTrips } }
    }

    const runScenario = async (s: Scenario): Promise<{ figures: ActionFigures; last: unknown }> => {
      const calls: Invocation[] = []
      let step: { action: string; data: unknown } | undefined = s.first()
      let last: unknown
      while (step) {
        const { value, call } = await invoke(step.action, step.data)
        calls.push(call)
        last = value
        step = s.next?.(value)
        if (calls.length > 500) throw new Error(`${s.name}: no end after 500 invocations`)
      }
      s.check?.(last)
      const figures = summarise(calls, timeout)
      console.log(
        `  ${s.name}: ${figures.invocations} invocation(s), slowest ${figures.seconds} s (${figures.timeoutRatio} of ${timeout} s), ` +
          `CPU ${figures.cpuSeconds} s, ${figures.requests} requests, ${figures.roundTrips} round trips`,
      )
      return { figures, last }
    }

    const region = PREFECTURE_CODE
    const results: Record<string, ActionFigures> = {}
    const out: Record<string, unknown> = {}

    // planner preview: a plan for the whole prefecture, keeping current pairings (the screen's default)
    let planId = ''
    {
      const { figures, last } = await runScenario({
        name: 'planPairing',
        first: () => ({ action: 'planPairing', data: { region, keepExisting: true } }),
      })
      results.planPairing = figures
      const plan = last as { planId: string; households: number; officials: number; coveredHouseholds: number }
      planId = plan.planId
      out.planHouseholds = plan.households
      out.planOfficials = plan.officials
      out.planCoveredHouseholds = plan.coveredHouseholds
    }
    results.plan = (await runScenario({ name: 'plan', first: () => ({ action: 'plan', data: { planId } }) })).figures
    {
      const { figures, last } = await runScenario({
        name: 'coverage',
        first: () => ({ action: 'coverage', data: { region } }),
      })
      results.coverage = figures
      const c = last as {
        total: { households: number; unpairedHouseholds: number; officials: number }
        byDepartment: unknown[]
      }
      out.coverageHouseholds = c.total.households
      out.coverageUnpaired = c.total.unpairedHouseholds
      out.coverageOfficials = c.total.officials
      out.coverageDepartments = c.byDepartment.length
    }
    for (const kind of ['households', 'officials'] as const) {
      const { figures, last } = await runScenario({
        name: `export ${kind}`,
        first: () => ({ action: 'exportRoster', data: { region, kind } }),
        // a job: called again with its id until the file is written
        next: (last) => {
          const job = last as { state?: string; jobId?: string }
          return job.state === undefined || job.state === 'done'
            ? undefined
            : { action: 'exportRoster', data: { region, kind, jobId: job.jobId } }
        },
      })
      results[`export${kind === 'households' ? 'Households' : 'Officials'}`] = figures
      out[`exported${kind === 'households' ? 'Households' : 'Officials'}`] = (last as { rows: number }).rows
    }
    {
      const { figures } = await runScenario({
        name: 'confirmPlan',
        first: () => ({ action: 'confirmPlan', data: { planId } }),
        next: (last) =>
          (last as { state: string }).state === 'done' ? undefined : { action: 'confirmPlan', data: { planId } },
      })
      results.confirmPlan = figures
    }

    return {
      actions: results,
      ...out,
      timeoutSeconds: timeout,
      loadSeconds: round(loadSeconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      node: process.version,
    }
  } finally {
    await close()
  }
}

if (isEntry(__filename)) {
  run().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
