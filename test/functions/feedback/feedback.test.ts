/**
 * The feedback function as built, on the local cloud: sending (a resend stored once, the daily limit, bad
 * input typed), "my feedback" and its unread mark, the prefecture office's inbox (filters, masked numbers,
 * senders by role and region) and answers, and who is refused.
 */
import { randomUUID } from 'node:crypto'
import { FEEDBACK_PER_DAY, feedback } from '@shared/contracts/feedback'
import { t } from '@shared/i18n'
import { chinaDay, now } from '@shared/time'
import type { FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const PREFECTURE = 'demo-office-prefecture'
const COUNTY = 'demo-office-county'
const ADMIN = 'demo-admin-1'

let h: FunctionsHarness

const send = (openid: string, text = '通知的字太小了', extra: Record<string, unknown> = {}) =>
  h.call(feedback, 'send', { id: randomUUID(), kind: 'suggestion', text, ...extra }, openid)

beforeAll(async () => {
  h = await startFunctions()
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('feedback', {}, { multi: true })
  h.lc.store.remove('feedbackQuotas', {}, { multi: true })
})

test('a resend of the same id is stored once and answered as a duplicate', async () => {
  const input = {
    id: randomUUID(),
    kind: 'problem' as const,
    text: '  联系记录页面打不开  ',
    screen: 'contacts' as const,
  }
  const first = data(await h.call(feedback, 'send', input, OFFICIAL))
  const again = data(await h.call(feedback, 'send', input, OFFICIAL))
  expect(first.status).toBe('created')
  expect(again).toEqual({ id: input.id, createdAt: first.createdAt, status: 'duplicate' })
  const stored = h.find('feedback')
  expect(stored).toHaveLength(1)
  // trimmed; the sender's role and home region recorded, never shown to another sender
  expect(stored[0]).toMatchObject({ text: '联系记录页面打不开', screen: 'contacts', roles: ['official'], state: 'new' })
  const official = h.find('officials', { _id: h.find('users', { _id: OFFICIAL })[0]!.officialId })[0]!
  expect(stored[0]!.regionPath).toEqual(official.regionPath)
  // a resend takes nothing from the day's allowance
  expect(h.find('feedbackQuotas', { _id: OFFICIAL })[0]).toMatchObject({ count: 1 })
})

test("an id another sender's feedback holds is refused and changes nothing", async () => {
  const input = { id: randomUUID(), kind: 'suggestion' as const, text: '建议' }
  data(await h.call(feedback, 'send', input, HOUSEHOLD))
  const before = h.snapshot()
  expect(refusal(await h.call(feedback, 'send', { ...input, text: '别的内容' }, OFFICIAL)).code).toBe('CONFLICT')
  expect(h.snapshot()).toBe(before)
})

test('at most a few a day per sender: beyond it RATE_LIMITED in the sender’s language, the next day again', async () => {
  for (let i = 0; i < FEEDBACK_PER_DAY; i++) data(await send(HOUSEHOLD, `第 ${i + 1} 条`))
  const refused = refusal(
    await h.call(feedback, 'send', { id: randomUUID(), kind: 'complaint', text: 'x' }, HOUSEHOLD, 'bo'),
  )
  expect(refused).toMatchObject({
    code: 'RATE_LIMITED',
    message: t('bo', 'feedback.tooMany', { max: FEEDBACK_PER_DAY }),
  })
  expect(h.find('feedback')).toHaveLength(FEEDBACK_PER_DAY)
  // another sender has an allowance of their own
  expect(data(await send(OFFICIAL)).status).toBe('created')
  // a quota of an earlier day starts again
  h.lc.store.update('feedbackQuotas', { _id: HOUSEHOLD }, { $set: { day: '2020-01-01' } })
  expect(data(await send(HOUSEHOLD)).status).toBe('created')
  expect(h.find('feedbackQuotas', { _id: HOUSEHOLD })[0]).toMatchObject({ day: chinaDay(now()), count: 1 })
})

test('concurrent sends never pass the daily limit', async () => {
  const results = await Promise.all(Array.from({ length: FEEDBACK_PER_DAY + 2 }, (_, i) => send(ADMIN, `并发 ${i}`)))
  const sent = results.filter((r) => r.ok).length
  expect(sent).toBe(FEEDBACK_PER_DAY)
  expect(results.filter((r) => !r.ok).map((r) => refusal(r).code)).toEqual(Array(2).fill('RATE_LIMITED'))
  expect(h.find('feedback', { openid: ADMIN })).toHaveLength(FEEDBACK_PER_DAY)
})

test('bad input is refused with the field named, in the caller’s language, and stores nothing', async () => {
  const cases: [unknown, string][] = [
    [{ id: randomUUID(), kind: 'suggestion', text: '   ' }, 'text'],
    [{ id: randomUUID(), kind: 'suggestion', text: '字'.repeat(501) }, 'text'],
    [{ id: randomUUID(), kind: 'praise', text: '好' }, 'kind'],
    [{ id: 'not-a-uuid', kind: 'suggestion', text: '好' }, 'id'],
    [{ id: randomUUID(), kind: 'problem', text: '好', screen: '../admin' }, 'screen'],
  ]
  for (const [input, path] of cases) {
    const error = refusal(await h.raw('feedback', 'send', input, HOUSEHOLD, 'bo'))
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.details?.map((d) => d.path)).toEqual([path])
  }
  const tooLong = refusal(await h.raw('feedback', 'send', cases[1]![0], HOUSEHOLD, 'bo'))
  expect(tooLong.details?.[0]?.message).toBe(t('bo', 'validation.tooLong', { max: 500 }))
  expect(h.find('feedback')).toEqual([])
})

test('an unbound WeChat user cannot send', async () => {
  expect(refusal(await send('feedback-stranger')).code).toBe('UNAUTHENTICATED')
})

test('the answer flow: inbox, answer, the sender’s unread mark and "my feedback"', async () => {
  const mine = data(
    await send(HOUSEHOLD, '请加上藏语语音，我的电话 13950190776', { kind: 'complaint', screen: 'notices' }),
  )
  data(await send(OFFICIAL, '走访记录很好用'))

  const all = data(await h.call(feedback, 'inbox', {}, PREFECTURE))
  expect(all.items.map((i) => i.text)).toEqual(['走访记录很好用', '请加上藏语语音，我的电话 139****0776'])
  const item = all.items[1]!
  expect(item).toMatchObject({ kind: 'complaint', screen: 'notices', state: 'new', roles: ['household'] })
  // from the county down to the village, named
  expect(item.regionNames).toHaveLength(3)
  expect(item.regionNames[0]!['zh-Hans']).toBe('康定市')
  expect(JSON.stringify(all)).not.toContain(HOUSEHOLD)

  expect(data(await h.call(feedback, 'unread', {}, HOUSEHOLD)).answers).toBe(0)
  const answered = data(await h.call(feedback, 'answer', { id: mine.id, text: '已转给相关单位，谢谢' }, PREFECTURE))
  // sent again, the same answer changes nothing
  expect(data(await h.call(feedback, 'answer', { id: mine.id, text: '已转给相关单位，谢谢' }, PREFECTURE))).toEqual(
    answered,
  )
  expect(data(await h.call(feedback, 'unread', {}, HOUSEHOLD)).answers).toBe(1)
  expect(data(await h.call(feedback, 'unread', {}, OFFICIAL)).answers).toBe(0)

  const seen = data(await h.call(feedback, 'mine', {}, HOUSEHOLD))
  expect(seen.items).toEqual([
    expect.objectContaining({
      id: mine.id,
      // the sender's own text, as written
      text: '请加上藏语语音，我的电话 13950190776',
      state: 'answered',
      answer: { text: '已转给相关单位，谢谢', at: answered.answeredAt },
      fresh: true,
    }),
  ])
  // shown once as fresh, then read
  expect(data(await h.call(feedback, 'unread', {}, HOUSEHOLD)).answers).toBe(0)
  expect(data(await h.call(feedback, 'mine', {}, HOUSEHOLD)).items[0]!.fresh).toBe(false)
  // the official sees only their own
  expect(data(await h.call(feedback, 'mine', {}, OFFICIAL)).items.map((i) => i.text)).toEqual(['走访记录很好用'])

  // filters: by state and by kind
  const newOnes = data(await h.call(feedback, 'inbox', { state: 'new' }, ADMIN))
  expect(newOnes.items.map((i) => i.text)).toEqual(['走访记录很好用'])
  const complaints = data(await h.call(feedback, 'inbox', { kind: 'complaint', state: 'answered' }, ADMIN))
  expect(complaints.items.map((i) => i.id)).toEqual([mine.id])
  expect(complaints.items[0]!.answer?.text).toBe('已转给相关单位，谢谢')

  // a corrected answer reaches the sender as fresh again
  data(await h.call(feedback, 'answer', { id: mine.id, text: '已修复，请更新后再试' }, ADMIN))
  expect(data(await h.call(feedback, 'unread', {}, HOUSEHOLD)).answers).toBe(1)
})

test('the inbox reads a page at a time, newest first', async () => {
  const stored = Array.from({ length: 25 }, (_, i) => ({
    _id: randomUUID(),
    openid: `feedback-sender-${i}`,
    kind: 'suggestion',
    text: `第 ${i} 条`,
    roles: ['household'],
    regionPath: [],
    lang: 'zh-Hans',
    state: 'new',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    unseen: false,
  }))
  h.insert('feedback', stored)
  const first = data(await h.call(feedback, 'inbox', {}, PREFECTURE))
  const second = data(await h.call(feedback, 'inbox', { page: 1 }, PREFECTURE))
  expect(first.items.map((i) => i.text)).toEqual(Array.from({ length: 20 }, (_, i) => `第 ${24 - i} 条`))
  expect(first.more).toBe(true)
  expect(second.items.map((i) => i.text)).toEqual(['第 4 条', '第 3 条', '第 2 条', '第 1 条', '第 0 条'])
  expect(second.more).toBe(false)
})

test('nobody but the prefecture office and administrators reads or answers feedback', async () => {
  const sent = data(await send(HOUSEHOLD))
  const before = h.snapshot()
  for (const openid of [COUNTY, 'demo-office-township', 'demo-office-village']) {
    const inbox = refusal(await h.call(feedback, 'inbox', {}, openid))
    expect(inbox).toMatchObject({ code: 'FORBIDDEN', message: t('zh-Hans', 'feedback.notPrefecture') })
    expect(refusal(await h.call(feedback, 'answer', { id: sent.id, text: '好' }, openid)).code).toBe('FORBIDDEN')
  }
  for (const openid of [HOUSEHOLD, OFFICIAL, 'demo-reviewer-1', 'demo-department-1']) {
    expect(refusal(await h.call(feedback, 'inbox', {}, openid)).code).toBe('FORBIDDEN')
    expect(refusal(await h.call(feedback, 'answer', { id: sent.id, text: '好' }, openid)).code).toBe('FORBIDDEN')
  }
  // nothing changed but the refusals of the county office's privileged calls in the audit trail
  const outsideAudit = (snapshot: string) => {
    const slice = JSON.parse(snapshot) as Record<string, unknown>
    delete slice.audit
    delete slice.auditCounters
    return slice
  }
  expect(outsideAudit(h.snapshot())).toEqual(outsideAudit(before))
  expect(h.find('audit', { kind: 'refusal', actor: COUNTY, action: 'feedback.inbox' })).toHaveLength(1)
})

test('an answer to feedback that does not exist is NOT_FOUND; one that fails moderation is held', async () => {
  expect(refusal(await h.call(feedback, 'answer', { id: randomUUID(), text: '好' }, PREFECTURE)).code).toBe('NOT_FOUND')
  const sent = data(await send(HOUSEHOLD))
  h.lc.openApi.setWordList(['违禁词'])
  try {
    const held = refusal(await h.call(feedback, 'answer', { id: sent.id, text: '答复含有违禁词' }, PREFECTURE))
    expect(held).toMatchObject({
      code: 'INVALID_ARGUMENT',
      reason: 'feedback.answerHeld',
      details: [{ path: 'text', message: t('zh-Hans', 'feedback.answerHeld') }],
    })
    expect(h.find('feedback', { _id: sent.id })[0]).toMatchObject({ state: 'new' })
  } finally {
    h.lc.openApi.setWordList([])
  }
})
