/**
 * The registry journey in the H5 build against the local cloud: a township office imports a small
 * household roster (file input → storage → dry-run report → commit), runs the planner for its township
 * and confirms the plan; then an official the plan paired with the new households opens "my
 * households" and finds them there. A household member then sees their officials with call and WeChat.
 * Screenshots: test-results/screenshots/registry-*.png
 */
import { t } from '@shared/i18n'
import type { Page } from 'playwright-core'
import { checkChar } from '@functions/registry/domain/idcard'
import type { TestBrowser, TestCloud } from './support'
import { e2eReady, launchBrowser, screenshot, startCloud } from './support'

jest.setTimeout(240_000)
const ready = e2eReady()
const maybe = ready ? test : test.skip

const OFFICE = 'demo-office-township'
const NEW_OFFICIAL_USER = 'e2e-registry-official'
const NEW_MEMBER_USER = 'e2e-registry-member'

let cloud: TestCloud
let browser: TestBrowser
let township: string
let village: string
const heads = ['格桑卓玛', '扎西次仁', '王秀英', '洛绒降措', '李建国', '央金拉姆']

function idNumber(birth: string, seq: number): string {
  const first17 = `513301${birth}${String(seq).padStart(3, '0')}`
  return first17 + checkChar(first17)
}

function rosterCsv(): string {
  const header = '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码,家庭人口,风险等级'
  const lines = heads.map((name, i) =>
    [
      `E2E${i + 1}`,
      name,
      i % 2 === 0 ? 'སྐལ་བཟང་སྒྲོལ་མ' : '',
      idNumber(`1978030${i + 1}`, 500 + i),
      `1370000${1000 + i}`,
      village,
      3,
      '无',
    ].join(','),
  )
  return [header, ...lines].join('\r\n')
}

async function open(openid: string, route: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`))
  await page.goto(`${cloud.url}/?as=${encodeURIComponent(openid)}#${route}`)
  return page
}

beforeAll(async () => {
  if (!ready) return
  cloud = await startCloud('tiny')
  const office = cloud.store.find('users', { _id: OFFICE })[0] as unknown as { roles: { region: string }[] }
  township = office.roles[0]!.region
  const villages = cloud.store.find('regions', { parent: township }) as unknown as { _id: string }[]
  village = villages[0]!._id
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

maybe('an office imports a roster, plans and confirms; an official of the plan sees the new households', async () => {
  const page = await open(OFFICE, '/pages/office/home/index')
  await page.locator('[data-testid="registry-links"]').getByText('花名册导入导出').click()

  await page
    .locator('[data-testid="roster-file"]')
    .setInputFiles({ name: '新增家庭.csv', mimeType: 'text/csv', buffer: Buffer.from(rosterCsv(), 'utf8') })
  await page.getByText('共 6 行：6 行可以导入，0 行有问题（共 0 处）').waitFor()
  await screenshot(page, 'registry-dry-run')
  await page.locator('[data-testid="commit"]').click()
  await page.locator('[data-testid="import-done"]').getByText('导入完成：新增 6，更新 0').waitFor()
  await screenshot(page, 'registry-imported')
  // nothing is paired yet
  for (let i = 1; i <= heads.length; i++) {
    expect(cloud.store.find('households', { _id: `E2E${i}` })[0]).toMatchObject({
      officialIds: [],
      regionPath: expect.arrayContaining([village]),
    })
  }

  await page.goBack()
  await page.locator('[data-testid="registry-links"]').getByText('结对方案').click()
  await page.locator(`[data-testid="plan-regions"] [data-code="${township}"]`).waitFor()
  await page.locator('[data-testid="make-plan"]').click()
  const households = cloud.store.count('households', { regionPath: township })
  const officials = cloud.store.count('officials', { regionPath: township })
  await page
    .locator('[data-testid="plan-coverage"]')
    .getByText(`覆盖：家庭 ${households}/${households} 户，干部 ${officials}/${officials} 名`)
    .waitFor()
  // the changes by name: every new household is listed with the official its pairing begins with
  const changes = page.locator('[data-testid="plan-changes"]')
  await changes.getByText(heads[0]!, { exact: false }).first().waitFor()
  await screenshot(page, 'registry-plan')
  // confirming asks first, saying how many pairings end and begin; answering yes applies the plan
  await page.locator('[data-testid="confirm-plan"]').click()
  await page.getByText(/执行后将结束 \d+ 条现有结对，新建 \d+ 条结对/).waitFor()
  await screenshot(page, 'registry-plan-ask-zh')
  // "no" changes nothing; asked again on a Tibetan screen, the question and its answers are in Tibetan
  await page.getByText(t('zh-Hans', 'common.modalNo'), { exact: true }).click()
  await page.locator('[data-testid="lang-bo"]:visible').click()
  await page.locator('[data-testid="plan-changes"]').waitFor()
  await page.locator('[data-testid="confirm-plan"]').click()
  await page.getByText(t('bo', 'common.modalYes'), { exact: true }).waitFor()
  await screenshot(page, 'registry-plan-ask-bo')
  await page.getByText(t('bo', 'common.modalYes'), { exact: true }).click()
  await page.locator('[data-testid="plan-done"]').waitFor()
  // the language is kept on the phone: back to Chinese for the screens that follow
  await page.locator('[data-testid="lang-zh-Hans"]:visible').click()
  await page.close()

  // who the plan gave the first new household to, as the database now says
  const first = cloud.store.find('households', { _id: 'E2E1' })[0] as unknown as { officialIds: string[] }
  expect(first.officialIds.length).toBeGreaterThan(0)
  const officialId = first.officialIds[0]!
  const theirs = (cloud.store.find('households', { officialIds: officialId }) as unknown as { _id: string }[]).map(
    (d) => d._id,
  )
  const newOnes = theirs.filter((id) => id.startsWith('E2E'))
  cloud.store.insert('users', [{ _id: NEW_OFFICIAL_USER, officialId, roles: [{ role: 'official', officialId }] }])

  const official = await open(NEW_OFFICIAL_USER, '/pages/official/households/index')
  for (const id of newOnes) {
    const index = Number(id.slice(3)) - 1
    await official.locator(`[data-testid="household-row"][data-id="${id}"]`).getByText(heads[index]!).waitFor()
  }
  await screenshot(official, 'registry-official-households')
  await official.close()
})

maybe('a member of an imported household sees the officials paired with it, with call and WeChat', async () => {
  const household = cloud.store.find('households', { _id: 'E2E2' })[0] as unknown as { officialIds: string[] }
  cloud.store.insert('users', [
    { _id: NEW_MEMBER_USER, householdId: 'E2E2', roles: [{ role: 'household', householdId: 'E2E2' }] },
  ])
  const page = await open(NEW_MEMBER_USER, '/pages/household/officials/index')
  const cards = page.locator('[data-testid="my-official"]')
  await cards.first().waitFor()
  expect(await cards.count()).toBe(household.officialIds.length)
  const officialId = household.officialIds[0]!
  const official = cloud.store.find('officials', { _id: officialId })[0] as unknown as { phone: string }
  const card = page.locator(`[data-testid="my-official"][data-id="${officialId}"]`)
  expect(await card.textContent()).toContain(`${official.phone.slice(0, 3)}****${official.phone.slice(-4)}`)
  await card.locator('[data-testid="wechat"]').click()
  await page.locator('[data-testid="officials-message"]').getByText(official.phone, { exact: false }).waitFor()
  expect(cloud.store.find('audit', { actor: NEW_MEMBER_USER, subject: officialId })).toHaveLength(1)
  await screenshot(page, 'registry-my-officials')
  // in Tibetan, the buttons and the title follow
  await page.getByText('བོད་ཡིག', { exact: true }).click()
  await card.locator('[data-testid="call"]').getByText('ཁ་པར་གཏོང་བ།').waitFor()
  await page.locator('.screen__title').getByText('ངའི་མཐུན་འབྲེལ་ལས་བྱེད་པ།', { exact: true }).waitFor()
  // the copied-number hint is re-worded too
  expect(await page.locator('[data-testid="officials-message"]').textContent()).toMatch(
    /[\u0F00-\u0FFF].*\d{11}|\d{11}.*[\u0F00-\u0FFF]/,
  )
  await screenshot(page, 'registry-my-officials-bo')
  await page.close()
})
