/**
 * The feedback inbox (the prefecture office and administrators): every role's feedback about the app,
 * newest first, by state and kind, a page at a time; each answered here, and the answer reaches the
 * sender's "my feedback". Senders appear by role and region only. Changing an answer asks first: the sender
 * then reads the new one instead. The server refuses anyone else (shown as it comes).
 */
import '../catalogue'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { confirmed } from '@/components/Manage'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { FeedbackKind, FeedbackState, InboxItem } from '@shared/contracts/feedback'
import {
  AnswerInputSchema,
  FEEDBACK_KINDS,
  FEEDBACK_STATES,
  FEEDBACK_TEXT_MAX,
  feedback,
} from '@shared/contracts/feedback'
import type { MessageKey } from '@shared/i18n'
import { chinaDateTime } from '@shared/time'
import './index.css'

type Answer = NonNullable<InboxItem['answer']>

function Choices<K extends string>({
  label,
  all,
  value,
  labelOf,
  onChange,
  testId,
}: {
  label: MessageKey
  all: readonly K[]
  value: K | undefined
  labelOf: (k: K) => MessageKey
  onChange: (k: K | undefined) => void
  testId: string
}) {
  const { t } = useSettings()
  const chip = (k: K | undefined, text: string) => (
    <Text
      key={k ?? 'all'}
      className={`inbox__chip${value === k ? ' inbox__chip--on' : ''}`}
      onClick={() => onChange(k)}
      data-testid={`${testId}-${k ?? 'all'}`}
    >
      {text}
    </Text>
  )
  return (
    <View className="inbox__filter">
      <Text className="card__label">{t(label)}</Text>
      <View className="inbox__chips">
        {chip(undefined, t('feedback.filter.all'))}
        {all.map((k) => chip(k, t(labelOf(k))))}
      </View>
    </View>
  )
}

function AnswerForm({ item, onAnswered }: { item: InboxItem; onAnswered: (answer: Answer) => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)

  const send = async () => {
    const input = { id: item.id, text }
    if (!issues.check(AnswerInputSchema, input)) return
    if (item.answer && !(await confirmed(t('feedback.confirmChange')))) return
    issues.clear()
    setBusy(true)
    try {
      const res = await call(feedback, 'answer', input)
      setText('')
      toastDone(t('feedback.answered'))
      onAnswered({ text: text.trim(), at: res.answeredAt })
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="inbox__form">
      <Field label={t('feedback.answerText')} path="text" issues={issues}>
        <Textarea
          className="inbox__textarea"
          value={text}
          maxlength={FEEDBACK_TEXT_MAX}
          nativeProps={{ 'aria-label': t('feedback.answerText') }}
          onInput={(e) => setText(e.detail.value)}
          data-testid="answer-text"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="inbox__send" disabled={offWhen(busy)} onClick={send} data-testid="answer-send">
        {t(item.answer ? 'feedback.answerChange' : 'feedback.answerSend')}
      </Button>
    </View>
  )
}

function Item({ item, onAnswered }: { item: InboxItem; onAnswered: (answer: Answer) => void }) {
  const { lang, t } = useSettings()
  const from = [item.roles.map((role) => t(`role.${role}`)).join('、'), ...item.regionNames.map((n) => pick(n, lang))]
    .filter(Boolean)
    .join(' · ')
  return (
    <View
      className={`card card--edged inbox__item${item.state === 'new' ? ' card--alert' : ''}`}
      data-testid="inbox-item"
      data-id={item.id}
      data-state={item.state}
    >
      <View className="card__top">
        <Text className="inbox__kind">{t(`feedback.kind.${item.kind}`)}</Text>
        <Text className={`inbox__state inbox__state--${item.state}`}>{t(`feedback.state.${item.state}`)}</Text>
      </View>
      <Text className="card__label">
        {t('feedback.sentAt', { time: chinaDateTime(item.createdAt) })}
        {item.screen ? ` · ${t(`feedback.screen.${item.screen}`)}` : ''}
      </Text>
      <Text className="card__label" data-testid="from">
        {t('feedback.from', { roles: from })}
      </Text>
      <Text className="inbox__text">{item.text}</Text>
      {item.answer && (
        <View className="inbox__answer" data-testid="answer">
          <Text className="card__label">{t('feedback.answeredAt', { time: chinaDateTime(item.answer.at) })}</Text>
          <Text className="inbox__text">{item.answer.text}</Text>
        </View>
      )}
      <AnswerForm item={item} onAnswered={onAnswered} />
    </View>
  )
}

export default function FeedbackInboxPage() {
  const { t } = useSettings()
  const [state, setState] = useState<FeedbackState | undefined>('new')
  const [kind, setKind] = useState<FeedbackKind | undefined>()
  // answers given on this screen, shown at once without reading the page again
  const [answered, setAnswered] = useState<Record<string, Answer>>({})
  const results = usePages(
    (page) => call(feedback, 'inbox', { ...(state ? { state } : {}), ...(kind ? { kind } : {}), page }),
    (answer) => answer.items,
    [state, kind],
  )

  return (
    <Screen title="feedback.inbox">
      <View className="card inbox__filters">
        <Text>{t('feedback.inboxIntro')}</Text>
        <Choices
          label="feedback.filter.state"
          all={FEEDBACK_STATES}
          value={state}
          labelOf={(s) => `feedback.state.${s}`}
          onChange={setState}
          testId="state"
        />
        <Choices
          label="feedback.filter.kind"
          all={FEEDBACK_KINDS}
          value={kind}
          labelOf={(k) => `feedback.kind.${k}`}
          onChange={setKind}
          testId="kind"
        />
      </View>
      <Loaded state={results} empty={t('feedback.inboxEmpty')} isEmpty={({ items }) => items.length === 0}>
        {({ items, last }) => (
          <View className="inbox__list" data-testid="inbox">
            {items.map((item) => {
              const answer = answered[item.id]
              const shown: InboxItem = answer ? { ...item, state: 'answered', answer } : item
              return (
                <Item key={item.id} item={shown} onAnswered={(a) => setAnswered((all) => ({ ...all, [item.id]: a }))} />
              )
            })}
            {last.more && (
              <Button className="inbox__more" onClick={results.next} data-testid="inbox-more">
                {t('feedback.more')}
              </Button>
            )}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
