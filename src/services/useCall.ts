/**
 * Loading / error / data for one cloud call on a page, with a retry. The error keeps the language it
 * was produced in, so a page can re-word it after the user switches language. When `deps` change the
 * call runs again and the shown data stays until the new answer replaces it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Lang } from '../shared/i18n'
import { CallError, toCallError } from './cloud'
import { getSettings } from './settings'

export type CallState<T> =
  { status: 'loading' } | { status: 'error'; error: CallError; lang: Lang } | { status: 'done'; data: T }

export function useCall<T>(
  load: () => Promise<T>,
  deps: readonly unknown[] = [],
): CallState<T> & { retry: () => void } {
  const [state, setState] = useState<CallState<T>>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  useEffect(() => {
    let live = true
    // Asking again with new inputs (e.g. another language) keeps the page on screen until the answer comes.
    setState((previous) => (previous.status === 'done' ? previous : { status: 'loading' }))
    loadRef.current().then(
      (data) => live && setState({ status: 'done', data }),
      (error: unknown) => {
        const lang = getSettings().lang
        if (live) setState({ status: 'error', error: toCallError(error, lang), lang })
      },
    )
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` are the caller's inputs to `load`
  }, [attempt, ...deps])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { ...state, retry }
}

/**
 * A page's actions (a button's call): whether one is running, and the last failure with the language it
 * was worded in. `run` clears the previous failure, marks the page busy and records what goes wrong.
 */
export function useAction(): {
  busy: boolean
  problem: { error: CallError; lang: Lang } | undefined
  run: (work: () => Promise<void>) => Promise<void>
} {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ error: CallError; lang: Lang } | undefined>()
  const run = useCallback(async (work: () => Promise<void>) => {
    setProblem(undefined)
    setBusy(true)
    try {
      await work()
    } catch (error) {
      const lang = getSettings().lang
      setProblem({ error: toCallError(error, lang), lang })
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, problem, run }
}
