/**
 * `npm run recount -- [--data <dir>] [--as <admin openid>] [--check]`: rebuilds every contact counter
 * (per region at four levels and per department, per month and quarter) from the raw contacts and
 * households, prints each difference from the stored counters, and writes the rebuilt values back
 * unless `--check` is given. It runs the deployed `contacts` function's `recount` action, as an
 * administrator, on the local cloud's data folder (default .localcloud/data, where `npm start` keeps it);
 * in production an administrator calls the same action.
 */
import path from 'node:path'
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

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    console.log(USAGE)
    return
  }
  const dataDir = path.resolve(arg('data', '.localcloud/data'))
  const openid = arg('as', 'demo-admin-1')
  const fix = !process.argv.includes('--check')
  await buildFunctions(['contacts'], true)
  const lc = await startLocalCloud({ port: 0, dataDir, functionsDir: functionsOut, quiet: true, timers: false })
  try {
    const res = (await lc.invoke('contacts', { action: 'recount', data: { fix } }, { OPENID: openid })) as {
      ok: boolean
      data?: { checked: number; differences: { id: string; counter: string; stored: number; actual: number }[] }
      error?: { code: string; message: string }
    }
    if (!res.ok || !res.data) throw new Error(`recount refused: ${res.error?.code} ${res.error?.message}`)
    for (const d of res.data.differences)
      console.log(`${d.id}  ${d.counter}: stored ${d.stored}, recounted ${d.actual}`)
    console.log(
      `${res.data.checked} stats documents checked, ${res.data.differences.length} differences${fix && res.data.differences.length ? ' (fixed)' : ''}`,
    )
    if (!fix && res.data.differences.length) process.exitCode = 1
  } finally {
    await lc.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
