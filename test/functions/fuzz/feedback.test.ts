/** Fuzzing every action of the feedback function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { FEEDBACK_PER_DAY, INBOX_PAGES_MAX, feedback } from '@shared/contracts/feedback'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(feedback, 'demo-household-1')

// Sends past the day's allowance are refused as RATE_LIMITED and write nothing but the refusal's audit record.
test('a send past the daily limit is RATE_LIMITED and writes nothing else', async () => {
  const send = (n: number) =>
    world().h.raw(
      'feedback',
      'send',
      { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, kind: 'problem', text: `第 ${n} 条` },
      'demo-official-1',
    )
  for (let n = 0; n < FEEDBACK_PER_DAY; n++) await send(n)
  world().takeWrites()
  const res = await send(FEEDBACK_PER_DAY)
  expect(res.ok ? 'ok' : res.error.code).toBe('RATE_LIMITED')
  expect([...world().takeWrites()].filter((c) => !['audit', 'auditCounters'].includes(c))).toEqual([])
})

test('an inbox page past the last one that may be asked for is refused as invalid', async () => {
  const res = await world().h.raw('feedback', 'inbox', { page: INBOX_PAGES_MAX + 1 }, 'demo-admin-1')
  expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
  const last = await world().h.call(feedback, 'inbox', { page: INBOX_PAGES_MAX }, 'demo-admin-1')
  expect(last.ok && last.data.items).toEqual([])
})
