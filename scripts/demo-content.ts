/**
 * What a demo needs beyond the roster: a few published notices and a few logged contacts (a visit's need
 * also reported as a request, as the official's outbox sends it), so the
 * household, official and office screens have something to show on first start. Everything goes through
 * the functions as the demo users (written, reviewed, published; logged by the household's official),
 * the way the app itself would make it; nothing is written to the database directly.
 */
import { randomUUID } from 'node:crypto'
import type { LocalCloud } from '../localcloud/server'
import type { CallResult } from '../src/shared/contract'
import type { ContactInput } from '../src/shared/contracts/contacts'
import type { NoticeDraft } from '../src/shared/contracts/notices'
import type { Bilingual } from '../src/shared/bilingual'
import { needRequestId } from '../src/shared/needs'
import type { PhaseInput } from '../src/shared/phases'

const DAY = 24 * 3600 * 1000

type DemoNotice = Pick<NoticeDraft, 'title' | 'body' | 'category'> & { roles: NoticeDraft['audience']['roles'] }

const NOTICES: DemoNotice[] = [
  {
    category: 'policy',
    roles: 'households',
    title: {
      'zh-Hans': '城乡居民医疗保险开始缴费',
      bo: 'སྨན་བཅོས་ཉེན་སྲུང་གི་དངུལ་སྤྲོད་འགོ་ཚུགས་པའི་བརྡ་ཐོ།',
    },
    body: {
      'zh-Hans': '城乡居民医疗保险缴费已经开始，请在12月31日前到村委会或通过微信缴费。有困难的家庭请联系您的联谊干部。',
      bo: 'ཟླ་ 12 ཚེས་ 31 གི་སྔོན་ལ་གྲོང་ཚོའི་ཨུ་ཡོན་ལྷན་ཁང་ངམ་སྐད་འཕྲིན་བརྒྱུད་དངུལ་སྤྲོད་གནང་རོགས། དཀའ་ངལ་ཡོད་ན་ཁྱེད་ཀྱི་མཐུན་འབྲེལ་ལས་བྱེད་པར་འབྲེལ་བ་གནང་རོགས།',
    },
  },
  {
    category: 'virtues',
    roles: 'households',
    title: {
      'zh-Hans': '好家风好家训故事征集',
      bo: 'ཁྱིམ་ཚང་གི་གོམས་སྲོལ་བཟང་པོའི་སྒྲུང་གཏམ་བསྡུ་རུབ།',
    },
    body: {
      'zh-Hans': '欢迎各家各户分享自己的家风家训故事，优秀的故事将在村里展示。',
      bo: 'ཁྱིམ་ཚང་སོ་སོས་རང་གི་ཁྱིམ་ཚང་གི་གོམས་སྲོལ་བཟང་པོའི་སྒྲུང་གཏམ་མཉམ་སྤྱོད་གནང་རོགས། ལེགས་ཤོས་རྣམས་གྲོང་ཚོའི་ནང་འགྲེམས་སྟོན་བྱེད་རྒྱུ་ཡིན།',
    },
  },
  {
    category: 'other',
    roles: 'officials',
    title: {
      'zh-Hans': '本月入户走访提醒',
      bo: 'ཟླ་འདིའི་ཁྱིམ་ཚང་ལ་བཅར་འདྲིའི་དྲན་སྐུལ།',
    },
    body: {
      'zh-Hans': '请各位联谊干部在月底前走访结对家庭，并及时记录联系情况。',
      bo: 'མཐུན་འབྲེལ་ལས་བྱེད་པ་ཚོས་ཟླ་མཇུག་གི་སྔོན་ལ་ཟུང་སྒྲིག་ཁྱིམ་ཚང་ལ་བཅར་འདྲི་བྱས་ཏེ་དུས་ཐོག་ཏུ་ཟིན་ཐོ་འགོད་རོགས།',
    },
  },
]

interface Demo {
  household: { householdId: string }
  official: { officialId: string }
  countyOffice: { region: string }
}

export async function addDemoContent(cloud: LocalCloud): Promise<{ notices: number; contacts: number }> {
  const user = (id: string) =>
    cloud.store.find('users', { _id: id })[0] as { roles?: Record<string, string>[] } | undefined
  const grant = (id: string) => user(id)?.roles?.[0] ?? {}
  const demo: Demo = {
    household: { householdId: grant('demo-household-1').householdId ?? '' },
    official: { officialId: grant('demo-official-1').officialId ?? '' },
    countyOffice: { region: grant('demo-office-county').region ?? '' },
  }
  if (!demo.household.householdId || !demo.official.officialId || !demo.countyOffice.region)
    return { notices: 0, contacts: 0 }

  const call = async (fn: string, action: string, data: unknown, openid: string): Promise<unknown> => {
    const res = (await cloud.invoke(fn, { action, data, lang: 'zh-Hans' }, { OPENID: openid })) as CallResult<unknown>
    if (!res.ok) throw new Error(`demo content: ${fn}.${action} as ${openid}: ${res.error.message}`)
    return res.data
  }

  for (const n of NOTICES) {
    const id = randomUUID()
    const draft: NoticeDraft = {
      title: n.title,
      body: n.body,
      category: n.category,
      media: [],
      audience: { regions: [demo.countyOffice.region], roles: n.roles },
      publishAt: null,
      expireAt: null,
    }
    await call('notices', 'save', { id, draft }, 'demo-office-county')
    await call('notices', 'submit', { id }, 'demo-office-county')
    await call('notices', 'approve', { id }, 'demo-reviewer-1')
    await call('notices', 'publish', { id }, 'demo-office-county')
  }

  // The demo official's households, the demo household first: a visit last month, a phone call and a
  // WeChat message this week, the latest visit waiting for the household to confirm it.
  const paired = cloud.store
    .find('households', { officialIds: demo.official.officialId }, { limit: 4 })
    .map((h) => String(h._id))
  const households = [demo.household.householdId, ...paired.filter((id) => id !== demo.household.householdId)]
  const now = Date.now()
  const contacts: Omit<ContactInput, 'id' | 'householdId'>[] = [
    {
      channel: 'visit',
      at: new Date(now - 35 * DAY).toISOString(),
      topics: ['policy', 'schooling'],
      notes: '入户走访，讲解医保缴费政策，了解孩子上学情况。',
      photos: [],
      locationConsent: false,
      needs: [{ text: '孩子冬季校服' }],
    },
    {
      channel: 'phone',
      at: new Date(now - 6 * DAY).toISOString(),
      topics: ['employment'],
      notes: '电话了解外出务工情况。',
      photos: [],
      locationConsent: false,
      needs: [],
    },
    {
      channel: 'visit',
      at: new Date(now - 2 * DAY).toISOString(),
      topics: ['virtues', 'hardship'],
      notes: '走访了解冬季取暖准备情况。',
      photos: [],
      locationConsent: false,
      needs: [],
    },
  ]
  let logged = 0
  for (const [i, householdId] of households.entries()) {
    const mine = i === 0 ? contacts : contacts.slice(1, 2)
    for (const c of mine) {
      const id = randomUUID()
      await call('contacts', 'logContact', { ...c, id, householdId }, 'demo-official-1')
      // the official's outbox sends each need line as a request of its own, as the contact form does
      for (const [index, need] of c.needs.entries())
        await call(
          'requests',
          'report',
          { id: needRequestId(id, index), householdId, category: 'other', text: need.text },
          'demo-official-1',
        )
      logged += 1
    }
  }
  return { notices: NOTICES.length, contacts: logged }
}

/** The prefecture office's category list as a demo starts with (`other` is built in). */
export const DEMO_CATEGORIES: { key: string; name: Bilingual }[] = [
  { key: 'subsistence', name: { 'zh-Hans': '低保', bo: 'འཚོ་བའི་འགན་ལེན་ཉུང་མཐའ།' } },
  { key: 'temporary-relief', name: { 'zh-Hans': '临时救助', bo: 'གནས་སྐབས་ཀྱི་རོགས་སྐྱོར།' } },
  { key: 'medical', name: { 'zh-Hans': '医疗保障', bo: 'སྨན་བཅོས་འགན་ལེན།' } },
  { key: 'education', name: { 'zh-Hans': '教育资助', bo: 'སློབ་གསོའི་རོགས་སྐྱོར།' } },
  { key: 'housing', name: { 'zh-Hans': '住房安全', bo: 'སྡོད་ཁང་བདེ་འཇགས།' } },
  { key: 'employment', name: { 'zh-Hans': '就业', bo: 'ལས་ཞུགས།' } },
  { key: 'farming', name: { 'zh-Hans': '农牧业', bo: 'ཞིང་འབྲོག' } },
  { key: 'water-power', name: { 'zh-Hans': '水电', bo: 'ཆུ་དང་གློག' } },
  { key: 'legal-aid', name: { 'zh-Hans': '法律援助', bo: 'ཁྲིམས་ལུགས་རོགས་སྐྱོར།' } },
]

/** The demo department's own service, by the kind of bureau it is (its id ends in the kind's key). */
const DEMO_SERVICES: Record<string, { category: string; name: Bilingual; prepare: Bilingual; days: number }> = {
  civil: {
    category: 'temporary-relief',
    name: { 'zh-Hans': '临时救助申请', bo: 'གནས་སྐབས་ཀྱི་རོགས་སྐྱོར་ཞུ་བ།' },
    prepare: { 'zh-Hans': '户口簿、身份证', bo: 'ཐེམ་ཐོ་དང་ཐོབ་ཐང་ལག་ཁྱེར།' },
    days: 5,
  },
  health: {
    category: 'medical',
    name: { 'zh-Hans': '医疗救助', bo: 'སྨན་བཅོས་རོགས་སྐྱོར།' },
    prepare: { 'zh-Hans': '诊断证明、医疗费用单据', bo: 'ནད་གཞིའི་ར་སྤྲོད་དང་སྨན་བཅོས་འགྲོ་སོང་གི་ཤོག་བྱང་།' },
    days: 10,
  },
  edu: {
    category: 'education',
    name: { 'zh-Hans': '学生资助', bo: 'སློབ་མའི་རོགས་སྐྱོར།' },
    prepare: { 'zh-Hans': '学生证或在校证明', bo: 'སློབ་མའི་ལག་ཁྱེར་རམ་སློབ་གྲྭའི་ར་སྤྲོད།' },
    days: 10,
  },
  housing: {
    category: 'housing',
    name: { 'zh-Hans': '危房鉴定', bo: 'ཉེན་ཁའི་ཁང་པ་ཞིབ་དཔྱད།' },
    prepare: { 'zh-Hans': '房屋照片（可选）', bo: 'ཁང་པའི་པར། (འདེམས་ཆོག)' },
    days: 10,
  },
  hr: {
    category: 'employment',
    name: { 'zh-Hans': '就业帮扶', bo: 'ལས་ཞུགས་རོགས་སྐྱོར།' },
    prepare: { 'zh-Hans': '身份证', bo: 'ཐོབ་ཐང་ལག་ཁྱེར།' },
    days: 7,
  },
  land: {
    category: 'housing',
    name: { 'zh-Hans': '房屋地质灾害隐患排查', bo: 'ཁང་པའི་ས་ཆའི་གནོད་འཚེའི་ཉེན་ཁ་ཞིབ་བཤེར།' },
    prepare: { 'zh-Hans': '房屋位置', bo: 'ཁང་པའི་གནས་ས།' },
    days: 10,
  },
  agri: {
    category: 'farming',
    name: { 'zh-Hans': '农牧技术指导', bo: 'ཞིང་འབྲོག་ལག་རྩལ་མཛུབ་སྟོན།' },
    prepare: { 'zh-Hans': '无', bo: 'མེད།' },
    days: 7,
  },
}

/**
 * The category list, written by the demo prefecture office, and one service on the demo department's menu
 * when its bureau offers one of them: the household's menu and the department's screen then show something.
 */
export async function addDemoMenu(cloud: LocalCloud): Promise<{ categories: number; services: number }> {
  const call = async (action: string, data: unknown, openid: string) => {
    const res = (await cloud.invoke(
      'requests',
      { action, data, lang: 'zh-Hans' },
      { OPENID: openid },
    )) as CallResult<unknown>
    if (!res.ok) throw new Error(`demo menu: requests.${action} as ${openid}: ${res.error.message}`)
  }
  if (cloud.store.count('users', { _id: 'demo-office-prefecture' }) === 0) return { categories: 0, services: 0 }
  for (const c of DEMO_CATEGORIES) await call('saveCategory', { ...c, active: true }, 'demo-office-prefecture')

  const [grant] =
    (cloud.store.find('users', { _id: 'demo-department-1' })[0] as { roles?: { departmentId?: string }[] } | undefined)
      ?.roles ?? []
  const department = grant?.departmentId
    ? (cloud.store.find('departments', { _id: grant.departmentId })[0] as { regionPath: string[] } | undefined)
    : undefined
  const offer = department && DEMO_SERVICES[grant!.departmentId!.split('-').at(-1)!]
  if (!department || !offer) return { categories: DEMO_CATEGORIES.length, services: 0 }
  await call(
    'saveService',
    {
      id: randomUUID(),
      departmentId: grant!.departmentId,
      category: offer.category,
      level: 'township',
      regions: [department.regionPath.at(-1)],
      deadlineDays: offer.days,
      name: offer.name,
      prepare: offer.prepare,
    },
    'demo-department-1',
  )
  return { categories: DEMO_CATEGORIES.length, services: 1 }
}

/**
 * A few requests in the units' inboxes, reported by the demo household through the function: one the menu
 * routes to the demo department (when its bureau offers a service there), one the township work office takes
 * (兜底), which the office accepts and records progress on. Written after the menu (addDemoMenu).
 */
export async function addDemoRequests(cloud: LocalCloud): Promise<{ requests: number }> {
  const call = async (action: string, data: unknown, openid: string) => {
    const res = (await cloud.invoke('requests', { action, data, lang: 'zh-Hans' }, { OPENID: openid })) as CallResult<{
      id: string
    }>
    if (!res.ok) throw new Error(`demo requests: requests.${action} as ${openid}: ${res.error.message}`)
    return res.data
  }
  const [grant] =
    (cloud.store.find('users', { _id: 'demo-household-1' })[0] as { roles?: { householdId?: string }[] } | undefined)
      ?.roles ?? []
  const householdId = grant?.householdId
  if (!householdId || cloud.store.count('users', { _id: 'demo-office-township' }) === 0) return { requests: 0 }
  const offered = cloud.store.find('services', { active: true }, { limit: 1 })[0] as { category?: string } | undefined
  const reports = [
    ...(offered?.category
      ? [{ category: offered.category, text: '家里老人住院，医药费和生活费一时接不上，想申请临时救助。' }]
      : []),
    { category: 'other', text: '村里的饮水管冬天冻裂了，全家吃水要去河边挑，电话 13812345678。' },
  ]
  const ids: string[] = []
  for (const r of reports)
    ids.push((await call('report', { id: randomUUID(), householdId, ...r }, 'demo-household-1')).id)
  const taken = ids.at(-1)!
  await call('act', { id: taken, events: 2, step: { type: 'accept' } }, 'demo-office-township')
  await call(
    'act',
    { id: taken, events: 3, step: { type: 'progress', note: '已联系乡水务站，明天上门维修。' } },
    'demo-office-township',
  )
  return { requests: ids.length }
}

/**
 * The programme's three phases to 2026 with the targets the demo prefecture office sets, each a step above
 * the one before, so the phases and progress screens hold the demo's figures against a current phase.
 */
export const DEMO_PHASES: PhaseInput[] = [
  {
    id: 'foundation',
    from: '2024-01-01',
    to: '2024-12-31',
    targets: { coverage: 80, contactsPerQuarter: 1, visitsConfirmed: 60, solvedOnTime: 70 },
  },
  {
    id: 'results',
    from: '2025-01-01',
    to: '2025-12-31',
    targets: { coverage: 90, contactsPerQuarter: 1.5, visitsConfirmed: 70, solvedOnTime: 80 },
  },
  {
    id: 'routine',
    from: '2026-01-01',
    to: '2026-12-31',
    targets: { coverage: 95, contactsPerQuarter: 2, visitsConfirmed: 80, solvedOnTime: 90 },
  },
]

export async function addDemoPhases(cloud: LocalCloud): Promise<{ phases: number }> {
  if (cloud.store.count('users', { _id: 'demo-office-prefecture' }) === 0) return { phases: 0 }
  for (const phase of DEMO_PHASES) {
    const res = (await cloud.invoke(
      'dashboard',
      { action: 'savePhase', data: phase, lang: 'zh-Hans' },
      { OPENID: 'demo-office-prefecture' },
    )) as CallResult<unknown>
    if (!res.ok) throw new Error(`demo phases: dashboard.savePhase ${phase.id}: ${res.error.message}`)
  }
  return { phases: DEMO_PHASES.length }
}

/**
 * The first count of what the demo slice was seeded with (written to the store directly, past the functions
 * that keep the counters): the contacts' gauges (overdue, risk) and the dashboard's own (households, officials,
 * the network), as the nightly counts would make them, so the office home, the drill-down and the progress
 * against the phases show figures from the first minute instead of after the first timer run.
 */
export async function countDemo(cloud: LocalCloud): Promise<{ counted: string[] }> {
  const admin = cloud.store.find('users', { 'roles.role': 'admin' }, { limit: 1 })[0] as { _id: string } | undefined
  if (!admin) return { counted: [] }
  const counted: string[] = []
  for (const fn of ['contacts', 'dashboard']) {
    const res = (await cloud.invoke(
      fn,
      { action: 'recount', data: { fix: true }, lang: 'zh-Hans' },
      { OPENID: admin._id },
    )) as CallResult<unknown>
    if (!res.ok) throw new Error(`demo count: ${fn}.recount: ${res.error.message}`)
    counted.push(fn)
  }
  return { counted }
}

const RUBRIC: Record<'family' | 'studio', { key: string; name: Bilingual; max: number }[]> = {
  family: [
    { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 40 },
    { key: 'family', name: { 'zh-Hans': '家风家教', bo: 'ཁྱིམ་ཚང་གི་གཤིས་ལུགས' }, max: 30 },
    { key: 'neighbours', name: { 'zh-Hans': '邻里互助', bo: 'ཁྱིམ་མཚེས་ཕན་ཚུན་རོགས་རམ' }, max: 30 },
  ],
  studio: [
    { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 50 },
    { key: 'service', name: { 'zh-Hans': '为民服务', bo: 'མང་ཚོགས་ལ་ཞབས་ཞུ' }, max: 50 },
  ],
}

const TITLES: Record<'family' | 'studio', (year: number) => Bilingual> = {
  family: (year) => ({
    'zh-Hans': `${year}年度民族团结进步示范家庭评选`,
    bo: `${year} ལོའི་མི་རིགས་མཐུན་སྒྲིལ་ཡར་ཐོན་གྱི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག`,
  }),
  studio: (year) => ({
    'zh-Hans': `${year}年度优秀石榴籽工作室评选`,
    bo: `${year} ལོའི་ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང་འདེམས་སྒྲུག`,
  }),
}

/**
 * The selection as `npm start` shows it, made through the functions by the demo offices with the functions'
 * clock moved back and then returned (no rule is bent: each step happens on a day its deadline allows):
 * - last year's model families: the demo household nominated by its village office, consenting, passed by
 *   the township, scored by the county, approved by the prefecture, on the 公示 and named a little over a
 *   year ago, so its annual review is due at the county office now;
 * - this year's excellent studios: the demo village's studio, nominated, reviewed and on a 公示 that began two
 *   days ago and is still open, so households and offices of the county read it and may object;
 * - a trip to Zhejiang the county office organises next month, its place offered to the named family.
 */
export async function addDemoExchange(cloud: LocalCloud): Promise<{ campaigns: number; named: number; trips: number }> {
  const none = { campaigns: 0, named: 0, trips: 0 }
  const grant = (id: string) =>
    ((cloud.store.find('users', { _id: id })[0] as { roles?: Record<string, string>[] } | undefined)?.roles ?? [])[0]
  const householdId = grant('demo-household-1')?.householdId
  const village = grant('demo-office-village')?.region
  const county = grant('demo-office-county')?.region
  const prefecture = grant('demo-office-prefecture')?.region
  if (!householdId || !village || !county || !prefecture || !grant('demo-office-township')) return none
  const studio = cloud.store.find('units', { kind: 'studio', regionPath: village }, { limit: 1 })[0] as
    { _id: string } | undefined
  if (!studio) return none

  const call = async <T>(action: string, data: unknown, openid: string): Promise<T> => {
    const res = (await cloud.invoke('exchange', { action, data, lang: 'zh-Hans' }, { OPENID: openid })) as CallResult<T>
    if (!res.ok) throw new Error(`demo exchange: exchange.${action} as ${openid}: ${res.error.message}`)
    return res.data
  }
  const realNow = Date.now()
  /** the functions' clock set `days` from now (negative: in the past) */
  const at = (days: number) => cloud.moveClock(realNow + days * DAY - (Date.now() + cloud.clockOffset()))
  const chinaDayIn = (days: number) => new Date(realNow + days * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10)

  /** a campaign opened `from` days from now, carried through its reviews to the 公示 that starts at `from + 8` */
  const selection = async (kind: 'family' | 'studio', from: number, story: string) => {
    at(from)
    const id = randomUUID()
    await call(
      'open',
      {
        id,
        region: prefecture,
        year: Number(chinaDayIn(from).slice(0, 4)),
        kind,
        title: TITLES[kind](Number(chinaDayIn(from).slice(0, 4))),
        quotas: [{ county, places: 2 }],
        rubric: RUBRIC[kind],
        deadlines: {
          nomination: chinaDayIn(from + 1),
          township: chinaDayIn(from + 2),
          county: chinaDayIn(from + 3),
          prefecture: chinaDayIn(from + 4),
        },
        publicity: { start: chinaDayIn(from + 8), days: 7 },
      },
      'demo-office-prefecture',
    )
    const nominationId = randomUUID()
    const nominee = kind === 'family' ? { householdId } : { unitId: studio._id }
    await call(
      'nominate',
      { id: nominationId, campaignId: id, ...nominee, story: { text: story } },
      'demo-office-village',
    )
    if (kind === 'family') await call('consent', { householdId, nominationId, given: true }, 'demo-household-1')
    const review = (stage: string, openid: string, comment: string, scores?: Record<string, number>) =>
      call('review', { nominationId, stage, pass: true, comment, ...(scores ? { scores } : {}) }, openid)
    await review('township', 'demo-office-township', '事迹属实，同意推荐。')
    const scores = Object.fromEntries(RUBRIC[kind].map((c) => [c.key, c.max - 5]))
    await review('county', 'demo-office-county', '评审组打分，列入拟命名名单。', scores)
    await review('prefecture', 'demo-office-prefecture', '同意。')
    await call('publish', { campaignId: id }, 'demo-office-prefecture')
    return { id, nominationId }
  }

  try {
    const family = await selection(
      'family',
      -400,
      '一家三代和睦相处，多年帮助邻里藏汉两族的孩子上学，家里的茶馆是全村商量事情的地方。',
    )
    // named the day after its 公示 ended: a little over a year ago
    at(-383)
    await call('confirm', { campaignId: family.id }, 'demo-office-prefecture')
    await selection('studio', -10, '工作室每周组织双语夜校和邻里互助，调解了多起草场纠纷。')
    at(0)
    const tripStart = chinaDayIn(30)
    await call(
      'saveTrip',
      {
        id: randomUUID(),
        region: county,
        title: { 'zh-Hans': '赴浙江湖州结对交流', bo: 'ཀྲེ་ཅང་ཧུའུ་ཀྲོའུ་ལ་ཟུང་སྒྲིག་བརྗེ་རེས།' },
        places: { 'zh-Hans': '湖州市安吉县、德清县', bo: 'ཧུའུ་ཀྲོའུ་གྲོང་ཁྱེར་གྱི་ཨན་ཅི་རྫོང་དང་ཏེ་ཆིང་རྫོང་།' },
        startDay: tripStart,
        endDay: chinaDayIn(35),
        slots: 1,
        replyDays: 14,
        named: [family.nominationId],
      },
      'demo-office-county',
    )
    return { campaigns: 2, named: 1, trips: 1 }
  } finally {
    cloud.moveClock(-cloud.clockOffset())
  }
}
