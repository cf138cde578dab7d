/** Fuzzing every action of the identity function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { identity } from '@shared/contracts/identity'
import type { FuzzWorld } from './fuzz'
import { RUNS, describeTally, fuzzAction, fuzzEnvelope, startWorld } from './fuzz'

jest.setTimeout(600_000)

let world: FuzzWorld
beforeAll(async () => {
  world = await startWorld()
})
afterAll(async () => {
  await world?.h.close()
})

test('odd events', async () => {
  const started = Date.now()
  const tally = await fuzzEnvelope(world, 'identity', 'demo-admin-1')
  console.log(describeTally('identity (event)', tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})

test.each(Object.keys(identity.actions))('identity.%s', async (name) => {
  const started = Date.now()
  const tally = await fuzzAction(world, identity, name)
  console.log(describeTally(`identity.${name}`, tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})
