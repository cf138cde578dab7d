/** How a unit's screens word a request's category, unit and deadline. */
import { pick } from '@shared/bilingual'
import type { UnitName } from '@shared/contracts/requests'
import type { Lang, MessageKey } from '@shared/i18n'
import { lastDayOf } from '@shared/time'

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** A category by its name on the prefecture's list, `other` in words, else its key. */
export function categoryName(key: string, names: ReadonlyMap<string, string>, t: T): string {
  return names.get(key) ?? (key === 'other' ? t('inbox.category.other') : key)
}

/** A unit by its name (a department's, or the office's region's) and what it is: `康定市 · 县级工作办公室`. */
export function unitLabel(unit: UnitName, lang: Lang, t: T): string {
  const kind = t(`inbox.kind.${unit.kind}`, { level: t(`inbox.level.${unit.level}`) })
  const name = pick(unit.name, lang)
  return name ? `${name} · ${kind}` : kind
}

export function dueLabel(due: string | null, t: T): string {
  return due ? t('inbox.due', { day: lastDayOf(due) }) : ''
}
