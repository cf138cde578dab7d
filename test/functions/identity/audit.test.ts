/**
 * The audit search: records newest first, by actor and subject, and by China days — a record written at
 * 23:59 China time belongs to that day, one at 00:00 the next to the next, whatever the server's zone.
 */
import { identity } from '@shared/contracts/identity'
import { addTime, dayStart, nextDayStart } from '@shared/time'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

jest.setTimeout(60_000)

let h: FunctionsHarness
const DAY = '2026-03-31'
const ACTOR = 'audit-test-actor'

beforeAll(async () => {
  h = await startFunctions()
  const at = {
    before: addTime(dayStart(DAY), -1, 'minute'),
    first: dayStart(DAY),
    // 23:30 UTC on 31 March is 07:30 on 1 April in China
    utcSameDate: '2026-03-31T23:30:00.000Z',
    last: new Date(Date.parse(nextDayStart(DAY)) - 1).toISOString(),
    after: nextDayStart(DAY),
  }
  h.insert(
    'audit',
    Object.entries(at).map(([name, instant]) => ({
      _id: `audit-${name}`,
      kind: 'view',
      actor: ACTOR,
      subject: `subject-${name}`,
      fields: ['phone'],
      action: 'identity.householdDetail',
      at: instant,
    })),
  )
})

afterAll(async () => {
  await h?.close()
})

async function search(input: { from?: string; to?: string; subject?: string; page?: number }) {
  const res = await h.call(identity, 'auditSearch', { actor: ACTOR, ...input }, 'demo-admin-1')
  if (!res.ok) throw new Error(JSON.stringify(res.error))
  return res.data
}

test('one China day: from its 00:00 to its 23:59:59.999, both ends included', async () => {
  const page = await search({ from: DAY, to: DAY })
  expect(page.entries.map((e) => e.id)).toEqual(['audit-last', 'audit-first'])
  expect(page.total).toBe(2)
  expect(page.entries[0]).toMatchObject({
    kind: 'view',
    actor: ACTOR,
    fields: ['phone'],
    at: '2026-03-31T15:59:59.999Z',
  })
})

test('from a day on, and up to a day', async () => {
  expect((await search({ from: '2026-04-01' })).entries.map((e) => e.id)).toEqual(['audit-utcSameDate', 'audit-after'])
  expect((await search({ to: '2026-03-30' })).entries.map((e) => e.id)).toEqual(['audit-before'])
})

test('by subject, and a page past the end is empty', async () => {
  expect((await search({ subject: 'subject-first' })).entries.map((e) => e.id)).toEqual(['audit-first'])
  const beyond = await search({ page: 1 })
  expect(beyond).toMatchObject({ entries: [], total: 5, pageSize: 20 })
})

test('only administrators search the log', async () => {
  const res = await h.call(identity, 'auditSearch', {}, 'demo-office-prefecture')
  expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
})

test('a day that does not exist is refused as invalid input, not as a failure', async () => {
  for (const from of ['2026-13-01', '2026-02-30']) {
    const res = await h.call(identity, 'auditSearch', { from }, 'demo-admin-1')
    expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
  }
})
