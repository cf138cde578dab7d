/**
 * Dashboards (issue 15), end to end in the H5 build against the local cloud with the demo content: the
 * prefecture office opens its home and reads its figures at a glance → drills to the county, then a township
 * (the table sorted by a column) → opens the households overdue for contact there → reminds one household's
 * officials, asked first → exports the list as a spreadsheet → the official finds the household among those
 * that need care on their home.
 * Screenshots: test-results/screenshots/dashboard-home-{zh,bo}.png, dashboard-drill-{zh,bo}.png,
 * dashboard-list-zh.png, dashboard-care-zh.png.
 */
import type { Page } from 'playwright-core'
import { t } from '@shared/i18n'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(600_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const PREFECTURE = 'demo-office-prefecture'
const HOUSEHOLD = 'demo-household-1'
/** bound to the reminded household's official, made for the journey */
const OFFICIAL = 'journey-care-official'

let cloud: TestCloud
let browser: TestBrowser
let county = ''
let township = ''

type ListAnswer = {
  total: number
  households: { id: string; headName: { 'zh-Hans': string }; officials: { id: string }[] }[]
}

const call = <T>(fn: string, action: string, data: unknown, openid: string) =>
  cloud.invoke(fn, action, data, openid) as Promise<T>

async function open(openid: string, route: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  return page
}

async function bothLanguages(page: Page, name: string, ready: () => Promise<unknown>): Promise<void> {
  await page.locator('[data-testid="lang-bo"]:visible').click()
  await ready()
  await screenshot(page, `${name}-bo`)
  await page.locator('[data-testid="lang-zh-Hans"]:visible').click()
  await ready()
  await screenshot(page, `${name}-zh`)
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny', { content: true })
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { householdId: string }
  const home = cloud.store.find('households', { _id: user.householdId })[0] as unknown as { regionPath: string[] }
  county = home.regionPath[1]!
  township = home.regionPath[2]!
  // the night's count, so the home has its own figures (households, officials, the network) beside contacts'
  await cloud.fireTimer('dashboard')
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe(
  'the prefecture office reads its home, drills to a township, reminds an official, who sees the household',
  async () => {
    // the home at a glance, in both languages
    const home = await open(PREFECTURE, '/pages/office/home/index')
    const glance = home.locator('[data-testid="glance"]')
    await glance.waitFor()
    // what waits is read beside the figures: the screenshots show both loaded
    await home.locator('[data-testid="office-todo"] .state--loading').waitFor({ state: 'detached' })
    const figures = await call<{ current: { households: number | null; overdueHouseholds: number | null } }>(
      'dashboard',
      'home',
      { region: '513300000000' },
      PREFECTURE,
    )
    const shownHouseholds = await home.locator('[data-testid="figure-households"] .glance__value').textContent()
    expect(shownHouseholds).toBe(String(figures.current.households))
    await bothLanguages(home, 'dashboard-home', () => glance.waitFor())

    // drill down: the prefecture's counties, then the county's townships
    await home.locator('[data-testid="open-drill"]').click()
    const row = (key: string) => home.locator(`[data-testid="drill-row"][data-key="${key}"]`)
    await row(county).click()
    await home.locator(`[data-testid="drill"][data-parent="${county}"]`).waitFor()
    await row(township).click()
    await home.locator(`[data-testid="drill"][data-parent="${township}"]`).waitFor()
    await home.locator('[data-testid="sort-overdueHouseholds"]').click()
    await home.locator('[data-testid="drill-table"][data-sort="overdueHouseholds:desc"]').waitFor()
    expect(await home.locator('[data-testid="crumb"]').count()).toBe(3)
    await bothLanguages(home, 'dashboard-drill', () => home.locator('[data-testid="drill-table"]').waitFor())

    // the households overdue for contact in the township, as the function lists them
    await home.locator('[data-testid="open-overdue"]').click()
    const list = home.locator('[data-testid="figure-list"]')
    await list.waitFor()
    const listed = await call<ListAnswer>('dashboard', 'list', { region: township, figure: 'overdue' }, PREFECTURE)
    expect(listed.total).toBeGreaterThan(0)
    expect(await home.locator('[data-testid="list-total"]').textContent()).toBe(
      t('zh-Hans', 'dashboard.list.total', { count: listed.total }),
    )
    const target = listed.households.find((h) => h.officials.length > 0)!
    const card = home.locator(`[data-testid="list-household"][data-id="${target.id}"]`)
    await screenshot(home, 'dashboard-list-zh')

    // remind its officials: asked first, then said done, and the household says so
    await card.locator('[data-testid="list-remind"]').click()
    await home.getByText(t('zh-Hans', 'common.modalYes'), { exact: true }).click()
    await card.locator('[data-testid="list-reminded"]').waitFor()
    const [reminder] = cloud.store.find('reminders', { _id: target.id }) as unknown as { officialIds: string[] }[]
    expect(reminder?.officialIds).toEqual(target.officials.map((o) => o.id))

    // a second time within the week changes nothing, and says so
    await card.locator('[data-testid="list-remind"]').click()
    await home.getByText(t('zh-Hans', 'common.modalYes'), { exact: true }).click()
    await card.locator('[data-testid="list-note"]').waitFor()
    expect(cloud.store.find('reminders', {})).toHaveLength(1)

    // export the list behind the figure: the function writes the spreadsheet, the page keeps its link
    await list.locator('[data-testid="export-table"]').click()
    const ready = list.locator('[data-testid="export-ready"]')
    await ready.waitFor()
    const [exported] = cloud.store.find('dashboardFiles', { kind: 'export' }) as unknown as {
      key: string
      table: string
      file: { fileName: string }
    }[]
    expect(exported).toMatchObject({ key: township, table: 'list' })
    expect(await ready.textContent()).toContain(exported!.file.fileName)

    // the official finds the household among those that need care, and puts it aside
    const officialId = target.officials[0]!.id
    cloud.store.insert('users', [{ _id: OFFICIAL, officialId, roles: [{ role: 'official', officialId }] }])
    const official = await open(OFFICIAL, '/pages/official/home/index')
    const care = official.locator(`[data-testid="care"][data-id="${target.id}"]`)
    await care.waitFor()
    expect(await care.textContent()).toContain(target.headName['zh-Hans'])
    await screenshot(official, 'dashboard-care-zh')
    await care.locator('[data-testid="care-aside"]').click()
    await care.waitFor({ state: 'detached' })
    await official.close()
    await home.close()
  },
)
