/**
 * The function runner and the H5 gateway: built bundles run with the real wx-server-sdk, each invocation
 * with its own WeChat context, concurrently; functions call each other; timeouts end the invocation;
 * timer triggers fire with production's event shape. Faults (memory, crashes, loops): faults.test.ts.
 */
import fs from 'node:fs'
import path from 'node:path'

import { type Cron, cronMatches, nextFiring, parseCron } from '@localcloud/runner/cron'
import { type Harness, request, startHarness, tmpDir } from '../helpers'

let h: Harness

// every instance loads the real wx-server-sdk (about 0.5 s on an idle core, several seconds on a busy machine)
jest.setTimeout(30_000)

beforeAll(async () => {
  h = await startHarness(['notes', 'ticks', 'arrivals'], {
    functions: [
      { name: 'rendezvous', timeout: 30, memorySize: 128 },
      { name: 'slow', timeout: 1, memorySize: 128 },
      {
        name: 'ticker',
        timeout: 5,
        memorySize: 128,
        triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }],
      },
    ],
  })
})
afterAll(() => h.stop())

type Echo = { event: unknown; wx: Record<string, unknown>; loadedAt: number }

describe('invocation', () => {
  test('concurrent invocations run at the same time, each with its own OPENID', async () => {
    const openids = ['oA', 'oB', 'oC', 'oD']
    const results = (await Promise.all(
      openids.map((OPENID) => h.lc.invoke('rendezvous', { group: 'g1', expect: openids.length }, { OPENID })),
    )) as { seen: number; wx: Record<string, unknown> }[]
    results.forEach((r, i) => {
      expect(r.seen).toBe(openids.length)
      expect(r.wx.OPENID).toBe(openids[i])
    })
  })

  test('getWXContext gives APPID, ENV, SOURCE and, when known, UNIONID', async () => {
    const r = (await h.lc.invoke('echo', {}, { OPENID: 'oX', UNIONID: 'uX', SOURCE: 'wx_client' })) as Echo
    expect(r.wx).toMatchObject({ OPENID: 'oX', UNIONID: 'uX', ENV: 'shiliuzi', SOURCE: 'wx_client' })
    expect(typeof r.wx.APPID).toBe('string')
  })

  test('instances stay warm: sequential calls reuse the loaded bundle', async () => {
    const a = (await h.lc.invoke('echo', {}, {})) as Echo
    const b = (await h.lc.invoke('echo', {}, {})) as Echo
    expect(b.loadedAt).toBe(a.loadedAt)
  })

  test('cloud.callFunction from inside a function reaches another one; the callee has no user identity', async () => {
    const res = (await h.lc.invoke('caller', { target: 'echo', data: { q: 'hello' } }, { OPENID: 'oCaller' })) as {
      mine: Record<string, unknown>
      callee: Echo
    }
    expect(res.mine.OPENID).toBe('oCaller')
    expect(res.callee.event).toEqual({ q: 'hello' })
    expect(res.callee.wx.OPENID).toBeUndefined()
    expect(res.callee.wx.SOURCE).toBe('wx_function')
  })

  test('functions use the database through the SDK with the caller identity', async () => {
    await h.lc.invoke('notes', { text: 'first' }, { OPENID: 'writer-1' })
    const res = (await h.lc.invoke('notes', { text: 'second' }, { OPENID: 'writer-1' })) as {
      owner: string
      texts: string[]
    }
    expect(res.owner).toBe('writer-1')
    expect(res.texts.sort()).toEqual(['first', 'second'])
  })

  test('a thrown error reaches cloud.callFunction', async () => {
    await expect(h.cloud.callFunction({ name: 'broken', data: {} })).rejects.toThrow(/household not found/)
  })

  test('a function running past its timeout fails, and the next call works', async () => {
    await expect(h.cloud.callFunction({ name: 'slow', data: { ms: 3000 } })).rejects.toThrow(
      /timed out after 1 seconds/,
    )
    const ok = await h.cloud.callFunction({ name: 'slow', data: { ms: 10 } })
    expect(ok.result).toEqual({ slept: 10 })
  })

  test('an unknown function is an error', async () => {
    await expect(h.cloud.callFunction({ name: 'nosuch', data: {} })).rejects.toBeDefined()
  })
})

describe('H5 gateway', () => {
  test('POST /functions/<name> runs the function with the X-WX-OPENID identity', async () => {
    const res = await request(`${h.lc.url}/functions/echo`, 'POST', JSON.stringify({ page: 2 }), {
      'X-WX-OPENID': 'h5-user',
    })
    expect(res.status).toBe(200)
    expect(res.json.event).toEqual({ page: 2 })
    expect(res.json.wx).toMatchObject({ OPENID: 'h5-user', SOURCE: 'wx_client' })
  })
  test('CORS for a localhost dev server, and the preflight', async () => {
    const origin = 'http://localhost:10086'
    const pre = await request(`${h.lc.url}/functions/echo`, 'OPTIONS', undefined, {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type,x-wx-openid',
    })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe(origin)
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('x-wx-openid')
    const res = await request(`${h.lc.url}/functions/echo`, 'POST', '{}', { Origin: origin })
    expect(res.headers['access-control-allow-origin']).toBe(origin)
    const foreign = await request(`${h.lc.url}/functions/echo`, 'POST', '{}', { Origin: 'https://evil.example' })
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
  })
  test('function errors and unknown functions', async () => {
    const broken = await request(`${h.lc.url}/functions/broken`, 'POST', '{}')
    expect(broken.status).toBe(500)
    expect(broken.json.errMsg).toMatch(/household not found/)
    expect((await request(`${h.lc.url}/functions/nosuch`, 'POST', '{}')).status).toBe(404)
  })
})

describe('timer triggers', () => {
  test('fireTimer runs the function now with the timer event', async () => {
    const res = (await h.lc.fireTimer('ticker')) as { event: Record<string, unknown>; wx: Record<string, unknown> }
    expect(res.event).toMatchObject({ Type: 'Timer', TriggerName: 'nightly', Message: '' })
    // a timer has no user: the context holds the appid and environment only
    expect(res.wx).toMatchObject({ ENV: 'shiliuzi', APPID: expect.any(String) })
    expect(res.wx.OPENID).toBeUndefined()
    expect(new Date(String(res.event.Time)).toString()).not.toBe('Invalid Date')
    const ticks = await h.db.collection('ticks').where({ 'event.TriggerName': 'nightly' }).count()
    expect(ticks.total).toBe(1)
  })
  test('POST /local/timers/<function> does the same over HTTP', async () => {
    const res = await request(`${h.lc.url}/local/timers/ticker`, 'POST')
    expect(res.status).toBe(200)
    expect(res.json.result.event.Type).toBe('Timer')
    expect((await h.db.collection('ticks').count()).total).toBe(2)
  })
})

describe('7-field cron in UTC+8', () => {
  const at = (iso: string) => new Date(iso)
  test('02:00:00 Beijing time is 18:00:00 UTC the day before', () => {
    const c: Cron = parseCron('0 0 2 * * * *')
    expect(cronMatches(c, at('2026-03-01T18:00:00Z'))).toBe(true)
    expect(cronMatches(c, at('2026-03-01T02:00:00Z'))).toBe(false)
    expect(nextFiring(c, at('2026-03-01T12:00:00Z'))?.toISOString()).toBe('2026-03-01T18:00:00.000Z')
  })
  test('steps, ranges, lists, weekdays and years', () => {
    const every5min = parseCron('0 */5 * * * * *')
    expect(cronMatches(every5min, at('2026-03-01T00:10:00Z'))).toBe(true)
    expect(cronMatches(every5min, at('2026-03-01T00:11:00Z'))).toBe(false)
    // 09:30 Beijing on Monday to Friday: 2026-03-02 is a Monday
    const weekdays = parseCron('0 30 9 * * MON-FRI *')
    expect(cronMatches(weekdays, at('2026-03-02T01:30:00Z'))).toBe(true)
    expect(cronMatches(weekdays, at('2026-03-01T01:30:00Z'))).toBe(false)
    const first = parseCron('0 0 8 1,15 * * 2026')
    expect(nextFiring(first, at('2026-03-02T00:00:00Z'))?.toISOString()).toBe('2026-03-15T00:00:00.000Z')
    expect(nextFiring(first, at('2026-12-20T00:00:00Z'))).toBeUndefined()
  })
  test('five- or six-field crons are refused', () => {
    expect(() => parseCron('0 2 * * *')).toThrow(/7 fields/)
  })
})

test('a declared timer fires on its schedule', async () => {
  const every = await startHarness(['ticks'], {
    timers: true,
    functions: [
      {
        name: 'ticker',
        timeout: 5,
        memorySize: 128,
        triggers: [{ name: 'each-second', type: 'timer', config: '* * * * * * *' }],
      },
    ],
  })
  try {
    let seen = 0
    for (let i = 0; i < 50 && seen === 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      seen = every.lc.store.count('ticks', { 'event.TriggerName': 'each-second' })
    }
    expect(seen).toBeGreaterThan(0)
  } finally {
    await every.stop()
  }
})

test('a rebuilt bundle is picked up by the next invocation', async () => {
  const dir = tmpDir('localcloud-fns-')
  const bundle = path.join(dir, 'version', 'index.js')
  fs.mkdirSync(path.dirname(bundle))
  fs.writeFileSync(bundle, 'exports.main = async () => 1\n')
  const local = await startHarness([], { functionsDir: dir })
  try {
    expect(await local.lc.invoke('version', {}, {})).toBe(1)
    fs.writeFileSync(bundle, 'exports.main = async () => 2\n')
    // a different mtime even on filesystems with coarse timestamps
    fs.utimesSync(bundle, new Date(), new Date(Date.now() + 5000))
    expect(await local.lc.invoke('version', {}, {})).toBe(2)
  } finally {
    await local.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
