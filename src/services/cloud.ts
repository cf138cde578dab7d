/**
 * The one way pages call cloud functions. Typed from the contract in src/shared/contracts: the input is
 * the action's input schema's type, the result its output schema's type. The input is checked with the
 * same schema the function uses, before anything is sent (a bad form costs no round trip on weak
 * signal). Failures arrive as `CallError` with a stable code and a message in the user's language.
 */
import * as v from 'valibot'
import type { ActionDef, ActionInput, ActionName, ActionOutput, CallEvent, FunctionContract } from '../shared/contract'
import { fieldIssues } from '../shared/contract'
import type { ErrorCode, ErrorShape, FieldIssue } from '../shared/errors'
import { errorKey, isErrorShape } from '../shared/errors'
import type { Lang, MessageKey } from '../shared/i18n'
import { t } from '../shared/i18n'
import { getSettings } from './settings'
import { send } from './transport'
import { TransportError } from './transport-error'

export class CallError extends Error {
  readonly code: ErrorCode
  readonly reason: MessageKey | undefined
  readonly details: FieldIssue[] | undefined

  constructor(shape: ErrorShape) {
    super(shape.message)
    this.name = 'CallError'
    this.code = shape.code
    this.reason = shape.reason
    this.details = shape.details
  }

  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message }
    if (this.reason) shape.reason = this.reason
    if (this.details) shape.details = this.details
    return shape
  }
}

function fail(code: ErrorCode, lang: Lang, details?: FieldIssue[]): CallError {
  return new CallError(
    details ? { code, message: t(lang, errorKey(code)), details } : { code, message: t(lang, errorKey(code)) },
  )
}

export async function call<F extends FunctionContract, K extends ActionName<F>>(
  contract: F,
  action: K,
  input: ActionInput<F, K>,
  options: { lang?: Lang } = {},
): Promise<ActionOutput<F, K>> {
  const lang = options.lang ?? getSettings().lang
  const def = contract.actions[action] as ActionDef
  const checked = v.safeParse(def.input, input)
  if (!checked.success) throw fail('INVALID_ARGUMENT', lang, fieldIssues(checked.issues, lang))

  const event: CallEvent = { action, data: checked.output, lang }
  let result: unknown
  try {
    result = await send(contract.name, event)
  } catch (error) {
    if (error instanceof TransportError) {
      // Kept for the developer console; the user sees the catalogue message.
      console.warn(`[cloud] ${contract.name}.${action}: ${error.kind}: ${error.message}`)
      throw fail(error.kind === 'network' ? 'UNAVAILABLE' : 'INTERNAL', lang)
    }
    throw fail('INTERNAL', lang)
  }

  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const answer = result as { ok: unknown; data?: unknown; error?: unknown }
    if (answer.ok === true) {
      return answer.data as ActionOutput<F, K>
    }
    if (answer.ok === false && isErrorShape(answer.error)) throw new CallError(answer.error)
  }
  console.warn(`[cloud] ${contract.name}.${action}: answer is not a CallResult`, result)
  throw fail('INTERNAL', lang)
}

/** The error a page shows: a CallError as it came, anything else as INTERNAL in the user's language. */
export function toCallError(error: unknown, lang: Lang): CallError {
  return error instanceof CallError ? error : fail('INTERNAL', lang)
}
