/**
 * The catalogues: every user-facing string, in Chinese (zh-Hans) and Tibetan (bo).
 * Areas register here; `t()` is the only way text reaches a screen or an error message.
 */
import * as app from './app'
import * as common from './common'
import * as contacts from './contacts'
import * as feedback from './feedback'
import * as identity from './identity'
import * as notices from './notices'
import * as record from './record'
import * as registry from './registry'
import * as requests from './requests'
import * as wishes from './wishes'
import * as requestMessages from './requestMessages'
import * as services from './services'
import * as inbox from './inbox'
import * as risk from './risk'
import * as rates from './rates'

export const LANGS = ['zh-Hans', 'bo'] as const
export type Lang = (typeof LANGS)[number]

const areas = [
  common,
  app,
  identity,
  contacts,
  notices,
  registry,
  feedback,
  record,
  requests,
  requestMessages,
  services,
  wishes,
  inbox,
  risk,
  rates,
] as const

type Zh = typeof common.zh &
  typeof app.zh &
  typeof identity.zh &
  typeof contacts.zh &
  typeof notices.zh &
  typeof registry.zh &
  typeof feedback.zh &
  typeof record.zh &
  typeof requests.zh &
  typeof requestMessages.zh &
  typeof services.zh &
  typeof wishes.zh &
  typeof inbox.zh &
  typeof risk.zh &
  typeof rates.zh
export type MessageKey = keyof Zh

function merge(pick: (area: (typeof areas)[number]) => Record<string, string>): Record<MessageKey, string> {
  return Object.assign({}, ...areas.map(pick)) as Record<MessageKey, string>
}

export const catalogues: Record<Lang, Record<MessageKey, string>> = {
  'zh-Hans': merge((a) => a.zh),
  bo: merge((a) => a.bo),
}

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
