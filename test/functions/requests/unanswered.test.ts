/**
 * On the local cloud: a resolution the household never answers leaves the open work through the escalate
 * timer, once however often and concurrently it fires, dated at the answer window's end; the counters count it
 * as unconfirmed only and agree with `requests.recount`; every reader's timeline shows it; the household's late
 * answer still counts. And the household's own request read by its id (`requests.item`), however old, with the
 * units' progress photos.
 */
import { randomUUID } from 'node:crypto'
import type { Request } from '@config/documents'
import type { CallResult } from '@shared/contract'
import { requests } from '@shared/contracts/requests'
import { REQUESTS_PAGE } from '@shared/contracts/requests'
import { requestPhotoPath } from '@shared/storage'
import { makeCalendar } from '@functions/requests/domain/calendar'
import { answerDue } from '@functions/requests/domain/clocks'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'
import { upload } from '../uploads'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const TOWNSHIP = 'demo-office-township'
const ADMIN = 'demo-admin-1'
const LONG_AGO = '2026-01-05T02:00:00.000Z'

let h: FunctionsHarness
let home: Doc
let away: Doc

const stored = (id: string) => (h.find('requests', { _id: id }) as unknown as Request[])[0]!
const act = (id: string, events: number, step: Record<string, unknown>) =>
  h.raw<{ id: string; state: string; events: number }>('requests', 'act', { id, events, step }, TOWNSHIP)
const fire = async () => data((await h.lc.fireTimer('requests')) as CallResult<{ checked: number }>)
const counters = (id: string) => h.find('requestRates', { _id: id })[0]?.counters as Record<string, number>

async function reported(text = '冬天取暖的煤不够了'): Promise<string> {
  const id = randomUUID()
  data(await h.call(requests, 'report', { id, householdId: home._id, category: 'other', text }, HOUSEHOLD))
  return id
}

/** reported, accepted and resolved, then moved back to early January as if every timer run since was missed */
async function resolvedLongAgo(): Promise<string> {
  const id = await reported()
  data(await act(id, 2, { type: 'accept' }))
  data(await act(id, 3, { type: 'resolve', note: '已送煤' }))
  await fire()
  const doc = stored(id)
  h.lc.store.remove('requests', { _id: id }, { multi: false })
  h.insert('requests', [
    {
      ...doc,
      events: doc.events.map((e) => ({ ...e, at: LONG_AGO })),
      createdAt: LONG_AGO,
      updatedAt: LONG_AGO,
      nextCheckAt: LONG_AGO,
    } as unknown as Doc,
  ])
  return id
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  away = h.find('households', { regionPath: '513322000000' })[0]!
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requests', {}, { multi: true })
  h.lc.store.remove('requestRates', {}, { multi: true })
})

describe('a resolution the household never answers', () => {
  test('a resolution just made waits: the timer looks again when its window ends', async () => {
    const id = await reported()
    data(await act(id, 2, { type: 'accept' }))
    data(await act(id, 3, { type: 'resolve', note: '已送煤' }))
    // a timer event names its time in whole seconds: the next second's run is the one that sees the resolution
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await fire()).checked).toBe(1)
    const doc = stored(id)
    expect(doc).toMatchObject({ state: 'resolved', open: true })
    expect(doc.nextCheckAt).toBe(answerDue(doc, makeCalendar()))
    expect(doc.events.map((e) => e.type)).not.toContain('unanswered')
  })

  test('leaves the open work once, dated at the window’s end, however often and concurrently the timer fires', async () => {
    const id = await resolvedLongAgo()
    const due = answerDue(stored(id), makeCalendar())!
    const runs = await Promise.all([fire(), fire()])
    expect(runs.map((r) => r.checked).sort()).toEqual([0, 1])
    expect((await fire()).checked).toBe(0)
    const doc = stored(id)
    expect(doc).toMatchObject({ state: 'resolved', open: false, nextCheckAt: null })
    expect(doc.events.filter((e) => e.type === 'unanswered')).toEqual([
      expect.objectContaining({ type: 'unanswered', at: due }),
    ])
    // out of the unit's inbox: nobody waits for it any more
    expect(data(await h.call(requests, 'inbox', {}, TOWNSHIP)).items.map((i) => i.id)).not.toContain(id)

    // counted as unconfirmed, not as answered, solved or unsatisfied; the recount agrees
    const village = (home.regionPath as string[]).at(-1)!
    expect(counters(`region:${village}`)).toMatchObject({ unconfirmed: 1, answered: 0, solved: 0, rated: 0 })
    const county = (home.regionPath as string[])[1]!
    expect(data(await h.call(requests, 'recount', { county, fix: false }, ADMIN)).differences).toEqual([])

    // the household, its official and the unit read it as resolved without the household's word
    const mine = data(await h.call(requests, 'mine', {}, HOUSEHOLD)).items.find((i) => i.id === id)!
    expect(mine.timeline.at(-1)).toEqual({
      type: 'unanswered',
      at: due,
      unit: { kind: 'office', level: 'township' },
      days: 10,
    })
    const official = data(await h.call(requests, 'forHousehold', { householdId: home._id }, OFFICIAL))
    expect(official.items.find((i) => i.id === id)?.timeline.at(-1)?.type).toBe('unanswered')
    const unit = data(await h.call(requests, 'detail', { id }, TOWNSHIP))
    expect(unit.timeline.at(-1)).toMatchObject({ type: 'unanswered', by: 'routing', days: 10 })
    expect(unit.steps).not.toContain('resolve')
  })

  test('the household’s late answer still counts: solved, and out of the unconfirmed again', async () => {
    const id = await resolvedLongAgo()
    await fire()
    const events = stored(id).events.length
    const answer = data(
      await h.call(
        requests,
        'answer',
        { id, householdId: home._id, events, answer: 'solved', rating: 'satisfied' },
        HOUSEHOLD,
      ),
    )
    expect(answer.state).toBe('confirmed')
    const village = (home.regionPath as string[]).at(-1)!
    expect(counters(`region:${village}`)).toMatchObject({ unconfirmed: 0, answered: 1, solved: 1, satisfied: 1 })
    const county = (home.regionPath as string[])[1]!
    expect(data(await h.call(requests, 'recount', { county, fix: false }, ADMIN)).differences).toEqual([])
  })

  test('a late "not solved" brings it back into the open work for the same unit', async () => {
    const id = await resolvedLongAgo()
    await fire()
    const events = stored(id).events.length
    data(await h.call(requests, 'answer', { id, householdId: home._id, events, answer: 'unsolved' }, HOUSEHOLD))
    expect(stored(id)).toMatchObject({ state: 'reopened', open: true })
    expect(data(await h.call(requests, 'inbox', {}, TOWNSHIP)).items.map((i) => i.id)).toContain(id)
  })
})

describe("the household's request by its id", () => {
  test('found however many newer ones there are, with the units’ progress photos; caller ∥ request → URLs', async () => {
    const old = await reported('最早的一条')
    const photo = await upload(h, requestPhotoPath(old, 0))
    data(await act(old, 2, { type: 'accept' }))
    data(await act(old, 3, { type: 'progress', note: '已到现场', photos: [photo] }))
    for (let i = 0; i < REQUESTS_PAGE; i++) await reported(`第 ${i + 2} 条`)
    expect(data(await h.call(requests, 'mine', {}, HOUSEHOLD)).items.map((i) => i.id)).not.toContain(old)

    const traced = await h.callTraced(requests, 'item', { id: old }, HOUSEHOLD)
    expect(traced.trace.roundTrips).toBeLessThanOrEqual(2)
    const { item, voice, photos } = data(traced.res)
    expect(item).toMatchObject({ id: old, text: '最早的一条', state: 'accepted', events: 4 })
    expect(voice).toBeNull()
    expect(photos).toEqual([])
    const progress = item.timeline.find((e) => e.type === 'progress')!
    expect(progress.photos).toEqual([{ fileId: photo, url: expect.stringMatching(/^http/) }])
    expect(JSON.stringify(item)).not.toContain(TOWNSHIP)
  })

  test("another household's request, an unknown id and a risk lead are refused alike", async () => {
    const theirs = await reported('别家的诉求')
    h.lc.store.update('requests', { _id: theirs }, { $set: { householdId: away._id } }, {})
    const lead = stored(await reported())
    h.lc.store.update('requests', { _id: lead._id }, { $set: { category: 'risk' } }, {})
    for (const id of [theirs, randomUUID(), lead._id]) {
      expect(refusal(await h.raw('requests', 'item', { id }, HOUSEHOLD))).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'requests.notFound',
      })
    }
    expect(refusal(await h.raw('requests', 'item', { id: lead._id }, TOWNSHIP)).code).toBe('FORBIDDEN')
  })
})

describe('a request raised from an office’s own screening', () => {
  test('routed and clocked like the household’s own, stored once on a resend, read by the household as its own', async () => {
    const id = randomUUID()
    const input = { id, householdId: home._id, category: 'other', text: '排查发现：房屋漏雨，老人独居' }
    const first = data(await h.call(requests, 'report', input, TOWNSHIP))
    expect(first).toMatchObject({ status: 'created', state: 'assigned', unit: { kind: 'office', level: 'township' } })
    expect(data(await h.call(requests, 'report', input, TOWNSHIP)).status).toBe('duplicate')
    expect(h.find('requests', { _id: id })).toHaveLength(1)
    expect(stored(id)).toMatchObject({
      source: 'office',
      events: [{ type: 'submit', by: { role: 'office' } }, { type: 'assign' }],
    })
    const mine = data(await h.call(requests, 'item', { id }, HOUSEHOLD)).item
    expect(mine).toMatchObject({ source: 'office', state: 'assigned' })
    expect(mine.due).not.toBeNull()
    expect(data(await h.call(requests, 'inbox', {}, TOWNSHIP)).items.map((i) => i.id)).toContain(id)
  })

  test('department staff raise none: they never reach a household, and nothing is stored', async () => {
    const id = randomUUID()
    const input = { id, householdId: home._id, category: 'other', text: '部门排查发现' }
    expect(refusal(await h.raw('requests', 'report', input, 'demo-department-1')).code).toBe('FORBIDDEN')
    expect(h.find('requests', { _id: id })).toEqual([])
  })
})
