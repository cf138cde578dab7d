/**
 * One of the household's requests as a charity wish (微心愿). Before there is one: what donors would read
 * (prefilled from the request, shortened or edited here), and the household's own consent; nothing is
 * published without it, and the screen says that name, ID and phone are never shown. After: where the wish
 * is (waiting for a donor, claimed by whom, delivered), withdrawing it while nobody has delivered it (asked
 * first), and the household's word that it arrived.
 */
import './catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Switch, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import type { HouseholdWish } from '@shared/contracts/wishes'
import { PublishInputSchema, WISH_TEXT_MAX, wishes } from '@shared/contracts/wishes'
import { useHouseholdId } from './household'
import './wish.css'

/** a request no longer worked on is not published as a wish (the function refuses it too) */
const FINISHED: readonly RequestItem['state'][] = ['confirmed', 'merged', 'closed']

function Publish({
  householdId,
  requestId,
  text: requestText,
  again,
  onDone,
}: {
  householdId: string
  requestId: string
  text: string
  again: boolean
  onDone: () => void
}) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [text, setText] = useState(requestText.slice(0, WISH_TEXT_MAX))
  const [consent, setConsent] = useState(false)
  const [busy, setBusy] = useState(false)
  // made once: publishing again after a lost answer stores one wish
  const [id] = useState(uuid4)
  const publish = async () => {
    const input = { id, householdId, requestId, text, consent }
    if (!issues.check(PublishInputSchema, input)) return
    setBusy(true)
    try {
      await call(wishes, 'publish', { ...input, consent: true })
      toastDone(t('wishes.published'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card wish__form" data-testid="publish-form">
      <Text>{t('wishes.intro')}</Text>
      {again && <Text className="card__label">{t('wishes.again')}</Text>}
      <Field label={t('wishes.text')} path="text" issues={issues} hint={t('wishes.textHint')}>
        <Textarea
          className="wish__textarea"
          value={text}
          maxlength={WISH_TEXT_MAX}
          nativeProps={{ 'aria-label': t('wishes.text') }}
          onInput={(e) => setText(e.detail.value)}
          data-testid="wish-text"
        />
      </Field>
      <Field label={t('wishes.consent')} path="consent" issues={issues}>
        <Switch
          checked={consent}
          nativeProps={{ 'aria-label': t('wishes.consent') }}
          onChange={(e) => setConsent(e.detail.value)}
          data-testid="consent"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="wish__button" disabled={offWhen(busy)} onClick={publish} data-testid="publish">
        {t('wishes.publish')}
      </Button>
    </View>
  )
}

function Standing({ wish, householdId, onDone }: { wish: HouseholdWish; householdId: string; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [busy, setBusy] = useState(false)
  const step = async (action: 'confirm' | 'withdraw') => {
    if (action === 'withdraw' && !(await confirmed(t('wishes.withdrawAsk')))) return
    setBusy(true)
    issues.clear()
    try {
      await call(wishes, action, { id: wish.id, householdId })
      toastDone(t(action === 'confirm' ? 'wishes.confirmed' : 'wishes.withdrawn'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card card--edged wish__standing" data-testid="wish" data-state={wish.state}>
      <View className="card__top">
        <Text className="wish__title">{t('wishes.title')}</Text>
        <Text className={`wish__state wish__state--${wish.state}`}>{t(`wishes.state.${wish.state}`)}</Text>
      </View>
      <Text className="wish__text">{wish.text}</Text>
      {wish.donor && <Text className="card__label">{t('wishes.donor', { name: wish.donor.name })}</Text>}
      {wish.note && <Text className="card__label">{t('wishes.note', { note: wish.note })}</Text>}
      {wish.consentOnBehalf && <Text className="card__label">{t('wishes.onBehalf')}</Text>}
      {wish.state === 'fulfilled' && (
        <>
          <Text>{t('wishes.confirmHint')}</Text>
          <Button
            className="wish__button"
            disabled={offWhen(busy)}
            onClick={() => void step('confirm')}
            data-testid="confirm"
          >
            {t('wishes.confirm')}
          </Button>
        </>
      )}
      <FormMessage issues={issues} />
      {(wish.state === 'published' || wish.state === 'claimed') && (
        <Button
          className="wish__quiet"
          disabled={offWhen(busy)}
          onClick={() => void step('withdraw')}
          data-testid="withdraw"
        >
          {t('wishes.withdraw')}
        </Button>
      )}
    </View>
  )
}

export default function HouseholdWishPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const requestId = params.id ?? ''
  const householdId = useHouseholdId(params.householdId)
  const state = useCall(async () => {
    if (!householdId) return undefined
    const [mine, own] = await Promise.all([call(requests, 'mine', {}, { lang }), call(wishes, 'mine', { householdId })])
    const request = mine.items.find((r) => r.id === requestId)
    // the newest wish of the request: a withdrawn one leaves the request free to publish again
    const wish = own.items.find((w) => w.requestId === requestId)
    return request ? { request, wish } : null
  }, [householdId, requestId, lang])

  return (
    <Screen title="wishes.title">
      <Loaded state={state}>
        {(found) => {
          if (found === undefined) return null
          if (found === null || !householdId) return <Empty text={t('wishes.noRequest')} />
          const { request, wish } = found
          return (
            <>
              <View className="card wish__request">
                <Text className="card__label">{t('wishes.request')}</Text>
                <Text className="wish__text">{request.text}</Text>
              </View>
              {wish && wish.state !== 'withdrawn' ? (
                <Standing wish={wish} householdId={householdId} onDone={state.retry} />
              ) : FINISHED.includes(request.state) ? (
                <Empty text={t('wishes.requestFinished')} />
              ) : (
                <Publish
                  householdId={householdId}
                  requestId={requestId}
                  text={request.text}
                  again={wish?.state === 'withdrawn'}
                  onDone={state.retry}
                />
              )}
            </>
          )
        }}
      </Loaded>
    </Screen>
  )
}
