import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import type { RecordSummary } from '@shared/contracts/notices'
import { pickText } from '@shared/contracts/notices'
import { chinaDay } from '@shared/time'

/** One notice in an office list or the review queue; tapping opens its record. */
export default function SummaryCard({ item }: { item: RecordSummary }) {
  const { lang, t } = useSettings()
  const text = pickText({ title: item.title, body: item.title }, lang)
  return (
    <View
      className="card office-notice__item"
      data-testid="summary"
      data-id={item.id}
      onClick={() => void Taro.navigateTo({ url: `/pages/office/notices/record?id=${encodeURIComponent(item.id)}` })}
    >
      <View className="chips">
        <Text className="chip chip--on">{t(`notice.status.${item.status}`)}</Text>
        {item.pendingStatus && (
          <Text className="chip">
            {t('notice.revision', { revision: item.revision })} · {t(`notice.status.${item.pendingStatus}`)}
          </Text>
        )}
        <Text className="chip">{t(`notice.category.${item.category}`)}</Text>
      </View>
      <Text className={`notice__title lang-${text.lang}`}>{text.title}</Text>
      <Text className="card__label">{chinaDay(item.updatedAt)}</Text>
    </View>
  )
}
