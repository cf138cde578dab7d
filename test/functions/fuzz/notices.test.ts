/** Fuzzing every action of the notices function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { MINE_PAGES_MAX, notices } from '@shared/contracts/notices'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(notices, 'demo-office-county')

// Found by the fuzzing: a page so far past the end that its skip was Infinity answered INTERNAL.
test('a page of notices past any safe skip is refused as invalid', async () => {
  for (const page of [1e308, 2 ** 53, MINE_PAGES_MAX + 1]) {
    const res = await world().h.raw('notices', 'mine', { page }, 'demo-office-county')
    expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
  }
  const last = await world().h.call(notices, 'mine', { page: MINE_PAGES_MAX }, 'demo-office-county')
  expect(last.ok && last.data.items).toEqual([])
})
