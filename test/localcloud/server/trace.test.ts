/**
 * Tracing, which the benchmarks use to print database round trips: requests a function sends together
 * count as one round trip, a request sent after an answer as the next; storage calls are not counted.
 */
import { type Harness, startHarness } from '../helpers'

let h: Harness

jest.setTimeout(30_000)

beforeAll(async () => {
  h = await startHarness(['notes'], { trace: true })
})
afterAll(() => h.stop())

test('two reads together, then a write: 3 requests in 2 round trips', async () => {
  const { result, trace } = await h.lc.invokeTraced('rounds', { write: true })
  expect(result).toEqual({ ok: true })
  expect(trace).toEqual({ requests: 3, roundTrips: 2 })
})

test('each invocation is counted on its own', async () => {
  const { trace } = await h.lc.invokeTraced('rounds', { write: false })
  expect(trace).toEqual({ requests: 2, roundTrips: 1 })
})

test('without trace, invokeTraced gives no figures', async () => {
  const plain = await startHarness(['notes'])
  try {
    const { trace } = await plain.lc.invokeTraced('rounds', { write: false })
    expect(trace).toBeUndefined()
  } finally {
    await plain.stop()
  }
})
