/**
 * The reader's notices, unread first, a page at a time; used by households and officials alike. Without
 * signal the notices opened before are still offered from the phone (cache.ts), each openable.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useMemo, useRef } from 'react'
import { ErrorState, Failed, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import type { ActingAs } from '@shared/contracts/notices'
import { notices, pickText } from '@shared/contracts/notices'
import { chinaDateTime, chinaDay } from '@shared/time'
import { usePullRefresh } from '../usePullRefresh'
import type { SavedNotice } from './cache'
import { savedNotices } from './cache'
import { actingAsParam } from './useNotice'

function SavedList({ saved, open }: { saved: SavedNotice[]; open: (id: string) => void }) {
  const { lang, t } = useSettings()
  return (
    <View className="feed" data-testid="saved-notices">
      <Text className="notice__offline">{t('notice.savedList')}</Text>
      {saved.map((item) => {
        const text = pickText({ title: item.title, body: item.title }, lang)
        return (
          <View
            key={item.id}
            className="card feed__item feed__item--read"
            data-testid="saved-notice"
            data-id={item.id}
            onClick={() => open(item.id)}
          >
            <View className="feed__meta">
              <Text className="feed__category">{t(`notice.category.${item.category}`)}</Text>
              {item.hasAudio && <Text className="feed__media">🔊 {t('notice.audio')}</Text>}
            </View>
            <Text className={`feed__title lang-${text.lang}`}>{text.title}</Text>
            <Text className="feed__date">{chinaDay(item.publishedAt)}</Text>
            {item.savedAt && (
              <Text className="feed__saved">{t('notice.savedAt', { time: chinaDateTime(item.savedAt) })}</Text>
            )}
          </View>
        )
      })}
    </View>
  )
}

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
  usePullRefresh(feed, feed.reload)
  const open = (id: string) => void Taro.navigateTo({ url: `${detailUrl(id)}${actingAsParam(feedAs.current)}` })

  // Coming back from a notice: reload from the first page so it moves below the unread ones.
  Taro.useDidShow(() => {
    if (feed.status === 'done') feed.reload()
  })

  const noSignal = feed.status === 'error' && feed.error.code === 'UNAVAILABLE'
  // read from the phone only when the feed could not be: the list is the notices opened before
  const saved = useMemo(() => (noSignal ? savedNotices() : []), [noSignal])

  // nothing read yet: the feed's own loading, error and empty states, or the notices kept on the phone
  if (feed.items.length === 0) {
    if (feed.status === 'error' && saved.length > 0)
      return (
        <>
          <ErrorState error={feed.error} lang={feed.lang} onRetry={feed.retry} />
          <SavedList saved={saved} open={open} />
        </>
      )
    return (
      <Loaded state={feed} isEmpty={(data) => data.items.length === 0} empty={t('notice.empty')}>
        {() => null}
      </Loaded>
    )
  }
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
            onClick={() => open(item.id)}
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
