/**
 * Notices, end to end in the H5 build against the local cloud:
 * office staff write a bilingual notice with a Tibetan recording for one township → a reviewer
 * approves → the office publishes → a household in that township sees it in Tibetan and plays the
 * recording → the township's read rate goes up; a household in another county does not see it.
 * Screenshots: test-results/screenshots/notices-detail-{bo,zh}.png (and the steps before them).
 */
import type { Page } from 'playwright-core'
import { generate } from '../../scripts/dataset/generate'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'
import { look } from './look'

jest.setTimeout(240_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const OFFICE = 'demo-office-county'
const REVIEWER = 'demo-reviewer-1'
const HOUSEHOLD = 'demo-household-1'
const FAR = 'e2e-notices-far-household'

const TITLE_ZH = '春耕补贴发放通知'
const TITLE_BO = 'སོ་ནམ་རོགས་སྐྱོར་བགོ་འགྲེམས་ཀྱི་བརྡ་ཐོ།'
const BODY_ZH = '今年的春耕补贴已经发放到户，请各户到村委会核对。'
const BODY_BO = 'ད་ལོའི་སོ་ནམ་རོགས་སྐྱོར་ཁྱིམ་ཚང་སོ་སོར་བགོ་འགྲེམས་བྱས་ཟིན། གྲོང་ཚོའི་ཨུ་ཡོན་ལྷན་ཁང་དུ་ཞིབ་བཤེར་གནང་རོགས།'

let cloud: TestCloud
let browser: TestBrowser
let township = ''
let noticeId = ''

/** Two seconds of a 440 Hz tone as 8 kHz 16-bit mono PCM WAV: a real recording the browser can play. */
function toneWav(seconds = 2, rate = 8000): Buffer {
  const samples = seconds * rate
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12000), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVE', 8)
  header.write('fmt ', 12)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

async function open(openid: string, route: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  return page
}

const taroInput = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] input, [data-testid="${testId}"] textarea`).first()

async function rateOfTownship(): Promise<{ reads: number; audience: number }> {
  const page = await open(OFFICE, `/pages/office/notices/rates?id=${noticeId}`)
  const row = page.locator(`[data-testid="rate-row"][data-code="${township}"]`)
  await row.waitFor()
  const figures = {
    reads: Number(await row.getAttribute('data-reads')),
    audience: Number(await row.getAttribute('data-audience')),
  }
  await page.close()
  return figures
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { roles: { householdId: string }[] }
  const household = cloud.store.find('households', { _id: user.roles[0]!.householdId })[0] as unknown as {
    regionPath: string[]
  }
  township = household.regionPath[2]!
  // a household in another county (泸定县), with its regions, bound to a WeChat user
  for (const { collection, docs } of generate({
    scale: 'tiny',
    county: '513322',
    collections: ['regions', 'households'],
  })) {
    const fresh = (docs as unknown as { _id: string }[]).filter(
      (d) => cloud.store.find(collection, { _id: d._id }).length === 0,
    )
    if (fresh.length) cloud.store.insert(collection, fresh as unknown as Record<string, unknown>[])
  }
  const far = cloud.store.find('households', { regionPath: '513322000000' })[0] as { _id: string }
  cloud.store.insert('users', [
    { _id: FAR, householdId: far._id, roles: [{ role: 'household', householdId: far._id }] },
  ])
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('office staff write a bilingual notice with a Tibetan recording for one township and submit it', async () => {
  const page = await open(OFFICE, '/pages/office/notices/edit')
  await taroInput(page, 'title-zh-Hans').waitFor()
  await taroInput(page, 'title-zh-Hans').fill(TITLE_ZH)
  await taroInput(page, 'body-zh-Hans').fill(BODY_ZH)
  await taroInput(page, 'title-bo').fill(TITLE_BO)
  await taroInput(page, 'body-bo').fill(BODY_BO)
  const row = page.locator(`[data-testid="region-row"][data-code="${township}"]`)
  await row.getByText('添加地区').click()
  await page.locator('[data-testid="audience"]').getByText('✕').waitFor()
  await page
    .locator('[data-testid="pick-audio"]')
    .setInputFiles({ name: 'notice-bo.wav', mimeType: 'audio/wav', buffer: toneWav() })
  await page.locator('[data-testid="media-row"]').waitFor()
  await screenshot(page, 'notices-write')
  await page.locator('[data-testid="submit"]').click()

  await page.locator('[data-testid="record"][data-status="submitted"]').waitFor()
  noticeId = /[?&]id=([^&]+)/.exec(page.url().split('#')[1] ?? '')?.[1] ?? ''
  expect(noticeId).not.toBe('')
  await page.locator('[data-testid="record-bo"]').getByText(TITLE_BO).waitFor()
  await page.close()
})

maybe('a reviewer finds it in the queue and approves it; the office publishes it', async () => {
  const review = await open(REVIEWER, '/pages/office/notices/queue')
  await review.locator(`[data-testid="summary"][data-id="${noticeId}"]`).click()
  await review.locator('[data-testid="approve"]').click()
  await review.locator('[data-testid="record"][data-status="approved"]').waitFor()
  await review.close()

  const office = await open(OFFICE, `/pages/office/notices/record?id=${noticeId}`)
  await office.locator('[data-testid="publish"]').click()
  await office.locator('[data-testid="record"][data-status="published"]').waitFor()
  await office.locator('[data-testid="push"]').waitFor()
  await screenshot(office, 'notices-published')
  await office.close()

  expect(await rateOfTownship()).toMatchObject({ reads: 0 })
})

maybe('a household in that township sees it in Tibetan and plays the recording; the read rate goes up', async () => {
  const page = await open(HOUSEHOLD, '/pages/household/notices/index')
  await page.locator('[data-testid="lang-bo"]:visible').click()
  const item = page.locator(`[data-testid="feed-item"][data-id="${noticeId}"]`)
  await item.getByText(TITLE_BO).waitFor()
  await screenshot(page, 'notices-list-bo')
  await item.click()

  const notice = page.locator('[data-testid="notice"]')
  await notice.getByText(TITLE_BO).waitFor()
  await notice.getByText(BODY_BO).waitFor()
  expect(await notice.getAttribute('data-lang')).toBe('bo')
  expect(await page.locator('[data-testid="notice-fallback"]').count()).toBe(0)

  const player = page.locator('[data-testid="audio-player"]')
  // the play button names its action in the reader's language
  const toggle = player.locator('[data-testid="audio-toggle"]')
  expect(await toggle.getAttribute('aria-label')).toContain('གཏོང་བ།')
  await toggle.click()
  await page.locator('[data-testid="audio-player"][data-state="playing"]').waitFor()
  // the elapsed time moves: the recording really plays
  await page.waitForFunction(() => {
    const text = document.querySelector('.audio-player__time')?.textContent ?? ''
    return /^0:0[1-9]/.test(text.trim())
  })
  await screenshot(page, 'notices-detail-bo')
  // the notice with its recording playing, as a Tibetan reader sees it
  await look(page, 'household-notices-detail')

  await page.locator('[data-testid="lang-zh-Hans"]:visible').click()
  await notice.getByText(TITLE_ZH).waitFor()
  await notice.getByText(BODY_ZH).waitFor()
  await screenshot(page, 'notices-detail-zh')

  // Without signal, the notice opens again from the phone, and its recording still plays.
  await page.waitForFunction(async () => (await (await caches.open('shiliuzi-notice-audio')).keys()).length > 0)
  await page.goBack()
  await item.waitFor()
  await page.context().setOffline(true)
  await item.click()
  await page.locator('.notice__offline').waitFor()
  await notice.getByText(TITLE_ZH).waitFor()
  await page.locator('[data-testid="audio-player"] .audio-player__button').click()
  await page.locator('[data-testid="audio-player"][data-state="playing"]').waitFor()
  await page.waitForFunction(() =>
    /^0:0[1-9]/.test((document.querySelector('.audio-player__time')?.textContent ?? '').trim()),
  )
  await page.context().setOffline(false)
  await page.close()

  const rate = await rateOfTownship()
  expect(rate.reads).toBe(1)
  const inTownship = cloud.store.count('households', { regionPath: township })
  expect(rate.audience).toBe(inTownship)
})

maybe('a household in another county does not see it', async () => {
  const page = await open(FAR, '/pages/household/notices/index')
  // the empty state, in whichever language the browser was left in
  await page.locator('.state--empty:visible').waitFor()
  await screenshot(page, 'notices-far')
  expect(await page.locator(`[data-testid="feed-item"][data-id="${noticeId}"]`).count()).toBe(0)
  await page.close()
})
