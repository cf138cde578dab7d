/**
 * The 公示 a household reads: each list whose start day has come, its window, and the entries of its county
 * — the family's head, the village and the story, never a personal number. While the window is open the
 * household may object to an entry with its reason (once per entry); its own objection and the county's
 * answer are shown under the entry.
 */
import './catalogue'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { PublicEntry, Publicity } from '@shared/contracts/exchange'
import { REASON_MAX, exchange } from '@shared/contracts/exchange'
import './index.css'

function Objection({ campaignId, entry, onDone }: { campaignId: string; entry: PublicEntry; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  // made once: sending again after a lost answer stores one objection
  const [id] = useState(uuid4)
  if (!open)
    return (
      <Button className="exchange__button" onClick={() => setOpen(true)} data-testid="object-open">
        {t('exchange.object')}
      </Button>
    )
  const send = async () => {
    const text = reason.trim()
    if (!text) {
      issues.mark([{ path: 'reason', message: t('validation.required') }])
      return
    }
    setBusy(true)
    try {
      await call(exchange, 'object', { id, campaignId, nominationId: entry.nominationId, reason: text })
      toastDone(t('exchange.objected'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="exchange__form" data-testid="object-form">
      <Field label={t('exchange.reason')} path="reason" issues={issues}>
        <Textarea
          className="exchange__textarea"
          value={reason}
          maxlength={REASON_MAX}
          nativeProps={{ 'aria-label': t('exchange.reason') }}
          onInput={(e) => setReason(e.detail.value)}
          data-testid="reason"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button
        className="exchange__button"
        disabled={offWhen(busy)}
        onClick={() => void send()}
        data-testid="object-send"
      >
        {t('exchange.object')}
      </Button>
    </View>
  )
}

function Entry({ list, entry, onChange }: { list: Publicity; entry: PublicEntry; onChange: () => void }) {
  const { lang, t } = useSettings()
  const struck = entry.state === 'struck'
  return (
    <View className="card exchange__entry" data-testid="entry" data-id={entry.nominationId}>
      <View className="card__top">
        <Text className={`exchange__name${struck ? ' exchange__struck' : ''}`}>{pick(entry.name, lang)}</Text>
        <Text className="card__label">{pick(entry.village, lang)}</Text>
      </View>
      <Text className="exchange__text">{entry.story}</Text>
      {entry.state !== 'listed' && (
        <Text className="exchange__state" data-testid="entry-state">
          {t(`exchange.entry.${entry.state}`)}
        </Text>
      )}
      {entry.objection ? (
        <View data-testid="my-objection">
          <Text className="exchange__text">{t('exchange.yourObjection', { reason: entry.objection.reason })}</Text>
          {entry.objection.answer !== undefined && (
            <Text className="exchange__text" data-testid="objection-answer">
              {t(entry.objection.upheld ? 'exchange.answerUpheld' : 'exchange.answerDismissed', {
                text: entry.objection.answer,
              })}
            </Text>
          )}
        </View>
      ) : (
        list.open && !struck && <Objection campaignId={list.campaignId} entry={entry} onDone={onChange} />
      )}
    </View>
  )
}

export default function PublicityPage() {
  const { lang, t } = useSettings()
  const lists = useCall(() => call(exchange, 'publicity', {}), [])
  return (
    <Screen title="exchange.publicity">
      <Text>{t('exchange.publicityIntro')}</Text>
      <Loaded state={lists} empty={t('exchange.noPublicity')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <View className="exchange__list">
            {items.map((list) => (
              <View key={list.campaignId} className="exchange__list" data-testid="publicity" data-id={list.campaignId}>
                <Text className="exchange__name">{pick(list.title, lang) || t(`exchange.kind.${list.kind}`)}</Text>
                <Text className="card__label">
                  {list.open
                    ? t('exchange.window', { start: list.start, end: list.end })
                    : t(list.confirmed ? 'exchange.state.confirmed' : 'exchange.windowOver')}
                </Text>
                {list.entries.map((entry) => (
                  <Entry key={entry.nominationId} list={list} entry={entry} onChange={lists.retry} />
                ))}
              </View>
            ))}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
