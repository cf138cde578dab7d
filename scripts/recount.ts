/**
 * `npm run recount -- [--data <dir>] [--as <admin openid>] [--check]`: rebuilds every contact counter
 * (per region at four levels and per department, per month and quarter) from the raw contacts and
 * households, and every relief request rate counter (per region and per unit) by replaying each request's
 * events (all time and each month and quarter), and the dashboard's own counters from the raw households,
 * officials, units and notices; prints each difference from the stored counters, and writes the rebuilt
 * values back unless `--check` is given. It runs the deployed `contacts`, `requests` and `dashboard`
 * functions' `recount` actions, as an administrator, on the local cloud's data folder (default
 * .localcloud/data, where `npm start` keeps it); in production an administrator calls the same actions. The requests' are called once per county (a
 * county's requests fit one call's time and memory), then once for the prefecture, checked against the
 * sum of its counties.
 */
import path from 'node:path'
import type { LocalCloud } from '../localcloud/server'
import { startLocalCloud } from '../localcloud/server'
import { buildFunctions, functionsOut } from './build-functions'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback
}

const USAGE = `npm run recount -- [--data <dir>] [--as <admin openid>] [--check]
  --data   the local cloud's data folder (default .localcloud/data)
  --as     the administrator to run the recount as (default demo-admin-1)
  --check  report the differences and exit 1 if there are any, without writing`

interface Recounted {
  checked: number
  /** the dashboard's: how many differed, when its answer names only the first */
  differing?: number
  differences: { id: string; counter: string; stored: number; actual: number }[]
  counties?: string[]
}

async function recount(lc: LocalCloud, fn: string, data: object, openid: string, print = true): Promise<Recounted> {
  const res = (await lc.invoke(fn, { action: 'recount', data }, { OPENID: openid })) as {
    ok: boolean
    data?: Recounted
    error?: { code: string; message: string }
  }
  if (!res.ok || !res.data) throw new Error(`${fn} recount refused: ${res.error?.code} ${res.error?.message}`)
  if (print)
    for (const d of res.data.differences)
      console.log(`${d.id}  ${d.counter}: stored ${d.stored}, recounted ${d.actual}`)
  return res.data
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    return
  }
  const dataDir = path.resolve(arg('data', '.localcloud/data'))
  const openid = arg('as', 'demo-admin-1')
  const fix = !process.argv.includes('--check')
  await buildFunctions(['contacts', 'requests', 'dashboard'], true)
  const lc = await startLocalCloud({ port: 0, dataDir, functionsDir: functionsOut, quiet: true, timers: false })
  try {
    const contacts = await recount(lc, 'contacts', { fix }, openid)
    console.log(
      `${contacts.checked} stats documents checked, ${contacts.differences.length} differences${fix && contacts.differences.length ? ' (fixed)' : ''}`,
    )
    // the counties first, one call each: the prefecture's counters are checked against theirs after
    const { counties = [] } = await recount(lc, 'requests', { fix: false }, openid, false)
    let checked = 0
    let differences = 0
    for (const county of counties) {
      const r = await recount(lc, 'requests', { county, fix, periods: true }, openid)
      checked += r.checked
      differences += r.differences.length
    }
    const top = await recount(lc, 'requests', { fix, periods: true }, openid)
    checked += top.checked
    differences += top.differences.length
    console.log(
      `${checked} request rate counters checked, ${differences} differences${fix && differences ? ' (fixed)' : ''}`,
    )
    const dashboard = await recount(lc, 'dashboard', { fix }, openid)
    console.log(
      `${dashboard.checked} dashboard counters checked, ${dashboard.differing} differences${fix && dashboard.differing ? ' (fixed)' : ''}${(dashboard.differing ?? 0) > dashboard.differences.length ? ` (the first ${dashboard.differences.length} shown)` : ''}`,
    )
    if (!fix && (contacts.differences.length || differences || dashboard.differing)) process.exitCode = 1
  } finally {
    await lc.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
