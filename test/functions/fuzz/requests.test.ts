/** Fuzzing every action of the requests function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { requests } from '@shared/contracts/requests'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(requests, 'demo-household-1')

// A resend of a report from the outbox with other content under the same id is refused and stores nothing.
test('a report re-sent under its id with other text is CONFLICT and writes nothing else', async () => {
  const { home } = world().fixtures
  const report = (text: string) =>
    world().h.raw(
      'requests',
      'report',
      { id: '00000000-0000-4000-8000-0000000fa11e', householdId: home._id, category: 'other', text },
      'demo-household-1',
    )
  const first = await report('家里的水管冻裂了')
  expect(first.ok).toBe(true)
  world().takeWrites()
  const res = await report('另一件事')
  expect(res.ok ? 'ok' : res.error.code).toBe('CONFLICT')
  expect([...world().takeWrites()].filter((c) => !['audit', 'auditCounters'].includes(c))).toEqual([])
})
