/**
 * The one entry shape of every function: parse the event, identify the caller from the WeChat
 * context, check the declared roles, run the action, and turn every failure into `{ code, message }`
 * in the caller's language. Domain code never sees an unvalidated event.
 *
 * This folder is not a function: esbuild inlines it into each function bundle.
 */
import cloud from 'wx-server-sdk'
import type { ActionDef, ActionName, CallEvent, CallResult, FunctionContract, Role } from '../../src/shared/contract'
import { parseInput } from '../../src/shared/contract'
import type { RoleGrant } from '../../src/shared/contracts/identity'
import { AppError } from '../../src/shared/errors'
import type { Lang } from '../../src/shared/i18n'
import { isLang } from '../../src/shared/i18n'
import * as v from 'valibot'
import type { ScopeResult } from './access'
import { admittedGrants, checkScope, scopeLoader } from './access'
import { rows } from './db'

export type Db = ReturnType<typeof cloud.database>

export interface Caller {
  openid: string
  roles: RoleGrant[]
}

export interface ActionContext {
  caller: Caller
  lang: Lang
  db: Db
  cloud: typeof cloud
  /** the action being run, for audit records */
  action: string
  /** the caller's grants this action admits, and the target the declared scope resolved (access.ts) */
  scope: ScopeResult
  /** what ServeOptions.early started for this event, if anything */
  early?: unknown
}

export type Handlers<F extends FunctionContract> = {
  [K in ActionName<F>]: (
    input: v.InferOutput<F['actions'][K]['input']>,
    ctx: ActionContext,
  ) => Promise<v.InferInput<F['actions'][K]['output']>>
}

export interface ServeOptions {
  /** loads the caller's roles; identity overrides nothing here, every function reads `users` the same way */
  loadCaller?: (openid: string, db: Db) => Promise<Caller>
  /**
   * Reads an action starts from its raw event before the caller is known, so they travel beside the
   * caller's lookup instead of after it (one round trip fewer). The handler gets them as `ctx.early` and
   * must use nothing from them before checking the caller may see it; wrap each read in `readEarly`.
   */
  early?: (event: CallEvent, db: Db, openid: string) => unknown
}

/** A read started before the caller is known: its failure matters only to a handler that awaits it. */
export function readEarly<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined)
  return read
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
  const [user] = await rows<{ roles?: RoleGrant[] }>(db.collection('users').where({ _id: openid }).limit(1))
  return { openid, roles: user?.roles ?? [] }
}

export function holds(caller: Caller, def: ActionDef): boolean {
  if (def.roles.includes('anyone')) return true
  return caller.roles.some((grant) => def.roles.includes(grant.role as Role))
}

export function serve<F extends FunctionContract>(contract: F, handlers: Handlers<F>, options: ServeOptions = {}) {
  const loadCaller = options.loadCaller ?? loadCallerFromUsers
  return async function main(event: CallEvent): Promise<CallResult<unknown>> {
    const lang: Lang = isLang(event?.lang) ? event.lang : 'zh-Hans'
    try {
      init()
      const name = typeof event?.action === 'string' ? event.action : ''
      const def = Object.prototype.hasOwnProperty.call(contract.actions, name)
        ? (contract.actions[name] as ActionDef)
        : undefined
      if (!def) throw new AppError('INVALID_ARGUMENT', 'error.unknownAction', { action: name })
      const db = cloud.database()
      const { OPENID } = cloud.getWXContext()
      const early = options.early?.(event, db, OPENID ?? '')
      const caller = await loadCaller(OPENID ?? '', db)
      // Roles before the input: a caller who may not use the action learns nothing about its schema.
      if (!def.roles.includes('anyone') && caller.roles.length === 0) throw new AppError('UNAUTHENTICATED')
      if (!holds(caller, def)) throw new AppError('FORBIDDEN')
      const input = parseInput(def.input, event.data ?? {}, lang)
      const scope = await checkScope(def.scope, admittedGrants(caller.roles, def), input, scopeLoader(db))
      const handler = handlers[name as ActionName<F>] as (input: unknown, ctx: ActionContext) => Promise<unknown>
      const data = await handler(input, { caller, lang, db, cloud, action: `${contract.name}.${name}`, scope, early })
      return { ok: true, data }
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toShape(lang) }
      // Unexpected failures are logged with their stack for the cloud console, and never leak details.
      console.error(`[${contract.name}]`, error)
      return { ok: false, error: new AppError('INTERNAL').toShape(lang) }
    }
  }
}
