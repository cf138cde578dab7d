/**
 * The selection of model families in the browser (H5 build, local cloud, demo slice): the prefecture office
 * has opened a campaign; the village office nominates the demo household with its story; the household says
 * yes; the township, the county (points for every criterion) and the prefecture review it; the prefecture
 * publishes the list, which nobody sees before its start day; with the functions' clock at that day a
 * household of the county reads it in Tibetan and objects; the county answers; after the window the
 * prefecture confirms and the family is named, its home showing the year. Screenshots at 375 px:
 * exchange-publicity-zh, exchange-publicity-bo, exchange-campaign-zh, exchange-named-home-bo.
 */
import type { Page } from 'playwright-core'
import { t } from '@shared/i18n'
import '@shared/i18n/all'
import { addDays, chinaDay } from '@shared/time'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(300_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const HOUSEHOLD = 'demo-household-1'
const VILLAGE = 'demo-office-village'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const PREFECTURE = 'demo-office-prefecture'
const NEIGHBOUR = 'e2e-exchange-neighbour'
const CAMPAIGN = '3c4d5e6f-0000-4000-8000-0000000e2e16'

let cloud: TestCloud
let browser: TestBrowser
let householdId = ''

type Doc = Record<string, unknown> & { _id: string }

async function open(openid: string, route: string, lang?: 'bo'): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 375, height: 812 })
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  if (lang === 'bo') await page.locator('[data-testid="lang-bo"]:visible').click()
  return page
}

const visible = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]:visible`)

/** answers the WeChat-style question the page asks before a wide or final step */
async function yes(page: Page, lang: 'zh-Hans' | 'bo' = 'zh-Hans') {
  await page.getByText(t(lang, 'common.modalYes'), { exact: true }).click()
}

/** one review of the demo household's nomination, through the campaign page of the office of that level */
async function review(openid: string, scores?: Record<string, string>) {
  const page = await open(openid, `/pages/office/exchange/campaign?id=${CAMPAIGN}`)
  const form = visible(page, 'review-form')
  await form.waitFor()
  for (const [key, value] of Object.entries(scores ?? {}))
    await form.locator(`[data-testid="score-${key}"] input`).fill(value)
  await form.locator('[data-testid="comment"] textarea').fill('事迹属实，群众认可')
  const before = await visible(page, 'nomination').getAttribute('data-state')
  await form.locator('[data-testid="review-pass"]').click()
  await page.waitForFunction(
    (state) => document.querySelector('[data-testid="nomination"]')?.getAttribute('data-state') !== state,
    before,
  )
  return page
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  browser = await launchBrowser()
  const user = cloud.store.find('users', { _id: HOUSEHOLD })[0] as unknown as { roles: { householdId: string }[] }
  householdId = user.roles[0]!.householdId
  const home = cloud.store.find('households', { _id: householdId })[0] as Doc
  const county = (home.regionPath as string[])[1]!
  const neighbour = (cloud.store.find('households', { regionPath: county }) as Doc[]).find(
    (d) => d._id !== householdId,
  )!
  cloud.store.insert('users', [
    {
      _id: NEIGHBOUR,
      householdId: neighbour._id,
      roles: [{ role: 'household', householdId: neighbour._id, regionPath: neighbour.regionPath }],
    },
  ])
  const d = (n: number) => addDays(chinaDay(), n)
  await cloud.invoke(
    'exchange',
    'open',
    {
      id: CAMPAIGN,
      region: '513300000000',
      year: Number(chinaDay().slice(0, 4)),
      kind: 'family',
      title: { 'zh-Hans': '民族团结进步示范家庭评选', bo: 'མི་རིགས་མཐུན་སྒྲིལ་ཡར་ཐོན་གྱི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག' },
      quotas: [{ county, places: 2 }],
      rubric: [
        { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 60 },
        { key: 'family', name: { 'zh-Hans': '家风家教', bo: 'ཁྱིམ་ཚང་གི་གཤིས་ལུགས' }, max: 40 },
      ],
      deadlines: { nomination: d(2), township: d(4), county: d(6), prefecture: d(8) },
      publicity: { start: d(10), days: 5 },
    },
    PREFECTURE,
  )
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe(
  'nominated, consented, reviewed, published as one batch, objected to in Tibetan, answered and named',
  async () => {
    // the village office nominates the demo household with its story
    const nominate = await open(VILLAGE, `/pages/office/exchange/nominate?campaignId=${CAMPAIGN}`)
    await nominate.locator(`[data-testid="nominee"][data-id="${householdId}"]:visible`).click()
    await visible(nominate, 'story').locator('textarea').fill('一家三代和睦，多年帮助邻里，资助藏汉学生上学。')
    await visible(nominate, 'nominate-send').click()
    await visible(nominate, 'nominated').waitFor()
    await nominate.close()

    // the household says yes from its consent card
    const consent = await open(HOUSEHOLD, `/pages/household/exchange/consent?householdId=${householdId}`)
    await visible(consent, 'consent-yes').click()
    await consent.getByText(t('zh-Hans', 'exchange.noConsent')).waitFor()
    await consent.close()

    // township, county (points), prefecture: each on its own campaign page
    await (await review(TOWNSHIP)).close()
    const county = await review(COUNTY, { unity: '55', family: '35' })
    await screenshot(county, 'exchange-campaign-zh')
    await county.close()
    const prefecture = await review(PREFECTURE)
    await visible(prefecture, 'publish').click()
    await yes(prefecture)
    await visible(prefecture, 'campaign-detail').and(prefecture.locator('[data-state="published"]')).waitFor()
    await prefecture.close()

    // published, but nothing is shown before the start day
    const early = (await cloud.invoke('exchange', 'publicity', {}, NEIGHBOUR)) as { items: unknown[] }
    expect(early.items).toEqual([])

    cloud.moveClock(10)
    for (const lang of ['zh-Hans', 'bo'] as const) {
      const page = await open(NEIGHBOUR, '/pages/household/exchange/publicity', lang === 'bo' ? 'bo' : undefined)
      await visible(page, 'entry').waitFor()
      expect(await visible(page, 'publicity').textContent()).toContain(
        t(lang, 'exchange.window', { start: addDays(chinaDay(), 10), end: addDays(chinaDay(), 14) }),
      )
      await screenshot(page, `exchange-publicity-${lang === 'bo' ? 'bo' : 'zh'}`)
      if (lang === 'bo') {
        await visible(page, 'object-open').click()
        await visible(page, 'reason').locator('textarea').fill('ཁྱིམ་མཚེས་བར་གྱི་འགལ་ཟླ་ད་དུང་ཐག་མ་ཆོད།')
        await visible(page, 'object-send').click()
        await visible(page, 'my-objection').waitFor()
      }
      await page.close()
    }

    // the county answers the objection; the prefecture confirms after the window
    const answer = await open(COUNTY, `/pages/office/exchange/campaign?id=${CAMPAIGN}`)
    await visible(answer, 'answer-text').locator('textarea').fill('经村里核实，纠纷已调解')
    await visible(answer, 'answer-dismiss').click()
    await visible(answer, 'objection-answer').waitFor()
    await answer.close()
    cloud.moveClock(5)
    const confirm = await open(PREFECTURE, `/pages/office/exchange/campaign?id=${CAMPAIGN}`)
    await visible(confirm, 'confirm').click()
    // the reader chose Tibetan on the 公示 and the browser keeps the choice
    await yes(confirm, 'bo')
    await visible(confirm, 'campaign-detail').and(confirm.locator('[data-state="confirmed"]')).waitFor()
    await confirm.close()

    const named = cloud.store.find('named', { householdId }) as Doc[]
    expect(named).toEqual([expect.objectContaining({ status: 'active', campaignId: CAMPAIGN })])
    const home = await open(HOUSEHOLD, '/pages/household/home/index')
    await visible(home, 'named-badge').waitFor()
    await screenshot(home, 'exchange-named-home-bo')
    await home.close()

    // the named family is offered a place on the county's trip to Zhejiang and confirms it, in Tibetan still
    const start = addDays(chinaDay(Date.now() + cloud.clockOffset()), 30)
    await cloud.invoke(
      'exchange',
      'saveTrip',
      {
        id: '7d0c1e2f-0000-4000-8000-0000000e2e16',
        region: (named[0]!.regionPath as string[])[1],
        title: { 'zh-Hans': '赴浙江交流', bo: 'ཀྲེ་ཅང་དུ་བརྗེ་རེས།' },
        places: { 'zh-Hans': '湖州、杭州', bo: 'ཧུའུ་ཀྲོའུ་དང་ཧང་ཀྲོའུ།' },
        startDay: start,
        endDay: addDays(start, 6),
        slots: 1,
        replyDays: 7,
        named: [named[0]!._id],
      },
      COUNTY,
    )
    const trip = await open(HOUSEHOLD, '/pages/household/trips/index')
    await visible(trip, 'trip-confirm').click()
    await yes(trip, 'bo')
    await trip.locator('[data-testid="trip-offer"][data-state="confirmed"]:visible').waitFor()
    await trip.close()
    const events = (
      cloud.store.find('trips', {})[0] as unknown as { events: { type: string; by?: { role: string } }[] }
    ).events
    expect(events.filter((e) => e.type === 'confirm')).toEqual([
      expect.objectContaining({ by: expect.objectContaining({ role: 'household' }) }),
    ])
  },
)
