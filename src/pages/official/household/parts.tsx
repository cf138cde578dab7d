/**
 * What the household page, the info sheet and the risk level screens share: the household named in the
 * route, who set something worded by name, and the record's one call.
 */
import { useRouter } from '@tarojs/taro'
import { pick } from '@shared/bilingual'
import type { ByWhom, RiskLevel } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import type { Lang, MessageKey } from '@shared/i18n'
import { calendarDaysBetween } from '@shared/time'
import { call } from '@/services/cloud'

/** `?id=` (the household cards) or `?householdId=` (older links and the other household screens) */
export function useHouseholdId(): string {
  const params = useRouter().params
  return decodeURIComponent(params.id ?? params.householdId ?? '')
}

export const householdRecord = (householdId: string) => call(contacts, 'householdRecord', { householdId })

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** An official by name, an office by its region's name */
export function byName(by: ByWhom | null, lang: Lang, t: T): string {
  if (!by) return t('record.unknown')
  const name = pick(by.name, lang)
  if (by.kind === 'office') return t('record.byOffice', { region: name })
  return name || t('record.unknown')
}

export const levelKey = (level: RiskLevel): MessageKey => `contacts.risk.${level}`

/** The sheet is reviewed once a year: due when never confirmed or confirmed more than a year ago. */
export function reviewDue(confirmedAt: string | null, today: number = Date.now()): boolean {
  return confirmedAt === null || calendarDaysBetween(confirmedAt, today) >= 365
}

export const pageUrl = (page: 'index' | 'sheet' | 'risk', householdId: string) =>
  `/pages/official/household/${page}?id=${encodeURIComponent(householdId)}`
