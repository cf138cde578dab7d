/** Fuzzing every action of the dashboard function (fuzz.ts says how): typed errors, never INTERNAL, no write. */
import { dashboard } from '@shared/contracts/dashboard'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(dashboard, 'demo-office-county')

// A period is a month or a quarter: anything else is refused before a counter is read.
test.each(['2026-13', '2026-Q5', '2026-00', '26-11', '2026-11-01'])(
  'the period %s is refused as invalid',
  async (period) => {
    const res = await world().h.raw('dashboard', 'home', { region: '513301000000', period }, 'demo-office-county')
    expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
    expect([...world().takeWrites()]).toEqual([])
  },
)
