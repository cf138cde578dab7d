/**
 * Appointing in the browser (H5 build, local cloud, seeded demo slice): the county office opens "appoint
 * and revoke roles" from its home, makes a new openid a reviewer for the county, sees it listed, then takes
 * it back after confirming; the store holds the role in between and not after. The same screen in Tibetan.
 * Screenshots: test-results/screenshots/roles-*.png
 */
import type { Page } from 'playwright-core'
import { t } from '@shared/i18n'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'
import { look } from './look'

jest.setTimeout(120_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const OFFICE = 'demo-office-county'
const APPOINTED = 'e2e-appointed-reviewer'

let cloud: TestCloud
let browser: TestBrowser

async function open(openid: string, route: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  return page
}

const rolesOf = (openid: string) =>
  (cloud.store.find('users', { _id: openid })[0] as unknown as { roles?: unknown[] } | undefined)?.roles ?? []

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('the county office appoints a reviewer from its home, sees it listed, and revokes it', async () => {
  const county = (cloud.store.find('users', { _id: OFFICE })[0] as unknown as { roles: { region: string }[] }).roles[0]!
    .region
  const page = await open(OFFICE, '/pages/office/home/index')
  await page.getByText('任命与撤销角色', { exact: true }).click()
  await page.waitForURL(/\/pages\/office\/roles\/index/)
  await page.locator('[data-testid="holder"][data-openid="demo-reviewer-1"]').waitFor()

  await page.locator('[data-testid="grant-openid"] input, input[data-testid="grant-openid"]').first().fill(APPOINTED)
  await page.getByText('任命', { exact: true }).click()
  await page.getByText('已任命', { exact: true }).waitFor()
  const listed = page.locator(`[data-testid="holder"][data-openid="${APPOINTED}"]`)
  await listed.waitFor()
  expect(await listed.textContent()).toContain('审核人')
  expect(rolesOf(APPOINTED)).toEqual([expect.objectContaining({ role: 'reviewer', region: county })])
  await screenshot(page, 'roles-granted-zh')

  await listed.getByText('撤销', { exact: true }).click()
  // Taro's H5 modal: the question, then its confirm button
  await page.getByText(`撤销 ${APPOINTED} 的“审核人”角色吗？`, { exact: false }).waitFor()
  await page.getByText(t('zh-Hans', 'common.modalYes'), { exact: true }).click()
  await page.getByText('已撤销', { exact: true }).waitFor()
  await listed.waitFor({ state: 'detached' })
  expect(rolesOf(APPOINTED)).toEqual([])
  expect(
    cloud.store
      .find('audit', { subject: APPOINTED })
      .map((a) => (a as unknown as { kind: string }).kind)
      .sort(),
  ).toEqual(['grant', 'revoke'])

  // the home stays in the page stack (hidden) with its own language switch: the visible one is this screen's
  await page.locator('text="བོད་ཡིག" >> visible=true').first().click()
  await page.getByText(t('bo', 'grants.grant'), { exact: true }).waitFor()
  await screenshot(page, 'roles-bo')
  await look(page, 'office-roles')
})
