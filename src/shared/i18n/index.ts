/**
 * The catalogues: every user-facing string, in Chinese (zh-Hans) and Tibetan (bo).
 * Areas register here; `t()` is the only way text reaches a screen or an error message.
 *
 * The catalogues are merged into the weapp main package, which must stay light: only the areas the
 * main package's screens, components and services use are loaded here. The staff-only areas are typed
 * here (`import type`) but registered at run time with `registerAreas`: by each subpackage that uses them
 * (`src/pages/<subpackage>/catalogue.ts`, imported first by its pages) and, all at once, by every function
 * bundle (`./all`).
 */
import * as app from './app'
import * as common from './common'
import * as contacts from './contacts'
import type * as dashboard from './dashboard'
import type * as exchange from './exchange'
import * as feedback from './feedback'
import * as identity from './identity'
import type * as inbox from './inbox'
import * as notices from './notices'
import type * as rates from './rates'
import type * as record from './record'
import type * as registry from './registry'
import type * as reports from './reports'
import * as requestMessages from './requestMessages'
import * as requests from './requests'
import type * as risk from './risk'
import type * as services from './services'
import type * as wishes from './wishes'

export const LANGS = ['zh-Hans', 'bo'] as const
export type Lang = (typeof LANGS)[number]

/** An area file: its Chinese and Tibetan text, key by key. */
export interface Area {
  zh: Record<string, string>
  bo: Record<string, string>
}

/** The areas the main package loads: what households, the start, bind and roles screens need. */
const MAIN_AREAS: readonly Area[] = [common, app, identity, contacts, notices, feedback, requests, requestMessages]

type MainZh = typeof common.zh &
  typeof app.zh &
  typeof identity.zh &
  typeof contacts.zh &
  typeof notices.zh &
  typeof feedback.zh &
  typeof requests.zh &
  typeof requestMessages.zh
type StaffZh = typeof dashboard.zh &
  typeof registry.zh &
  typeof record.zh &
  typeof services.zh &
  typeof inbox.zh &
  typeof wishes.zh &
  typeof risk.zh &
  typeof rates.zh &
  typeof reports.zh &
  typeof exchange.zh
export type MessageKey = keyof (MainZh & StaffZh)

/** The text `t()` reads: the main areas, then every area registered since (typed as if complete, since a
 * key of an area not registered yet falls back to the key itself). */
export const catalogues: Record<Lang, Record<MessageKey, string>> = {
  'zh-Hans': {} as Record<MessageKey, string>,
  bo: {} as Record<MessageKey, string>,
}

const registered = new Set<Area>()

/** Merges areas into the catalogues; an area registered twice is merged once. */
export function registerAreas(...areas: readonly Area[]): void {
  for (const area of areas) {
    if (registered.has(area)) continue
    registered.add(area)
    Object.assign(catalogues['zh-Hans'], area.zh)
    Object.assign(catalogues.bo, area.bo)
  }
}

registerAreas(...MAIN_AREAS)

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value)
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && value in catalogues['zh-Hans']
}

/** Falls back to Chinese, then to the key itself, so a screen never shows an empty label. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = catalogues[lang][key] || catalogues['zh-Hans'][key] || key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** WeChat reports languages like `zh_CN`, `zh_TW`, `en`; Tibetan is not among WeChat's UI languages, so
 * a system language only ever selects Tibetan when it says `bo` (H5 browsers can). */
export function langFromSystem(system: string | undefined): Lang {
  return system && /^bo\b/i.test(system) ? 'bo' : 'zh-Hans'
}
