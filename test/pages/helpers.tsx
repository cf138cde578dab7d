import { act } from '@testing-library/react'
import { resetSettings } from '../../src/services/settings'
import { taroStub } from './stubs/taro'

/** Fresh system, storage, navigation and settings before each test. */
export function freshTaro(): void {
  taroStub.reset()
  resetSettings()
}

/** A `wx.cloud.callFunction` answer, as WeChat wraps the function's return value. */
export const reply = (result: unknown) => Promise.resolve({ result, errMsg: 'cloud.callFunction:ok' })

/** Screens that sit on every home (the notice subscription prompt) get a quiet answer unless a test routes them. */
const quiet: Record<string, (data: unknown) => unknown> = {
  'notices.subscription': () => ({ ok: true, data: { askSubscribe: false } }),
}

/** Answers calls by function name and action, recording nothing beyond what the jest mock records. */
export function answer(routes: Record<string, (data: unknown) => unknown>): void {
  taroStub.callFunction.mockImplementation((options: { name: string; data: { action: string; data: unknown } }) => {
    const key = `${options.name}.${options.data.action}`
    const route = routes[key] ?? quiet[key]
    if (!route) return Promise.reject({ errMsg: `cloud.callFunction:fail no route ${options.name}` })
    const result = route(options.data.data)
    return result instanceof Promise ? result : reply(result)
  })
}

/** Lets pending promises (the call and its state update) settle inside act(). */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0))
  })
}

/** The events sent to one function, in order (other screens on the page may call others). */
export function callsTo(name: string): { action: string; data: unknown; lang: string }[] {
  const calls = taroStub.callFunction.mock.calls as [
    { name: string; data: { action: string; data: unknown; lang: string } },
  ][]
  return calls.filter(([options]) => options.name === name).map(([options]) => options.data)
}
