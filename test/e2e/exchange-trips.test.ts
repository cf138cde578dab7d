/**
 * Exchange trips and opportunities in the browser (H5 build, local cloud, demo slice): the county office's
 * trip offers its places to named families; the demo household confirms its place in Tibetan and the office
 * sees it among those going; the household's paired official recommends an opportunity to a member and
 * records what became of it, and the office's counts by region show it as the recommendations do.
 * Screenshots at 375 px in Chinese, Tibetan and Tibetan large type: exchange-trips-*, exchange-trip-offer-*,
 * exchange-trip-detail-*, exchange-opportunities-household-*, exchange-opportunities-office-*.
 */
import type { Page } from 'playwright-core'
import { t } from '@shared/i18n'
import '@shared/i18n/all'
import { addDays, chinaDay, now } from '@shared/time'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(240_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const HOUSEHOLD = 'demo-household-1'
const COUNTY_OFFICE = 'demo-office-county'
const PAIRED = 'e2e-trips-paired-official'
const TRIP = '7d0c1e2f-0000-4000-8000-0000000e2e01'
const OPPORTUNITY = '5a6b7c8d-0000-4000-8000-0000000e2e01'

let cloud: TestCloud
let browser: TestBrowser
let householdId = ''
let county = ''
let township = ''

type Doc = Record<string, unknown> & { _id: string }

async function open(openid: string, route: string, lang?: 'bo', large = false): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 375, height: 812 })
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  // the browser keeps the last choice of language and type size: each page says its own
  await page.locator(`[data-testid="lang-${lang ?? 'zh-Hans'}"]:visible`).click()
  const size = page.locator('[data-testid="large-text"]:visible').first()
  if ((await size.getAttribute('aria-pressed')) !== String(large)) await size.click()
  return page
}

/** the same screen in Chinese, Tibetan and Tibetan large type, once `ready` shows it loaded */
async function threeWays(openid: string, route: string, name: string, ready: (page: Page) => Promise<unknown>) {
  for (const [lang, large, suffix] of [
    [undefined, false, 'zh'],
    ['bo', false, 'bo'],
    ['bo', true, 'bo-large'],
  ] as const) {
    const page = await open(openid, route, lang, large)
    await ready(page)
    await screenshot(page, `${name}-${suffix}`)
    await page.close()
  }
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny', { content: true })
  browser = await launchBrowser()
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { roles: { householdId: string }[] }
  householdId = user.roles[0]!.householdId
  const home = cloud.store.find('households', { _id: householdId })[0] as Doc
  const path = home.regionPath as string[]
  county = path[1]!
  township = path[2]!
  const others = (cloud.store.find('households', { regionPath: county }) as Doc[]).filter((d) => d._id !== householdId)
  // a confirmed list leaves these (the selection is its own journey): the demo family first, two more
  const named = [home, others[0]!, others[1]!].map((d, i) => ({
    _id: `e2e-named-${i + 1}`,
    campaignId: 'e2e-campaign',
    year: 2026,
    kind: 'family',
    householdId: d._id,
    unitId: null,
    name: (d.head as { name: unknown }).name,
    regionPath: d.regionPath,
    status: 'active',
    history: [],
    told: 'none',
    namedAt: now(),
    updatedAt: now(),
  }))
  if (!cloud.store.hasCollection('named')) cloud.store.createCollection('named')
  cloud.store.insert('named', named)
  const paired = (home.officialIds as string[])[0]!
  cloud.store.insert('users', [
    { _id: PAIRED, officialId: paired, roles: [{ role: 'official', officialId: paired, regionPath: home.regionPath }] },
  ])
  const start = addDays(chinaDay(), 30)
  await cloud.invoke(
    'exchange',
    'saveTrip',
    {
      id: TRIP,
      region: county,
      title: { 'zh-Hans': '赴浙江湖州交流', bo: 'ཀྲེ་ཅང་ཧུའུ་ཀྲོའུ་ལ་བརྗེ་རེས།' },
      places: { 'zh-Hans': '湖州安吉、杭州', bo: 'ཧུའུ་ཀྲོའུ་དང་ཧང་ཀྲོའུ།' },
      startDay: start,
      endDay: addDays(start, 6),
      slots: 2,
      replyDays: 7,
      named: named.map((n) => n._id),
    },
    COUNTY_OFFICE,
  )
  await cloud.invoke(
    'exchange',
    'saveOpportunity',
    {
      id: OPPORTUNITY,
      region: county,
      kind: 'job',
      title: { 'zh-Hans': '湖州茶厂招工', bo: 'ཧུའུ་ཀྲོའུ་ཇ་བཟོ་ཁང་ལས་མི་འདེམས་སྒྲུག' },
      body: { 'zh-Hans': '包吃住，县人社局统一组织报名。', bo: 'ཟས་དང་སྡོད་ཁང་ཡོད། རྫོང་གིས་མིང་ཐོ་འགོད།' },
      place: { 'zh-Hans': '浙江省湖州市', bo: 'ཀྲེ་ཅང་ཞིང་ཆེན་ཧུའུ་ཀྲོའུ།' },
      deadline: addDays(chinaDay(), 40),
    },
    COUNTY_OFFICE,
  )
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('the county office sees its trip with the places offered down its order', async () => {
  await threeWays(COUNTY_OFFICE, '/pages/office/exchange/trips', 'exchange-trips', (page) =>
    page.locator('[data-testid="trip"]:visible').first().waitFor(),
  )
})

maybe('the named family confirms its trip place in Tibetan, and the office sees it among those going', async () => {
  await threeWays(HOUSEHOLD, '/pages/household/trips/index', 'exchange-trip-offer', (page) =>
    page.locator('[data-testid="trip-offer"]:visible').first().waitFor(),
  )
  const page = await open(HOUSEHOLD, '/pages/household/trips/index', 'bo')
  await page.locator('[data-testid="trip-confirm"]:visible').click()
  await page.getByText(t('bo', 'common.modalYes'), { exact: true }).click()
  await page
    .locator('[data-testid="trip-offer-state"]:visible', { hasText: t('bo', 'exchange.trips.state.confirmed') })
    .waitFor()
  await page.close()
  await threeWays(COUNTY_OFFICE, `/pages/office/exchange/trips-detail?id=${TRIP}`, 'exchange-trip-detail', (p) =>
    p.locator('[data-testid="participants"]:visible [data-testid="row"]').first().waitFor(),
  )
  const trip = cloud.store.find('trips', { _id: TRIP })[0] as unknown as { events: { type: string; namedId: string }[] }
  expect(trip.events.filter((e) => e.type === 'confirm').map((e) => e.namedId)).toEqual(['e2e-named-1'])
})

maybe('the paired official recommends an opportunity and records the outcome; the counts by region match', async () => {
  const route = `/pages/official/opportunities/index?householdId=${householdId}`
  const page = await open(PAIRED, route)
  await page.locator('[data-testid="member"]:visible').first().click()
  await page.locator('[data-testid="recommend"]:visible').click()
  await page.locator('[data-testid="recommendation"]:visible').first().waitFor()
  await page.locator('[data-testid="outcome-applied"]:visible').first().click()
  // the outcome is stored once the function answers
  for (let i = 0; i < 100 && cloud.store.find('recommendations', { outcome: 'applied' }).length === 0; i++)
    await page.waitForTimeout(200)
  await page.close()
  await threeWays(PAIRED, route, 'exchange-opportunities-household', (p) =>
    p.locator('[data-testid="recommendation"]:visible').first().waitFor(),
  )
  const stored = cloud.store.find('recommendations', {}) as unknown as {
    regionPath: string[]
    outcome: string | null
  }[]
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ outcome: 'applied' })
  const office = await open(COUNTY_OFFICE, '/pages/office/exchange/opportunities')
  const rows = office.locator('[data-testid="count-row"]:visible')
  await rows.first().waitFor()
  const texts = await rows.allTextContents()
  // the demo family's township, then the county's total: one recommended, one applied, as stored
  expect(texts).toHaveLength(2)
  for (const text of texts) expect(text.replace(/\D/g, '')).toBe('11000')
  await office.close()
  expect(stored[0]!.regionPath).toContain(township)
  await threeWays(COUNTY_OFFICE, '/pages/office/exchange/opportunities', 'exchange-opportunities-office', (p) =>
    p.locator('[data-testid="count-row"]:visible').first().waitFor(),
  )
})
