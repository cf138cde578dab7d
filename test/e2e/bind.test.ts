/**
 * Binding by invitation in the browser (H5 build, local cloud, seeded demo slice): a paired official
 * issues a household code and a new phone types it; an office issues an official code and a new phone
 * binds with it; a wrong code is answered in Tibetan. Screenshots: test-results/screenshots/bind-*.png
 */
import type { Page } from 'playwright-core'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(120_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

type Bilingual = { 'zh-Hans': string; bo: string }

let cloud: TestCloud
let browser: TestBrowser

/** What an issuer's phone does: call identity as that openid through the gateway. */
async function issue(openid: string, action: string, data: unknown): Promise<{ code: string; display: string }> {
  const response = await fetch(`${cloud.url}/functions/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-WX-OPENID': openid },
    body: JSON.stringify({ action, data, lang: 'zh-Hans' }),
  })
  const body = (await response.json()) as { ok: boolean; data: { code: string; display: string } }
  if (!body.ok) throw new Error(JSON.stringify(body))
  return body.data
}

/** A phone nobody has bound yet, opening the bind screen (local mode takes the openid from `?as=`). */
async function openBindAs(openid: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#/pages/bind/index`)
  await page
    .locator('[data-testid="bind-code"] input, input[data-testid="bind-code"], .bind__code input, input.bind__code')
    .first()
    .waitFor()
  return page
}

async function typeCode(page: Page, code: string) {
  const input = page.locator('.bind__code input, input.bind__code').first()
  await input.fill(code)
  await page.locator('.bind__action').last().click()
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

maybe('a family member binds to a household with the code its paired official read out', async () => {
  const officialUser = cloud.store.find('users', { _id: 'demo-official-1' })[0] as unknown as { officialId: string }
  const household = cloud.store.find('households', { officialIds: officialUser.officialId })[0] as unknown as {
    _id: string
    head: { name: Bilingual }
    regionPath: string[]
  }
  const invite = await issue('demo-official-1', 'inviteHousehold', { householdId: household._id })

  const page = await openBindAs('e2e-new-family-phone')
  await typeCode(page, invite.code)
  await page.getByText(`绑定成功：您已是 ${household.head.name['zh-Hans']} 家的成员`).waitFor()
  await screenshot(page, 'bind-household-zh')

  const user = cloud.store.find('users', { _id: 'e2e-new-family-phone' })[0] as unknown as { roles: unknown[] }
  expect(user.roles).toEqual([{ role: 'household', householdId: household._id, regionPath: household.regionPath }])

  // Into the app: the start screen now routes this phone to the household area.
  await page.getByText('进入', { exact: true }).click()
  await page.waitForURL(/\/pages\/household\/home\/index/)
})

maybe('an official binds with the code the county office issued', async () => {
  const office = cloud.store.find('users', { _id: 'demo-office-county' })[0] as unknown as {
    roles: { region: string }[]
  }
  // an official nobody has bound yet: a bound one gets a code only as a replacement of that phone
  const bound = new Set(cloud.store.find('users', {}).map((u) => (u as { officialId?: string }).officialId))
  const official = cloud.store
    .find('officials', { regionPath: office.roles[0]!.region })
    .find((o) => !bound.has(o._id as string)) as unknown as {
    _id: string
    name: Bilingual
    regionPath: string[]
  }
  const invite = await issue('demo-office-county', 'inviteOfficial', { officialId: official._id })

  const page = await openBindAs('e2e-new-official-phone')
  await typeCode(page, invite.code)
  await page.getByText(`绑定成功：您已绑定为联谊干部 ${official.name['zh-Hans']}`).waitFor()
  await screenshot(page, 'bind-official-zh')
  const user = cloud.store.find('users', { _id: 'e2e-new-official-phone' })[0] as unknown as { roles: unknown[] }
  expect(user.roles).toEqual([{ role: 'official', officialId: official._id, regionPath: official.regionPath }])
})

maybe('a wrong code is answered in Tibetan for a Tibetan reader, and nothing is bound', async () => {
  const page = await openBindAs('e2e-wrong-code-phone')
  await page.getByText('བོད་ཡིག', { exact: true }).click()
  await typeCode(page, '00000000')
  await page.getByText('གདན་ཞུའི་ཨང་རྟགས་ནོར་འདུག ཞིབ་བཤེར་བྱས་རྗེས་ཡང་བསྐྱར་འབྲི་རོགས།').waitFor()
  await screenshot(page, 'bind-unknown-bo')
  expect(cloud.store.find('users', { _id: 'e2e-wrong-code-phone' })).toEqual([])
})
