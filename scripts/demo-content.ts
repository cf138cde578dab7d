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
import { needRequestId } from '../src/shared/needs'

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
