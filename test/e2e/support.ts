/**
 * Helpers for browser journeys: the H5 build in Debian's Chromium (playwright-core) against a local
 * cloud started in the test, with a seeded demo slice. Each feature adds its journey with these:
 *
 *   const cloud = await startCloud('tiny')
 *   const browser = await launchBrowser()
 *   const page = await openAs(browser, cloud, 'demo-household-1')
 *   await screenshot(page, 'household-home-zh')
 *   await browser.close(); await cloud.close()
 *
 * The cloud runs the function bundles in dist/functions and serves a copy of dist/h5 (so the demo
 * identity list written beside it never touches the build). Both builds must exist: npm test makes them.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import type { LocalCloud } from '@localcloud/server/index'
import { startLocalCloud } from '@localcloud/server/index'
import type { Store } from '@localcloud/store/types'
import type { Scale } from '../../scripts/dataset/generate'
import { addDemoContent } from '../../scripts/demo-content'
import { demoIdentities, seedDemo, writeIdentities } from '../../scripts/start'
import type { CallResult } from '@shared/contract'
import type { LocalIdentity } from '@/services/local'

const root = resolve(__dirname, '../..')
/** E2E_H5_DIR: a build of one's own elsewhere, so a journey being written does not use or clobber dist/h5 */
export const h5Dir = process.env.E2E_H5_DIR ? resolve(process.env.E2E_H5_DIR) : join(root, 'dist', 'h5')
export const functionsDir = join(root, 'dist', 'functions')
export const screenshotDir = join(root, 'test-results', 'screenshots')
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The builds and the browser the journeys need. Missing locally: skip with a message; under CI: fail. */
export function e2eReady(): boolean {
  const missing = [
    [join(h5Dir, 'index.html'), 'dist/h5 (npm run build:h5)'],
    [functionsDir, 'dist/functions (npm run build:functions)'],
    [chromiumPath, `Chromium at ${chromiumPath} (apt-get install -y chromium)`],
  ]
    .filter(([path]) => !existsSync(path!))
    .map(([, what]) => what)
  if (missing.length === 0) return true
  const message = `browser journeys need ${missing.join(', ')}`
  if (process.env.CI) throw new Error(message)
  console.warn(`${message} — skipping`)
  return false
}

export interface TestCloud {
  url: string
  store: Store
  identities: LocalIdentity[]
  /** a function called directly, as the platform would with this openid (setting up what a journey needs) */
  invoke(fn: string, action: string, data: unknown, openid: string): Promise<unknown>
  /** moves the functions' clock (and their timers') `days` ahead; the browser's is the page's own (page.clock) */
  moveClock(days: number): void
  /** how far the functions' clock runs ahead, in ms */
  clockOffset(): number
  /** fires a function's timer trigger now, at the functions' clock */
  fireTimer(fn: string): Promise<unknown>
  close(): Promise<void>
}

/**
 * A local cloud with the demo slice of `scale`; with `content`, also the demo notices and contacts that
 * `npm start` writes through the functions (scripts/demo-content.ts), so every screen has something to show.
 */
export async function startCloud(scale: Scale = 'tiny', options: { content?: boolean } = {}): Promise<TestCloud> {
  const dir = mkdtempSync(join(tmpdir(), 'shiliuzi-e2e-'))
  const staticDir = join(dir, 'h5')
  cpSync(h5Dir, staticDir, { recursive: true })
  const cloud: LocalCloud = await startLocalCloud({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    functionsDir,
    staticDir,
    quiet: true,
    timers: false,
  })
  seedDemo(cloud.store, scale)
  if (options.content) await addDemoContent(cloud)
  const identities = demoIdentities(cloud.store)
  writeIdentities(staticDir, identities)
  return {
    url: cloud.url,
    store: cloud.store,
    identities,
    async invoke(fn, action, data, openid) {
      const answer = (await cloud.invoke(
        fn,
        { action, data, lang: 'zh-Hans' },
        { OPENID: openid },
      )) as CallResult<unknown>
      if (!answer.ok) throw new Error(`${fn}.${action} as ${openid}: ${answer.error.message}`)
      return answer.data
    },
    moveClock(days) {
      cloud.moveClock(days * 24 * 3600 * 1000)
    },
    clockOffset: () => cloud.clockOffset(),
    fireTimer: (fn) => cloud.fireTimer(fn),
    async close() {
      await cloud.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface TestBrowser {
  context: BrowserContext
  close(): Promise<void>
}

/**
 * A phone-sized Chromium. A persistent context in a temp dir: Chromium rejects --user-data-dir in args.
 * `deviceScaleFactor` 1 draws and screenshots a quarter of the pixels (the screens test's many looks).
 */
export async function launchBrowser(options: { deviceScaleFactor?: number } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'shiliuzi-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: options.deviceScaleFactor ?? 2,
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Opens the app's start screen and picks a demo identity in the local-mode panel, as a person would. */
export async function openAs(browser: TestBrowser, cloud: TestCloud, openid: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/`)
  await page.locator(`[data-openid="${openid}"]`).click()
  return page
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true })
  const path = join(screenshotDir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
