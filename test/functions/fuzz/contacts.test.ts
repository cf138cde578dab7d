/** Fuzzing every action of the contacts function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { contacts } from '@shared/contracts/contacts'
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
  const tally = await fuzzEnvelope(world, 'contacts', 'demo-official-1')
  console.log(describeTally('contacts (event)', tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})

test.each(Object.keys(contacts.actions))('contacts.%s', async (name) => {
  const started = Date.now()
  const tally = await fuzzAction(world, contacts, name)
  console.log(describeTally(`contacts.${name}`, tally, Date.now() - started))
  expect(tally.cases).toBe(RUNS)
})
