/**
 * Hardship relief, end to end in the H5 build against the local cloud, with the functions' clock moved
 * forward (localcloud/README.md, "A clock tests can move") and the browser's with it (page.clock):
 * a household reports a need by voice, in Tibetan → the menu routes it to the township station of the
 * county's civil-affairs bureau → the bureau accepts it → its deadline passes → the county office sees it
 * escalated → the bureau resolves it → the household answers "partly solved" → it reopens for the same
 * unit → resolved again → solved → the township's rates moved. The subscription messages go out on the way.
 * Screenshots: test-results/screenshots/relief-{household-request,inbox}-{zh,bo}.png, relief-report-bo.png,
 * relief-escalated-zh.png, relief-rates-{zh,bo}.png.
 */
import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { t } from '@shared/i18n'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(600_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const HOUSEHOLD = 'demo-household-1'
const PREFECTURE = 'demo-office-prefecture'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
/** a user of the county's civil-affairs bureau, made for the journey (the demo's department user works elsewhere) */
const CIVIL = 'journey-civil-affairs'
const CATEGORY = 'subsistence'
const DAY = 86_400_000

let cloud: TestCloud
let browser: TestBrowser
let householdId = ''
let township = ''
let civilId = ''

type Counters = Record<string, number>
type Message = { touser: string; templateId: string; page?: string }

const call = <T>(fn: string, action: string, data: unknown, openid: string) =>
  cloud.invoke(fn, action, data, openid) as Promise<T>

/** The township's rates as its work office reads them on its rates screen, checked against the function's. */
async function townshipRates(shot?: string): Promise<Counters> {
  const page = await open(TOWNSHIP, '/pages/office/relief/rates')
  const figure = async (name: string) =>
    Number(await page.locator(`[data-testid="total-${name}"] .relief-rates__big`).textContent())
  await page.locator('[data-testid="rates-total"]').waitFor()
  const shown = {
    collected: await figure('collected'),
    solved: await figure('solved'),
    solvedOnTime: await figure('solvedOnTime'),
  }
  const rates = await call<{ total: { counters: Counters } }>('requests', 'rates', { region: township }, TOWNSHIP)
  expect(shown).toEqual({
    collected: rates.total.counters.collected,
    solved: rates.total.counters.solved,
    solvedOnTime: rates.total.counters.solvedOnTime,
  })
  if (shot) await bothLanguages(page, shot, () => page.locator('[data-testid="rates-total"]').waitFor())
  await page.close()
  return shown
}

async function messages(): Promise<Message[]> {
  return (await (await fetch(`${cloud.url}/local/messages`)).json()) as Message[]
}

async function subscribe(openid: string, templateIds: string[], times = 3): Promise<void> {
  for (let i = 0; i < times; i++)
    await fetch(`${cloud.url}/local/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, templateIds }),
    })
}

/** a page as `openid`, its clock where the functions' clock stands */
async function open(openid: string, route: string, lang?: 'bo'): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  // the browser's clock runs on from where the functions' clock stands
  if (cloud.clockOffset() !== 0) await page.clock.install({ time: new Date(Date.now() + cloud.clockOffset()) })
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  if (lang === 'bo') await page.locator('[data-testid="lang-bo"]:visible').click()
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

/** One second of a 440 Hz tone, 8 kHz mono WAV: what the household's browser recorder hands over. */
function recording(): Buffer {
  const rate = 8000
  const samples = rate
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8)
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

/** a unit's step on the request its page shows: open the step, write its note when it has one, send */
async function act(page: Page, step: 'accept' | 'resolve', note?: string): Promise<void> {
  await page.locator(`[data-testid="step-${step}"]`).click()
  await page.locator(`[data-testid="form-${step}"]`).waitFor()
  if (note) await page.locator('[data-testid="step-text"] textarea').fill(note)
  await page.locator('[data-testid="step-send"]').click()
}

/** a run of the escalate timer a second on: its event's time is in whole seconds, and what was just
 * written must be due by then */
async function timerRun(): Promise<void> {
  cloud.moveClock(1000 / DAY)
  expect(await cloud.fireTimer('requests')).toMatchObject({ ok: true })
}

/** moves the functions' clock to just past `at`, and runs the timer there */
async function passTime(at: string): Promise<void> {
  const ahead = Date.parse(at) + 3600_000 - (Date.now() + cloud.clockOffset())
  if (ahead > 0) cloud.moveClock(ahead / DAY)
  await timerRun()
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { roles: { householdId: string }[] }
  householdId = user.roles[0]!.householdId
  const home = cloud.store.find('households', { _id: householdId })[0] as unknown as { regionPath: string[] }
  const county = home.regionPath[1]!
  township = home.regionPath[2]!
  civilId = `D${county.slice(0, 6)}-civil`
  cloud.store.insert('users', [{ _id: CIVIL, roles: [{ role: 'department', departmentId: civilId }] }])
  // the prefecture office's category list, and the bureau's service at its township stations
  await call(
    'requests',
    'saveCategory',
    {
      key: CATEGORY,
      name: { 'zh-Hans': '生活困难', bo: 'འཚོ་བའི་དཀའ་ངལ།' },
      active: true,
    },
    PREFECTURE,
  )
  await call(
    'requests',
    'saveService',
    {
      id: randomUUID(),
      departmentId: civilId,
      category: CATEGORY,
      level: 'township',
      regions: [county],
      deadlineDays: 3,
      name: { 'zh-Hans': '临时救助', bo: 'གནས་སྐབས་ཀྱི་རོགས་སྐྱོར།' },
      prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
    },
    CIVIL,
  )
  // the bureau's, the county's and the household's acceptances of the relief messages
  await subscribe(CIVIL, ['request-assigned', 'request-warn', 'request-escalated'])
  await subscribe(COUNTY, ['request-escalated'])
  await subscribe(HOUSEHOLD, ['request-escalated', 'request-resolved'])
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe(
  'a need spoken in Tibetan goes to the township civil-affairs station, escalates when late, and is solved on the household’s word',
  async () => {
    const before = await townshipRates()

    // the household reports by voice, its screen in Tibetan
    const household = await open(HOUSEHOLD, `/pages/household/requests/index?householdId=${householdId}`, 'bo')
    await household.locator('[data-testid="open-report"]').click()
    await household.locator('[data-testid="report-form"]').waitFor()
    await household.locator(`[data-testid="category-${CATEGORY}"]`).click()
    await household
      .locator('[data-testid="pick-voice"]')
      .setInputFiles({ name: 'need.wav', mimeType: 'audio/wav', buffer: recording() })
    await household.locator('[data-testid="report-send"]').waitFor()
    await screenshot(household, 'relief-report-bo')
    await household.locator('[data-testid="report-send"]').click()
    const shown = household.locator('[data-testid="request"][data-state="assigned"]:visible')
    await shown.waitFor()
    const [stored] = cloud.store.find('requests', { householdId }) as unknown as {
      _id: string
      lang: string
      voice: string | null
      text: string
      unit: { kind: string; id: string; level: string; region: string }
    }[]
    expect(stored).toMatchObject({
      lang: 'bo',
      text: '',
      unit: { kind: 'department', id: civilId, level: 'township', region: township },
    })
    expect(stored!.voice).toMatch(new RegExp(`/requests/${stored!._id}/`))
    const id = stored!._id
    await bothLanguages(household, 'relief-household-request', () => shown.waitFor())

    // the timer tells the bureau; it sees the request in its inbox and accepts it
    await timerRun()
    expect((await messages()).filter((m) => m.touser === CIVIL).map((m) => m.templateId)).toEqual(['request-assigned'])
    const bureau = await open(CIVIL, '/pages/office/requests/index')
    const row = bureau.locator(`[data-testid="inbox-row"][data-id="${id}"]`)
    await row.waitFor()
    await bothLanguages(bureau, 'relief-inbox', () => row.waitFor())
    await row.click()
    await act(bureau, 'accept')
    await bureau.locator('[data-testid="request"][data-state="accepted"]').waitFor()

    // its three working days pass without a resolution: the county office sees it escalated
    const inbox = await call<{ items: { id: string; due: string }[] }>('requests', 'inbox', {}, CIVIL)
    await passTime(inbox.items.find((i) => i.id === id)!.due)
    const countyOffice = `office:office:${(cloud.store.find('households', { _id: householdId })[0] as unknown as { regionPath: string[] }).regionPath[1]}`
    const [late] = cloud.store.find('requests', { _id: id }) as unknown as { watchers?: string[] }[]
    expect(late!.watchers).toEqual([countyOffice])
    const county = await open(COUNTY, '/pages/office/requests/index')
    const escalated = county.locator(`[data-testid="inbox-row"][data-id="${id}"] [data-testid="escalated"]`)
    // on a loaded machine the inbox may take a while to answer
    await escalated.waitFor({ timeout: 60_000 })
    expect(await escalated.textContent()).toContain(t('zh-Hans', 'inbox.level.county'))
    await screenshot(county, 'relief-escalated-zh')
    expect(
      (await messages())
        .filter((m) => m.templateId === 'request-escalated')
        .map((m) => m.touser)
        .sort(),
    ).toEqual([CIVIL, COUNTY, HOUSEHOLD].sort())

    // resolved; the household says partly solved, and it reopens for the same unit
    await bureau.close()
    const handling = await open(CIVIL, `/pages/office/requests/detail?id=${id}`)
    await act(handling, 'resolve', '已发放临时救助金')
    await handling.locator('[data-testid="request"][data-state="resolved"]').waitFor()
    await timerRun()
    expect((await messages()).filter((m) => m.touser === HOUSEHOLD).map((m) => m.templateId)).toContain(
      'request-resolved',
    )
    const answer = await open(HOUSEHOLD, `/pages/household/requests/detail?id=${id}&householdId=${householdId}`, 'bo')
    await answer.locator('[data-testid="answer-partly"]').click()
    await answer.locator('[data-testid="answer-send"]').click()
    await answer.getByText(t('bo', 'common.modalYes'), { exact: true }).click()
    await answer.locator('[data-testid="request"][data-state="reopened"]').waitFor()

    // resolved again, and this time solved
    await handling.reload()
    await act(handling, 'resolve', '已补发救助物资')
    await handling.locator('[data-testid="request"][data-state="resolved"]').waitFor()
    await answer.reload()
    await answer.locator('[data-testid="answer-solved"]').click()
    await answer.locator('[data-testid="answer-send"]').click()
    await answer.getByText(t('bo', 'common.modalYes'), { exact: true }).click()
    await answer.locator('[data-testid="request"][data-state="confirmed"]').waitFor()

    const after = await townshipRates('relief-rates')
    expect(after.collected! - (before.collected ?? 0)).toBe(1)
    expect(after.solved! - (before.solved ?? 0)).toBe(1)
    // solved, but after the deadline
    expect((after.solvedOnTime ?? 0) - (before.solvedOnTime ?? 0)).toBe(0)
  },
)
