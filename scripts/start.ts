/**
 * `npm start`: the whole system on one machine. Builds the function bundles and the H5 app, starts the
 * local cloud on 127.0.0.1 serving both, seeds one county's demo slice into an empty data dir, and
 * prints the URL and the demo identities to sign in as. Runs until Ctrl-C.
 *
 *   npm start -- [--port 8710] [--scale county|tiny] [--data .localcloud/data] [--rebuild]
 *
 * The H5 build is skipped when dist/h5 is newer than every file under src/, config/ and
 * cloudfunctions/<fn>/domain/ (`--rebuild` forces it). Demo identities are also written to
 * dist/h5/local-identities.json, which the H5 app's local-mode panel reads (see src/services/local.ts).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Store } from '../localcloud/store/types'
import type { LocalIdentity } from '../src/services/local'
import { IDENTITIES_FILE } from '../src/services/local'
import { buildFunctions, functionsOut } from './build-functions'
import { isEntry } from './lib/entry'
import type { Scale } from './dataset/generate'
import { DEFAULT_SEED, generate } from './dataset/generate'

const root = resolve(__dirname, '..')
export const h5Out = join(root, 'dist', 'h5')

type Named = string | { 'zh-Hans'?: string; bo?: string } | undefined

/** Names in the data are bilingual objects (some older shapes are plain strings). */
function zhName(name: Named): string {
  if (typeof name === 'string') return name
  return name?.['zh-Hans'] || name?.bo || ''
}

/** Inserts the generated slice (with current pairings) into the store, batch by batch. */
export function seedDemo(store: Store, scale: Scale = 'county', seed = DEFAULT_SEED): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const { collection, docs } of generate({ seed, scale, pair: true })) {
    if (!store.hasCollection(collection)) store.createCollection(collection)
    store.insert(collection, docs as unknown as Record<string, unknown>[])
    counts[collection] = (counts[collection] ?? 0) + docs.length
  }
  return counts
}

interface UserDoc {
  _id: string
  roles: { role: string; householdId?: string; officialId?: string; region?: string; departmentId?: string }[]
}

/** The demo users found in the store, each with a readable name: read back from the data, so an
 * already seeded data dir lists the same identities as a fresh one. */
export function demoIdentities(store: Store): LocalIdentity[] {
  if (!store.hasCollection('users')) return []
  const users = store.find('users', {}, { sort: { _id: 1 }, limit: 100 }) as unknown as UserDoc[]
  const one = (collection: string, id: string | undefined) =>
    id && store.hasCollection(collection)
      ? (store.find(collection, { _id: id }, { limit: 1 })[0] as Record<string, unknown> | undefined)
      : undefined
  const regionName = (code: string | undefined) => zhName(one('regions', code)?.name as Named)
  const order = ['household', 'official', 'office', 'reviewer', 'department', 'admin']
  const rank = (user: UserDoc) => {
    const at = order.indexOf(user.roles[0]?.role ?? '')
    return at < 0 ? order.length : at
  }
  users.sort((a, b) => rank(a) - rank(b))
  return users.map((user) => {
    const grant = user.roles[0]
    const base = { openid: user._id, role: user.roles.map((r) => r.role).join('+') || 'unbound' }
    if (grant?.role === 'household') {
      const household = one('households', grant.householdId)
      const head = (household?.head as { name?: Named } | undefined)?.name ?? (household?.headName as Named)
      const path = (household?.regionPath as string[] | undefined) ?? []
      return { ...base, name: zhName(head), note: regionName(path[path.length - 1]) }
    }
    if (grant?.role === 'official') {
      const official = one('officials', grant.officialId)
      const department = one('departments', official?.departmentId as string | undefined)
      return { ...base, name: zhName(official?.name as Named), note: zhName(department?.name as Named) }
    }
    if (grant?.role === 'department') {
      return { ...base, name: zhName(one('departments', grant.departmentId)?.name as Named), note: grant.departmentId }
    }
    if (grant?.region) return { ...base, name: regionName(grant.region), note: grant.region }
    return { ...base, name: user._id }
  })
}

export function writeIdentities(staticDir: string, identities: LocalIdentity[]): void {
  writeFileSync(join(staticDir, IDENTITIES_FILE), JSON.stringify({ identities }, null, 2) + '\n')
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

function h5IsFresh(): boolean {
  const index = join(h5Out, 'index.html')
  if (!existsSync(index)) return false
  // cloudfunctions/*/domain too: the client compiles the pure domain modules it imports from there
  const domains = readdirSync(join(root, 'cloudfunctions'))
    .map((fn) => join('cloudfunctions', fn, 'domain'))
    .filter((dir) => existsSync(join(root, dir)))
  const sources = Math.max(...['src', 'config', ...domains].map((dir) => newestMtime(join(root, dir))))
  return statSync(index).mtimeMs > sources
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? process.argv[at + 1] : undefined
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.PORT ?? 8710)
  const scale = (arg('scale') ?? 'county') as Scale
  const dataDir = resolve(root, arg('data') ?? '.localcloud/data')

  console.log('▶ building cloud functions → dist/functions')
  await buildFunctions(undefined, true)
  if (process.argv.includes('--rebuild') || !h5IsFresh()) {
    console.log('▶ building the H5 app → dist/h5 (about a minute the first time)')
    const build = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: root, stdio: 'inherit' })
    if (build.status !== 0) throw new Error('H5 build failed')
  } else {
    console.log('▶ dist/h5 is newer than its sources: H5 build skipped (--rebuild to force)')
  }

  const { startLocalCloud } = await import('../localcloud/server/index')
  const cloud = await startLocalCloud({
    port,
    host: '127.0.0.1',
    dataDir,
    functionsDir: functionsOut,
    staticDir: h5Out,
  })
  if (cloud.store.count('users', {}) === 0) {
    const started = Date.now()
    const counts = seedDemo(cloud.store, scale)
    const summary = Object.entries(counts)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ')
    console.log(`▶ seeded the '${scale}' demo slice in ${Date.now() - started} ms: ${summary}`)
    const { addDemoContent, addDemoMenu, addDemoPhases, addDemoRequests, countDemo } = await import('./demo-content')
    const menu = await addDemoMenu(cloud)
    console.log(`▶ demo relief menu: ${menu.categories} categories, ${menu.services} services`)
    const content = await addDemoContent(cloud)
    console.log(`▶ demo content through the functions: ${content.notices} notices, ${content.contacts} contacts`)
    const relief = await addDemoRequests(cloud)
    console.log(`▶ demo requests in the units' inboxes: ${relief.requests}`)
    const { addDemoExchange } = await import('./demo-content')
    const selection = await addDemoExchange(cloud)
    console.log(
      `▶ demo selection through the functions: ${selection.campaigns} campaigns, ${selection.named} named, ${selection.trips} trip`,
    )
    const { phases } = await addDemoPhases(cloud)
    console.log(`▶ demo phases and their targets, set by the prefecture office: ${phases}`)
    const { counted } = await countDemo(cloud)
    console.log(`▶ the demo's counters counted once: ${counted.join(', ')}`)
  } else {
    console.log(`▶ using the data already in ${dataDir} (delete it, or \`npm run cloud -- reset\`, to reseed)`)
  }
  const identities = demoIdentities(cloud.store)
  writeIdentities(h5Out, identities)

  console.log(`\n石榴籽 is running at ${cloud.url}/`)
  console.log('Local mode: pick an identity on the start screen, or open a link below.\n')
  for (const identity of identities) {
    const who = [identity.name, identity.note].filter(Boolean).join(' · ')
    console.log(`  ${identity.role.padEnd(11)} ${identity.openid.padEnd(24)} ${who}`)
    console.log(`  ${''.padEnd(11)} ${cloud.url}/?as=${encodeURIComponent(identity.openid)}`)
  }
  console.log('\nCtrl-C to stop.')

  const stop = () => {
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (isEntry(__filename)) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
