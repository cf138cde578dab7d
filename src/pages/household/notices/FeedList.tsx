/** The reader's notices, unread first, a page at a time; used by households and officials alike. */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Empty, ErrorState, Loading } from '../../../components/States'
import { call } from '../../../services/cloud'
import { knownReader } from '../../../services/reader'
import { useSettings } from '../../../services/settings'
import { useCall } from '../../../services/useCall'
import type { FeedItem } from '../../../shared/contracts/notices'
import { notices, pickText } from '../../../shared/contracts/notices'
import { formatDate } from './NoticeView'

export default function FeedList({ detailUrl }: { detailUrl: (id: string) => string }) {
  const { lang, t } = useSettings()
  const [page, setPage] = useState(0)
  const [items, setItems] = useState<FeedItem[]>([])
  const feed = useCall(() => call(notices, 'feed', { page, pageSize: 10, reader: knownReader() }), [page])

  useEffect(() => {
    if (feed.status === 'done') setItems((before) => (page === 0 ? feed.data.items : [...before, ...feed.data.items]))
  }, [feed, page])

  // Coming back from a notice: reload from the first page so it moves below the unread ones.
  Taro.useDidShow(() => {
    if (feed.status === 'done') {
      if (page === 0) feed.retry()
      else setPage(0)
    }
  })

  if (feed.status === 'error' && items.length === 0)
    return <ErrorState error={feed.error} lang={feed.lang} onRetry={feed.retry} />
  if (feed.status === 'loading' && items.length === 0) return <Loading />
  if (items.length === 0) return <Empty text={t('notice.empty')} />
  return (
    <View className="feed" data-testid="feed">
      {feed.status === 'done' && feed.data.unread > 0 && (
        <Text className="feed__unread">{t('notice.unreadCount', { count: feed.data.unread })}</Text>
      )}
      {items.map((item) => {
        const text = pickText({ title: item.title, body: item.title }, lang)
        return (
          <View
            key={item.id}
            className={`card feed__item${item.read ? ' feed__item--read' : ''}`}
            data-testid="feed-item"
            data-id={item.id}
            onClick={() => void Taro.navigateTo({ url: detailUrl(item.id) })}
          >
            <View className="feed__meta">
              {!item.read && <Text className="feed__badge">{t('notice.unread')}</Text>}
              <Text className="feed__category">{t(`notice.category.${item.category}`)}</Text>
              {item.hasAudio && <Text className="feed__media">🔊 {t('notice.audio')}</Text>}
              {item.forHouseholds && <Text className="feed__category">{t('notice.forHouseholds')}</Text>}
            </View>
            <Text className={`feed__title lang-${text.lang}`}>{text.title}</Text>
            <Text className="feed__date">{formatDate(item.publishedAt)}</Text>
          </View>
        )
      })}
      {feed.status === 'done' && feed.data.more && (
        <Button className="feed__more" onClick={() => setPage((p) => p + 1)}>
          {t('notice.more')}
        </Button>
      )}
    </View>
  )
}
