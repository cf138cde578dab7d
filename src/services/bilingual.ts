import type { Bilingual } from '../shared/bilingual'
import type { Lang } from '../shared/i18n'

/** A name from the data in the reader's language, else in the other one (sources sometimes have only one). */
export function pick(name: Bilingual | undefined, lang: Lang): string {
  if (!name) return ''
  return name[lang] || name['zh-Hans'] || name.bo
}
