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
