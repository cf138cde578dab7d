/**
 * Text in both written languages. Names and notices carry Chinese and Tibetan side by side; either may be
 * empty where the source had only one (most Han names have no Tibetan form).
 */
import * as v from 'valibot'
import type { Lang } from './i18n'

export const BilingualSchema = v.object({ 'zh-Hans': v.string(), bo: v.string() })
export type Bilingual = v.InferOutput<typeof BilingualSchema>

export const EMPTY_BILINGUAL: Bilingual = { 'zh-Hans': '', bo: '' }

/** The text in the reader's language, else in the other one; a plain string is the same in both. */
export function pick(text: Bilingual | string | undefined | null, lang: Lang): string {
  if (typeof text === 'string') return text
  if (!text) return ''
  return text[lang] || text['zh-Hans'] || text.bo || ''
}

/** The same text in both languages (a code, a number, a name with one written form). */
export function both(text: string): Bilingual {
  return { 'zh-Hans': text, bo: text }
}

/** What a person wrote, by the scripts in it; digits, punctuation and Latin letters say nothing. */
export type WrittenIn = 'bo' | 'zh-Hans' | 'mixed' | 'other'

// Tibetan block; CJK ideographs: unified, extension A, compatibility, and the supplementary planes' extensions
const TIBETAN = /[\u0F00-\u0FFF]/u
const HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u

/**
 * The language of free text a user wrote (an official's notes), so a screen in the other language can
 * say so beside it: Tibetan and Chinese are told apart by script alone, which needs no dictionary and
 * holds for any length. Text in both scripts is `mixed`; text in neither is `other`.
 */
export function writtenIn(text: string): WrittenIn {
  const bo = TIBETAN.test(text)
  const zh = HAN.test(text)
  if (bo && zh) return 'mixed'
  if (bo) return 'bo'
  if (zh) return 'zh-Hans'
  return 'other'
}
