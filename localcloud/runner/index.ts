/**
 * The function runner: each function's BUILT bundle (`<functionsDir>/<name>/index.js`, the artefact that
 * `tcb fn deploy` uploads) runs in a pool of worker threads. Like production's instances, a worker is
 * warm (the bundle is loaded once), runs one invocation at a time, and a function has at most 20 running
 * at once (WeChat Cloud's base concurrency quota); further calls wait for a free worker. Each worker has
 * its own `process.env`, so concurrent invocations see their own WeChat context. An invocation that
 * outlives the function's timeout has its worker terminated and replaced.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import type { FunctionDecl } from '../../config/cloud'
import { CloudError } from '../server/errors'
import { type Cron, cronMatches, parseCron } from './cron'
import { WORKER_SOURCE } from './worker-source'

export const MAX_CONCURRENCY = 20
export const DEFAULT_TIMEOUT_S = 3
export const DEFAULT_MEMORY_MB = 256

/** what `getWXContext()` returns, by its names (the runner adds the `WX_` prefix) */
export interface WxContext {
  OPENID?: string
  APPID?: string
  UNIONID?: string
  CLIENTIP?: string
  CLIENTIPV6?: string
  /** wx_client, wx_devtools, wx_function, wx_http, wx_trigger … (set as TCB_SOURCE) */
  SOURCE?: string
}

export interface RunnerOptions {
  functionsDir: string
  decls: FunctionDecl[]
  envId: string
  /** the mini-program's appid, in every invocation's context (timers included) */
  appId: string
  /** environment every worker starts with (TCB_CONTEXT_CNFG etc.) */
  baseEnv: () => Record<string, string>
  quiet?: boolean
  log: (line: string) => void
  /** count each invocation's database requests and round trips (benchmarks; see worker-source.ts) */
  trace?: boolean
}

/** one invocation's database traffic, when the runner traces */
export interface InvocationTrace {
  requests: number
  roundTrips: number
}

interface Job {
  id: string
  event: unknown
  context: WxContext
  resolve: (data: string, trace?: InvocationTrace) => void
  reject: (err: CloudError) => void
}

interface Slot {
  worker: Worker
  ready: Promise<void>
  busy: boolean
  mtimeMs: number
}

class Pool {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []

  constructor(
    private readonly name: string,
    private readonly bundle: string,
    private readonly decl: FunctionDecl,
    private readonly opts: RunnerOptions,
  ) {}

  private spawn(): Slot {
    const env: Record<string, string> = {
      ...this.opts.baseEnv(),
      SCF_FUNCTIONNAME: this.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_RUNTIME: 'Nodejs18.15',
      ...(this.decl.envVariables ?? {}),
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env,
      workerData: { bundle: this.bundle, trace: this.opts.trace === true },
      // mirrors the function's memorySize: a bundle that leaks dies here as it would in production
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, this.decl.memorySize) },
      stdout: this.opts.quiet,
      stderr: this.opts.quiet,
    })
    if (this.opts.quiet) {
      worker.stdout.resume()
      worker.stderr.resume()
    }
    worker.unref()
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { type: string; message?: string }) => {
        if (msg.type === 'ready') resolve()
        else if (msg.type === 'load-error')
          reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `cannot load ${this.name}: ${msg.message}`))
        else return
        worker.off('message', onMessage)
      }
      worker.on('message', onMessage)
      worker.once('error', (e) => reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `${this.name}: ${e.message}`)))
    })
    ready.catch(() => undefined)
    let mtimeMs = 0
    try {
      mtimeMs = fs.statSync(this.bundle).mtimeMs
    } catch {
      // checked again at invocation
    }
    // an exception escaping the function (a throw in a timer callback, say) ends the worker; the
    // invocation is failed by the exit handler and the slot replaced, the local cloud keeps running
    worker.on('error', (e) => this.opts.log(`${this.name}: worker error: ${e.message}`))
    const slot: Slot = { worker, ready, busy: false, mtimeMs }
    worker.once('exit', () => this.drop(slot))
    this.slots.push(slot)
    return slot
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
  }

  run(job: Job): void {
    this.queue.push(job)
    this.pump()
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy)
      if (slot && this.isStale(slot)) {
        // a rebuilt bundle is picked up by new workers; the stale idle one retires
        this.drop(slot)
        void slot.worker.terminate()
        slot = undefined
      }
      if (!slot) {
        if (this.slots.length >= MAX_CONCURRENCY) return
        slot = this.spawn()
      }
      const job = this.queue.shift() as Job
      slot.busy = true
      void this.execute(slot, job)
    }
  }

  private isStale(slot: Slot): boolean {
    try {
      return fs.statSync(this.bundle).mtimeMs !== slot.mtimeMs
    } catch {
      return false
    }
  }

  private async execute(slot: Slot, job: Job): Promise<void> {
    const timeoutS = this.decl.timeout || DEFAULT_TIMEOUT_S
    try {
      await slot.ready
    } catch (e) {
      this.drop(slot)
      void slot.worker.terminate()
      job.reject(e as CloudError)
      this.pump()
      return
    }
    const { worker } = slot
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(job.context)) {
      if (v === undefined || v === '') continue
      if (k === 'SOURCE') env.TCB_SOURCE = String(v)
      else env[`WX_${k}`] = String(v)
    }
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: this.decl.memorySize,
      time_limit_in_ms: timeoutS * 1000,
      request_id: job.id,
      function_name: this.name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      tencentcloud_region: 'ap-shanghai',
      environment: JSON.stringify({
        ...env,
        WX_CONTEXT_KEYS: Object.keys(env)
          .filter((k) => k.startsWith('WX_'))
          .join(','),
      }),
    }
    await new Promise<void>((done) => {
      let settled = false
      const finish = () => {
        settled = true
        clearTimeout(timer)
        worker.off('message', onMessage)
        worker.off('exit', onExit)
        done()
      }
      const onMessage = (msg: {
        type: string
        id: string
        ok: boolean
        data?: string
        message?: string
        trace?: InvocationTrace | null
      }) => {
        if (msg.type !== 'result' || msg.id !== job.id) return
        finish()
        if (msg.ok) job.resolve(msg.data ?? 'null', msg.trace ?? undefined)
        else job.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', msg.message ?? 'function failed'))
      }
      const onExit = (code: number) => {
        if (settled) return
        finish()
        job.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `${this.name} exited (code ${code}) during invocation`))
      }
      const timer = setTimeout(() => {
        if (settled) return
        finish()
        this.drop(slot)
        void worker.terminate()
        job.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `Invoking task timed out after ${timeoutS} seconds`))
      }, timeoutS * 1000)
      worker.on('message', onMessage)
      worker.on('exit', onExit)
      worker.postMessage({ type: 'invoke', id: job.id, event: job.event, context, env })
    })
    slot.busy = false
    this.pump()
  }

  async close(): Promise<void> {
    const jobs = this.queue.splice(0)
    for (const j of jobs) j.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', 'local cloud is shutting down'))
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()))
  }
}

export class FunctionRunner {
  private readonly pools = new Map<string, Pool>()
  private timers?: NodeJS.Timeout
  private crons: { fn: string; trigger: string; cron: Cron }[] = []
  private lastTick = 0

  constructor(private readonly opts: RunnerOptions) {}

  decl(name: string): FunctionDecl {
    return (
      this.opts.decls.find((d) => d.name === name) ?? {
        name,
        timeout: DEFAULT_TIMEOUT_S,
        memorySize: DEFAULT_MEMORY_MB,
      }
    )
  }

  bundlePath(name: string): string {
    return path.resolve(this.opts.functionsDir, name, 'index.js')
  }

  /** runs one invocation; resolves to the JSON text of the function's return value */
  async invoke(name: string, event: unknown, context: WxContext = {}): Promise<string> {
    return (await this.invokeTraced(name, event, context)).text
  }

  /** the same, with the invocation's database traffic when the runner traces */
  invokeTraced(name: string, event: unknown, context: WxContext = {}): Promise<{ text: string; trace?: InvocationTrace }> {
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(name)) {
      return Promise.reject(new CloudError('INVALID_PARAM', `invalid function name ${JSON.stringify(name)}`))
    }
    const bundle = this.bundlePath(name)
    if (!fs.existsSync(bundle)) {
      return Promise.reject(
        new CloudError('FUNCTION_NOT_FOUND', `[ResourceNotFound.Function] function ${name} has no bundle at ${bundle}`),
      )
    }
    let pool = this.pools.get(name)
    if (!pool) {
      pool = new Pool(name, bundle, this.decl(name), this.opts)
      this.pools.set(name, pool)
    }
    const p = pool
    return new Promise((resolve, reject) => {
      p.run({
        id: crypto.randomUUID(),
        event,
        context: { APPID: this.opts.appId, ...context },
        resolve: (text, trace) => resolve({ text, trace }),
        reject,
      })
    })
  }

  /** the event production's timer trigger passes */
  timerEvent(triggerName: string, at = new Date()) {
    return { Type: 'Timer', TriggerName: triggerName, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' }
  }

  async fireTimer(name: string): Promise<unknown> {
    const trigger = this.decl(name).triggers?.find((t) => t.type === 'timer')
    const text = await this.invoke(name, this.timerEvent(trigger?.name ?? 'timer'), { SOURCE: 'wx_trigger' })
    return JSON.parse(text) as unknown
  }

  startTimers(): void {
    this.crons = []
    for (const d of this.opts.decls) {
      for (const t of d.triggers ?? []) {
        if (t.type !== 'timer') continue
        this.crons.push({ fn: d.name, trigger: t.name, cron: parseCron(t.config) })
      }
    }
    if (!this.crons.length) return
    this.lastTick = Math.floor(Date.now() / 1000)
    const tick = () => {
      const nowS = Math.floor(Date.now() / 1000)
      // catch up on seconds a busy event loop skipped, but never replay more than a minute
      for (let s = Math.max(this.lastTick + 1, nowS - 60); s <= nowS; s++) {
        const at = new Date(s * 1000)
        for (const c of this.crons) {
          if (!cronMatches(c.cron, at)) continue
          this.invoke(c.fn, this.timerEvent(c.trigger, at), { SOURCE: 'wx_trigger' }).catch((e: Error) =>
            this.opts.log(`timer ${c.trigger} of ${c.fn} failed: ${e.message}`),
          )
        }
      }
      this.lastTick = nowS
      this.timers = setTimeout(tick, 1000 - (Date.now() % 1000) + 5)
      this.timers.unref()
    }
    this.timers = setTimeout(tick, 1000 - (Date.now() % 1000) + 5)
    this.timers.unref()
  }

  async close(): Promise<void> {
    if (this.timers) clearTimeout(this.timers)
    await Promise.all([...this.pools.values()].map((p) => p.close()))
    this.pools.clear()
  }
}
