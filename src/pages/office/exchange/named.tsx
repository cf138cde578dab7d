/**
 * The model families and excellent studios of the office's region: the year each was named, its standing,
 * the latest annual review and why one was revoked. A county or prefecture office over it keeps it at this
 * year's review, or revokes it with a reason (asked first); nothing is deleted.
 */
import '../catalogue'
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
import type { NamedItem } from '@shared/contracts/exchange'
import { REASON_MAX, exchange } from '@shared/contracts/exchange'
import { levelOf } from '@shared/region'
import { chinaDay } from '@shared/time'
import { useOfficeRegion } from '../roster/office'
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

function Named({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const list = useCall(() => call(exchange, 'named', { region }), [region])
  const reviews = ['county', 'prefecture'].includes(levelOf(region) ?? '')
  return (
    <>
      <Text>{t('exchange.namedIntro')}</Text>
      <Loaded state={list} empty={t('exchange.noNamed')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <View className="exchange__list" data-testid="named">
            {items.map((n) => (
              <View
                key={n.id}
                className="card exchange__item"
                data-testid="named-item"
                data-id={n.id}
                data-status={n.status}
              >
                <View className="card__top">
                  <Text className="exchange__name">{pick(n.name, lang)}</Text>
                  <Text className="card__label">{t(`exchange.status.${n.status}`)}</Text>
                </View>
                <Text className="card__label">{`${t(`exchange.kind.${n.kind}Short`)} · ${pick(n.village, lang)}`}</Text>
                <Text className="card__label">{t('exchange.namedYear', { year: n.year })}</Text>
                {n.reviewedYear !== undefined && (
                  <Text className="card__label">{t('exchange.reviewedYear', { year: n.reviewedYear })}</Text>
                )}
                {n.reason && (
                  <Text className="exchange__text">{t('exchange.revokedReason', { reason: n.reason })}</Text>
                )}
                {reviews && n.status === 'active' && <Yearly item={n} onDone={list.retry} />}
              </View>
            ))}
          </View>
        )}
      </Loaded>
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
