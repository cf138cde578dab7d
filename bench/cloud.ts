/**
 * `npm run bench -- cloud`: the local cloud's embedded store against @seald-io/nedb on the same workload,
 * 300,000 household-like documents. Each engine runs in its own child process (so RSS is its own), on
 * the same generated documents; figures are medians over repetitions. Then a full round trip
 * wx-server-sdk → local cloud → store is timed for `doc(id).get()` on the data the store child left.
 *
 * Targets (issue 2): never slower than NeDB, ≥ 2× NeDB on counts and writes, reopen < 100 ms.
 * Writes bench-results/cloud.json: { ours, nedb, ratio } with ratio = nedb / ours (above 1 = faster).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const N = Number(process.env.BENCH_CLOUD_DOCS ?? 300_000)
const COUNTIES = 15
const TOWNSHIPS_PER_COUNTY = 20
const VILLAGES_PER_TOWNSHIP = 10
const KEYS = ['findIndexedMs', 'countMs', 'inQueryMs', 'multiIncMs', 'singleIncsMs', 'reopenMs', 'rssMb'] as const
type Figures = Record<(typeof KEYS)[number], number>

const round = (x: number, digits = 3) => Number(x.toFixed(digits))

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Deterministic household-like documents; townships hold N / 300 documents each (1,000 at full size). */
function* households(): Generator<Record<string, unknown>> {
  let seed = 42
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const townships = COUNTIES * TOWNSHIPS_PER_COUNTY
  const perTownship = Math.ceil(N / townships)
  for (let i = 0; i < N; i++) {
    const t = Math.floor(i / perTownship)
    const county = Math.floor(t / TOWNSHIPS_PER_COUNTY)
    const village = t * VILLAGES_PER_TOWNSHIP + Math.floor(rnd() * VILLAGES_PER_TOWNSHIP)
    yield {
      _id: `h${String(i).padStart(8, '0')}`,
      externalId: `HH${String(i).padStart(7, '0')}`,
      name: `户主${i}`,
      regionPath: ['5133', `c${county}`, `t${t}`, `v${village}`],
      members: 1 + Math.floor(rnd() * 7),
      officialIds: [`o${Math.floor(i / 4)}`, `o${Math.floor(rnd() * (N / 4))}`],
      riskLevel: ['low', 'medium', 'high'][Math.floor(rnd() * 3)],
      lastContactAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 365 * 86400_000)),
      income: Math.floor(rnd() * 50_000),
    }
  }
}

const perTownship = () => Math.ceil(N / (COUNTIES * TOWNSHIPS_PER_COUNTY))
const extId = (i: number) => `HH${String(i).padStart(7, '0')}`
const docId = (i: number) => `h${String(i).padStart(8, '0')}`

/** Probes shared by both engines: the same ids, counties and townships in the same order. */
function probes() {
  let seed = 7
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const pick = () => Math.floor(rnd() * N)
  return {
    finds: Array.from({ length: 300 }, () => extId(pick())),
    counties: Array.from({ length: 15 }, (_, i) => `c${i % COUNTIES}`),
    ins: Array.from({ length: 15 }, () => Array.from({ length: 50 }, () => extId(pick()))),
    townships: Array.from({ length: 5 }, (_, i) => `t${(i * 37) % (COUNTIES * TOWNSHIPS_PER_COUNTY)}`),
    singles: Array.from({ length: 5 }, () => Array.from({ length: 1000 }, () => docId(pick()))),
  }
}

const INDEXES = {
  households: {
    indexes: [
      { name: 'externalId', keys: [{ field: 'externalId', direction: 1 as const }], unique: true },
      { name: 'regionPath', keys: [{ field: 'regionPath', direction: 1 as const }] },
      { name: 'officialIds', keys: [{ field: 'officialIds', direction: 1 as const }] },
    ],
  },
}

async function timeEach<T>(items: T[], fn: (x: T) => unknown): Promise<number[]> {
  const out: number[] = []
  for (const x of items) {
    const t0 = performance.now()
    await fn(x)
    out.push(performance.now() - t0)
  }
  return out
}

async function runOurs(dir: string): Promise<Figures & { loadMs: number }> {
  const { openStore } = await import('../localcloud/store/index')
  const p = probes()
  let store = openStore(dir, { quiet: true })
  const t0 = performance.now()
  store.applyIndexes(INDEXES)
  let batch: Record<string, unknown>[] = []
  for (const d of households()) {
    batch.push(d)
    if (batch.length === 1000) {
      store.insert('households', batch)
      batch = []
    }
  }
  if (batch.length) store.insert('households', batch)
  const loadMs = performance.now() - t0
  // reopen first: what a restarted local cloud pays before its first answer (open + one indexed read)
  store.close()
  const reopen: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    store = openStore(dir, { quiet: true })
    store.find('households', { externalId: p.finds[i]! })
    reopen.push(performance.now() - t)
    if (i < 4) store.close()
  }
  const s = store
  const finds = await timeEach(p.finds, (e) => s.find('households', { externalId: e }))
  const counts = await timeEach(p.counties, (c) => s.count('households', { regionPath: c }))
  const ins = await timeEach(p.ins, (xs) => s.find('households', { externalId: { $in: xs } }))
  const multi = await timeEach(p.townships, (t) =>
    s.update('households', { regionPath: t }, { $inc: { income: 1 } }, { multi: true }),
  )
  const singles = await timeEach(p.singles, (ids) => {
    for (const id of ids) s.update('households', { _id: id }, { $inc: { income: 1 } })
  })
  if (s.count('households', { regionPath: p.townships[0]! }) !== perTownship()) throw new Error('count mismatch')
  s.close()
  return {
    findIndexedMs: median(finds.slice(20)),
    countMs: median(counts),
    inQueryMs: median(ins),
    multiIncMs: median(multi),
    singleIncsMs: median(singles),
    reopenMs: median(reopen),
    rssMb: process.memoryUsage().rss / 1048576,
    loadMs,
  }
}

async function runNedb(dir: string): Promise<Figures & { loadMs: number }> {
  const { default: Datastore } = (await import('@seald-io/nedb')) as unknown as {
    default: new (o: { filename: string; autoload?: boolean }) => NedbStore
  }
  interface NedbStore {
    loadDatabaseAsync(): Promise<void>
    ensureIndexAsync(o: { fieldName: string; unique?: boolean }): Promise<void>
    insertAsync(docs: unknown): Promise<unknown>
    findAsync(q: unknown): Promise<unknown[]>
    countAsync(q: unknown): Promise<number>
    updateAsync(q: unknown, u: unknown, o?: unknown): Promise<unknown>
    compactDatafileAsync(): Promise<void>
  }
  const p = probes()
  const filename = path.join(dir, 'households.db')
  const open = async () => {
    const db = new Datastore({ filename })
    await db.loadDatabaseAsync()
    await db.ensureIndexAsync({ fieldName: 'externalId', unique: true })
    await db.ensureIndexAsync({ fieldName: 'regionPath' })
    await db.ensureIndexAsync({ fieldName: 'officialIds' })
    return db
  }
  const t0 = performance.now()
  let db = await open()
  let batch: Record<string, unknown>[] = []
  for (const d of households()) {
    batch.push(d)
    if (batch.length === 1000) {
      await db.insertAsync(batch)
      batch = []
    }
  }
  if (batch.length) await db.insertAsync(batch)
  const loadMs = performance.now() - t0
  await db.compactDatafileAsync()
  const reopen: number[] = []
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    db = await open()
    await db.findAsync({ externalId: p.finds[i]! })
    reopen.push(performance.now() - t)
  }
  const finds = await timeEach(p.finds, (e) => db.findAsync({ externalId: e }))
  const counts = await timeEach(p.counties, (c) => db.countAsync({ regionPath: c }))
  const ins = await timeEach(p.ins, (xs) => db.findAsync({ externalId: { $in: xs } }))
  const multi = await timeEach(p.townships, (t) =>
    db.updateAsync({ regionPath: t }, { $inc: { income: 1 } }, { multi: true }),
  )
  const singles = await timeEach(p.singles, async (ids) => {
    for (const id of ids) await db.updateAsync({ _id: id }, { $inc: { income: 1 } })
  })
  return {
    findIndexedMs: median(finds.slice(20)),
    countMs: median(counts),
    inQueryMs: median(ins),
    multiIncMs: median(multi),
    singleIncsMs: median(singles),
    reopenMs: median(reopen),
    rssMb: process.memoryUsage().rss / 1048576,
    loadMs,
  }
}

/** p50/p95 of `db.collection('households').doc(id).get()` through the real wx-server-sdk. */
async function sdkRoundTrip(dataDir: string): Promise<{ sdkReadP50Ms: number; sdkReadP95Ms: number } | string> {
  const serverFile = path.join(__dirname, '..', 'localcloud', 'server', 'index.ts')
  if (!fs.existsSync(serverFile)) return 'localcloud/server/index.ts does not exist'
  const server = (await import('../localcloud/server/index')) as unknown as {
    startLocalCloud(
      o: Record<string, unknown>,
    ): Promise<{ url: string; tcbContextCnfg: string; close(): Promise<void> }>
    sdkEnv?: (url: string, env: string) => Record<string, string>
  }
  const env = 'bench'
  const lc = await server.startLocalCloud({ port: 0, dataDir, quiet: true, timers: false, envId: env })
  try {
    Object.assign(process.env, {
      TCB_CONTEXT_CNFG: lc.tcbContextCnfg,
      TENCENTCLOUD_SECRETID: 'local',
      TENCENTCLOUD_SECRETKEY: 'local',
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: env,
      TCB_ENV: env,
      ...(server.sdkEnv ? server.sdkEnv(lc.url, env) : {}),
    })
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as {
      init(o: { env: string }): void
      database(): { collection(n: string): { doc(id: string): { get(): Promise<{ data: unknown }> } } }
    }
    cloud.init({ env })
    const db = cloud.database()
    const ids = probes().singles[0]!
    for (const id of ids.slice(0, 50)) await db.collection('households').doc(id).get()
    const times = await timeEach(ids, async (id) => {
      const r = await db.collection('households').doc(id).get()
      if (!r.data) throw new Error(`no document ${id}`)
    })
    times.sort((a, b) => a - b)
    return { sdkReadP50Ms: median(times), sdkReadP95Ms: times[Math.floor(times.length * 0.95)]! }
  } finally {
    await lc.close()
  }
}

function child(engine: 'ours' | 'nedb', dir: string): Figures & { loadMs: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--engine', engine, '--dir', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
    env: process.env,
  })
  if (r.status !== 0) throw new Error(`${engine} benchmark failed (${r.status}): ${r.stdout}`)
  const last = r.stdout.trim().split('\n').pop()!
  return JSON.parse(last) as Figures & { loadMs: number }
}

export async function run(): Promise<object> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cloud-'))
  try {
    const oursDir = path.join(root, 'cloud', 'db')
    console.log(`cloud: ${N} documents, our store…`)
    const ours = child('ours', oursDir)
    console.log('cloud: NeDB…')
    const nedb = child('nedb', path.join(root, 'nedb'))
    console.log('cloud: wx-server-sdk round trip…')
    let sdk: Awaited<ReturnType<typeof sdkRoundTrip>>
    try {
      sdk = await sdkRoundTrip(path.join(root, 'cloud'))
    } catch (e) {
      sdk = `round trip failed: ${(e as Error).message}`
    }
    const ratio: Record<string, number> = {}
    for (const k of KEYS) ratio[k] = round(nedb[k] / ours[k], 2)
    const pick = (f: Figures & { loadMs: number }) =>
      Object.fromEntries([...KEYS, 'loadMs'].map((k) => [k, round(f[k as keyof typeof f])]))
    const oursOut: Record<string, number | string> = pick(ours)
    if (typeof sdk === 'string') oursOut.sdkRoundTrip = sdk
    else {
      oursOut.sdkReadP50Ms = round(sdk.sdkReadP50Ms)
      oursOut.sdkReadP95Ms = round(sdk.sdkReadP95Ms)
    }
    const result = {
      documents: N,
      ours: oursOut,
      nedb: pick(nedb),
      ratio,
      machine: { node: process.version, cpus: os.cpus().length },
    }
    const out = path.join(process.cwd(), 'bench-results')
    fs.mkdirSync(out, { recursive: true })
    fs.writeFileSync(path.join(out, 'cloud.json'), JSON.stringify(result, null, 2) + '\n')
    console.log(`\n${'figure'.padEnd(14)} ${'ours'.padStart(10)} ${'nedb'.padStart(10)} ${'nedb/ours'.padStart(10)}`)
    for (const k of KEYS) {
      console.log(
        `${k.padEnd(14)} ${String(result.ours[k]).padStart(10)} ${String(result.nedb[k]).padStart(10)} ${String(ratio[k]).padStart(10)}`,
      )
    }
    if (typeof sdk === 'string') console.log(`sdk round trip: ${sdk}`)
    else console.log(`sdk doc().get() p50 ${oursOut.sdkReadP50Ms} ms, p95 ${oursOut.sdkReadP95Ms} ms`)
    return result
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}

const arg = (name: string) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const engine = arg('--engine')
  const main = engine
    ? (engine === 'ours' ? runOurs : runNedb)(arg('--dir')!).then((f) => console.log(JSON.stringify(f)))
    : run()
  main.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
