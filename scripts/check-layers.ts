/**
 * `npm test -- layers`: the architecture as a check. Every import in the project's TypeScript is read
 * (type-only imports too) and held against the layers the README's Layout table describes:
 * - the mini-program (`src/`) never imports a function folder or the local cloud;
 * - `src/shared/` is plain TypeScript shared by the app and the functions: no Taro, no React;
 * - a function's rules (`cloudfunctions/<fn>/domain/`) never import the SDK, a file-format library or the
 *   database helpers: they are plain functions a unit test calls without a cloud;
 * - a function never imports another function's folder (only `cloudfunctions/_shared/`);
 * - `config/` and `localcloud/` never import functions;
 * - no import cycles.
 * Prints each violation and exits non-zero when there is one.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { isEntry } from './lib/entry'

const root = resolve(__dirname, '..')
const SOURCE_FOLDERS = ['src', 'cloudfunctions', 'config', 'localcloud', 'scripts', 'bench', 'test']
const ALIASES: Record<string, string> = {
  '@shared/': 'src/shared/',
  '@config/': 'config/',
  '@fn/': 'cloudfunctions/_shared/',
}
const FORMAT_LIBRARIES = ['wx-server-sdk', 'exceljs', 'jszip', 'saxes']

export interface Violation {
  file: string
  rule: string
  detail: string
}

function walk(folder: string, out: string[]): string[] {
  if (!existsSync(folder)) return out
  for (const name of readdirSync(folder)) {
    // fixtures are test data (the layer check's own fixtures break the rules on purpose)
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures' || name.startsWith('.')) continue
    const path = join(folder, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

/** A relative or aliased specifier as a project file (`.ts`, `.tsx`, platform suffixes, `index`), else undefined. */
function resolveImport(top: string, from: string, specifier: string): string | undefined {
  let base: string | undefined
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  for (const [alias, target] of Object.entries(ALIASES))
    if (specifier.startsWith(alias)) base = join(top, target, specifier.slice(alias.length))
  if (!base) return undefined
  const candidates = ['', '.ts', '.tsx', '.h5.ts', '.h5.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext)
  return candidates.find((c) => existsSync(c) && statSync(c).isFile())
}

function importsOf(top: string, file: string): { specifier: string; target?: string }[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return info.importedFiles.map((f) => ({ specifier: f.fileName, target: resolveImport(top, file, f.fileName) }))
}

function functionOf(path: string): string | undefined {
  const match = /^cloudfunctions\/([^/]+)\//.exec(path)
  return match ? match[1] : undefined
}

/** The violations in the project whose top folder is `top` (the repository, or a test's fixture tree). */
export function checkLayers(top = root): Violation[] {
  const rel = (file: string) => relative(top, file).split(sep).join('/')
  const files = SOURCE_FOLDERS.flatMap((f) => walk(join(top, f), []))
  const violations: Violation[] = []
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const path = rel(file)
    const edges: string[] = []
    for (const { specifier, target } of importsOf(top, file)) {
      const to = target ? rel(target) : undefined
      if (to) edges.push(to)
      const add = (rule: string) => violations.push({ file: path, rule, detail: specifier })
      if (path.startsWith('src/') && to && (to.startsWith('cloudfunctions/') || to.startsWith('localcloud/')))
        add('the mini-program imports a function or the local cloud')
      if (path.startsWith('src/shared/') && /^(@tarojs\/|react$|react-dom)/.test(specifier))
        add('src/shared imports a platform package')
      if (/^cloudfunctions\/[^/]+\/domain\//.test(path)) {
        if (FORMAT_LIBRARIES.includes(specifier)) add('a domain module imports the SDK or a file-format library')
        if (to && /^cloudfunctions\/_shared\/(db|handler)\.ts$/.test(to)) add('a domain module imports the database')
      }
      const fromFn = functionOf(path)
      const toFn = to ? functionOf(to) : undefined
      if (fromFn && toFn && fromFn !== toFn && toFn !== '_shared') add('a function imports another function')
      if (fromFn === '_shared' && toFn && toFn !== '_shared') add('shared function code imports a function')
      if ((path.startsWith('config/') || path.startsWith('localcloud/')) && to?.startsWith('cloudfunctions/'))
        add('config or the local cloud imports a function')
    }
    graph.set(path, edges)
  }
  for (const cycle of cycles(graph))
    violations.push({ file: cycle[0]!, rule: 'import cycle', detail: cycle.join(' → ') })
  return violations
}

/** Each strongly connected group of files (Tarjan), reported once as one path around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter)
    counter += 1
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = []
      let member: string | undefined
      do {
        member = stack.pop()!
        onStack.delete(member)
        group.push(member)
      } while (member !== node)
      const selfLoop = (graph.get(node) ?? []).includes(node)
      if (group.length > 1 || selfLoop) found.push([...group.sort(), group.sort()[0]!])
    }
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

if (isEntry(__filename)) {
  const violations = checkLayers()
  for (const v of violations) console.log(`${v.file}: ${v.rule} (${v.detail})`)
  console.log(violations.length ? `${violations.length} layer violations` : 'layers: no violations')
  process.exit(violations.length ? 1 : 0)
}
