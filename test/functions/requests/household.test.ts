/**
 * The household's side of the requests function, on the local cloud: a report spoken in a recording with no
 * text, and the household's list — each request's steps in order with the unit by kind and level and nobody's
 * id, the events count an answer needs, and the overall deadline while a unit works on it.
 */
import { randomUUID } from 'node:crypto'
import { requests } from '@shared/contracts/requests'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'
import { upload } from '../uploads'
import { requestVoicePath } from '@shared/storage'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const TOWNSHIP = 'demo-office-township'

let h: FunctionsHarness
let home: Doc

const act = (id: string, events: number, step: Record<string, unknown>) =>
  h.raw<{ id: string; state: string; events: number }>('requests', 'act', { id, events, step }, TOWNSHIP)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requests', {}, { multi: true })
})

test('a report spoken in a recording needs no text; one with neither is refused on its text', async () => {
  const id = randomUUID()
  const voice = await upload(h, requestVoicePath(id, 'mp3'))
  const input = { id, householdId: home._id, category: 'other', voice }
  expect(data(await h.call(requests, 'report', input, HOUSEHOLD)).status).toBe('created')
  expect(h.find('requests', { _id: id })[0]).toMatchObject({ text: '', voice })
  // the phone resends what it kept when the answer was lost
  expect(data(await h.call(requests, 'report', input, HOUSEHOLD)).status).toBe('duplicate')
  const empty = refusal(
    await h.raw(
      'requests',
      'report',
      { id: randomUUID(), householdId: home._id, category: 'other', text: '  ' },
      HOUSEHOLD,
    ),
  )
  expect(empty.code).toBe('INVALID_ARGUMENT')
  expect(empty.details?.map((d) => d.path)).toEqual(['text'])
  expect(h.find('requests')).toHaveLength(1)
})

test("the household's list shows each step in its order, units by kind and level, and the deadline while it runs", async () => {
  const id = randomUUID()
  data(
    await h.call(requests, 'report', { id, householdId: home._id, category: 'other', text: '水管冻裂了' }, HOUSEHOLD),
  )
  const first = await h.callTraced(requests, 'mine', {}, HOUSEHOLD)
  // caller ∥ calendar → the page
  expect(first.trace.roundTrips).toBeLessThanOrEqual(2)
  const fresh = data(first.res).items[0]!
  expect(fresh).toMatchObject({ id, events: 2, voice: false, photos: 0, overdue: false })
  expect(fresh.due).not.toBeNull()
  expect(fresh.fallback).toBeTruthy()
  expect(fresh.timeline.map((e) => e.type)).toEqual(['submit', 'assign'])
  expect(fresh.timeline[1]?.unit).toEqual({ kind: 'office', level: 'township' })

  data(await act(id, 2, { type: 'accept' }))
  data(await act(id, 3, { type: 'progress', note: '已联系水务站' }))
  data(await act(id, 4, { type: 'resolve', note: '水管已换新' }))
  const resolved = data(await h.call(requests, 'mine', {}, HOUSEHOLD)).items[0]!
  expect(resolved).toMatchObject({ state: 'resolved', events: 5, due: null })
  expect(resolved.timeline.slice(2).map((e) => [e.type, e.text])).toEqual([
    ['accept', undefined],
    ['progress', '已联系水务站'],
    ['resolve', '水管已换新'],
  ])

  const answered = data(
    await h.call(requests, 'answer', { id, householdId: home._id, events: 5, answer: 'partly' }, HOUSEHOLD),
  )
  expect(answered.state).toBe('reopened')
  const reopened = data(await h.call(requests, 'mine', {}, HOUSEHOLD)).items[0]!
  expect(reopened).toMatchObject({ state: 'reopened', events: 6 })
  expect(reopened.due).toBe(fresh.due)
  expect(reopened.timeline.at(-1)).toEqual({
    type: 'confirm',
    at: expect.any(String),
    answer: 'partly',
    onBehalf: false,
  })
  // no step names who took it: the household reads units, never the staff's ids
  expect(JSON.stringify(reopened)).not.toContain(TOWNSHIP)
  expect(JSON.stringify(reopened)).not.toContain('"by"')
})
