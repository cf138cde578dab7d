/** The reader's notices, unread first, a page at a time; used by households and officials alike. */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useRef } from 'react'
import { Failed, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import type { ActingAs } from '@shared/contracts/notices'
import { notices, pickText } from '@shared/contracts/notices'
import { chinaDay } from '@shared/time'
import { actingAsParam } from './useNotice'

export default function FeedList({ detailUrl }: { detailUrl: (id: string) => string }) {
  const { lang, t } = useSettings()
  const feedAs = useRef<ActingAs | undefined>(undefined)
  const feed = usePages(
    // the role the last answer read as, sent back so the function reads an official's households early
    (page) => call(notices, 'feed', { page, pageSize: 10, as: feedAs.current }),
    (answer) => {
      feedAs.current = answer.as
      return answer.items
    },
  )

  // Coming back from a notice: reload from the first page so it moves below the unread ones.
  Taro.useDidShow(() => {
    if (feed.status === 'done') feed.reload()
  })

  // nothing read yet: the feed's own loading, error and empty states
  if (feed.items.length === 0)
    return (
      <Loaded state={feed} isEmpty={(data) => data.items.length === 0} empty={t('notice.empty')}>
        {() => null}
      </Loaded>
    )
  return (
    <View className="feed" data-testid="feed">
      {feed.status === 'done' && feed.data.last.unread > 0 && (
        <Text className="feed__unread">{t('notice.unreadCount', { count: feed.data.last.unread })}</Text>
      )}
      {feed.items.map((item) => {
        const text = pickText({ title: item.title, body: item.title }, lang)
        return (
          <View
            key={item.id}
            className={`card feed__item${item.read ? ' feed__item--read' : ''}`}
            data-testid="feed-item"
            data-id={item.id}
            onClick={() => void Taro.navigateTo({ url: `${detailUrl(item.id)}${actingAsParam(feedAs.current)}` })}
          >
            <View className="feed__meta">
              {!item.read && <Text className="feed__badge">{t('notice.unread')}</Text>}
              <Text className="feed__category">{t(`notice.category.${item.category}`)}</Text>
              {item.hasAudio && <Text className="feed__media">🔊 {t('notice.audio')}</Text>}
              {item.forHouseholds && <Text className="feed__category">{t('notice.forHouseholds')}</Text>}
            </View>
            <Text className={`feed__title lang-${text.lang}`}>{text.title}</Text>
            <Text className="feed__date">{chinaDay(item.publishedAt)}</Text>
          </View>
        )
      })}
      {/* a later page that failed: what was read stays, with the error and its retry below */}
      <Failed state={feed} />
      {feed.status === 'done' && feed.data.last.more && (
        <Button className="feed__more" onClick={feed.next}>
          {t('notice.more')}
        </Button>
      )}
    </View>
  )
}
