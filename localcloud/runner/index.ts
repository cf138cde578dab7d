/**
 * The function runner: each function's BUILT bundle (`<functionsDir>/<name>/index.js`, the artefact that
 * `tcb fn deploy` uploads) runs in a pool of instances, each a child process. Like production's instances,
 * an instance is warm (the bundle is loaded once), runs one invocation at a time, and a function has at
 * most 20 running at once (WeChat Cloud's base concurrency quota); further calls wait for a free instance.
 * Each instance has its own `process.env`, so concurrent invocations see their own WeChat context, and its
 * own heap, capped at the function's `memorySize`. An instance that outlives the timeout, runs out of
 * memory or exits fails the invocation it was running, and only that one; the next call gets a new one.
 */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { FunctionDecl } from '@config/cloud'
import { CloudError } from '../server/errors'
import { type Cron, cronMatches, parseCron } from './cron'

/** what each instance runs: plain CommonJS, beside this file */
const INSTANCE = path.join(__dirname, 'instance.cjs')

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
  /** environment every instance starts with (TCB_CONTEXT_CNFG etc.) */
  baseEnv: () => Record<string, string>
  quiet?: boolean
  /** write what functions print to stderr (their errors) even when quiet (benchmarks) */
  functionErrors?: boolean
  log: (line: string) => void
  /** count each invocation's database requests and round trips (benchmarks; see instance.cjs) */
  trace?: boolean
  /** how far the functions' clock runs ahead of this machine's, read at each invocation (tests; see instance.cjs) */
  clockOffsetMs?: () => number
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
  child: ChildProcess
  ready: Promise<void>
  busy: boolean
  mtimeMs: number
  /** why the instance ended, when it said so (an exception that escaped the handler) */
  fatal?: string
  /** the end of its stderr, where V8 reports running out of memory before it aborts */
  stderrTail: string
  exited: Promise<void>
}

/** what V8 prints when an allocation fails (heap limit reached, or an array or table too large to grow) */
const OUT_OF_MEMORY = /heap out of memory|reached heap limit|allocation failed|invalid size error|invalid table size/i

/** how an instance's end fails the invocation it was running (SCF's messages, errCode -504002 in the SDK) */
export function instanceEnded(
  name: string,
  memorySize: number,
  slot: Pick<Slot, 'fatal' | 'stderrTail'>,
  code: number | null,
  signal: NodeJS.Signals | null,
): CloudError {
  if (OUT_OF_MEMORY.test(slot.stderrTail))
    return new CloudError(
      'FUNCTIONS_EXECUTE_FAIL',
      `Memory limit exceeded: ${name} used more than its ${memorySize} MB`,
    )
  if (slot.fatal) return new CloudError('FUNCTIONS_EXECUTE_FAIL', `${name} exited during invocation: ${slot.fatal}`)
  const how = signal ? `signal ${signal}` : `code ${code}`
  return new CloudError('FUNCTIONS_EXECUTE_FAIL', `${name} exited (${how}) during invocation`)
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

  private memoryMb(): number {
    return Math.max(64, this.decl.memorySize || DEFAULT_MEMORY_MB)
  }

  private spawn(): Slot {
    const env: Record<string, string> = {
      ...this.opts.baseEnv(),
      SCF_FUNCTIONNAME: this.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_RUNTIME: 'Nodejs18.15',
      // production sets secrets by hand; here each gets its declared development value
      ...Object.fromEntries((this.decl.secrets ?? []).map((secret) => [secret.name, secret.development])),
      ...(this.decl.envVariables ?? {}),
    }
    // the function's memorySize caps the instance's heap: a bundle that leaks, or allocates a huge
    // array at once, dies here as it would in production, alone
    const stdio: StdioOptions = ['ignore', this.opts.quiet ? 'ignore' : 'inherit', 'pipe', 'ipc']
    const child: ChildProcess = spawn(
      process.execPath,
      [`--max-old-space-size=${this.memoryMb()}`, INSTANCE, this.bundle, this.opts.trace ? '1' : '0'],
      {
        // exactly the function's environment, nothing inherited from the local cloud's process
        env: env as NodeJS.ProcessEnv,
        stdio,
        serialization: 'advanced',
      },
    )
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      // a process that could not be started emits no exit
      child.once('error', () => {
        if (child.pid === undefined) resolve()
      })
    })
    const slot: Slot = { child, ready: Promise.resolve(), busy: false, mtimeMs: 0, stderrTail: '', exited }
    child.stderr?.on('data', (chunk: Buffer) => {
      slot.stderrTail = (slot.stderrTail + chunk.toString('utf8')).slice(-4096)
      if (!this.opts.quiet || this.opts.functionErrors) process.stderr.write(chunk)
    })
    slot.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { type: string; message?: string }) => {
        if (msg.type === 'ready') resolve()
        else if (msg.type === 'load-error')
          reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `cannot load ${this.name}: ${msg.message}`))
        else return
        child.off('message', onMessage)
      }
      child.on('message', onMessage)
      child.once('error', (e) => reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `${this.name}: ${e.message}`)))
      child.once('exit', (code, signal) => reject(instanceEnded(this.name, this.memoryMb(), slot, code, signal)))
    })
    slot.ready.catch(() => undefined)
    child.on('message', (msg: { type: string; message?: string }) => {
      if (msg.type === 'fatal') slot.fatal = msg.message
    })
    child.on('error', (e) => this.opts.log(`${this.name}: instance error: ${e.message}`))
    // the pool is not a reason to keep the local cloud's event loop alive
    child.unref()
    child.channel?.unref()
    ;(child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.()
    try {
      slot.mtimeMs = fs.statSync(this.bundle).mtimeMs
    } catch {
      // checked again at invocation
    }
    child.once('exit', (code, signal) => {
      this.drop(slot)
      if (code !== 0 && !slot.busy && signal !== 'SIGKILL')
        this.opts.log(`${this.name}: idle instance exited (${signal ?? `code ${code}`})`)
    })
    this.slots.push(slot)
    return slot
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
  }

  private kill(slot: Slot): void {
    this.drop(slot)
    if (slot.child.exitCode === null && slot.child.signalCode === null) slot.child.kill('SIGKILL')
  }

  run(job: Job): void {
    this.queue.push(job)
    this.pump()
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy)
      if (slot && this.isStale(slot)) {
        // a rebuilt bundle is picked up by new instances; the stale idle one retires
        this.kill(slot)
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
      this.kill(slot)
      job.reject(e as CloudError)
      this.pump()
      return
    }
    const { child } = slot
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
        child.off('message', onMessage)
        child.off('exit', onExit)
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
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return
        finish()
        // the stderr pipe may still hold V8's last words; they are read before the cause is named
        const tell = () => job.reject(instanceEnded(this.name, this.memoryMb(), slot, code, signal))
        if (child.stderr && !child.stderr.readableEnded) {
          const t = setTimeout(tell, 200)
          child.stderr.once('end', () => {
            clearTimeout(t)
            tell()
          })
        } else tell()
      }
      const timer = setTimeout(() => {
        if (settled) return
        finish()
        this.kill(slot)
        job.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `Invoking task timed out after ${timeoutS} seconds`))
      }, timeoutS * 1000)
      child.on('message', onMessage)
      child.on('exit', onExit)
      try {
        const clockOffsetMs = this.opts.clockOffsetMs?.() ?? 0
        child.send({ type: 'invoke', id: job.id, event: job.event, context, env, clockOffsetMs })
      } catch (e) {
        finish()
        this.kill(slot)
        job.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', `${this.name}: ${(e as Error).message}`))
      }
    })
    slot.busy = false
    this.pump()
  }

  async close(): Promise<void> {
    const jobs = this.queue.splice(0)
    for (const j of jobs) j.reject(new CloudError('FUNCTIONS_EXECUTE_FAIL', 'local cloud is shutting down'))
    const slots = this.slots.splice(0)
    for (const s of slots) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    await Promise.all(slots.map((s) => s.exited))
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
  invokeTraced(
    name: string,
    event: unknown,
    context: WxContext = {},
  ): Promise<{ text: string; trace?: InvocationTrace }> {
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
  timerEvent(triggerName: string, at = new Date(Date.now() + (this.opts.clockOffsetMs?.() ?? 0))) {
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
