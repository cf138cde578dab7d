/**
 * `npm run size`: the weapp code packages against WeChat's limit of 2 MB each.
 *
 * Prints the main package (every file under dist/weapp outside the subpackage roots) and each
 * subpackage (its root), and fails when any is above 2 MB. Also prints the main package against its
 * targets: ≤ 600 KB, and ≤ 2× a bare one-page Taro app built the same way (test/fixtures/bare-app,
 * built with this project's config/index.ts; cached). `--strict` fails on the targets too.
 * Figures are written to test-results/size.json.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { isEntry } from './lib/entry'

const root = resolve(__dirname, '..')
const weapp = join(root, 'dist', 'weapp')
const fixture = join(root, 'test', 'fixtures', 'bare-app')
const cacheDir = join(root, 'node_modules', '.cache', 'shiliuzi-size')

const KB = 1024
export const PACKAGE_LIMIT = 2 * KB * KB
export const MAIN_TARGET = 600 * KB
export const BASELINE_RATIO_TARGET = 2

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? files(path) : [path]
  })
}

export interface PackageSizes {
  main: number
  subpackages: { root: string; bytes: number }[]
}

/** Sizes of the code packages in a weapp build folder, from its app.json's subpackage roots. */
export function packageSizes(dir: string): PackageSizes {
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[]
    subpackages?: { root: string }[]
  }
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''))
  const sizes: PackageSizes = { main: 0, subpackages: roots.map((r) => ({ root: r, bytes: 0 })) }
  for (const file of files(dir)) {
    const rel = relative(dir, file).split(sep).join('/')
    const bytes = statSync(file).size
    const sub = sizes.subpackages.find((p) => rel.startsWith(`${p.root}/`))
    if (sub) sub.bytes += bytes
    else sizes.main += bytes
  }
  return sizes
}

function hashOf(paths: string[]): string {
  const hash = createHash('sha256')
  for (const path of paths.sort()) hash.update(relative(root, path)).update(readFileSync(path))
  for (const pkg of ['@tarojs/cli', '@tarojs/webpack5-runner', 'webpack', 'react']) {
    hash.update(JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version)
  }
  return hash.digest('hex').slice(0, 16)
}

/** Builds the bare app with the project's Taro settings, or reuses the cached build of the same inputs. */
export function bareAppBuild(): { dir: string; cached: boolean; seconds: number } {
  const inputs = [
    ...files(join(fixture, 'src')),
    ...['index.ts', 'dev.ts', 'prod.ts'].map((f) => join(root, 'config', f)),
    join(root, 'babel.config.js'),
  ]
  const dir = join(cacheDir, `bare-app-${hashOf(inputs)}`)
  if (existsSync(join(dir, 'app.json'))) return { dir, cached: true, seconds: 0 }
  rmSync(cacheDir, { recursive: true, force: true })
  mkdirSync(cacheDir, { recursive: true })
  const started = Date.now()
  const build = spawnSync('npx', ['taro', 'build', '--type', 'weapp'], {
    cwd: root,
    env: {
      ...process.env,
      TARO_SOURCE_ROOT: relative(root, join(fixture, 'src')),
      TARO_OUTPUT_ROOT: dir,
      NODE_ENV: 'production',
    },
    encoding: 'utf8',
  })
  if (build.status !== 0 || !existsSync(join(dir, 'app.json'))) {
    throw new Error(`bare-app build failed:\n${build.stdout}\n${build.stderr}`)
  }
  return { dir, cached: false, seconds: (Date.now() - started) / 1000 }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`

function main(): void {
  if (!existsSync(join(weapp, 'app.json'))) {
    console.error('dist/weapp is missing: run `npm run build:weapp` first')
    process.exit(1)
  }
  const strict = process.argv.includes('--strict')
  const app = packageSizes(weapp)
  const failures: string[] = []
  const warnings: string[] = []

  console.log('weapp code packages (WeChat limit: 2048 KB each)')
  console.log(`  ${'main package'.padEnd(26)}${kb(app.main).padStart(10)}`)
  for (const sub of app.subpackages)
    console.log(`  ${`subpackage ${sub.root}`.padEnd(26)}${kb(sub.bytes).padStart(10)}`)
  for (const pkg of [{ root: 'main package', bytes: app.main }, ...app.subpackages]) {
    if (pkg.bytes > PACKAGE_LIMIT) failures.push(`${pkg.root} is ${kb(pkg.bytes)}, above WeChat's 2 MB limit`)
  }

  const bare = bareAppBuild()
  const baseline = packageSizes(bare.dir).main
  const ratio = app.main / baseline
  const how = bare.cached ? 'cached build' : `built in ${bare.seconds.toFixed(1)} s`
  console.log(`\n  ${'bare one-page Taro app'.padEnd(26)}${kb(baseline).padStart(10)}   (${how})`)
  console.log(
    `  ${'main package / bare app'.padEnd(26)}${`${ratio.toFixed(2)} ×`.padStart(10)}   (target ≤ ${BASELINE_RATIO_TARGET} ×)`,
  )
  console.log(`  ${'main package target'.padEnd(26)}${kb(MAIN_TARGET).padStart(10)}`)
  if (app.main > MAIN_TARGET) warnings.push(`main package ${kb(app.main)} is above the ${kb(MAIN_TARGET)} target`)
  if (ratio > BASELINE_RATIO_TARGET) warnings.push(`main package is ${ratio.toFixed(2)}× the bare app (target ≤ 2×)`)

  mkdirSync(join(root, 'test-results'), { recursive: true })
  writeFileSync(
    join(root, 'test-results', 'size.json'),
    JSON.stringify({ mainBytes: app.main, subpackages: app.subpackages, bareAppBytes: baseline, ratio }, null, 2) +
      '\n',
  )

  for (const warning of warnings) console.log(`\n${strict ? 'FAIL' : 'over target'}: ${warning}`)
  for (const failure of failures) console.log(`\nFAIL: ${failure}`)
  if (failures.length || (strict && warnings.length)) process.exit(1)
  console.log('\nsize check passed')
}

if (isEntry(__filename)) main()
