/**
 * A household opens the app (H5 build, local cloud, seeded demo slice with the demo notices and
 * contacts) and sees its home — head of household, village, what is new, paired officials — in Chinese,
 * then switches to Tibetan; then loses signal and still reads the notice it opened before.
 * Screenshots: test-results/screenshots/household-home-{zh,bo}.png, household-notices-offline-{bo,zh}.png
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

const HOUSEHOLD = 'demo-household-1'

let cloud: TestCloud
let browser: TestBrowser
let page: Page
let householdId = ''

/** What the seeded data says about the demo household: the expected values of this journey. */
function seededHousehold() {
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as {
    roles: { householdId?: string }[]
  }
  householdId = user.roles[0]!.householdId!
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
  cloud = await startCloud('tiny', { content: true })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('a household sees its home in Chinese', async () => {
  const expected = seededHousehold()
  expect(expected.officials.length).toBeGreaterThan(0)
  page = await openAs(browser, cloud, HOUSEHOLD)

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
  // what is new: the notices not read yet and the visits waiting for the household's confirmation
  const { unread } = (await cloud.invoke('notices', 'feed', { pageSize: 1 }, HOUSEHOLD)) as { unread: number }
  const { contacts } = (await cloud.invoke('contacts', 'householdContacts', { householdId }, HOUSEHOLD)) as {
    contacts: { channel: string; confirmedAt: string | null }[]
  }
  const waiting = contacts.filter((c) => c.channel === 'visit' && c.confirmedAt === null).length
  expect(unread).toBeGreaterThan(0)
  expect(waiting).toBeGreaterThan(0)
  await page.locator('[data-testid="open-notices"]', { hasText: `${unread} 条未读` }).waitFor()
  await page.locator('[data-testid="open-contacts"]', { hasText: `${waiting} 次走访待确认` }).waitFor()
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

maybe('without signal, the notice opened before is listed from the phone and opens', async () => {
  // online: the list, and one notice read (which keeps it on the phone)
  await page.locator('[data-testid="open-notices"]').click()
  const first = page.locator('[data-testid="feed-item"]').first()
  await first.waitFor()
  const id = await first.getAttribute('data-id')
  const title = (await first.locator('.feed__title').textContent()) ?? ''
  await first.click()
  await page.locator('[data-testid="notice"]').waitFor()
  await page.goBack()
  await page.locator('[data-testid="feed"]').waitFor()
  await page.goBack()
  await page.locator('.household__head').waitFor()

  await browser.context.setOffline(true)
  try {
    await page.locator('[data-testid="open-notices"]').click()
    const saved = page.locator(`[data-testid="saved-notice"][data-id="${id}"]`)
    await saved.waitFor()
    expect(await saved.textContent()).toContain(title)
    await page.locator('[data-testid="saved-notices"]', { hasText: 'ཁ་པར་འདིའི་ནང་ཉར་ཡོད' }).waitFor()
    expect(await page.getByRole('alert').getAttribute('data-code')).toBe('UNAVAILABLE')
    expect(await saved.textContent()).toMatch(/ཉར་ཚགས་དུས་ཚོད། \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    await screenshot(page, 'household-notices-offline-bo')
    // the home lies hidden under the list, with its own switch
    await page.locator('[data-testid="lang-zh-Hans"]:visible').click()
    await page.getByText('没有网络。下面是保存在这部手机上的通知，可以打开阅读').waitFor()
    await screenshot(page, 'household-notices-offline-zh')

    const titleZh = (await saved.locator('.feed__title').textContent()) ?? ''
    await saved.click()
    // the kept copy, said to be the one on the phone
    await page.getByText('网络不可用，显示的是保存在手机上的内容').waitFor()
    expect(await page.locator('.notice__title:visible').textContent()).toBe(titleZh)
  } finally {
    await browser.context.setOffline(false)
  }
})
