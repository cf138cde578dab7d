/**
 * `npm run bench -- <name> [...]`: builds the function bundles, then runs bench/<name>.ts, whose `run()`
 * returns its figures; they are written to bench-results/<name>.json and printed as a table. With no
 * name, lists the benchmarks.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildFunctions } from '../scripts/build-functions'
import { isEntry } from '../scripts/lib/entry'

const root = resolve(__dirname, '..')

function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out)
  } else {
    out.push([prefix, typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : JSON.stringify(value)])
  }
  return out
}

export function writeResult(name: string, result: object): string {
  const dir = join(root, 'bench-results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
  return file
}

async function main(): Promise<void> {
  const names = process.argv.slice(2)
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
  if (names.length === 0) {
    console.log(`usage: npm run bench -- <${available.join('|')}>`)
    return
  }
  const unknown = names.filter((name) => !available.includes(name))
  if (unknown.length) throw new Error(`no benchmark "${unknown.join(', ')}"; available: ${available.join(', ')}`)
  // The benchmarks that call functions run the deployable bundles, so they are built from the source first.
  await buildFunctions(undefined, true)
  for (const name of names) {
    const mod = (await import(`./${name}`)) as { run: () => Promise<object> }
    const result = await mod.run()
    const file = writeResult(name, result)
    const rows = flatten(result)
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log(`\n${name}`)
    for (const [key, value] of rows) console.log(`  ${key.padEnd(width)}  ${value}`)
    console.log(`written to ${file}`)
  }
}

if (isEntry(__filename)) {
  main().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
