/**
 * The user's display settings — language and large type — as one small store that every page reads
 * with `useSettings()`. A module store rather than a React context in the App component: it holds
 * however Taro mounts pages, and a page test can render a page with nothing around it.
 *
 * First run follows the system: WeChat's language (`langFromSystem`) and its font-size setting.
 * A choice the user makes is kept with Taro storage and wins from then on.
 */
import Taro from '@tarojs/taro'
import { useCallback, useSyncExternalStore } from 'react'
import type { Lang, MessageKey } from '../shared/i18n'
import { isLang, langFromSystem, t } from '../shared/i18n'

export const LANG_KEY = 'shiliuzi.lang'
export const LARGE_TEXT_KEY = 'shiliuzi.largeText'

/** WeChat's default `fontSizeSetting` is 16–17 px; its larger steps start at 20. */
const LARGE_FONT_SETTING = 20

export interface Settings {
  lang: Lang
  largeText: boolean
}

function systemInfo(): { language?: string; fontSizeSetting?: number } {
  try {
    return Taro.getSystemInfoSync() as { language?: string; fontSizeSetting?: number }
  } catch {
    return {}
  }
}

function readStored(key: string): unknown {
  try {
    const value: unknown = Taro.getStorageSync(key)
    return value === '' ? undefined : value
  } catch {
    return undefined
  }
}

export function initialSettings(): Settings {
  const system = systemInfo()
  const storedLang = readStored(LANG_KEY)
  const storedLarge = readStored(LARGE_TEXT_KEY)
  return {
    lang: isLang(storedLang) ? storedLang : langFromSystem(system.language),
    largeText: typeof storedLarge === 'boolean' ? storedLarge : (system.fontSizeSetting ?? 0) >= LARGE_FONT_SETTING,
  }
}

let current: Settings | undefined
const listeners = new Set<() => void>()

export function getSettings(): Settings {
  current ??= initialSettings()
  return current
}

function update(patch: Partial<Settings>, storageKey: string, value: unknown): void {
  current = { ...getSettings(), ...patch }
  try {
    Taro.setStorageSync(storageKey, value)
  } catch {
    // Storage full or unavailable: the choice still holds for this session.
  }
  listeners.forEach((listener) => listener())
}

export function setLang(lang: Lang): void {
  update({ lang }, LANG_KEY, lang)
}

export function setLargeText(largeText: boolean): void {
  update({ largeText }, LARGE_TEXT_KEY, largeText)
}

/** Forgets the in-memory settings so the next read starts from storage and the system again (tests). */
export function resetSettings(): void {
  current = undefined
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useSettings(): Settings & { t: (key: MessageKey, params?: Record<string, string | number>) => string } {
  const settings = useSyncExternalStore(subscribe, getSettings, getSettings)
  const translate = useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => t(settings.lang, key, params),
    [settings.lang],
  )
  return { ...settings, t: translate }
}
