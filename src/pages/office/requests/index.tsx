/**
 * A unit's inbox (department staff, or a work office): the open requests it handles, dispatches, or that
 * escalated to its level, the soonest due first, by state, a page at a time; pull down to read it again.
 * Each row shows the category, the text with numbers masked, the village by name, the deadline and the
 * function's own overdue mark, and why the request is here; a tap opens it (requests.detail, audited).
 */
import '../catalogue'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import Screen from '@/components/Screen'
import { Failed, Loaded } from '@/components/States'
import { usePullRefresh } from '@/pages/household/usePullRefresh'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall, usePages } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'
import { pick } from '@shared/bilingual'
import type { InboxItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { RAISE_URL, raisesRequests } from './Link'
import { categoryName, dueLabel } from './labels'
import { useCategoryNames } from './useCategories'
import './index.css'

/** the states an open request can be in, as a unit filters them */
export const OPEN_STATES = ['assigned', 'accepted', 'reopened', 'returned', 'resolved'] as const
type OpenState = (typeof OPEN_STATES)[number]

function Row({ item, categories }: { item: InboxItem; categories: ReadonlyMap<string, string> }) {
  const { lang, t } = useSettings()
  return (
    <View
      className={`card card--edged rq-row${item.overdue ? ' card--alert' : ''}`}
      data-testid="inbox-row"
      data-id={item.id}
      onClick={() => void Taro.navigateTo({ url: `/pages/office/requests/detail?id=${item.id}` })}
    >
      <View className="card__top">
        <Text className="rq-row__category">{categoryName(item.category, categories, t)}</Text>
        <Text className={`rq-state rq-state--${item.state}`}>{t(`inbox.state.${item.state}`)}</Text>
      </View>
      <Text className="card__label" data-testid="row-where">
        {pick(item.place, lang)} · {t(`inbox.as.${item.as}`)}
      </Text>
      <Text className="rq-row__text">{item.text}</Text>
      <View className="rq-row__clock">
        <Text className="card__label">{dueLabel(item.due, t)}</Text>
        {item.overdue && (
          <Text className="rq-mark rq-mark--late" data-testid="overdue">
            {t('inbox.overdue')}
          </Text>
        )}
        {item.overdue && (
          <Text className="rq-mark" data-testid="escalated">
            {t('inbox.escalated', { level: t(`inbox.level.${item.escalationLevel}`) })}
          </Text>
        )}
      </View>
    </View>
  )
}

/** A work office raises a request for a household of its region from its own screening. */
function Raise() {
  const { t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  if (me.status !== 'done' || !raisesRequests(me.data.roles)) return null
  return (
    <Button className="rq-send" data-testid="open-raise" onClick={() => void Taro.navigateTo({ url: RAISE_URL })}>
      {t('inbox.raise.title')}
    </Button>
  )
}

export default function RequestInboxPage() {
  const { t } = useSettings()
  const [state, setState] = useState<OpenState | undefined>()
  const categories = useCategoryNames()
  const results = usePages(
    (page) => call(requests, 'inbox', { ...(state ? { state } : {}), page }),
    (answer) => answer.items,
    [state],
  )
  usePullRefresh(results, results.reload)
  // back from a request: its state or place in the order may have changed
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) results.reload()
    shown.current = true
  })

  const chip = (value: OpenState | undefined, label: string) => (
    <Text
      key={value ?? 'all'}
      className={`rq-chip${state === value ? ' rq-chip--on' : ''}`}
      onClick={() => setState(value)}
      data-testid={`state-${value ?? 'all'}`}
    >
      {label}
    </Text>
  )

  return (
    <Screen title="inbox.title">
      <Raise />
      <View className="card rq-filters">
        <Text className="card__label">{t('inbox.filter')}</Text>
        <View className="rq-chips">
          {chip(undefined, t('inbox.all'))}
          {OPEN_STATES.map((s) => chip(s, t(`inbox.state.${s}`)))}
        </View>
      </View>
      <Loaded state={results} empty={t('inbox.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items, last }) => (
          <View className="rq-list" data-testid="inbox">
            {items.map((item) => (
              <Row key={item.id} item={item} categories={categories} />
            ))}
            {last.more && (
              <Button className="rq-more" onClick={results.next} data-testid="inbox-more">
                {t('inbox.more')}
              </Button>
            )}
          </View>
        )}
      </Loaded>
      {results.page > 0 && <Failed state={results} />}
    </Screen>
  )
}
