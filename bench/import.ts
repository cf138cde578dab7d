/**
 * `npm run bench -- import`: a 264,974-row household roster (the whole prefecture, from the dataset
 * generator) through the registry function exactly as an office would send it: the file is put in the
 * local cloud's storage, `importUpload` downloads, reads and validates it (the dry run), then
 * `importCommit` / `importContinue` write it in batches until done. The function runs as its built
 * bundle (dist/functions/registry) in the cloud's worker pool, inside its declared timeout and memory.
 *
 * The database starts with the region tree and departments only (a first import). Targets (issue 5):
 * dry run and commit under 60 s, peak RSS under 1 GB (this whole process: generator, cloud, worker).
 * `BENCH_IMPORT_FORMAT=xlsx` sends the same roster as an Excel file instead of CSV.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { exportRoster, householdRow, HOUSEHOLD_COLUMNS } from '../cloudfunctions/registry/domain/roster'
import type { Household } from '../cloudfunctions/registry/domain/types'
import { startLocalCloud } from '../localcloud/server'
import { PREFECTURE_CODE } from '../scripts/dataset/ganzi'
import { generate } from '../scripts/dataset/generate'
import { isEntry } from '../scripts/lib/entry'
import type { CallResult } from '../src/shared/contract'
import type { ImportJob } from '../src/shared/contracts/registry'

const round = (x: number, digits = 2): number => Number(x.toFixed(digits))
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
const functionsDir = resolve(__dirname, '..', 'dist', 'functions')
const OFFICE = 'bench-office-prefecture'

function csvField(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The roster file and its row count, built from the generator one batch at a time. */
async function rosterFile(format: 'csv' | 'xlsx'): Promise<{ bytes: Buffer; rows: number }> {
  const rows: ReturnType<typeof householdRow>[] = []
  const lines: string[] = [HOUSEHOLD_COLUMNS.map((c) => c.header).join(',')]
  for (const batch of generate({ scale: 'full', collections: ['households'] })) {
    for (const h of batch.docs as Household[]) {
      const row = householdRow(h)
      if (format === 'xlsx') rows.push(row)
      else lines.push(HOUSEHOLD_COLUMNS.map((c) => csvField(row[c.field])).join(','))
    }
  }
  if (format === 'xlsx') return { bytes: await exportRoster('households', rows), rows: rows.length }
  return { bytes: Buffer.from(lines.join('\r\n'), 'utf8'), rows: lines.length - 1 }
}

export async function run(): Promise<object> {
  if (!existsSync(join(functionsDir, 'registry', 'index.js')))
    throw new Error('dist/functions/registry is missing: run `npm run build:functions` first')
  const format = process.env.BENCH_IMPORT_FORMAT === 'xlsx' ? 'xlsx' : 'csv'
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'))
  const cloud = await startLocalCloud({ port: 0, dataDir: dir, functionsDir, quiet: true, timers: false })
  try {
    for (const batch of generate({ scale: 'full', collections: ['regions', 'departments'] })) {
      cloud.store.insert(batch.collection, batch.docs as unknown as Record<string, unknown>[])
    }
    cloud.store.insert('users', [{ _id: OFFICE, roles: [{ role: 'office', region: PREFECTURE_CODE }] }])

    const tFile = performance.now()
    const file = await rosterFile(format)
    const fileSeconds = (performance.now() - tFile) / 1000

    // the client's upload: storage.getUploadMetadata, then a PUT of the bytes
    const cloudPath = `uploads/bench-households.${format}`
    const meta = (await (
      await fetch(`${cloud.url}/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
      })
    ).json()) as { data: { url: string; fileId: string } }
    const put = await fetch(meta.data.url, { method: 'PUT', body: new Uint8Array(file.bytes) })
    if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`)

    const call = async (action: string, data: unknown): Promise<ImportJob> => {
      const res = (await cloud.invoke(
        'registry',
        { action, data, lang: 'zh-Hans' },
        { OPENID: OFFICE },
      )) as CallResult<ImportJob>
      if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`)
      return res.data
    }

    // CPU time of the whole process (every thread: the cloud, its worker): on a shared 2-core machine the
    // wall time also counts other people's work
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    let checked = await call('importUpload', {
      region: PREFECTURE_CODE,
      kind: 'households',
      fileID: meta.data.fileId,
      fileName: `households.${format}`,
      batchSize: 1000,
    })
    let checkCalls = 1
    while (checked.state === 'checking') {
      checked = await call('importContinue', { jobId: checked.jobId })
      checkCalls++
    }
    const dryRunSeconds = (performance.now() - t0) / 1000
    const c1 = process.cpuUsage()
    const t1 = performance.now()
    let job = await call('importCommit', { jobId: checked.jobId })
    let calls = 1
    while (job.state !== 'done') {
      job = await call('importContinue', { jobId: checked.jobId })
      calls++
    }
    const commitSeconds = (performance.now() - t1) / 1000
    const cpu = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user - a.user + b.system - a.system) / 1e6
    const c2 = process.cpuUsage()
    const stored = cloud.store.count('households', {})
    // the main thread's heap holds the cloud's document cache; the rest of the RSS is the function's worker
    const mainHeapMb = Math.round(process.memoryUsage().heapUsed / 1048576)

    const figures = {
      rows: checked.rows,
      seconds: round(dryRunSeconds + commitSeconds),
      peakRssMb: rssMb(),
      rowErrors: checked.rowErrors,
      format,
      fileMb: round(file.bytes.length / 1048576, 1),
      dryRunSeconds: round(dryRunSeconds),
      dryRunCalls: checkCalls,
      commitSeconds: round(commitSeconds),
      cpuSeconds: round(cpu(c0, c2)),
      dryRunCpuSeconds: round(cpu(c0, c1)),
      commitCpuSeconds: round(cpu(c1, c2)),
      commitCalls: calls,
      batches: job.batches,
      inserted: job.inserted,
      updated: job.updated,
      householdsStored: stored,
      mainHeapMbAfter: mainHeapMb,
      fileBuildSeconds: round(fileSeconds),
      targets: { seconds: 60, peakRssMb: 1024 },
      node: process.version,
    }
    console.log(
      `import: ${figures.rows} rows (${format}, ${figures.fileMb} MB): dry run ${figures.dryRunSeconds} s, ` +
        `commit ${figures.commitSeconds} s in ${calls} calls, ${figures.rowErrors} row errors, ` +
        `${stored} households stored, peak RSS ${figures.peakRssMb} MB`,
    )
    return figures
  } finally {
    await cloud.close()
    rmSync(dir, { recursive: true, force: true })
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
