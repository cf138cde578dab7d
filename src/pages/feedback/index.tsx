/**
 * Feedback about the app, from any role (subpackage pages/feedback): a suggestion, a complaint or a problem
 * with a screen, in either language, to the prefecture office; below it "my feedback" with the office's
 * answers, a new answer marked once. Nothing asks for personal numbers. The id is made when the form is
 * filled in, so a send tapped twice or retried after a lost answer is stored once.
 */
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { FeedbackKind, FeedbackScreen, MyFeedback } from '@shared/contracts/feedback'
import {
  FEEDBACK_KINDS,
  FEEDBACK_SCREENS,
  FEEDBACK_TEXT_MAX,
  FeedbackInputSchema,
  feedback,
} from '@shared/contracts/feedback'
import { chinaDateTime } from '@shared/time'
import { noteWaiting } from './Link'
import './index.css'

/** RFC 4122 version 4 from Math.random: mini-programs have no crypto.randomUUID, and only uniqueness is needed */
function newId(): string {
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

function Mine({ items }: { items: MyFeedback[] }) {
  const { t } = useSettings()
  if (items.length === 0) return <Text className="card__label">{t('feedback.mineEmpty')}</Text>
  return (
    <>
      {items.map((item) => (
        <View
          key={item.id}
          className={`card card--edged feedback__item${item.fresh ? ' card--alert' : ''}`}
          data-testid="my-feedback"
          data-state={item.state}
        >
          <View className="card__top">
            <Text className="feedback__kind">{t(`feedback.kind.${item.kind}`)}</Text>
            <Text className={`feedback__state feedback__state--${item.state}`}>
              {t(`feedback.state.${item.state}`)}
            </Text>
          </View>
          <Text className="card__label">
            {t('feedback.sentAt', { time: chinaDateTime(item.createdAt) })}
            {item.screen ? ` · ${t(`feedback.screen.${item.screen}`)}` : ''}
          </Text>
          <Text className="feedback__text">{item.text}</Text>
          {item.answer && (
            <View className="feedback__answer" data-testid="answer">
              <View className="card__top">
                <Text className="card__label">{t('feedback.answer')}</Text>
                {item.fresh && <Text className="feedback__fresh">{t('feedback.fresh')}</Text>}
              </View>
              <Text className="feedback__text">{item.answer.text}</Text>
              <Text className="card__label">{t('feedback.answeredAt', { time: chinaDateTime(item.answer.at) })}</Text>
            </View>
          )}
        </View>
      ))}
    </>
  )
}

export default function FeedbackPage() {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [id, setId] = useState(newId)
  const [kind, setKind] = useState<FeedbackKind | undefined>()
  const [text, setText] = useState('')
  const [about, setAbout] = useState<FeedbackScreen | undefined>()
  const [busy, setBusy] = useState(false)
  const [sent, setSent] = useState(0)
  const mine = useCall(async () => {
    const answer = await call(feedback, 'mine', {})
    // what this screen shows is read; the home asks again only while something still waits for its answer
    noteWaiting(answer.items.some((item) => item.state === 'new'))
    return answer
  }, [sent])

  const send = async () => {
    const input = { id, kind, text, ...(about ? { screen: about } : {}) }
    // the schema marks a missing kind; the second test only tells the type checker
    if (!issues.check(FeedbackInputSchema, input) || !kind) return
    issues.clear()
    setBusy(true)
    try {
      await call(feedback, 'send', { ...input, kind })
      noteWaiting(true)
      toastDone(t('feedback.sent'))
      setId(newId())
      setKind(undefined)
      setText('')
      setAbout(undefined)
      setSent((n) => n + 1)
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  // arriving by the home's mark, the answer is what is looked for: fresh answers come before the form
  const freshFirst = mine.status === 'done' && mine.data.items.some((item) => item.fresh)
  const list = (
    <>
      <Text className="section-title">{t('feedback.mine')}</Text>
      <View className="feedback__mine" data-testid="mine">
        <Loaded state={mine}>{({ items }) => <Mine items={items} />}</Loaded>
      </View>
    </>
  )

  return (
    <Screen title="feedback.title">
      {freshFirst && list}
      <View className="card feedback__form" data-testid="feedback-form">
        <Text>{t('feedback.intro')}</Text>
        <Field label={t('feedback.kind')} path="kind" issues={issues}>
          <View className="feedback__choices form-field__control">
            {FEEDBACK_KINDS.map((k) => (
              <Button
                key={k}
                className={`feedback__choice${kind === k ? ' feedback__choice--on' : ''}`}
                onClick={() => setKind(k)}
                data-testid={`kind-${k}`}
              >
                {t(`feedback.kind.${k}`)}
              </Button>
            ))}
          </View>
        </Field>
        <Field
          label={t('feedback.text')}
          path="text"
          issues={issues}
          hint={`${t('feedback.textHint')} (${[...text].length}/${FEEDBACK_TEXT_MAX})`}
        >
          <Textarea
            className="feedback__textarea"
            value={text}
            maxlength={FEEDBACK_TEXT_MAX}
            nativeProps={{ 'aria-label': t('feedback.text') }}
            onInput={(e) => setText(e.detail.value)}
            data-testid="feedback-text"
          />
        </Field>
        <Field label={t('feedback.screen')} path="screen" issues={issues}>
          <View className="feedback__choices">
            {FEEDBACK_SCREENS.map((s) => (
              <Text
                key={s}
                className={`feedback__chip${about === s ? ' feedback__chip--on' : ''}`}
                onClick={() => setAbout(about === s ? undefined : s)}
                data-testid={`screen-${s}`}
              >
                {t(`feedback.screen.${s}`)}
              </Text>
            ))}
          </View>
        </Field>
        <FormMessage issues={issues} />
        <Button className="feedback__send" disabled={offWhen(busy)} onClick={send} data-testid="feedback-send">
          {t('feedback.send')}
        </Button>
      </View>
      {!freshFirst && list}
    </Screen>
  )
}
