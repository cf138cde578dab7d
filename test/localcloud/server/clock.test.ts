/**
 * The movable clock: a test moves the functions' clock ahead (days pass for deadlines and timers) without
 * touching this machine's clock or the bundles. Each invocation's instance reads the offset the runner
 * sends it; a timer's event carries the moved time too.
 */
import fs from 'node:fs'
import path from 'node:path'

import { type Harness, request, startHarness } from '../helpers'

let h: Harness

jest.setTimeout(30_000)

beforeAll(async () => {
  h = await startHarness([], {
    functions: [
      {
        name: 'clock',
        timeout: 5,
        memorySize: 128,
        triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }],
      },
    ],
  })
})
afterAll(() => h.stop())

type Seen = { now: number; made: string; isDate: boolean; parsed: number; called: string; event: { Time?: string } }

const DAY = 24 * 3600 * 1000

test('unmoved, a function reads this machine’s time', async () => {
  const before = Date.now()
  const seen = (await h.lc.invoke('clock', {})) as Seen
  expect(seen.now).toBeGreaterThanOrEqual(before)
  expect(seen.now).toBeLessThanOrEqual(Date.now())
  expect(h.lc.clockOffset()).toBe(0)
})

test('moved three days: Date.now and new Date() run three days ahead in the same warm instance; dates given stay', async () => {
  const warm = (await h.lc.invoke('clock', {})) as Seen
  expect(h.lc.moveClock(3 * DAY)).toBe(3 * DAY)
  const before = Date.now()
  const seen = (await h.lc.invoke('clock', {})) as Seen
  expect(seen.now - before).toBeGreaterThanOrEqual(3 * DAY)
  expect(seen.now - Date.now()).toBeLessThanOrEqual(3 * DAY)
  expect(Date.parse(seen.made) - before).toBeGreaterThanOrEqual(3 * DAY)
  expect(seen.isDate).toBe(true)
  expect(seen.parsed).toBe(Date.UTC(2026, 0, 1))
  expect(seen.called).toBe('string')
  expect(seen.now - warm.now).toBeGreaterThanOrEqual(3 * DAY)
  // the local cloud's own process keeps this machine's time
  expect(Math.abs(Date.now() - before)).toBeLessThan(DAY)
})

test('a timer fired after the move carries the moved time in its event', async () => {
  const seen = (await h.lc.fireTimer('clock')) as Seen
  expect(Date.parse(seen.event.Time!) - Date.now()).toBeGreaterThan(3 * DAY - 60_000)
})

test('GET and POST /local/clock read and move it; reset puts it back', async () => {
  const read = await request(`${h.lc.url}/local/clock`, 'GET')
  expect(read.json.offsetMs).toBe(3 * DAY)
  const moved = await request(`${h.lc.url}/local/clock`, 'POST', JSON.stringify({ moveMs: DAY }), {
    'Content-Type': 'application/json',
  })
  expect(moved.json.offsetMs).toBe(4 * DAY)
  expect(Date.parse(moved.json.now) - Date.now()).toBeGreaterThan(4 * DAY - 60_000)
  const refused = await request(`${h.lc.url}/local/clock`, 'POST', JSON.stringify({ moveMs: 'soon' }), {
    'Content-Type': 'application/json',
  })
  expect(refused.status).toBe(400)
  h.lc.reset()
  expect(h.lc.clockOffset()).toBe(0)
  const seen = (await h.lc.invoke('clock', {})) as Seen
  expect(Math.abs(seen.now - Date.now())).toBeLessThan(60_000)
})

test('nothing deployed knows of the offset: no function or app source names it', () => {
  const root = path.resolve(__dirname, '../../..')
  const sources = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : [path.join(dir, e.name)]))
      .filter((f) => /\.(ts|tsx|js|cjs)$/.test(f))
  const naming = [...sources(path.join(root, 'cloudfunctions')), ...sources(path.join(root, 'src'))].filter((f) =>
    /clockOffset|moveClock|\/local\/clock/.test(fs.readFileSync(f, 'utf8')),
  )
  expect(naming).toEqual([])
})
