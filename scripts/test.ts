/**
 * `npm test`: everything that can run on this machine, in the order a failure is cheapest to find —
 * type check, lint, the three builds, the package-size check, then jest (unit, pages, local cloud and
 * functions, miniprogram-simulate) and the browser journeys. Every step runs even after a failure, so
 * one report shows all that is wrong; the last line is `tests: N passed, N failed`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(__dirname, '..')
const results = join(root, 'test-results')
mkdirSync(results, { recursive: true })

interface Step {
  name: string
  command: string[]
  /** names of steps that must have passed for this one to mean anything */
  needs?: string[]
  jestReport?: string
}

const jest = (name: string, projects: string[], extra: string[] = []): Step => ({
  name,
  command: [
    'npx',
    'jest',
    '--ci',
    '--selectProjects',
    ...projects,
    '--json',
    `--outputFile=${join(results, `jest-${name}.json`)}`,
    ...extra,
  ],
  jestReport: join(results, `jest-${name}.json`),
})

const steps: Step[] = [
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', command: ['npx', 'eslint', '.', '--max-warnings', '0'] },
  // the architecture: no import cycles, src never imports a function or the local cloud, domain rules never
  // import the SDK, the database or a file-format library (scripts/check-layers.ts)
  { name: 'layers', command: ['npx', 'tsx', 'scripts/check-layers.ts'] },
  { name: 'build:functions', command: ['npx', 'tsx', 'scripts/build-functions.ts'] },
  { name: 'build:weapp', command: ['npx', 'taro', 'build', '--type', 'weapp'] },
  { name: 'build:h5', command: ['npx', 'taro', 'build', '--type', 'h5'] },
  { name: 'size', command: ['npx', 'tsx', 'scripts/size-check.ts'], needs: ['build:weapp'] },
  {
    ...jest('jest', ['unit', 'pages', 'cloud', 'simulate'], ['--maxWorkers=2']),
    needs: ['build:functions', 'build:weapp'],
  },
  { ...jest('e2e', ['e2e'], ['--runInBand']), needs: ['build:functions', 'build:h5'] },
]

interface JestReport {
  numPassedTests: number
  numFailedTests: number
  testResults: {
    name: string
    message?: string
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[]
  }[]
}

/** each failed test (or suite that failed to run) with the first lines of why, for the end of the log */
function failuresOf(report: JestReport): string[] {
  const clean = (text: string) =>
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((line) => line.trim())
      .slice(0, 12)
      .map((line) => `    ${line}`)
      .join('\n')
  const found: string[] = []
  for (const file of report.testResults) {
    const where = file.name.replace(root + '/', '')
    const failedTests = file.assertionResults.filter((test) => test.status === 'failed')
    for (const test of failedTests) found.push(`✕ ${where} › ${test.fullName}\n${clean(test.failureMessages.join('\n'))}`)
    if (!failedTests.length && file.message) found.push(`✕ ${where}\n${clean(file.message)}`)
  }
  return found
}

const failures: string[] = []
const only = process.argv.slice(2)
const outcome = new Map<string, 'passed' | 'failed' | 'skipped'>()
let passed = 0
let failed = 0

for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue
  const missing = (step.needs ?? []).filter((need) => outcome.get(need) === 'failed')
  if (missing.length) {
    console.log(`\n▶ ${step.name}: skipped, because ${missing.join(', ')} failed`)
    outcome.set(step.name, 'skipped')
    failed += 1
    continue
  }
  console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`)
  const started = Date.now()
  const run = spawnSync(step.command[0]!, step.command.slice(1), { cwd: root, stdio: 'inherit', env: process.env })
  const ok = run.status === 0
  outcome.set(step.name, ok ? 'passed' : 'failed')
  console.log(`◀ ${step.name}: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (step.jestReport && existsSync(step.jestReport)) {
    const report = JSON.parse(readFileSync(step.jestReport, 'utf8')) as JestReport
    failures.push(...failuresOf(report))
    passed += report.numPassedTests
    failed += report.numFailedTests
    if (!ok && report.numFailedTests === 0) failed += 1
  } else if (ok) {
    passed += step.jestReport ? 0 : 1
  } else {
    failed += 1
  }
}

if (failures.length) console.log(`\nwhat failed:\n${failures.join('\n')}`)
console.log('\nsteps: ' + [...outcome].map(([name, state]) => `${name} ${state}`).join(', '))
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 && [...outcome.values()].every((state) => state === 'passed') ? 0 : 1)
