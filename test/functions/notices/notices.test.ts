/**
 * Notices against the local cloud, through the built bundle and the real wx-server-sdk: review rules,
 * targeting, receipts counted once under concurrency with exact read rates, moderation and push.
 */
import { randomUUID } from 'node:crypto'
import type { FeedItem, NoticeDraft, NoticeRecord, RateRow } from '../../src/shared/contracts/notices'
import { NOTICE_TEMPLATE_ID } from '../../src/shared/contracts/notices'
import { type Doc, type FunctionsHarness, startFunctions } from './harness'

jest.setTimeout(180_000)

let h: FunctionsHarness
let home: string[] = [] // [prefecture, county, township, village] of the demo household
let neighbourUser = '' // another household in the same township, another village if there is one
let farUser = '' // a household in another county
const OFFICE = 'demo-office-county'
const REVIEWER = 'demo-reviewer-1'
const OFFICE_AND_REVIEWER = 'notices-office-reviewer'
const HOUSEHOLD = 'demo-household-1'

type Feed = { items: FeedItem[]; unread: number; more: boolean }

function draft(over: Partial<NoticeDraft> = {}): NoticeDraft {
  return {
    title: { 'zh-Hans': '春耕补贴发放通知', bo: 'སོ་ནམ་རོགས་སྐྱོར་བགོ་འགྲེམས་ཀྱི་བརྡ་ཐོ།' },
    body: { 'zh-Hans': '今年的春耕补贴已经发放到户，请注意查收。', bo: 'ད་ལོའི་སོ་ནམ་རོགས་སྐྱོར་ཁྱིམ་ཚང་སོ་སོར་བགོ་འགྲེམས་བྱས་ཟིན།' },
    category: 'policy',
    media: [],
    audience: { regions: [home[2]!], roles: 'households' },
    publishAt: null,
    expireAt: null,
    ...over,
  }
}

async function ok<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const res = await promise
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`)
  return res.data as T
}

/** save → submit → approve → publish, returning the id */
async function publish(d: NoticeDraft = draft()): Promise<string> {
  const id = randomUUID()
  await ok(h.call('notices', 'save', { id, draft: d }, OFFICE))
  await ok(h.call('notices', 'submit', { id }, OFFICE))
  await ok(h.call('notices', 'approve', { id }, REVIEWER))
  await ok(h.call('notices', 'publish', { id }, OFFICE))
  return id
}

function userFor(household: Doc, openid: string): string {
  h.insert('users', [
    { _id: openid, householdId: household._id, roles: [{ role: 'household', householdId: household._id }] },
  ])
  return openid
}

beforeAll(async () => {
  h = await startFunctions()
  const demo = h.find('users', { _id: HOUSEHOLD })[0]!
  const household = h.find('households', { _id: demo.householdId })[0]!
  home = household.regionPath as string[]
  const households = h.find('households')
  const sameTownship = households.filter((x) => x._id !== household._id && (x.regionPath as string[])[2] === home[2])
  const neighbour = sameTownship.find((x) => (x.regionPath as string[])[3] !== home[3]) ?? sameTownship[0]!
  neighbourUser = userFor(neighbour, 'notices-neighbour')
  farUser = userFor(
    households.find((x) => (x.regionPath as string[])[1] !== home[1])!,
    'notices-far',
  )
  h.insert('users', [
    {
      _id: OFFICE_AND_REVIEWER,
      roles: [
        { role: 'office', region: home[1] },
        { role: 'reviewer', region: home[1] },
      ],
    },
  ])
})

afterAll(async () => {
  await h?.close()
})

describe('review before publishing', () => {
  it('a notice reaches households only after review and publication', async () => {
    const id = randomUUID()
    await ok(h.call('notices', 'save', { id, draft: draft() }, OFFICE))
    await ok(h.call('notices', 'submit', { id }, OFFICE))
    const before = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(before.items.map((i) => i.id)).not.toContain(id)
    const queue = await ok<{ items: { id: string }[] }>(h.call('notices', 'queue', {}, REVIEWER))
    expect(queue.items.map((i) => i.id)).toContain(id)
    await ok(h.call('notices', 'approve', { id }, REVIEWER))
    await ok(h.call('notices', 'publish', { id }, OFFICE))
    const after = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(after.items.find((i) => i.id === id)).toMatchObject({ read: false, title: draft().title })
  })

  it('refuses self-approval even when the author holds the reviewer role', async () => {
    const id = randomUUID()
    await ok(h.call('notices', 'save', { id, draft: draft() }, OFFICE_AND_REVIEWER))
    await ok(h.call('notices', 'submit', { id }, OFFICE_AND_REVIEWER))
    const res = await h.call('notices', 'approve', { id }, OFFICE_AND_REVIEWER)
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', reason: 'notice.selfApproval' } })
    const record = await ok<NoticeRecord>(h.call('notices', 'record', { id }, REVIEWER))
    expect(record).toMatchObject({ status: 'submitted', canReview: true })
  })

  it('a returned notice shows the comment to the author and cannot be published', async () => {
    const id = randomUUID()
    await ok(h.call('notices', 'save', { id, draft: draft() }, OFFICE))
    await ok(h.call('notices', 'submit', { id }, OFFICE))
    await ok(h.call('notices', 'returnNotice', { id, comment: '请补充联系电话' }, REVIEWER))
    expect(await h.call('notices', 'publish', { id }, OFFICE)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    const record = await ok<NoticeRecord>(h.call('notices', 'record', { id }, OFFICE))
    expect(record).toMatchObject({ status: 'returned', returnComment: '请补充联系电话' })
  })

  it('editing a published notice needs review again; readers keep the published text meanwhile', async () => {
    const id = await publish()
    const corrected = draft({
      title: { 'zh-Hans': '春耕补贴发放通知（更正）', bo: '' },
      body: { 'zh-Hans': '更正后的正文。', bo: '' },
    })
    await ok(h.call('notices', 'save', { id, draft: corrected }, OFFICE))
    await ok(h.call('notices', 'submit', { id }, OFFICE))
    const during = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(during.items.find((i) => i.id === id)?.title['zh-Hans']).toBe('春耕补贴发放通知')
    expect(await h.call('notices', 'approve', { id }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    await ok(h.call('notices', 'approve', { id }, REVIEWER))
    await ok(h.call('notices', 'publish', { id }, OFFICE))
    const after = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(after.items.find((i) => i.id === id)?.title['zh-Hans']).toBe('春耕补贴发放通知（更正）')
  })

  it('retraction hides the notice from feeds and opening, but keeps it, its reason and its receipts', async () => {
    const id = await publish()
    await ok(h.call('notices', 'open', { id }, HOUSEHOLD))
    await ok(h.call('notices', 'retract', { id, reason: '内容已过时' }, OFFICE))
    const feed = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(feed.items.map((i) => i.id)).not.toContain(id)
    expect(await h.call('notices', 'open', { id }, HOUSEHOLD)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const record = await ok<NoticeRecord>(h.call('notices', 'record', { id }, OFFICE))
    expect(record).toMatchObject({ status: 'retracted', retractReason: '内容已过时' })
    expect(h.find('noticeReads', { noticeId: id })).toHaveLength(1)
  })

  it('text that fails content moderation cannot be submitted', async () => {
    h.lc.openApi.setWordList(['违禁词'])
    const id = randomUUID()
    await ok(
      h.call(
        'notices',
        'save',
        { id, draft: draft({ body: { 'zh-Hans': '含有违禁词的正文', bo: 'ནང་དོན།' } }) },
        OFFICE,
      ),
    )
    const res = await h.call('notices', 'submit', { id }, OFFICE)
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', reason: 'notice.moderationFailed' } })
    h.lc.openApi.setWordList([])
  })
})

describe('targeting', () => {
  it('a household outside the audience never sees the notice nor opens it', async () => {
    const id = await publish()
    const far = await ok<Feed>(h.call('notices', 'feed', {}, farUser))
    expect(far.items.map((i) => i.id)).not.toContain(id)
    expect(await h.call('notices', 'open', { id }, farUser)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const neighbour = await ok<Feed>(h.call('notices', 'feed', {}, neighbourUser))
    expect(neighbour.items.map((i) => i.id)).toContain(id)
  })

  it('an office cannot write for another county', async () => {
    const res = await h.call(
      'notices',
      'save',
      { id: randomUUID(), draft: draft({ audience: { regions: ['513322000000'], roles: 'both' } }) },
      OFFICE,
    )
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('households do not see notices meant for officials', async () => {
    const id = await publish(draft({ audience: { regions: [home[1]!], roles: 'officials' } }))
    const feed = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(feed.items.map((i) => i.id)).not.toContain(id)
  })
})

describe('receipts and read rates', () => {
  it('counts a household once however many times, and however concurrently, it opens the notice', async () => {
    const id = await publish()
    const opens = await Promise.all(Array.from({ length: 8 }, () => h.call('notices', 'open', { id }, HOUSEHOLD)))
    expect(opens.every((r) => r.ok)).toBe(true)
    expect(h.find('noticeReads', { noticeId: id })).toHaveLength(1)
    await ok(h.call('notices', 'open', { id }, neighbourUser))

    const households = h.find('households')
    const inTownship = households.filter((x) => (x.regionPath as string[])[2] === home[2]).length
    const rates = await ok<{ rows: RateRow[]; total: { reads: number; audience: number } }>(
      h.call('notices', 'readRates', { id }, OFFICE),
    )
    expect(rates.rows).toEqual([expect.objectContaining({ code: home[2], reads: 2, audience: inTownship })])

    const villages = await ok<{ rows: RateRow[] }>(h.call('notices', 'readRates', { id, region: home[2] }, OFFICE))
    const homeVillage = villages.rows.find((r) => r.code === home[3])
    const expectedHome = households.filter((x) => (x.regionPath as string[])[3] === home[3]).length
    expect(homeVillage).toMatchObject({ reads: 1, audience: expectedHome })
    expect(villages.rows.reduce((s, r) => s + r.reads, 0)).toBe(2)

    const feed = await ok<Feed>(h.call('notices', 'feed', {}, HOUSEHOLD))
    expect(feed.items.find((i) => i.id === id)?.read).toBe(true)
  })

  it('with the reader named, answers the feed and a first read in 2 round trips and counts concurrent opens once', async () => {
    const householdId = h.find('users', { _id: HOUSEHOLD })[0]!.householdId as string
    const reader = { kind: 'household', id: householdId }
    const id = await publish()
    const feed = await h.callTraced<Feed>('notices', 'feed', { reader }, HOUSEHOLD)
    expect(feed.res.ok && feed.res.data.items.find((i) => i.id === id)?.read).toBe(false)
    expect(feed.trace.roundTrips).toBe(2)
    const first = await h.callTraced('notices', 'open', { id, reader }, HOUSEHOLD)
    expect(first.res.ok).toBe(true)
    expect(first.trace.roundTrips).toBe(2)
    const again = await h.callTraced('notices', 'open', { id, reader }, HOUSEHOLD)
    expect(again.trace).toEqual({ requests: 4, roundTrips: 1 })
    const after = await h.callTraced<Feed>('notices', 'feed', { reader }, HOUSEHOLD)
    expect(after.res.ok && after.res.data.items.find((i) => i.id === id)?.read).toBe(true)

    const racing = await publish()
    const opens = await Promise.all(
      Array.from({ length: 8 }, () => h.call('notices', 'open', { id: racing, reader }, HOUSEHOLD)),
    )
    expect(opens.every((r) => r.ok)).toBe(true)
    expect(h.find('noticeReads', { noticeId: racing })).toHaveLength(1)
    const stats = h.find('noticeStats', { _id: racing })[0] as { household?: Record<string, number> }
    expect(home.map((code) => stats.household?.[`r${code}`])).toEqual([1, 1, 1, 1])
  })

  it('an official naming themselves gets the same feed in 2 round trips: notices for officials and for their households', async () => {
    const officialId = h.find('users', { _id: 'demo-official-1' })[0]!.officialId as string
    await publish(draft({ audience: { regions: [home[1]!], roles: 'officials' } }))
    const plain = await ok<Feed>(h.call('notices', 'feed', { pageSize: 20 }, 'demo-official-1'))
    const named = await h.callTraced<Feed>(
      'notices',
      'feed',
      { pageSize: 20, reader: { kind: 'official', id: officialId } },
      'demo-official-1',
    )
    expect(named.res).toEqual({ ok: true, data: plain })
    expect(plain.items.some((i) => i.forHouseholds)).toBe(true)
    expect(plain.items.some((i) => !i.forHouseholds)).toBe(true)
    expect(named.trace.roundTrips).toBe(2)
  })

  it("ignores a named reader that is not the caller's: the caller reads as themselves", async () => {
    const other = h.find('users', { _id: farUser })[0]!.householdId as string
    const id = await publish()
    const feed = await ok<Feed>(h.call('notices', 'feed', { reader: { kind: 'household', id: other } }, HOUSEHOLD))
    expect(feed.items.some((i) => i.id === id)).toBe(true)
    await ok(h.call('notices', 'open', { id, reader: { kind: 'household', id: other } }, HOUSEHOLD))
    const receipts = h.find('noticeReads', { noticeId: id })
    expect(receipts.map((r) => r.readerId)).toEqual([h.find('users', { _id: HOUSEHOLD })[0]!.householdId])
  })

  it('a notice to households and officials shows the read rates of either', async () => {
    const id = await publish(draft({ audience: { regions: [home[1]!], roles: 'both' } }))
    await ok(h.call('notices', 'open', { id }, HOUSEHOLD))
    await ok(h.call('notices', 'open', { id }, 'demo-official-1'))
    const households = await ok<{ readers: string; total: { reads: number; audience: number } }>(
      h.call('notices', 'readRates', { id }, OFFICE),
    )
    expect(households).toMatchObject({ readers: 'households', total: { reads: 1 } })
    expect(households.total.audience).toBe(
      h.find('households').filter((x) => (x.regionPath as string[])[1] === home[1]).length,
    )
    const officials = await ok<{ readers: string; total: { reads: number; audience: number } }>(
      h.call('notices', 'readRates', { id, readers: 'officials' }, OFFICE),
    )
    expect(officials).toMatchObject({ readers: 'officials', total: { reads: 1 } })
    expect(officials.total.audience).toBe(
      h.find('officials').filter((x) => ((x.regionPath as string[] | undefined) ?? [])[1] === home[1]).length,
    )
    const onlyHouseholds = await publish()
    expect(await h.call('notices', 'readRates', { id: onlyHouseholds, readers: 'officials' }, OFFICE)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
  })

  it('lists unread notices first', async () => {
    const older = await publish()
    await ok(h.call('notices', 'open', { id: older }, HOUSEHOLD))
    const newer = await publish()
    await ok(h.call('notices', 'open', { id: newer }, HOUSEHOLD))
    const unread = await publish()
    const feed = await ok<Feed>(h.call('notices', 'feed', { pageSize: 20 }, HOUSEHOLD))
    const ids = feed.items.map((i) => i.id)
    expect(ids.indexOf(unread)).toBeLessThan(ids.indexOf(newer))
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older))
    expect(feed.items.filter((i) => !i.read)).toHaveLength(feed.unread)
  })

  it('an official sees which paired households have not read, and the list shrinks as they read', async () => {
    const official = h.find('users', { _id: 'demo-official-1' })[0]!
    const paired = h
      .find('households')
      .filter((x) => (x.officialIds as string[]).includes(official.officialId as string))
    expect(paired.length).toBeGreaterThan(0)
    const county = (paired[0]!.regionPath as string[])[1]!
    const id = await publish(draft({ audience: { regions: [county], roles: 'households' } }))
    const before = await ok<{ items: { id: string; phoneMasked: string }[] }>(
      h.call('notices', 'unreadHouseholds', { id }, 'demo-official-1'),
    )
    expect(before.items.map((i) => i.id).sort()).toEqual(paired.map((p) => p._id).sort())
    expect(before.items.every((i) => /\*{4}/.test(i.phoneMasked))).toBe(true)
    const reader = userFor(paired[0]!, 'notices-paired-reader')
    await ok(h.call('notices', 'open', { id }, reader))
    const after = await ok<{ items: { id: string }[]; read: number }>(
      h.call('notices', 'unreadHouseholds', { id }, 'demo-official-1'),
    )
    expect(after.items.map((i) => i.id)).not.toContain(paired[0]!._id)
    expect(after.read).toBe(1)
    const feed = await ok<Feed>(h.call('notices', 'feed', {}, 'demo-official-1'))
    expect(feed.items.find((i) => i.id === id)).toMatchObject({ forHouseholds: true })
  })
})

describe('push', () => {
  it('sends to subscribed users in the audience in batches, counting spent subscriptions as "no subscription"', async () => {
    // earlier tests' notices finish their (empty) dispatch first, so this notice is the only one to send
    await h.lc.fireTimer('notices')
    h.lc.openApi.grant(HOUSEHOLD, [NOTICE_TEMPLATE_ID])
    await ok(h.call('notices', 'subscribe', { accepted: true }, HOUSEHOLD))
    // recorded as subscribed, but WeChat holds no acceptance for this user: 43101
    await ok(h.call('notices', 'subscribe', { accepted: true }, neighbourUser))
    h.lc.openApi.grant(farUser, [NOTICE_TEMPLATE_ID])
    await ok(h.call('notices', 'subscribe', { accepted: true }, farUser))

    const id = await publish()
    const waiting = await ok<NoticeRecord>(h.call('notices', 'record', { id }, OFFICE))
    expect(waiting.push).toMatchObject({ state: 'waiting', sent: 0 })
    await h.lc.fireTimer('notices')
    const done = await ok<NoticeRecord>(h.call('notices', 'record', { id }, OFFICE))
    expect(done.push).toEqual({ state: 'done', sent: 1, noSubscription: 1, failed: 0 })
    expect(h.lc.openApi.listMessages(HOUSEHOLD)).toHaveLength(1)
    expect(h.lc.openApi.listMessages(farUser)).toHaveLength(0)

    const after = await ok<{ remaining: number; askSubscribe: boolean }>(
      h.call('notices', 'subscription', {}, HOUSEHOLD),
    )
    expect(after).toEqual({ remaining: 0, askSubscribe: true })
  })
})
