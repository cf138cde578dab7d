/** What waits for the reviewer: submitted notices and revisions whose whole audience is in their region. */
import '../catalogue'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { notices } from '@shared/contracts/notices'
import { usePullRefresh } from '@/pages/household/usePullRefresh'
import SummaryCard from './SummaryCard'
import './index.css'

export default function OfficeNoticeQueuePage() {
  const { t } = useSettings()
  const queue = useCall(() => call(notices, 'queue', {}))
  Taro.useDidShow(() => {
    if (queue.status !== 'loading') queue.retry()
  })
  usePullRefresh(queue, queue.retry)
  return (
    <Screen title="notice.queue">
      <Loaded state={queue} isEmpty={(data) => data.items.length === 0} empty={t('notice.queueEmpty')}>
        {({ items }) => (
          <View className="office-notice office-notice__list">
            {items.map((item) => (
              <SummaryCard key={item.id} item={item} />
            ))}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
