/**
 * How a cloud function's actions are declared once and used twice: the client validates forms and
 * types its calls with these schemas; the function re-validates every event with them and enforces
 * the access declared beside them. Types are inferred from the schemas, never written again.
 */
import * as v from 'valibot'
import type { ErrorShape, FieldIssue } from './errors'
import { AppError } from './errors'
import type { Lang } from './i18n'
import { isMessageKey, t } from './i18n'

/** What a WeChat user can be in the programme. One openid may hold several roles. */
export const ROLES = ['household', 'official', 'office', 'reviewer', 'department', 'admin'] as const
export type Role = (typeof ROLES)[number]

/**
 * How the server decides whether the target of a call is within the caller's reach:
 * - `none`: no target beyond the caller (e.g. "who am I", binding with a code);
 * - `self`: the caller's own household or official record;
 * - `household`: a household the caller belongs to, is paired with, or whose region the caller's office covers;
 * - `region`: a region in the caller's office (or reviewer) subtree;
 * - `department`: a department the caller's department role covers;
 * - `global`: administrators only.
 */
export const SCOPES = ['none', 'self', 'household', 'region', 'department', 'global'] as const
export type Scope = (typeof SCOPES)[number]

export type AnySchema = v.GenericSchema<unknown, unknown>

export interface ActionDef<I extends AnySchema = AnySchema, O extends AnySchema = AnySchema> {
  input: I
  output: O
  /** who may call; `anyone` includes WeChat users not yet bound to the programme */
  roles: readonly (Role | 'anyone')[]
  scope: Scope
  /** a list or summary: personal numbers in it must be masked (checked by test/functions/masking) */
  list?: boolean
  /** changes data; the authorisation matrix checks that a refused write changed nothing */
  writes?: boolean
}

export interface FunctionContract<A extends Record<string, ActionDef> = Record<string, ActionDef>> {
  name: string
  actions: A
}

export function action<I extends AnySchema, O extends AnySchema>(def: ActionDef<I, O>): ActionDef<I, O> {
  return def
}

export function defineFunction<A extends Record<string, ActionDef>>(name: string, actions: A): FunctionContract<A> {
  return { name, actions }
}

export type ActionName<F extends FunctionContract> = Extract<keyof F['actions'], string>
export type ActionInput<F extends FunctionContract, K extends ActionName<F>> = v.InferInput<F['actions'][K]['input']>
export type ActionOutput<F extends FunctionContract, K extends ActionName<F>> = v.InferOutput<F['actions'][K]['output']>

/** The event every function receives (`wx.cloud.callFunction({ name, data: event })`). */
export interface CallEvent {
  action: string
  data?: unknown
  lang?: Lang
}

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: ErrorShape }

/**
 * Validates `data` against an action's input schema. Schema messages are catalogue keys
 * (e.g. `v.minLength(1, 'validation.required')`), so field errors reach the user in their language.
 */
export function parseInput<S extends AnySchema>(schema: S, data: unknown, lang: Lang): v.InferOutput<S> {
  const result = v.safeParse(schema, data)
  if (result.success) return result.output
  throw new AppError('INVALID_ARGUMENT', undefined, undefined, fieldIssues(result.issues, lang))
}

export function fieldIssues(issues: readonly v.BaseIssue<unknown>[], lang: Lang): FieldIssue[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    // a length or value check's requirement is the bound its message names ('最多 {max} 个字')
    message: t(
      lang,
      isMessageKey(issue.message) ? issue.message : 'validation.invalid',
      typeof issue.requirement === 'number' ? { max: issue.requirement, min: issue.requirement } : undefined,
    ),
  }))
}

/** Form-side check: the same schema, the same messages, without throwing. */
export function validate<S extends AnySchema>(
  schema: S,
  data: unknown,
  lang: Lang,
): { ok: true; value: v.InferOutput<S> } | { ok: false; issues: FieldIssue[] } {
  const result = v.safeParse(schema, data)
  return result.success ? { ok: true, value: result.output } : { ok: false, issues: fieldIssues(result.issues, lang) }
}
