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

/** A call's state with the way to ask again: what `<Loaded>` (components/States) shows. */
export type Loadable<T> = CallState<T> & { retry: () => void }

export function useCall<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loadable<T> {
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

type Read<R, T> = { items: T[]; last: R }

const sameDeps = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]))

/**
 * A list read a page at a time: `next` asks for the following page and its items are added below the
 * ones shown; new `deps` start again from the first page. `items` (what has been read so far) and `last`
 * (the latest answer) are kept when a later page fails, so the page can show them above the error and its retry.
 */
export function usePages<R, T>(
  load: (page: number) => Promise<R>,
  itemsOf: (answer: R) => readonly T[],
  deps: readonly unknown[] = [],
): Loadable<Read<R, T>> & { items: T[]; last: R | undefined; page: number; next: () => void; reload: () => void } {
  const [cursor, setCursor] = useState({ deps, page: 0 })
  const page = sameDeps(cursor.deps, deps) ? cursor.page : 0
  const shown = useRef<Partial<Read<R, T>>>({})
  const state = useCall(async (): Promise<Read<R, T>> => {
    const before = page === 0 ? [] : (shown.current.items ?? [])
    const last = await load(page)
    return { items: [...before, ...itemsOf(last)], last }
  }, [page, ...deps])
  if (state.status === 'done') shown.current = state.data
  // a new query's first page replaces, not extends, what the old one showed
  else if (page === 0 && !sameDeps(cursor.deps, deps)) shown.current = {}

  const next = () => setCursor({ deps, page: page + 1 })
  const reload = () => (page === 0 ? state.retry() : setCursor({ deps, page: 0 }))
  return { ...state, items: shown.current.items ?? [], last: shown.current.last, page, next, reload }
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
