/**
 * A function instance: a child process the runner starts as `node instance.cjs <bundle> <trace>`. Plain
 * CommonJS, so that plain node runs it whether the local cloud runs under tsx, jest or node.
 *
 * An instance loads its function's bundle once (a warm instance) and runs one invocation at a time. Its
 * `process.env` is its own (the spawn's `env`); before each invocation the WeChat context is written into
 * it, because wx-server-sdk's `getWXContext()` reads nothing but `process.env`.
 *
 * A process rather than a worker thread: V8 aborts the whole process when an allocation cannot be satisfied
 * (a large array growing past the heap limit is a fatal error, not the catchable worker termination that
 * `resourceLimits` gives for gradual growth), so only a process boundary keeps an out-of-memory function
 * from taking the local cloud down with it.
 */
'use strict'
const bundle = process.argv[2]
const tracing = process.argv[3] === '1'
const CONTEXT_KEYS = [
  'WX_OPENID',
  'WX_APPID',
  'WX_UNIONID',
  'WX_CLIENTIP',
  'WX_CLIENTIPV6',
  'WX_API_TOKEN',
  'WX_TRIGGER_API_TOKEN_V0',
  'TCB_SOURCE',
  'TCB_SESSIONTOKEN',
  'TCB_SEQID',
]

// the local cloud gone (killed, crashed), its instances go too
process.on('disconnect', () => process.exit(0))
// an exception escaping the handler (a throw in a timer callback, say) ends the instance, as it ends a
// Node.js instance in production; the runner is told why before the exit
process.on('uncaughtException', (e) => {
  const message = String((e && e.stack) || e)
  process.stderr.write(message + '\n')
  try {
    process.send({ type: 'fatal', message: String((e && e.message) || e) }, () => process.exit(1))
  } catch {
    process.exit(1)
  }
})

let main
try {
  const mod = require(bundle)
  main = mod && (typeof mod.main === 'function' ? mod.main : mod.default && mod.default.main)
  if (typeof main !== 'function') throw new Error('the bundle ' + bundle + ' exports no main function')
  process.send({ type: 'ready' })
} catch (e) {
  process.send({ type: 'load-error', message: String((e && e.stack) || e) })
}

// Tracing (benchmarks): counts this invocation's database requests and its database round trips. A
// request's round trip is one more than the latest round trip among the database requests that had
// completed when it was sent, so requests sent together share one, and anything sent after an answer
// counts as depending on it. The local cloud marks database answers with X-LocalCloud-Database.
let trace = null
if (tracing) {
  const http = require('node:http')
  const request = http.request
  http.request = function (...args) {
    const req = request.apply(this, args)
    const t = trace
    if (t) {
      const round = t.completed + 1
      req.once('response', (res) => {
        if (!res.headers['x-localcloud-database']) return
        t.requests += 1
        if (round > t.roundTrips) t.roundTrips = round
        res.once('end', () => {
          if (round > t.completed) t.completed = round
        })
      })
    }
    return req
  }
}

// The local cloud's movable clock (tests that let days pass): the runner sends each invocation the
// offset it holds, and the instance moves its own Date by it. Only this local runner does this; the bundle
// reads the clock as it does in production, so nothing deployed can be moved.
const RealDate = Date
let clockOffsetMs = 0
function shiftedNow() {
  return RealDate.now() + clockOffsetMs
}
function moveClock(offset) {
  const ms = typeof offset === 'number' && Number.isFinite(offset) ? offset : 0
  if (ms === clockOffsetMs) return
  clockOffsetMs = ms
  if (globalThis.Date !== RealDate || ms === 0) return
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length ? args : [shiftedNow()], newTarget)
    },
    apply() {
      return new RealDate(shiftedNow()).toString()
    },
    get(target, prop, receiver) {
      return prop === 'now' ? shiftedNow : Reflect.get(target, prop, receiver)
    },
  })
}

function serialise(value) {
  // production answers JSON.stringify of the return value; undefined arrives as null
  const text = JSON.stringify(value === undefined ? null : value)
  return text === undefined ? 'null' : text
}

process.on('message', async (msg) => {
  if (msg.type !== 'invoke') return
  for (const k of CONTEXT_KEYS) delete process.env[k]
  for (const [k, v] of Object.entries(msg.env)) process.env[k] = v
  process.env.WX_CONTEXT_KEYS = Object.keys(msg.env)
    .filter((k) => k.startsWith('WX_'))
    .join(',')
  process.env.SCF_REQUESTID = msg.context.request_id
  moveClock(msg.clockOffsetMs)
  if (tracing) trace = { requests: 0, roundTrips: 0, completed: 0 }
  try {
    const value = await main(msg.event, msg.context)
    const done = trace && { requests: trace.requests, roundTrips: trace.roundTrips }
    trace = null
    process.send({ type: 'result', id: msg.id, ok: true, data: serialise(value), trace: done })
  } catch (e) {
    trace = null
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e)
    process.send({
      type: 'result',
      id: msg.id,
      ok: false,
      message: String(message),
      stack: e && e.stack ? String(e.stack) : '',
    })
  }
})
