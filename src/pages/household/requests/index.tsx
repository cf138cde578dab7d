/**
 * The household's own requests (subpackage pages/household/requests), the newest first: what each is, where
 * it is in plain words (its state, the unit by kind and level, why the township work office took it), and the
 * deadline while a unit works on it. A resolved one waits for the household's answer and is marked; the
 * home shows how many (noted here, each time the list is read). Pull down to ask again.
 */
import './catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { requests } from '@shared/contracts/requests'
import { usePullRefresh } from '../usePullRefresh'
import { useHouseholdId } from './household'
import { ItemSummary, lapsed, useNames } from './Item'
import { DRAFT_KEY, noteWaiting } from './Link'
import './index.css'

export default function RequestsPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId(useRouter().params.householdId)
  // the 兜底 reason comes back in the language of the call
  const list = useCall(() => call(requests, 'mine', {}, { lang }), [lang])
  const names = useNames()
  usePullRefresh(list, list.retry)
  // back from a report or an answer
  Taro.useDidShow(() => {
    if (list.status !== 'loading') list.retry()
  })
  useEffect(() => {
    // a resolution whose answer window passed is no longer waited for, though it may still be answered
    if (list.status === 'done') noteWaiting(list.data.items.filter((i) => i.state === 'resolved' && !lapsed(i)).length)
  }, [list])

  const draft = Boolean(Taro.getStorageSync(DRAFT_KEY))
  const open = (url: string) => void Taro.navigateTo({ url })
  const query = householdId ? `householdId=${encodeURIComponent(householdId)}` : ''

  return (
    <Screen title="requests.title">
      <Button
        className="requests__report"
        data-testid="open-report"
        onClick={() => open(`/pages/household/requests/report?${query}`)}
      >
        {t(draft ? 'requests.draftWaiting' : 'requests.reportButton')}
      </Button>
      <Loaded state={list} empty={t('requests.empty')} isEmpty={(d) => d.items.length === 0}>
        {({ items }) => (
          <View className="requests__list" data-testid="requests">
            {items.map((item) => (
              <View
                key={item.id}
                className={`card card--edged${item.state === 'resolved' ? ' card--alert' : ''}`}
                data-testid="request"
                data-id={item.id}
                data-state={item.state}
                onClick={() => open(`/pages/household/requests/detail?id=${item.id}&${query}`)}
              >
                <ItemSummary item={item} names={names.status === 'done' ? names.data : {}} />
                {item.state === 'resolved' && (
                  <Text className="requests__ask" data-testid="answer-waiting">
                    {t('requests.answerPrompt')} ›
                  </Text>
                )}
              </View>
            ))}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
