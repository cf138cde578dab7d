import type { Lang, MessageKey } from './i18n'
import { t } from './i18n'

/** Stable error codes: the client shows them in the user's language; tests and logs match on them. */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `members.0.phone` */
  path: string
  message: string
}

/** What crosses the wire: `message` is already in the caller's language. */
export interface ErrorShape {
  code: ErrorCode
  message: string
  /** a finer catalogue key, e.g. `invite.expired`, for clients that react to the reason */
  reason?: MessageKey
  details?: FieldIssue[]
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly reason: MessageKey | undefined
  readonly params: Record<string, string | number> | undefined
  readonly details: FieldIssue[] | undefined

  constructor(
    code: ErrorCode,
    reason?: MessageKey,
    params?: Record<string, string | number>,
    details?: FieldIssue[],
  ) {
    super(reason ?? code)
    this.name = 'AppError'
    this.code = code
    this.reason = reason
    this.params = params
    this.details = details
  }

  toShape(lang: Lang): ErrorShape {
    const shape: ErrorShape = {
      code: this.code,
      message: t(lang, this.reason ?? errorKey(this.code), this.params),
    }
    if (this.reason) shape.reason = this.reason
    if (this.details) shape.details = this.details
    return shape
  }
}

export function errorKey(code: ErrorCode): MessageKey {
  return `error.${code}` as MessageKey
}

export function isErrorShape(value: unknown): value is ErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorShape).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as ErrorShape).code) &&
    typeof (value as ErrorShape).message === 'string'
  )
}
