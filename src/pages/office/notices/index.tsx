/** The office's notices (its region and below), newest first, with the way to write one and, for
 * reviewers, to the review queue. */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { usePullRefresh } from '@/pages/household/usePullRefresh'
import SummaryCard from './SummaryCard'
import './index.css'

export default function OfficeNoticesPage() {
  const { t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  const roles = me.status === 'done' ? me.data.roles.map((g) => g.role) : []
  const [page, setPage] = useState(0)
  const mine = useCall(
    async () => (roles.includes('office') ? call(notices, 'mine', { page }) : undefined),
    [page, roles.join()],
  )
  Taro.useDidShow(() => {
    if (mine.status !== 'loading') mine.retry()
  })
  usePullRefresh(mine, mine.retry)

  return (
    <Screen title="notice.title">
      <View className="office-notice">
        <View className="office-notice__actions">
          {roles.includes('office') && (
            <Button
              className="button--primary"
              data-testid="write"
              onClick={() => void Taro.navigateTo({ url: '/pages/office/notices/edit' })}
            >
              {t('notice.write')}
            </Button>
          )}
          {roles.includes('reviewer') && (
            <Button
              className="button--secondary"
              data-testid="queue"
              onClick={() => void Taro.navigateTo({ url: '/pages/office/notices/queue' })}
            >
              {t('notice.queue')}
            </Button>
          )}
        </View>
        <Loaded state={me}>
          {() => (
            <Loaded state={mine}>
              {(data) =>
                data && (
                  <View className="office-notice__list">
                    {data.items.length === 0 && <Empty text={t('notice.empty')} />}
                    {data.items.map((item) => (
                      <SummaryCard key={item.id} item={item} />
                    ))}
                    <View className="office-notice__actions">
                      {page > 0 && (
                        <Button className="button--secondary" onClick={() => setPage((p) => p - 1)}>
                          {t('common.back')}
                        </Button>
                      )}
                      {data.more && (
                        <Button className="button--secondary" onClick={() => setPage((p) => p + 1)}>
                          {t('notice.more')}
                        </Button>
                      )}
                    </View>
                  </View>
                )
              }
            </Loaded>
          )}
        </Loaded>
      </View>
    </Screen>
  )
}
