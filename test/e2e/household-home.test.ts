/**
 * A household opens the app (H5 build, local cloud, seeded demo slice) and sees its home — head of
 * household, village, paired officials — in Chinese, then switches to Tibetan.
 * Screenshots: test-results/screenshots/household-home-{zh,bo}.png
 */
import type { Page } from 'playwright-core'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, openAs, screenshot, startCloud } from './support'

jest.setTimeout(90_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

type Bilingual = { 'zh-Hans': string; bo: string }
type Named = string | Bilingual
const inLang = (name: Named | undefined, lang: 'zh-Hans' | 'bo') =>
  typeof name === 'string' ? name : name?.[lang] || name?.['zh-Hans'] || ''

let cloud: TestCloud
let browser: TestBrowser
let page: Page

/** What the seeded data says about the demo household: the expected values of this journey. */
function seededHousehold() {
  const user = cloud.store.find('users', { _id: 'demo-household-1' })[0] as unknown as {
    roles: { householdId?: string }[]
  }
  const householdId = user.roles[0]!.householdId!
  const household = cloud.store.find('households', { _id: householdId })[0] as Record<string, unknown>
  const head = ((household.head as { name?: Named } | undefined)?.name ?? household.headName) as Named
  const regionPath = household.regionPath as string[]
  const village = cloud.store.find('regions', { _id: regionPath[regionPath.length - 1] })[0] as unknown as {
    name: Bilingual
  }
  const officials = cloud.store.find('officials', {
    _id: { $in: (household.officialIds as string[]) ?? [] },
  }) as unknown as {
    name: Named
  }[]
  return { head, village: village.name, officials }
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('a household sees its home in Chinese', async () => {
  const expected = seededHousehold()
  expect(expected.officials.length).toBeGreaterThan(0)
  page = await openAs(browser, cloud, 'demo-household-1')

  const head = page.locator('.household__head')
  await head.waitFor()
  expect(await head.textContent()).toBe(inLang(expected.head, 'zh-Hans'))
  expect(page.url()).toContain('/pages/household/home/index')
  await page.getByText('我的联谊干部').waitFor()
  await page.getByText(expected.village['zh-Hans'], { exact: true }).waitFor()
  for (const official of expected.officials) {
    await page.getByText(inLang(official.name, 'zh-Hans'), { exact: true }).waitFor()
  }
  // phone numbers are masked on the card
  expect(await page.locator('.official-card__phone').first().textContent()).toMatch(/\d{3}\*{4}\d{4}/)
  await screenshot(page, 'household-home-zh')
})

maybe('and, after switching, in Tibetan', async () => {
  const expected = seededHousehold()
  await page.getByText('བོད་ཡིག', { exact: true }).click()

  await page.locator('.screen__title', { hasText: 'ངའི་ཁྱིམ།' }).waitFor()
  await page.getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།', { exact: true }).waitFor()
  await page.getByText(expected.village.bo, { exact: true }).waitFor()
  // people's names are asked for again in Tibetan (Chinese where the data has no Tibetan spelling)
  await page.locator('.household__head', { hasText: inLang(expected.head, 'bo') }).waitFor()
  for (const official of expected.officials) {
    await page.getByText(inLang(official.name, 'bo'), { exact: true }).waitFor()
  }
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('bo')
  // the Tibetan font stack is in effect on the screen
  const font = await page.locator('.screen').evaluate((element) => getComputedStyle(element).fontFamily)
  expect(font).toMatch(/^"?Noto Serif Tibetan/)
  await screenshot(page, 'household-home-bo')

  // the choice survives a reload
  await page.reload()
  await page.getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།', { exact: true }).waitFor()
})
