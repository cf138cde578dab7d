/**
 * `npm run bench -- seed`: the full Ganzi dataset (264,974 households, 65,457 officials, their current
 * pairings, the 石榴籽 network, regions and departments) into a fresh local cloud, the way `npm start`
 * seeds its slice: generator batches straight into the cloud's store, with the declared indexes live.
 * Targets: under 120 s, peak RSS under 2 GB — the RSS of this whole process, which runs the
 * cloud in-process (process.resourceUsage().maxRSS).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalCloud } from '../localcloud/server'
import { generate } from '../scripts/dataset/generate'
import { isEntry } from '../scripts/lib/entry'

const round = (x: number, digits = 2): number => Number(x.toFixed(digits))
const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-seed-'))
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: dir,
    functionsDir: join(dir, 'none'),
    quiet: true,
    timers: false,
  })
  try {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    const inserted: Record<string, number> = {}
    let generateMs = 0
    let insertMs = 0
    const batches = generate({ scale: 'full', pair: true })
    for (;;) {
      const g = performance.now()
      const next = batches.next()
      generateMs += performance.now() - g
      if (next.done) break
      const { collection, docs } = next.value
      const w = performance.now()
      if (!cloud.store.hasCollection(collection)) cloud.store.createCollection(collection)
      cloud.store.insert(collection, docs as unknown as Record<string, unknown>[])
      insertMs += performance.now() - w
      inserted[collection] = (inserted[collection] ?? 0) + docs.length
    }
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(c0)
    // read back through the store, not from the generator's tally
    const households = cloud.store.count('households', {})
    const officials = cloud.store.count('officials', {})
    const figures = {
      seconds: round(seconds),
      peakRssMb: rssMb(),
      households,
      officials,
      pairings: cloud.store.count('pairings', {}),
      units: cloud.store.count('units', {}),
      regions: cloud.store.count('regions', {}),
      departments: cloud.store.count('departments', {}),
      documents: Object.values(inserted).reduce((a, b) => a + b, 0),
      generateSeconds: round(generateMs / 1000),
      insertSeconds: round(insertMs / 1000),
      cpuSeconds: round((cpu.user + cpu.system) / 1e6),
      targets: { seconds: 120, peakRssMb: 2048 },
      node: process.version,
    }
    console.log(
      `seed: ${figures.documents} documents (${households} households, ${officials} officials, ${figures.pairings} pairings) ` +
        `in ${figures.seconds} s (generate ${figures.generateSeconds} s, insert ${figures.insertSeconds} s), peak RSS ${figures.peakRssMb} MB`,
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
