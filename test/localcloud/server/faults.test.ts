/**
 * Faults stay inside the invocation, as they do on the platform: a function that throws, runs out of its
 * declared memory, exits its process or loops past its timeout fails that call only (FUNCTIONS_EXECUTE_FAIL,
 * the platform's code for a failed function), and the local cloud answers the next call, to another
 * function and to the same.
 */
import { type Harness, startHarness } from '../helpers'

let h: Harness

jest.setTimeout(60_000)

beforeAll(async () => {
  h = await startHarness([], {
    functions: [
      { name: 'hog', timeout: 30, memorySize: 64 },
      { name: 'grid', timeout: 30, memorySize: 64 },
      { name: 'spinner', timeout: 1, memorySize: 128 },
    ],
  })
})
afterAll(() => h.stop())

type Echo = { event: unknown }

/** another function answers; so does the failed one, from a fresh instance, with `same` to succeed */
async function nextCallsAnswer(fn: string, same?: { event: unknown; result: unknown }): Promise<void> {
  expect(((await h.lc.invoke('echo', { after: fn }, {})) as Echo).event).toEqual({ after: fn })
  if (same) expect(await h.lc.invoke(fn, same.event, {})).toEqual(same.result)
  // without a way to succeed, it fails again the same way: its failure, not a dead pool's
  else await expect(h.lc.invoke(fn, {}, {})).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' })
}

test('a thrown error reaches the caller through the SDK', async () => {
  await expect(h.cloud.callFunction({ name: 'broken', data: {} })).rejects.toMatchObject({
    errMsg: expect.stringMatching(/household not found/),
  })
  expect(((await h.lc.invoke('echo', { after: 'broken' }, {})) as Echo).event).toEqual({ after: 'broken' })
})

test('allocating without bound fails with the memory limit, and the local cloud keeps serving', async () => {
  const rss = process.memoryUsage().rss
  await expect(h.lc.invoke('hog', {}, {})).rejects.toMatchObject({
    code: 'FUNCTIONS_EXECUTE_FAIL',
    message: expect.stringMatching(/Memory limit exceeded: hog used more than its 64 MB/),
  })
  // the allocation happened in the instance's process, not here
  expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024)
  await nextCallsAnswer('hog', { event: { cells: 1000 }, result: 1000 })
})

test('a huge array at once (the hostile spreadsheet) is a memory failure, not the end of the local cloud', async () => {
  await expect(h.cloud.callFunction({ name: 'grid', data: {} })).rejects.toMatchObject({
    errMsg: expect.stringMatching(/Memory limit exceeded: grid used more than its 64 MB/),
  })
  await nextCallsAnswer('grid', { event: { cells: 1000 }, result: 1000 })
})

test('a function that exits its process fails the call', async () => {
  await expect(h.lc.invoke('quitter', {}, {})).rejects.toMatchObject({
    code: 'FUNCTIONS_EXECUTE_FAIL',
    message: expect.stringMatching(/quitter exited \(code 3\) during invocation/),
  })
  await nextCallsAnswer('quitter')
})

test('an exception escaping the handler fails the call with its message', async () => {
  await expect(h.lc.invoke('crashy', {}, {})).rejects.toThrow(/crashy exited during invocation: escaped the handler/)
  await nextCallsAnswer('crashy')
})

test('a loop that never yields is ended at the timeout', async () => {
  const started = Date.now()
  await expect(h.lc.invoke('spinner', {}, {})).rejects.toThrow(/Invoking task timed out after 1 seconds/)
  expect(Date.now() - started).toBeLessThan(10_000)
  await nextCallsAnswer('spinner')
})

test('a fault in one invocation leaves concurrent invocations of other functions alone', async () => {
  const [hog, echo] = await Promise.allSettled([h.lc.invoke('hog', {}, {}), h.lc.invoke('echo', { side: 1 }, {})])
  expect(hog.status).toBe('rejected')
  expect(echo).toEqual({ status: 'fulfilled', value: expect.objectContaining({ event: { side: 1 } }) })
})
