/**
 * Every page of src/app.config.ts, opened by the role that uses it (demo identities on one seeded local
 * cloud with the demo notices and contacts), looked at with look(): in Chinese, Tibetan and Tibetan large
 * type at 375 px, and office pages also at 1280 px in Chinese (office staff often work at a PC). Each page
 * must open without an error state. Screenshots: test-results/screenshots/screen-<page>.<lang>[.large].<width>.png;
 * every finding, known ones included, also goes to test-results/screens.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { LookResult } from './look'
import { describeFindings, inspect } from './look'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, startCloud } from './support'

jest.setTimeout(120_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const OFFICE = 'demo-office-county'
const PREFECTURE = 'demo-office-prefecture'
const REVIEWER = 'demo-reviewer-1'
const ADMIN = 'demo-admin-1'
const TOWNSHIP = 'demo-office-township'
// an openid nobody has bound: the start screen and binding are what such a person sees
const NEWCOMER = 'e2e-screens-newcomer'

const PHONE = { width: 375, height: 812 }
const DESK = { width: 1280, height: 800 }

interface Ids {
  householdId: string
  householdNotice: string
  officialNotice: string
  /** the demo visit's need, reported as a request the township work office has */
  request: string
}

/** Who opens each page, and the query it is opened with. */
function visitor(route: string, ids: Ids): { as: string; query?: string } {
  const routes: Record<string, { as: string; query?: string }> = {
    'pages/start/index': { as: NEWCOMER },
    'pages/bind/index': { as: NEWCOMER },
    'pages/roles/index': { as: OFFICE },
    'pages/household/notices/detail': { as: HOUSEHOLD, query: `id=${ids.householdNotice}` },
    'pages/official/notices/detail': { as: OFFICIAL, query: `id=${ids.officialNotice}` },
    'pages/official/contact/index': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/invite/index': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/household/index': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/household/sheet': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/household/risk': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/household/need': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/household/lead': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/official/opportunities/index': { as: OFFICIAL, query: `householdId=${ids.householdId}` },
    'pages/office/audit/index': { as: ADMIN },
    'pages/office/notices/queue': { as: REVIEWER },
    'pages/office/notices/record': { as: OFFICE, query: `id=${ids.householdNotice}` },
    'pages/office/notices/rates': { as: OFFICE, query: `id=${ids.householdNotice}` },
    'pages/office/bindings/index': { as: OFFICE, query: `householdId=${ids.householdId}` },
    // the feedback inbox is the prefecture office's
    'pages/office/feedback/index': { as: PREFECTURE },
    // the demo requests sit with the township work office
    'pages/office/requests/index': { as: TOWNSHIP },
    'pages/office/requests/detail': { as: TOWNSHIP, query: `id=${ids.request}` },
    'pages/feedback/index': { as: HOUSEHOLD },
    // the category list and the working-day calendar are the prefecture office's; a menu is a department's
    'pages/office/relief/categories': { as: PREFECTURE },
    'pages/office/relief/calendar': { as: PREFECTURE },
    'pages/office/relief/services': { as: 'demo-department-1' },
    // the wishes a department may help with are its staff's (a donor only when an office linked one)
    'pages/office/wishes/donor': { as: 'demo-department-1' },
    // a unit nominates the studios of its region
    'pages/office/exchange/unit': { as: 'demo-department-1' },
    // the household's own request (the demo visit's need), and the wish it may make of it
    'pages/household/requests/detail': { as: HOUSEHOLD, query: `id=${ids.request}&householdId=${ids.householdId}` },
    'pages/household/requests/wish': { as: HOUSEHOLD, query: `id=${ids.request}&householdId=${ids.householdId}` },
    // risk leads go to the county's 防返贫 team; the public list is a village's or township's
    'pages/office/risk/index': { as: 'demo-department-risk' },
    'pages/office/risk/list': { as: TOWNSHIP },
    // a request raised from the office's screening, and a lead, for a household the township office finds
    'pages/office/requests/raise': { as: TOWNSHIP },
    'pages/office/requests/lead': { as: TOWNSHIP },
  }
  if (routes[route]) return routes[route]!
  if (route.startsWith('pages/household/')) return { as: HOUSEHOLD }
  if (route.startsWith('pages/official/')) return { as: OFFICIAL }
  if (route.startsWith('pages/office/')) return { as: OFFICE }
  throw new Error(`no visitor for ${route}: say who opens it`)
}

type AppConfig = { pages: string[]; subPackages?: { root: string; pages: string[] }[] }

function declaredRoutes(): string[] {
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

const routes = declaredRoutes()

let cloud: TestCloud
let browser: TestBrowser
let ids: Ids
const results: (LookResult & { screen: string; ms: number })[] = []

/** Waits until the screen is shown and its calls have answered: no request in flight for a moment. */
async function settled(page: Page, inFlight: Set<unknown>): Promise<void> {
  await page.locator('.screen >> visible=true').first().waitFor()
  let quietSince = Date.now()
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (inFlight.size > 0) quietSince = Date.now()
    const loading = await page.locator('.state--loading >> visible=true').count()
    if (loading > 0) quietSince = Date.now()
    if (Date.now() - quietSince >= 200) return
    await page.waitForTimeout(50)
  }
}

/** The visible language switch's option (the stack keeps hidden pages with their own switch). */
async function choose(page: Page, testId: string, on: boolean): Promise<void> {
  const option = page.locator(`[data-testid="${testId}"] >> visible=true`).first()
  if ((await option.getAttribute('aria-pressed')) !== String(on)) await option.click()
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny', { content: true })
  browser = await launchBrowser({ deviceScaleFactor: 1 })
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { roles: { householdId: string }[] }
  const notices = cloud.store.find('notices', { status: 'published' }) as unknown as {
    _id: string
    draft: { audience: { roles: string } }
  }[]
  ids = {
    householdId: user.roles[0]!.householdId,
    householdNotice: notices.find((n) => n.draft.audience.roles === 'households')!._id,
    officialNotice: notices.find((n) => n.draft.audience.roles === 'officials')!._id,
    request: String(cloud.store.find('requests', {})[0]?._id ?? ''),
  }
  // something for the reviewer's queue
  const region = (cloud.store.find('users', { _id: OFFICE })[0] as unknown as { roles: { region: string }[] }).roles[0]!
    .region
  const draft = {
    title: { 'zh-Hans': '冬季防火安全提示', bo: 'དགུན་དུས་མེ་སྔོན་འགོག་གི་དྲན་སྐུལ།' },
    body: {
      'zh-Hans': '冬季取暖请注意用火用电安全，离家时熄灭炉火。',
      bo: 'དགུན་དུས་དྲོད་གསོ་བྱེད་སྐབས་མེ་དང་གློག་བེད་སྤྱོད་ལ་ཉེན་སྲུང་གནང་རོགས།',
    },
    category: 'policy',
    media: [],
    audience: { regions: [region], roles: 'households' },
    publishAt: null,
    expireAt: null,
  }
  await cloud.invoke('notices', 'save', { id: 'e2e-screens-queued', draft }, OFFICE)
  await cloud.invoke('notices', 'submit', { id: 'e2e-screens-queued' }, OFFICE)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
  if (!ready) return
  mkdirSync(join(__dirname, '../../test-results'), { recursive: true })
  writeFileSync(
    join(__dirname, '../../test-results/screens.json'),
    JSON.stringify(
      {
        looks: results.length,
        findings: results.reduce((n, r) => n + r.findings.length, 0),
        known: results.reduce((n, r) => n + r.known.length, 0),
        screens: results.map(({ screen, lang, large, width, ms, findings, known }) => ({
          screen,
          ms,
          lang,
          large,
          width,
          findings,
          known,
        })),
      },
      null,
      2,
    ) + '\n',
  )
})

maybe.each(routes)('%s', async (route) => {
  const who = visitor(route, ids)
  const name = `screen-${route
    .replace(/^pages\//, '')
    .replace(/\/index$/, '')
    .replace(/\//g, '-')}`
  const page = await browser.context.newPage()
  const inFlight = new Set<unknown>()
  page.on('request', (request) => inFlight.add(request))
  page.on('requestfinished', (request) => inFlight.delete(request))
  page.on('requestfailed', (request) => inFlight.delete(request))
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  try {
    await page.setViewportSize(PHONE)
    await page.goto(`${cloud.url}/?as=${encodeURIComponent(who.as)}#/${route}${who.query ? `?${who.query}` : ''}`)
    await settled(page, inFlight)
    const mine: LookResult[] = []
    const step = async () => {
      await settled(page, inFlight)
      expect(await page.locator('.state--error >> visible=true').count()).toBe(0)
      const started = Date.now()
      const result = await inspect(page, name)
      results.push({ ...result, screen: name, ms: Date.now() - started })
      mine.push(result)
    }
    await choose(page, 'large-text', false)
    await choose(page, 'lang-zh-Hans', true)
    await step()
    await choose(page, 'lang-bo', true)
    await step()
    await choose(page, 'large-text', true)
    await step()
    await choose(page, 'large-text', false)
    if (route.startsWith('pages/office/')) {
      await choose(page, 'lang-zh-Hans', true)
      await page.setViewportSize(DESK)
      await step()
    }
    expect(errors).toEqual([])
    const failing = mine.filter((r) => r.findings.length > 0)
    if (failing.length)
      throw new Error(
        failing
          .map((r) => describeFindings(`${name} (${r.lang}${r.large ? ', large' : ''}, ${r.width} px)`, r.findings))
          .join('\n'),
      )
  } finally {
    await page.close()
  }
})
