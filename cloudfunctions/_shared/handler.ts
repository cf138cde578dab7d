/**
 * The one entry shape of every function: `export const main = serve(contract, handlers, options)`.
 * serve parses the event, identifies the caller from the WeChat context, checks the declared roles and
 * scope (access.ts), runs the action, and turns every failure into `{ code, message }` in the caller's
 * language; domain code never sees an unvalidated event. Timer triggers run through it too, and only when
 * the platform fired them.
 *
 * Round trips: the caller's lookup, the target of the declared scope (the household, official or
 * department the input names) and the action's declared `prefetch` reads are sent together, so an action
 * that needs no more than those answers in one round trip before its own work. Nothing read early is used
 * or answered before the caller's roles and scope have been checked, and `prefetch` gets only the database
 * (no open API, no content moderation) so a stranger's call costs no more than a few reads by id.
 *
 * Refusals: once the caller's openid is known, a refusal `refusalAudited` names (audit.ts: FORBIDDEN and
 * UNAUTHENTICATED on privileged or personal-data actions, every RATE_LIMITED, abuse reasons) writes a
 * `refusal` audit record, rate-limited per actor; so does a timer event a user forged. Secrets: a function
 * whose declaration names secrets (config/cloud.ts) refuses every call while one is missing outside the
 * local cloud, and says so in its log.
 *
 * This folder is not a function: esbuild inlines it into each function bundle.
 */
// a function words messages of every area; the app's main package loads only some (src/shared/i18n/index.ts)
import '@shared/i18n/all'
import cloud from 'wx-server-sdk'
import * as v from 'valibot'
import { functionDecl } from '@config/cloud'
import type { ActionDef, ActionName, CallEvent, CallResult, FunctionContract, Role } from '@shared/contract'
import { fieldIssues } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import { isLang } from '@shared/i18n'
import type { Instant } from '@shared/time'
import { now } from '@shared/time'
import type { ScopeResult } from './access'
import { admittedGrants, checkScope, guardedAction, prefetchScope, withAppointer } from './access'
import { refusalAudited, writeAudit } from './audit'
import type { Db } from './db'
import { collection } from './db'

export type { Db } from './db'

export interface Caller {
  openid: string
  roles: RoleGrant[]
}

type Input<F extends FunctionContract, K extends ActionName<F>> = v.InferOutput<F['actions'][K]['input']>

export interface ActionContext<P = unknown> {
  caller: Caller
  lang: Lang
  db: Db
  cloud: typeof cloud
  /** `<function>.<action>`, for audit records */
  action: string
  /** the caller's grants this action admits, and the target the declared scope resolved (access.ts) */
  scope: ScopeResult
  /** what the action's `prefetch` started, sent beside the caller's lookup */
  prefetched: P
}

/** What the platform's timer trigger passes (`{ Type: 'Timer', TriggerName, Time }`). */
export interface TimerContext {
  db: Db
  cloud: typeof cloud
  trigger: string
  /** when the platform fired it */
  time: Instant
}

type Prefetch<F extends FunctionContract> = {
  [K in ActionName<F>]?: (input: Input<F, K>, db: Db) => unknown
}

type PrefetchedOf<F extends FunctionContract, O, K extends ActionName<F>> = O extends { prefetch: infer P }
  ? P extends Record<K, (...args: never[]) => infer R>
    ? Awaited<R>
    : undefined
  : undefined

export interface ServeOptions<F extends FunctionContract> {
  /** reads an action may start from its parsed input before the caller is known (see above) */
  prefetch?: Prefetch<F>
  /** the function's timer triggers by name, as config/cloud.ts declares them */
  timers?: Record<string, (ctx: TimerContext) => Promise<unknown>>
  /** the caller's roles; every function reads `users` the same way unless a test says otherwise */
  loadCaller?: (openid: string, db: Db) => Promise<Caller>
}

export type Handlers<F extends FunctionContract, O extends ServeOptions<F> = ServeOptions<F>> = {
  [K in ActionName<F>]: (
    input: Input<F, K>,
    ctx: ActionContext<PrefetchedOf<F, O, K>>,
  ) => Promise<v.InferInput<F['actions'][K]['output']>>
}

let initialised = false
function init(): void {
  if (initialised) return
  // The SDK types DYNAMIC_CURRENT_ENV as a symbol although `init` accepts it.
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })
  initialised = true
}

export async function loadCallerFromUsers(openid: string, db: Db): Promise<Caller> {
  if (!openid) return { openid, roles: [] }
  const user = await collection(db, 'users').get(openid, ['roles'])
  return { openid, roles: (user?.roles ?? []).map(withAppointer) }
}

export function holds(caller: Caller, def: ActionDef): boolean {
  if (def.roles.includes('anyone')) return true
  return caller.roles.some((grant) => def.roles.includes(grant.role as Role))
}

interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  Time?: string
}

function isTimerEvent(event: unknown): event is TimerEvent {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'
}

/**
 * A timer event is the platform's only when no user is behind it: WeChat puts the caller's openid in the
 * context of every call a user makes, and a trigger's invocation carries the trigger's own source
 * (`TRIGGER_SRC=timer` in production, `SOURCE=wx_trigger` in the local cloud). Anything else that claims
 * to be a timer is a user forging one.
 */
function firedByPlatform(openid: string | undefined, source: string | undefined): boolean {
  return !openid && (process.env.TRIGGER_SRC === 'timer' || source === 'wx_trigger')
}

/**
 * The local cloud's runner starts every function with the SDK credentials `local` (it checks no
 * signatures; localcloud/server/index.ts sdkEnv, bench/cloud.ts); a production function runs with the
 * platform's temporary credentials there.
 */
export function onLocalCloud(): boolean {
  return process.env.TENCENTCLOUD_SECRETID === 'local'
}

/** The declared secrets of `fn` that its environment lacks. */
export function missingSecrets(fn: string): string[] {
  return (functionDecl(fn)?.secrets ?? []).map((s) => s.name).filter((name) => !process.env[name])
}

/** The record an action's input is about, for a refusal's audit record. */
function subjectOf(input: unknown): string {
  if (typeof input !== 'object' || input === null) return ''
  const fields = input as Record<string, unknown>
  for (const name of ['householdId', 'officialId', 'departmentId', 'region', 'openid', 'id']) {
    const value = fields[name]
    if (typeof value === 'string') return value.slice(0, 128)
  }
  return ''
}

/** Reads whose failure matters only to whoever awaits them (early reads a refused call never awaits): a
 * promise, or an object of promises as a `prefetch` returns them. */
function quiet<T>(reads: T): T {
  const promises = reads instanceof Promise ? [reads] : typeof reads === 'object' && reads ? Object.values(reads) : []
  for (const p of promises) if (p instanceof Promise) p.catch(() => undefined)
  return reads
}

/** Who was refused what, known once the caller's openid is; `guarded`: access.ts `guardedAction`. */
interface Refusal {
  db: Db
  actor: string
  action: string
  subject: string
  guarded: boolean
}

async function auditRefusal(at: Refusal, error: AppError): Promise<void> {
  try {
    await writeAudit(at.db, {
      kind: 'refusal',
      actor: at.actor,
      subject: at.subject,
      fields: [],
      action: at.action,
      details: error.reason ?? error.code,
    })
  } catch (failure) {
    // The refusal stands whether or not it could be recorded; the log keeps what the trail missed.
    console.error(`[audit] refusal of ${at.action} to ${at.actor} not recorded`, failure)
  }
}

export function serve<F extends FunctionContract, O extends ServeOptions<F> = ServeOptions<F>>(
  contract: F,
  handlers: Handlers<F, O>,
  options?: O,
) {
  const opts: ServeOptions<F> = options ?? {}
  const loadCaller = opts.loadCaller ?? loadCallerFromUsers
  return async function main(event: CallEvent | TimerEvent): Promise<CallResult<unknown>> {
    const lang: Lang = !isTimerEvent(event) && isLang(event?.lang) ? event.lang : 'zh-Hans'
    let refused: Refusal | undefined
    try {
      const missing = onLocalCloud() ? [] : missingSecrets(contract.name)
      if (missing.length) {
        console.error(
          `[${contract.name}] refusing to run: the secret ${missing.join(', ')} is not set in this function's environment (declared in config/cloud.ts; npm run deploy:config lists it)`,
        )
        throw new AppError('UNAVAILABLE')
      }
      init()
      const db = cloud.database()
      const { OPENID, SOURCE } = cloud.getWXContext() as { OPENID?: string; SOURCE?: string }
      if (isTimerEvent(event)) {
        if (!firedByPlatform(OPENID, SOURCE)) {
          const trigger = typeof event.TriggerName === 'string' ? event.TriggerName.slice(0, 64) : ''
          // recorded as `<function>.timer` about the trigger it named
          if (OPENID) refused = { db, actor: OPENID, action: `${contract.name}.timer`, subject: trigger, guarded: true }
          throw new AppError('FORBIDDEN')
        }
        const declared = functionDecl(contract.name)?.triggers?.some((t) => t.name === event.TriggerName)
        const timer = opts.timers?.[event.TriggerName]
        if (!declared || !timer)
          throw new AppError('INVALID_ARGUMENT', 'error.unknownAction', { action: event.TriggerName })
        const time = event.Time && !Number.isNaN(Date.parse(event.Time)) ? new Date(event.Time).toISOString() : now()
        return { ok: true, data: await timer({ db, cloud, trigger: event.TriggerName, time }) }
      }
      const name = typeof event?.action === 'string' ? event.action : ''
      const def = Object.prototype.hasOwnProperty.call(contract.actions, name)
        ? (contract.actions[name] as ActionDef)
        : undefined
      if (!def) throw new AppError('INVALID_ARGUMENT', 'error.unknownAction', { action: name })
      const parsed = v.safeParse(def.input, event.data ?? {})
      const callerRead = loadCaller(OPENID ?? '', db)
      const target = parsed.success ? quiet(prefetchScope(def.scope, parsed.output, db)) : undefined
      const prefetch = opts.prefetch?.[name as ActionName<F>]
      const prefetched = parsed.success && prefetch ? quiet(prefetch(parsed.output as never, db)) : undefined
      const caller = await callerRead
      const action = `${contract.name}.${name}`
      if (caller.openid)
        refused = {
          db,
          actor: caller.openid,
          action,
          subject: subjectOf(event.data),
          guarded: guardedAction(action, def),
        }
      // Roles before the input: a caller who may not use the action learns nothing about its schema.
      if (!def.roles.includes('anyone') && caller.roles.length === 0) throw new AppError('UNAUTHENTICATED')
      if (!holds(caller, def)) throw new AppError('FORBIDDEN')
      if (!parsed.success)
        throw new AppError('INVALID_ARGUMENT', undefined, undefined, fieldIssues(parsed.issues, lang))
      const scope = await checkScope(def.scope, admittedGrants(caller.roles, def), parsed.output, target)
      const handler = handlers[name as ActionName<F>] as (input: unknown, ctx: ActionContext) => Promise<unknown>
      const data = await handler(parsed.output, { caller, lang, db, cloud, action, scope, prefetched })
      return { ok: true, data }
    } catch (error) {
      if (error instanceof AppError && refused && refusalAudited(refused.guarded, error))
        await auditRefusal(refused, error)
      if (error instanceof AppError) return { ok: false, error: error.toShape(lang) }
      // Unexpected failures are logged with their stack for the cloud console, and never leak details.
      console.error(`[${contract.name}]`, error)
      return { ok: false, error: new AppError('INTERNAL').toShape(lang) }
    }
  }
}
