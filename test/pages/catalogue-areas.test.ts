/**
 * The weapp main package loads only the main catalogue areas (src/shared/i18n/index.ts); the staff-only areas
 * are registered by the subpackage that uses them (`src/pages/<subpackage>/catalogue.ts`). Read statically,
 * from each page through the project files it imports at run time:
 * - a main-package page reaches no staff-only area file and names no key of one;
 * - a subpackage page that names a staff-only key imports its subpackage's catalogue module first, and that
 *   module registers the key's area;
 * - every page of a subpackage that has a catalogue module imports it first (a page that needs no staff key
 *   today keeps working when it gains one).
 * A key counts as named when a string literal is the key, or the head of a template (`risk.level.${x}`) or
 * a dotted literal (`sheet.income`, joined to an option at run time) begins it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { catalogues } from '@shared/i18n'

type AppConfig = { pages: string[]; subPackages?: { root: string; pages: string[] }[] }

const root = resolve(__dirname, '../..')
const src = join(root, 'src')
const i18n = join(src, 'shared', 'i18n')

function appConfig(): AppConfig {
  const global = globalThis as { defineAppConfig?: (config: AppConfig) => AppConfig }
  global.defineAppConfig = (config) => config
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once the global is in place
  return (require('@/app.config') as { default: AppConfig }).default
}

/** Staff-only keys by area file: the keys of the area files that the main catalogues did not load. */
const mainKeys = new Set(Object.keys(catalogues['zh-Hans']))
const staffAreas = new Map<string, string[]>()
for (const file of readdirSync(i18n)) {
  if (!file.endsWith('.ts') || ['index.ts', 'all.ts', 'glossary.ts'].includes(file)) continue
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- each area file, found at run time
  const area = require(join(i18n, file)) as { zh: Record<string, string> }
  const keys = Object.keys(area.zh)
  if (keys.some((key) => !mainKeys.has(key))) staffAreas.set(file.replace(/\.ts$/, ''), keys)
}
const areaOfKey = new Map([...staffAreas].flatMap(([area, keys]) => keys.map((key) => [key, area] as const)))

const ALIASES: [string, string][] = [
  ['@shared/', join(src, 'shared')],
  ['@config/', join(root, 'config')],
  ['@/', src],
]
// a weapp build takes `x.weapp.ts` before `x.ts`; the H5 variants are read too, which only adds keys
const SUFFIXES = ['', '.ts', '.tsx', '.weapp.ts', '.weapp.tsx', '.h5.ts', '.h5.tsx', '/index.ts', '/index.tsx']

function resolveImport(from: string, specifier: string): string[] {
  let base: string | undefined
  if (specifier.startsWith('.')) base = resolve(dirname(from), specifier)
  for (const [alias, target] of ALIASES)
    if (specifier.startsWith(alias)) base = join(target, specifier.slice(alias.length))
  if (!base) return []
  const found = SUFFIXES.map((s) => base + s).filter((c) => existsSync(c) && statSync(c).isFile())
  // `x.ts` and `x/index.ts` both existing is not a case here; platform variants are all kept
  return found
}

interface Scanned {
  /** run-time imports, resolved to project files, in source order */
  imports: string[]
  keys: Set<string>
}

const scanned = new Map<string, Scanned>()

function scan(file: string): Scanned {
  const cached = scanned.get(file)
  if (cached) return cached
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const imports: string[] = []
  const literals: string[] = []
  const heads: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.importClause?.isTypeOnly) imports.push(...resolveImport(file, node.moduleSpecifier.text))
      return
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) imports.push(...resolveImport(file, node.moduleSpecifier.text))
      return
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.push(node.text)
    else if (ts.isTemplateExpression(node) && node.head.text) heads.push(node.head.text)
    ts.forEachChild(node, visit)
  }
  visit(source)
  const keys = new Set<string>()
  for (const literal of literals) {
    if (areaOfKey.has(literal)) keys.add(literal)
    if (literal.includes('.')) heads.push(`${literal}.`)
  }
  for (const head of heads) for (const key of areaOfKey.keys()) if (key.startsWith(head)) keys.add(key)
  const result = { imports, keys }
  scanned.set(file, result)
  return result
}

/** The project files a page loads at run time, itself first (the catalogue files are not followed). */
function closure(page: string): string[] {
  const seen = new Set<string>()
  const walk = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    if (dirname(file) === i18n) return
    for (const next of scan(file).imports) walk(next)
  }
  walk(page)
  return [...seen]
}

const rel = (file: string) => relative(root, file)
const pageFile = (page: string) => join(src, `${page}.tsx`)

/** What a set of files names from the staff-only areas: `area: key (file)`. */
function staffUse(files: string[]): { area: string; key: string; file: string }[] {
  return files.flatMap((file) =>
    dirname(file) === i18n ? [] : [...scan(file).keys].map((key) => ({ area: areaOfKey.get(key)!, key, file })),
  )
}

const config = appConfig()

test('the staff-only areas are the ones the main package leaves out', () => {
  expect([...staffAreas.keys()]).toEqual(expect.arrayContaining(['registry', 'inbox', 'wishes']))
  expect(mainKeys.has('registry.officials.title')).toBe(true)
  expect(mainKeys.has('registry.import.title')).toBe(false)
})

test.each(config.pages)('main package: %s reaches no staff-only area', (page) => {
  const files = closure(pageFile(page))
  const areaFiles = files.filter((f) => dirname(f) === i18n && staffAreas.has(f.slice(i18n.length + 1, -3)))
  expect(areaFiles.map(rel)).toEqual([])
  expect(staffUse(files).map((u) => `${u.area}: ${u.key} (${rel(u.file)})`)).toEqual([])
})

const subpackagePages = (config.subPackages ?? []).flatMap((sub) =>
  sub.pages.map((page) => ({ root: sub.root, page: `${sub.root}/${page}` })),
)

/** The areas a subpackage's catalogue module registers (its `@shared/i18n/<area>` imports), if it has one. */
function registeredBy(subRoot: string): { file: string; areas: Set<string> } | undefined {
  const file = join(src, subRoot, 'catalogue.ts')
  if (!existsSync(file)) return undefined
  const areas = scan(file)
    .imports.filter((f) => dirname(f) === i18n)
    .map((f) => f.slice(i18n.length + 1, -3))
  return { file, areas: new Set(areas.filter((a) => staffAreas.has(a))) }
}

test.each(subpackagePages)(
  '$page imports its catalogue first and it registers what the page names',
  ({ root: subRoot, page }) => {
    const file = pageFile(page)
    const use = staffUse(closure(file))
    const catalogue = registeredBy(subRoot)
    if (!catalogue) {
      expect(use.map((u) => `${u.area}: ${u.key} (${rel(u.file)}), and ${subRoot} has no catalogue.ts`)).toEqual([])
      return
    }
    expect(scan(file).imports[0] && rel(scan(file).imports[0]!)).toBe(rel(catalogue.file))
    const missing = use.filter((u) => !catalogue.areas.has(u.area))
    expect(missing.map((u) => `${u.area}: ${u.key} (${rel(u.file)})`)).toEqual([])
  },
)

test('the office pages name keys of several staff-only areas (the scan finds them)', () => {
  const areas = new Set(staffUse(closure(pageFile('pages/office/roster/index'))).map((u) => u.area))
  expect(areas.has('registry')).toBe(true)
})
