/**
 * Loading a page of the compiled weapp output (dist/weapp) under miniprogram-simulate.
 *
 * - `compiler: 'official'` runs WeChat's wcc on the real templates; the pure-JS 'simulate' compiler
 *   renders nothing of Taro's recursive templates.
 * - miniprogram-simulate only knows Component(): `Page()` is shimmed into one, its top-level functions
 *   becoming methods, onLoad/onShow/onReady called from the component's lifetimes.
 * - app.js runs first (Taro's runtime registers the app there), with `App()` captured.
 * - `wx.cloud`, storage and navigation are stubbed; each test sets the cloud's answers.
 * - Loading the same page twice in one jest file breaks the second render: one page per file.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const weappRoot = resolve(__dirname, '../../dist/weapp')

/** dist/weapp comes from `npm run build:weapp` (npm test builds it first). Locally a missing build
 * skips with a message; under CI it is a failure. */
export function weappBuilt(): boolean {
  if (existsSync(join(weappRoot, 'app.js'))) return true
  if (process.env.CI) throw new Error('dist/weapp is missing: run `npm run build:weapp` before the simulate tests')
  console.warn('dist/weapp is missing — run `npm run build:weapp`; skipping the miniprogram-simulate tests')
  return false
}

export interface WxStub {
  callFunction: jest.Mock
  navigations: { kind: string; url: string }[]
  storage: Map<string, unknown>
}

type PageOptions = Record<string, unknown> & { data?: Record<string, unknown> }
type Lifecycle = (this: Record<string, unknown>, ...args: unknown[]) => unknown

/** Installs the globals a Taro weapp bundle expects, then runs dist/weapp/app.js. */
export function bootWeapp(system: { language?: string; fontSizeSetting?: number } = {}): WxStub {
  const stub: WxStub = { callFunction: jest.fn(), navigations: [], storage: new Map() }
  const navigate = (kind: string) => (options: { url: string; success?: () => void }) => {
    stub.navigations.push({ kind, url: options.url })
    options.success?.()
    return Promise.resolve({ errMsg: `${kind}:ok` })
  }
  const g = globalThis as Record<string, unknown>
  g.wx = {
    cloud: {
      init: () => undefined,
      callFunction: (options: {
        name: string
        data: unknown
        success?: (r: unknown) => void
        fail?: (e: unknown) => void
      }) => {
        const answer = Promise.resolve(stub.callFunction({ name: options.name, data: options.data }))
        answer.then(options.success, options.fail)
        return answer
      },
    },
    getSystemInfoSync: () => ({
      platform: 'devtools',
      language: 'zh_CN',
      fontSizeSetting: 16,
      windowWidth: 375,
      pixelRatio: 2,
      ...system,
    }),
    getStorageSync: (key: string) => (stub.storage.has(key) ? stub.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void stub.storage.set(key, value),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    setNavigationBarTitle: (options: { success?: () => void }) => {
      options.success?.()
      return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' })
    },
  }

  let app: Record<string, unknown> = {}
  g.App = (options: Record<string, unknown>) => {
    app = options
    ;(options.onLaunch as Lifecycle | undefined)?.call(options, {})
  }
  g.getApp = () => app
  g.getCurrentPages = () => []
  g.Page = (options: PageOptions) => {
    const methods: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(options)) if (typeof value === 'function') methods[key] = value
    const call = (self: Record<string, unknown>, name: string, ...args: unknown[]) =>
      (options[name] as Lifecycle | undefined)?.call(self, ...args)
    ;(g.Component as (o: unknown) => void)({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          call(this, 'onLoad', {})
          call(this, 'onShow')
        },
        ready(this: Record<string, unknown>) {
          call(this, 'onReady')
        },
      },
    })
  }
  return stub
}

/** Loads a page by its route (e.g. `pages/household/home/index`) from dist/weapp and attaches it. */
export function renderPage(route: string): { dom: HTMLElement; text: () => string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- needs the globals above first
  const simulate = require('miniprogram-simulate') as typeof import('miniprogram-simulate')
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(weappRoot, 'app.js'))
  const id = simulate.load(join(weappRoot, route), { compiler: 'official', rootPath: weappRoot })
  const page = simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  page.attach(parent)
  return { dom: page.dom as HTMLElement, text: () => (page.dom as HTMLElement).textContent ?? '' }
}

/** Waits until `check` passes (the page renders after the cloud answers and Taro's setData batches). */
export async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const started = Date.now()
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
