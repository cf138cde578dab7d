import Taro from '@tarojs/taro'
import { act, fireEvent, render, screen } from '@testing-library/react'
import type { ComponentType } from 'react'
import { resetSettings } from '@/services/settings'
import type { ActionInput, ActionName, ActionOutput, FunctionContract } from '@shared/contract'
import type { ErrorCode } from '@shared/errors'
import { AppError } from '@shared/errors'
import type { Lang, MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import { taroStub } from './stubs/taro'

const warn = console.warn.bind(console)

/** Fresh system, storage, navigation and settings before each test. The cloud client's console notes
 * (kept for developers when a call fails in transport) stay out of the test output. */
export function freshTaro(): void {
  taroStub.reset()
  resetSettings()
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).startsWith('[cloud]')) warn(...args)
  })
}

/** A `wx.cloud.callFunction` answer, as WeChat wraps the function's return value. */
export const reply = (result: unknown) => Promise.resolve({ result, errMsg: 'cloud.callFunction:ok' })

/** Screens that sit on every home (the notice subscription prompt) get a quiet answer unless a test routes them. */
const quiet: Record<string, (data: unknown) => unknown> = {
  'notices.subscription': () => ({ ok: true, data: { remaining: 1, askSubscribe: false } }),
}

/** Answers calls by function name and action, recording nothing beyond what the jest mock records. */
function answer(routes: Record<string, (data: unknown, lang: Lang) => unknown>): void {
  taroStub.callFunction.mockImplementation(
    (options: { name: string; data: { action: string; data: unknown; lang: Lang } }) => {
      const key = `${options.name}.${options.data.action}`
      const route = routes[key] ?? quiet[key]
      if (!route) return Promise.reject({ errMsg: `cloud.callFunction:fail no route ${options.name}` })
      const result = route(options.data.data, options.data.lang)
      return result instanceof Promise ? result : reply(result)
    },
  )
}

/** A function's refusal: worded by the function from the catalogue, in the language of the call. */
export class Refusal {
  constructor(
    readonly code: ErrorCode,
    readonly reason?: MessageKey,
    readonly params?: Record<string, string | number>,
  ) {}
}
export const refuse = (code: ErrorCode, reason?: MessageKey, params?: Record<string, string | number>) =>
  new Refusal(code, reason, params)

/** No signal: the call fails in WeChat before it reaches the function. */
export const OFFLINE = Symbol('offline')

type Reply<O> = O | Refusal | typeof OFFLINE | Promise<O>

/** One action's answers; `n` counts this action's calls from 1, for "fails, then works on retry". */
export interface Route {
  key: string
  reply: (input: unknown, lang: Lang, n: number) => unknown
}

/**
 * Answers `contract.action` with a value of its contract's output type (so a misspelt field fails the
 * type check), a refusal, OFFLINE, or a function of the input and the call's number.
 */
export function on<F extends FunctionContract, K extends ActionName<F>>(
  contract: F,
  action: K,
  answer: Reply<ActionOutput<F, K>> | ((input: ActionInput<F, K>, n: number) => Reply<ActionOutput<F, K>>),
): Route {
  return {
    key: `${contract.name}.${action}`,
    reply: (input, _lang, n) =>
      typeof answer === 'function' ? (answer as (i: unknown, n: number) => unknown)(input, n) : answer,
  }
}

/** The answers a page's calls get: routes first, then the quiet defaults; anything else fails loudly. */
export function route(routes: Route[]): void {
  const counts = new Map<string, number>()
  const table = Object.fromEntries(
    routes.map((r) => [
      r.key,
      (input: unknown, lang: Lang) => {
        const n = (counts.get(r.key) ?? 0) + 1
        counts.set(r.key, n)
        return settleReply(r.reply(input, lang, n), lang)
      },
    ]),
  )
  answer(table)
}

function settleReply(answerValue: unknown, lang: Lang): unknown {
  if (answerValue === OFFLINE) return Promise.reject({ errMsg: 'cloud.callFunction:fail request:fail timeout' })
  if (answerValue instanceof Refusal)
    return { ok: false, error: new AppError(answerValue.code, answerValue.reason, answerValue.params).toShape(lang) }
  if (answerValue instanceof Promise) return answerValue.then((data: unknown) => reply({ ok: true, data }))
  return { ok: true, data: answerValue }
}

export interface PageOptions {
  routes?: Route[]
  /** the page's query (`useRouter().params`) */
  params?: Record<string, string>
  /** the language the user chose earlier (stored); by default the system's Chinese */
  lang?: Lang
}

/** Renders a page as it opens: its query, the user's language and the answers its calls get, then
 * lets the calls it makes on opening (and the calls those lead to) settle. */
export async function renderPage(Page: ComponentType, { routes = [], params = {}, lang }: PageOptions = {}) {
  if (lang) taroStub.storage.set('shiliuzi.lang', lang)
  taroStub.params = params
  route(routes)
  const view = render(<Page />)
  await settle(3)
  return view
}

/** Lets pending promises (the call and its state update) settle inside act(), `rounds` times for chained calls. */
export async function settle(rounds = 1): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
  }
}

/** Taps an element and lets what it starts settle. */
export async function tap(element: Element, rounds = 3): Promise<void> {
  fireEvent.click(element)
  await settle(rounds)
}

/** The catalogue's text, for what a page shows in Tibetan (the catalogues keep its wording in one place). */
export const bo = (key: MessageKey, params?: Record<string, string | number>) => t('bo', key, params)
export const zh = (key: MessageKey, params?: Record<string, string | number>) => t('zh-Hans', key, params)

/** The error state's message, after checking it is the one shown and carries the code. */
export function shownError(code?: ErrorCode): string {
  const alert = screen.getByRole('alert')
  if (code) expect(alert.getAttribute('data-code')).toBe(code)
  return alert.textContent ?? ''
}

/** Taps the error state's retry (its label is in the user's language). */
export async function retry(): Promise<void> {
  const button = screen.getByRole('alert').querySelector('button')
  if (!button) throw new Error('the error state has no retry button')
  await tap(button)
}

/** The events sent to one function, in order (other screens on the page may call others). */
export function callsTo(name: string): { action: string; data: unknown; lang: string }[] {
  const calls = taroStub.callFunction.mock.calls as [
    { name: string; data: { action: string; data: unknown; lang: string } },
  ][]
  return calls.filter(([options]) => options.name === name).map(([options]) => options.data)
}

/** The input of the last call to `name.action`. */
export function lastInput(name: string, action: string): unknown {
  return callsTo(name)
    .filter((c) => c.action === action)
    .at(-1)?.data
}

/**
 * The audio player's context as a page test sees it: its events never fire, and what it was asked to play is
 * listed (the returned array, fresh for each call).
 */
export function audioPlays(): string[] {
  const played: string[] = []
  const noop = () => undefined
  const events = ['onPlay', 'onPause', 'onStop', 'onEnded', 'onTimeUpdate', 'onCanplay', 'onError']
  Object.assign(Taro, {
    createInnerAudioContext: () => {
      const ctx = {
        src: '',
        startTime: 0,
        currentTime: 0,
        duration: 0,
        play: () => void played.push(ctx.src),
        pause: noop,
        seek: noop,
        destroy: noop,
        ...Object.fromEntries(events.map((name) => [name, noop])),
      }
      return ctx
    },
  })
  return played
}
