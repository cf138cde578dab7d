/**
 * The model families and excellent studios of the office's region: the year each was named, its standing,
 * the latest annual review and why one was revoked. A county or prefecture office over it keeps it at this
 * year's review, or revokes it with a reason (asked first); nothing is deleted. Those offices also narrow the
 * list to the reviews that have come due (a year since named or last kept, `?due=1` from the selection's
 * home), the longest due first, each kept in one tap.
 */
import '../catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { DueReview, NamedItem } from '@shared/contracts/exchange'
import { REASON_MAX, exchange } from '@shared/contracts/exchange'
import { chinaDay } from '@shared/time'
import { useOfficeRegion } from '../roster/office'
import Chips from './Chips'
import { reviewsNamed } from './ReviewsDue'
import './index.css'

function Yearly({ item, onDone }: { item: NamedItem; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const year = Number(chinaDay().slice(0, 4))
  const send = async (outcome: 'kept' | 'revoked') => {
    if (outcome === 'revoked') {
      if (!reason.trim()) {
        issues.mark([{ path: 'reason', message: t('exchange.reasonRequired') }])
        return
      }
      if (!(await confirmed(t('exchange.revokeAsk')))) return
    }
    setBusy(true)
    try {
      await call(exchange, 'reviewNamed', {
        id: item.id,
        outcome,
        year,
        ...(outcome === 'revoked' ? { reason: reason.trim() } : {}),
      })
      toastDone(t(outcome === 'kept' ? 'exchange.kept' : 'exchange.revokedDone'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="exchange__form" data-testid="yearly">
      <Field label={t('exchange.revokeReason')} path="reason" issues={issues}>
        <Textarea
          className="exchange__textarea"
          value={reason}
          maxlength={REASON_MAX}
          nativeProps={{ 'aria-label': t('exchange.revokeReason') }}
          onInput={(e) => setReason(e.detail.value)}
          data-testid="revoke-reason"
        />
      </Field>
      <FormMessage issues={issues} />
      <View className="exchange__line">
        {item.reviewedYear !== year && (
          <Button
            className="exchange__button"
            disabled={offWhen(busy)}
            onClick={() => void send('kept')}
            data-testid="keep"
          >
            {t('exchange.keep')}
          </Button>
        )}
        <Button
          className="exchange__button"
          disabled={offWhen(busy)}
          onClick={() => void send('revoked')}
          data-testid="revoke"
        >
          {t('exchange.revoke')}
        </Button>
      </View>
    </View>
  )
}

function NamedCard({ item, reviews, onDone }: { item: NamedItem | DueReview; reviews: boolean; onDone: () => void }) {
  const { lang, t } = useSettings()
  return (
    <View className="card exchange__item" data-testid="named-item" data-id={item.id} data-status={item.status}>
      <View className="card__top">
        <Text className="exchange__name">{pick(item.name, lang)}</Text>
        <Text className="card__label">{t(`exchange.status.${item.status}`)}</Text>
      </View>
      <Text className="card__label">{`${t(`exchange.kind.${item.kind}Short`)} · ${pick(item.village, lang)}`}</Text>
      <Text className="card__label">{t('exchange.namedYear', { year: item.year })}</Text>
      {item.reviewedYear !== undefined && (
        <Text className="card__label">{t('exchange.reviewedYear', { year: item.reviewedYear })}</Text>
      )}
      {'due' in item && (
        <Text className="exchange__name" data-testid="named-due">
          {t('exchange.reviewsDue.since', { day: item.due })}
        </Text>
      )}
      {item.reason && <Text className="exchange__text">{t('exchange.revokedReason', { reason: item.reason })}</Text>}
      {reviews && item.status === 'active' && <Yearly item={item} onDone={onDone} />}
    </View>
  )
}

function All({ region, reviews, changed }: { region: string; reviews: boolean; changed: () => void }) {
  const { t } = useSettings()
  const list = useCall(() => call(exchange, 'named', { region }), [region])
  return (
    <Loaded state={list} empty={t('exchange.noNamed')} isEmpty={({ items }) => items.length === 0}>
      {({ items }) => (
        <View className="exchange__list" data-testid="named">
          {items.map((n) => (
            <NamedCard
              key={n.id}
              item={n}
              reviews={reviews}
              onDone={() => {
                list.retry()
                changed()
              }}
            />
          ))}
        </View>
      )}
    </Loaded>
  )
}

type Filter = 'all' | 'due'

function Named({ region }: { region: string }) {
  const { t } = useSettings()
  const reviews = reviewsNamed(region)
  const asked = useRouter().params.due === '1'
  const [filter, setFilter] = useState<Filter>(reviews && asked ? 'due' : 'all')
  const due = useCall(
    () => (reviews ? call(exchange, 'reviewsDue', { region }) : Promise.resolve({ count: 0, items: [] })),
    [region, reviews],
  )
  const count = due.status === 'done' ? due.data.count : undefined
  return (
    <>
      <Text>{t('exchange.namedIntro')}</Text>
      {reviews && (
        <Chips<Filter>
          chips={[
            { key: 'all', text: t('exchange.reviewsDue.all') },
            {
              key: 'due',
              text:
                count === undefined ? t('exchange.reviewsDue.filter') : t('exchange.reviewsDue.filterN', { n: count }),
            },
          ]}
          value={filter}
          onChange={setFilter}
          testId="named-filter"
        />
      )}
      {filter === 'due' ? (
        <Loaded state={due} empty={t('exchange.reviewsDue.none')} isEmpty={({ items }) => items.length === 0}>
          {({ count: n, items }) => (
            <View className="exchange__list" data-testid="named-due-list">
              {n > items.length && (
                <Text className="card__label">{t('exchange.reviewsDue.first', { n: items.length })}</Text>
              )}
              {items.map((item) => (
                <NamedCard key={item.id} item={item} reviews onDone={due.retry} />
              ))}
            </View>
          )}
        </Loaded>
      ) : (
        <All region={region} reviews={reviews} changed={due.retry} />
      )}
    </>
  )
}

export default function OfficeNamedPage() {
  const region = useOfficeRegion()
  return (
    <Screen title="exchange.named">
      <Loaded state={region}>{(code) => <Named region={code} />}</Loaded>
    </Screen>
  )
}
