/** Fuzzing every action of the registry function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { registry } from '@shared/contracts/registry'
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
  const tally = await fuzzEnvelope(world, 'registry', 'demo-office-county')
  console.log(describeTally('registry (event)', tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})

test.each(Object.keys(registry.actions))('registry.%s', async (name) => {
  const started = Date.now()
  const tally = await fuzzAction(world, registry, name)
  console.log(describeTally(`registry.${name}`, tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})
