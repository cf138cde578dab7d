/**
 * `npm run bench -- import`: a 264,974-row household roster (the whole prefecture, from the dataset
 * generator) through the registry function exactly as an office would send it: the file is put in the
 * local cloud's storage, `importUpload` downloads, reads and validates it (the dry run), then
 * `importCommit` / `importContinue` write it in batches until done. The function runs as its built
 * bundle (dist/functions/registry) in a worker thread of the local cloud's runner, inside its declared
 * timeout and memory.
 *
 * Two processes, as in production, where the database is a separate service and the function runs alone
 * with its declared 1024 MB: this one (the bench driver and the function's worker thread) and a child
 * running the local cloud (store, protocol server, storage), which also generates and uploads the file.
 * `peakRssMb` is this process, the function side; `database.peakRssMb` is the child's, reported beside
 * it, and so are CPU seconds for both (on a shared 2-core machine wall time also counts other people's
 * work). The database starts with the region tree and departments only (a first import).
 * Targets: dry run and commit under 60 s, under 1 GB.
 * `BENCH_IMPORT_FORMAT=xlsx` sends the same roster as an Excel file instead of CSV;
 * `BENCH_IMPORT_SCALE=tiny` (or `county`) runs the same steps on the generator's smaller slices, a check
 * that the bench still drives the function, not a measurement.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { cloud as cloudDecl } from '../config/cloud'
import { householdRow, HOUSEHOLD_COLUMNS } from '../cloudfunctions/registry/domain/roster/columns'
import { exportRoster } from '../cloudfunctions/registry/formats'
import type { Household } from '../config/documents'
import { FunctionRunner } from '../localcloud/runner'
import { sdkEnv, startLocalCloud } from '../localcloud/server'
import { PREFECTURE_CODE } from '../scripts/dataset/ganzi'
import { generate, type Scale } from '../scripts/dataset/generate'
import { isEntry } from '../scripts/lib/entry'
import type { CallResult } from '../src/shared/contract'
import type { ImportJob } from '../src/shared/contracts/registry'

const round = (x: number, digits = 2): number => Number(x.toFixed(digits))
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
const cpuSeconds = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
const functionsDir = resolve(__dirname, '..', 'dist', 'functions')
const OFFICE = 'bench-office-prefecture'
const ROLE = 'BENCH_IMPORT_ROLE'

type Format = 'csv' | 'xlsx'

const SCALES: readonly Scale[] = ['full', 'county', 'tiny']
const scale: Scale = SCALES.find((s) => s === process.env.BENCH_IMPORT_SCALE) ?? 'full'

function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The roster file and its row count, built from the generator one batch at a time. */
async function rosterFile(format: Format): Promise<{ bytes: Buffer; rows: number }> {
  const rows: ReturnType<typeof householdRow>[] = []
  const lines: string[] = [HOUSEHOLD_COLUMNS.map((c) => c.header).join(',')]
  for (const batch of generate({ scale, collections: ['households'] })) {
    for (const h of batch.docs as Household[]) {
      const row = householdRow(h)
      if (format === 'xlsx') rows.push(row)
      else lines.push(HOUSEHOLD_COLUMNS.map((c) => csvField(row[c.field])).join(','))
    }
  }
  if (format === 'xlsx') return { bytes: await exportRoster('households', rows), rows: rows.length }
  return { bytes: Buffer.from(lines.join('\r\n'), 'utf8'), rows: lines.length - 1 }
}

// ---------------------------------------------------------------------------------------------------
// The database side (child process)

interface Ready {
  type: 'ready'
  url: string
  fileId: string
  fileBytes: number
  fileRows: number
  fileBuildSeconds: number
}
interface Usage {
  type: 'usage'
  cpuSeconds: number
  peakRssMb: number
  heapUsedMb: number
  households: number
}

async function databaseSide(format: Format): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
  const cloud = await startLocalCloud({ port: 0, dataDir: dir, functionsDir, quiet: true, timers: false })
  const send = (msg: Ready | Usage) => process.send?.(msg)
  for (const batch of generate({ scale, collections: ['regions', 'departments'] })) {
    cloud.store.insert(batch.collection, batch.docs as unknown as Record<string, unknown>[])
  }
  cloud.store.insert('users', [{ _id: OFFICE, roles: [{ role: 'office', region: PREFECTURE_CODE }] }])

  const tFile = performance.now()
  const file = await rosterFile(format)
  const fileBuildSeconds = (performance.now() - tFile) / 1000
  // the client's upload: storage.getUploadMetadata, then a PUT of the bytes
  const cloudPath = `imports/bench-households/roster.${format}`
  const meta = (await (
    await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data: { url: string; fileId: string } }
  const put = await fetch(meta.data.url, { method: 'PUT', body: new Uint8Array(file.bytes) })
  if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`)
  send({
    type: 'ready',
    url: cloud.url,
    fileId: meta.data.fileId,
    fileBytes: file.bytes.length,
    fileRows: file.rows,
    fileBuildSeconds,
  })
  process.on('message', (msg: { type: string }) => {
    const usage = (): Usage => ({
      type: 'usage',
      cpuSeconds: cpuSeconds(),
      peakRssMb: rssMb(),
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576),
      households: cloud.store.count('households', {}),
    })
    if (msg.type === 'usage') send(usage())
    else if (msg.type === 'close') {
      void cloud.close().then(() => {
        rmSync(dir, { recursive: true, force: true })
        process.exit(0)
      })
    }
  })
}

// ---------------------------------------------------------------------------------------------------
// The function side (this process)

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (msg: T) => {
      if (msg.type !== type) return
      child.off('message', onMessage)
      child.off('exit', onExit)
      resolvePromise(msg)
    }
    const onExit = (code: number | null) => reject(new Error(`the database process exited (code ${code})`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

export async function run(): Promise<object> {
  if (!existsSync(join(functionsDir, 'registry', 'index.js')))
    throw new Error('dist/functions/registry is missing: run `npm run build:functions` first')
  const format: Format = process.env.BENCH_IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv'
  const child = fork(__filename, [], {
    env: { ...process.env, [ROLE]: 'database', BENCH_IMPORT_FORMAT: format },
    // BENCH_IMPORT_PROFILE=<dir>: the database process writes a CPU profile there (run this one with
    // `node --cpu-prof --import tsx bench/import.ts` for the function side)
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_IMPORT_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_IMPORT_PROFILE}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const usage = async (): Promise<Usage> => {
    const reply = nextMessage<Usage>(child, 'usage')
    child.send({ type: 'usage' })
    return reply
  }
  const runner = new FunctionRunner({
    functionsDir,
    decls: cloudDecl.functions,
    envId: cloudDecl.envId,
    appId: 'wxlocal0000000000',
    baseEnv: () => ({
      ...sdkEnv(ready.url, cloudDecl.envId),
      PATH: process.env.PATH ?? '',
      NODE_ENV: process.env.NODE_ENV ?? 'development',
    }),
    quiet: true,
    log: () => undefined,
  })
  let ready!: Ready
  try {
    ready = await nextMessage<Ready>(child, 'ready')
    const call = async (action: string, data: unknown): Promise<ImportJob> => {
      const text = await runner.invoke('registry', { action, data, lang: 'zh-Hans' }, { OPENID: OFFICE })
      const res = JSON.parse(text) as CallResult<ImportJob>
      if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`)
      return res.data
    }

    // CPU time per process, all threads: this one is the driver and the function's worker
    const d0 = await usage()
    const c0 = cpuSeconds()
    const t0 = performance.now()
    let checked = await call('importUpload', {
      region: PREFECTURE_CODE,
      kind: 'households',
      fileID: ready.fileId,
      fileName: `households.${format}`,
      batchSize: 1000,
    })
    let checkCalls = 1
    while (checked.state === 'checking') {
      checked = await call('importContinue', { jobId: checked.jobId })
      checkCalls++
    }
    const dryRunSeconds = (performance.now() - t0) / 1000
    const c1 = cpuSeconds()
    const d1 = await usage()
    const t1 = performance.now()
    let job = await call('importCommit', { jobId: checked.jobId })
    let calls = 1
    while (job.state !== 'done') {
      job = await call('importContinue', { jobId: checked.jobId })
      calls++
    }
    const commitSeconds = (performance.now() - t1) / 1000
    const c2 = cpuSeconds()
    const d2 = await usage()

    const figures = {
      rows: checked.rows,
      seconds: round(dryRunSeconds + commitSeconds),
      /** the function side: this process (bench driver + the registry function's worker thread) */
      peakRssMb: rssMb(),
      rowErrors: checked.rowErrors,
      format,
      scale,
      fileMb: round(ready.fileBytes / 1048576, 1),
      fileRows: ready.fileRows,
      dryRunSeconds: round(dryRunSeconds),
      dryRunCalls: checkCalls,
      commitSeconds: round(commitSeconds),
      commitCalls: calls,
      /** function-side CPU (this process, every thread) */
      cpuSeconds: round(c2 - c0),
      dryRunCpuSeconds: round(c1 - c0),
      commitCpuSeconds: round(c2 - c1),
      database: {
        /** the local cloud's process: store (with its document cache), protocol server, storage, file generator */
        peakRssMb: d2.peakRssMb,
        cpuSeconds: round(d2.cpuSeconds - d0.cpuSeconds),
        dryRunCpuSeconds: round(d1.cpuSeconds - d0.cpuSeconds),
        commitCpuSeconds: round(d2.cpuSeconds - d1.cpuSeconds),
        heapUsedMbAfter: d2.heapUsedMb,
      },
      totalCpuSeconds: round(c2 - c0 + d2.cpuSeconds - d0.cpuSeconds),
      batches: job.batches,
      inserted: job.inserted,
      updated: job.updated,
      householdsStored: d2.households,
      fileBuildSeconds: round(ready.fileBuildSeconds),
      targets: { seconds: 60, peakRssMb: 1024 },
      node: process.version,
    }
    console.log(
      `import: ${figures.rows} rows (${format}, ${figures.fileMb} MB): dry run ${figures.dryRunSeconds} s, ` +
        `commit ${figures.commitSeconds} s in ${calls} calls, ${figures.rowErrors} row errors, ` +
        `${figures.householdsStored} households stored; function side: peak RSS ${figures.peakRssMb} MB, ` +
        `CPU ${figures.cpuSeconds} s; database: peak RSS ${figures.database.peakRssMb} MB, ` +
        `CPU ${figures.database.cpuSeconds} s`,
    )
    return figures
  } finally {
    await runner.close()
    if (child.connected) {
      const exited = new Promise((done) => child.once('exit', done))
      child.send({ type: 'close' })
      await exited
    }
  }
}

if (process.env[ROLE] === 'database') {
  databaseSide(process.env.BENCH_IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv').catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
} else if (isEntry(__filename)) {
  run().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
