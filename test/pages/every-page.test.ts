/** Every screen the app declares has a page test, laid out like the source: `pages/x/y` → `test/pages/x/y.test.tsx`. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

type AppConfig = { pages: string[]; subPackages?: { root: string; pages: string[] }[] }

function declaredPages(): string[] {
  // app.config.ts calls Taro's global `defineAppConfig`, which returns its argument
  const global = globalThis as { defineAppConfig?: (config: AppConfig) => AppConfig }
  global.defineAppConfig = (config) => config
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once the global is in place
  const config = (require('@/app.config') as { default: AppConfig }).default
  return [
    ...config.pages,
    ...(config.subPackages ?? []).flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`)),
  ]
}

const pages = declaredPages()

test('the app declares its screens (main package and subpackages)', () => {
  expect(pages).toContain('pages/start/index')
  expect(pages).toContain('pages/official/home/index')
  expect(pages).toContain('pages/office/notices/rates')
  expect(pages).toContain('pages/household/invite/index')
})

test.each(pages)('%s has a page test', (page) => {
  const test = join(__dirname, `${page.replace(/^pages\//, '')}.test.tsx`)
  expect(existsSync(test) ? test : `missing: ${test}`).toBe(test)
})
