/** Fuzzing every action of the wishes function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { WISHES_PAGES_MAX, wishes } from '@shared/contracts/wishes'
import { fuzzFunction } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(wishes, 'demo-household-1')

// A claim is taken only while the wish is published: a second claim writes nothing but stays a CONFLICT.
test('a second claim of a claimed wish is CONFLICT and writes nothing', async () => {
  const { wish, donor } = world().fixtures
  if (!wish || !donor) throw new Error('the wishes fixtures are missing: build the wishes function')
  world().takeWrites()
  const res = await world().h.raw(
    'wishes',
    'claim',
    { id: wish.claimed, claimId: '00000000-0000-4000-8000-0000000f0fff', donorId: donor.home },
    'demo-office-county',
  )
  expect(res.ok ? 'ok' : res.error.code).toBe('CONFLICT')
  expect([...world().takeWrites()]).toEqual([])
})

test('a page of wishes past the last one that may be asked for is refused as invalid', async () => {
  const region = (world().fixtures.home.regionPath as string[])[1]
  const res = await world().h.raw('wishes', 'list', { region, page: WISHES_PAGES_MAX + 1 }, 'demo-office-county')
  expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
})
