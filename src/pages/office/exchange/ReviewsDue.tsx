/**
 * The annual reviews that have come due, as a prompt on the selection's home: how many named families and
 * studios of the office's region were named or last kept a year ago or more, opening the named list narrowed
 * to them. Only the county and prefecture offices review, so only they ask; nothing shows while none is due
 * or while the count cannot be read (the named list itself stays one tap away).
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { exchange } from '@shared/contracts/exchange'
import { levelOf } from '@shared/region'

/** Whether an office of this region keeps or revokes the named at their annual review. */
export const reviewsNamed = (region: string) => ['county', 'prefecture'].includes(levelOf(region) ?? '')

function Count({ region }: { region: string }) {
  const { t } = useSettings()
  const due = useCall(() => call(exchange, 'reviewsDue', { region }), [region])
  if (due.status !== 'done' || due.data.count === 0) return null
  return (
    <View className="card exchange__item" data-testid="reviews-due" data-count={due.data.count}>
      <Text className="exchange__name">{t('exchange.reviewsDue.count', { n: due.data.count })}</Text>
      <Text className="card__label">{t('exchange.reviewsDue.why')}</Text>
      <View className="exchange__line">
        <Button
          className="exchange__button"
          size="mini"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: '/pages/office/exchange/named?due=1' })}
          data-testid="reviews-due-open"
        >
          {t('exchange.reviewsDue.open')}
        </Button>
      </View>
    </View>
  )
}

export default function ReviewsDue({ region }: { region: string }) {
  return reviewsNamed(region) ? <Count region={region} /> : null
}
