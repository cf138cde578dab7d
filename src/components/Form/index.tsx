/**
 * What every form shares: a field with its label and the message that says what is wrong with it, the
 * same messages whether the shared schema caught the mistake on the phone or the function answered
 * `INVALID_ARGUMENT` with field issues; a button that is off only when it says so; the toast after a
 * finished action.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useCallback, useMemo, useState } from 'react'
import { toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import type { AnySchema } from '@shared/contract'
import { validate } from '@shared/contract'
import type { FieldIssue } from '@shared/errors'
import './index.css'

/** Taro's H5 button styles any `disabled` attribute as disabled, `disabled="false"` included (pale text on the
 * button's colour): pass the attribute only when the button is off. The lint forbids any other `disabled`. */
export const offWhen = (off: boolean): true | undefined => off || undefined

/** A finished action's confirmation, the WeChat way (a short toast that needs no tap). */
export function toastDone(title: string): void {
  Taro.showToast({ title, icon: 'success' }).catch(() => undefined)
}

export interface FormIssues {
  /** the messages for a field (a dotted path such as `title.bo`) and anything under it */
  at(path: string): string[]
  /** the form's own message: a refusal that names no field, or a summary of the marked fields */
  message: string | undefined
  /** runs the shared schema on the phone; when it fails, marks the fields and answers false */
  check(schema: AnySchema, value: unknown): boolean
  /** after a call failed: marks the fields its `INVALID_ARGUMENT` names, or keeps its message */
  fail(error: unknown): void
  /** marks fields found by the screen itself (a rule the schema cannot state) */
  mark(issues: FieldIssue[]): void
  clear(): void
}

export function useFormIssues(): FormIssues {
  const { lang, t } = useSettings()
  const [issues, setIssues] = useState<FieldIssue[]>([])
  const [message, setMessage] = useState<string | undefined>(undefined)

  const mark = useCallback(
    (found: FieldIssue[]) => {
      setIssues(found)
      setMessage(found.length > 0 ? t('form.checkMarked') : undefined)
    },
    [t],
  )
  const check = useCallback(
    (schema: AnySchema, value: unknown) => {
      const result = validate(schema, value, lang)
      // a form that passes loses the marks of its last try
      mark(result.ok ? [] : result.issues)
      return result.ok
    },
    [lang, mark],
  )
  const fail = useCallback(
    (error: unknown) => {
      const e = toCallError(error, lang)
      const named = (e.details ?? []).filter((i) => i.path !== '')
      if (named.length > 0) mark(named)
      else {
        setIssues([])
        setMessage(e.details?.[0]?.message ?? e.message)
      }
    },
    [lang, mark],
  )
  const clear = useCallback(() => {
    setIssues([])
    setMessage(undefined)
  }, [])

  return useMemo(
    () => ({
      at: (path: string) =>
        issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message),
      message,
      check,
      fail,
      mark,
      clear,
    }),
    [issues, message, check, fail, mark, clear],
  )
}

/**
 * A labelled field. When `issues` has messages for `path`, the field is marked (a red edge, the
 * message under it, `aria-invalid` for screen readers) so the user sees which one to fix.
 */
/** Tibetan script: a label holding any is drawn no smaller than Tibetan text may be */
const TIBETAN = /[\u0F00-\u0FFF]/

export function Field({
  label,
  path,
  issues,
  children,
  hint,
}: {
  label: string
  path: string
  issues: FormIssues
  children: ReactNode
  hint?: string
}) {
  const messages = issues.at(path)
  const invalid = messages.length > 0
  return (
    <View
      className={`form-field${invalid ? ' form-field--invalid' : ''}`}
      data-field={path}
      data-invalid={invalid ? 'true' : undefined}
      aria-invalid={invalid ? 'true' : undefined}
    >
      <Text className={`form-field__label${TIBETAN.test(label) ? ' form-field__label--bo' : ''}`}>{label}</Text>
      {children}
      {hint && !invalid && <Text className="form-field__hint">{hint}</Text>}
      {messages.map((m) => (
        <View key={m} className="form-field__issue" role="alert">
          <Text>{m}</Text>
        </View>
      ))}
    </View>
  )
}

/** The form's own message, shown beside its buttons. */
export function FormMessage({ issues }: { issues: FormIssues }) {
  if (!issues.message) return null
  return (
    <View className="form-message" role="alert" data-testid="form-message">
      <Text>{issues.message}</Text>
    </View>
  )
}
