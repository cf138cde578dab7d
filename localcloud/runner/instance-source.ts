/**
 * The code each function worker runs. It is plain CommonJS evaluated by `new Worker(source, { eval: true })`
 * so that it loads the same way under tsx, jest (babel) and plain node: no TypeScript loader in the worker.
 *
 * A worker loads its function's bundle once (a warm instance) and runs one invocation at a time. Its
 * `process.env` is its own copy (worker_threads `env` option); before each invocation the WeChat context
 * is written into it, because wx-server-sdk's `getWXContext()` reads nothing but `process.env`.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const CONTEXT_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6', 'WX_API_TOKEN', 'WX_TRIGGER_API_TOKEN_V0', 'TCB_SOURCE', 'TCB_SESSIONTOKEN', 'TCB_SEQID']
let main
try {
  const mod = require(workerData.bundle)
  main = mod && (typeof mod.main === 'function' ? mod.main : mod.default && mod.default.main)
  if (typeof main !== 'function') throw new Error('the bundle ' + workerData.bundle + ' exports no main function')
  parentPort.postMessage({ type: 'ready' })
} catch (e) {
  parentPort.postMessage({ type: 'load-error', message: String(e && e.stack || e) })
}

// Tracing (benchmarks): counts this invocation's database requests and its database round trips. A
// request's round trip is one more than the latest round trip among the database requests that had
// completed when it was sent, so requests sent together share one, and anything sent after an answer
// counts as depending on it. The local cloud marks database answers with X-LocalCloud-Database.
let trace = null
if (workerData.trace) {
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

function serialise(value) {
  // production answers JSON.stringify of the return value; undefined arrives as null
  const text = JSON.stringify(value === undefined ? null : value)
  return text === undefined ? 'null' : text
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke') return
  for (const k of CONTEXT_KEYS) delete process.env[k]
  for (const [k, v] of Object.entries(msg.env)) process.env[k] = v
  process.env.WX_CONTEXT_KEYS = Object.keys(msg.env).filter((k) => k.startsWith('WX_')).join(',')
  process.env.SCF_REQUESTID = msg.context.request_id
  if (workerData.trace) trace = { requests: 0, roundTrips: 0, completed: 0 }
  try {
    const value = await main(msg.event, msg.context)
    const done = trace && { requests: trace.requests, roundTrips: trace.roundTrips }
    trace = null
    parentPort.postMessage({ type: 'result', id: msg.id, ok: true, data: serialise(value), trace: done })
  } catch (e) {
    trace = null
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e)
    parentPort.postMessage({ type: 'result', id: msg.id, ok: false, message: String(message), stack: e && e.stack ? String(e.stack) : '' })
  }
})
`
