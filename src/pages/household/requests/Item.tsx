/** What the list and the detail both say about a request: what it is, where it is, and by when. */
import { Text, View } from '@tarojs/components'
import { pick, writtenIn } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RequestItem } from '@shared/contracts/requests'
import { OTHER_CATEGORY, requests } from '@shared/contracts/requests'
import { chinaDateTime, lastDayOf } from '@shared/time'

export type Names = Record<string, { 'zh-Hans': string; bo: string }>

/** The prefecture office's category names, retired ones too: a request keeps the category it was reported in. */
export function useNames() {
  return useCall(async (): Promise<Names> => {
    const { items } = await call(requests, 'categories', {})
    return Object.fromEntries(items.map((item) => [item.key, item.name]))
  })
}

/** a unit by kind and level, in the reader's words */
export function unitName(unit: NonNullable<RequestItem['unit']>, t: ReturnType<typeof useSettings>['t']): string {
  return t(`requests.unit.${unit.kind}.${unit.level}`)
}

export function categoryName(category: string, names: Names, lang: ReturnType<typeof useSettings>['lang']) {
  return names[category] ? pick(names[category], lang) : ''
}

/** the household's own words, in the script they were written in */
export function Words({ text, className }: { text: string; className: string }) {
  const written = writtenIn(text)
  return <Text className={`${className}${written === 'bo' ? ' lang-bo' : ''}`}>{text}</Text>
}

/** Resolved, and the household let its answer window pass: no longer waited for, still open to its answer. */
export function lapsed(item: Pick<RequestItem, 'state' | 'timeline'>): boolean {
  return item.state === 'resolved' && item.timeline.at(-1)?.type === 'unanswered'
}

export function ItemSummary({ item, names }: { item: RequestItem; names: Names }) {
  const { lang, t } = useSettings()
  const name =
    item.category === OTHER_CATEGORY && !names[item.category]
      ? t('requests.category.other')
      : categoryName(item.category, names, lang)
  return (
    <>
      <View className="card__top">
        <Text className="requests__category">{name}</Text>
        <Text className={`requests__state requests__state--${item.state}`} data-testid="state">
          {t(lapsed(item) ? 'requests.state.unconfirmed' : `requests.state.${item.state}`)}
        </Text>
      </View>
      {item.text ? (
        <Words text={item.text} className="requests__text" />
      ) : (
        <Text className="requests__text">{t('requests.voiceOnly')}</Text>
      )}
      {item.unit && <Text className="requests__line">{t('requests.handledBy', { unit: unitName(item.unit, t) })}</Text>}
      {item.fallback && <Text className="card__label">{item.fallback}</Text>}
      {item.due && (
        <Text className={`requests__line${item.overdue ? ' requests__line--late' : ''}`} data-testid="due">
          {item.overdue ? t('requests.overdue') : t('requests.due', { day: lastDayOf(item.due) })}
        </Text>
      )}
      <Text className="card__label">{t('requests.sentAt', { time: chinaDateTime(item.createdAt) })}</Text>
    </>
  )
}
