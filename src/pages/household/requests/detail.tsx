/**
 * One of the household's requests: what it reported, where it is, and every step in its own words — handed
 * to a unit (by kind and level, never a person), taken on, progress notes, an extension, the resolution with
 * the unit's note, the household's answers. A resolved request asks whether the difficulty is solved: solved,
 * partly or not (the last two send it back to the same unit, and the level above is told), with an optional
 * rating. The answer carries the number of steps the household saw, so an answer to a request that changed
 * meanwhile is refused, not misapplied.
 */
import './catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import AudioPlayer from '@/components/AudioPlayer'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { AnswerInput, ItemEvent, RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { chinaDateTime } from '@shared/time'
import { useHouseholdId } from './household'
import { ItemSummary, Words, unitName, useNames } from './Item'
import WishLink from './WishLink'
import './index.css'

type Answer = AnswerInput['answer']
type Rating = NonNullable<AnswerInput['rating']>
const ANSWERS: Answer[] = ['solved', 'partly', 'unsolved']
const RATINGS: Rating[] = ['satisfied', 'neutral', 'unsatisfied']

function Step({ event }: { event: ItemEvent }) {
  const { t } = useSettings()
  const what =
    event.type === 'extendGrant'
      ? t('requests.event.extendGrant', { days: event.days ?? 0 })
      : t(`requests.event.${event.type}`)
  return (
    <View className="requests__step" data-testid="step" data-type={event.type}>
      <Text className="requests__step-what">{what}</Text>
      {event.unit && <Text className="requests__line">{unitName(event.unit, t)}</Text>}
      {event.text && <Words text={event.text} className="requests__text" />}
      {event.answer && <Text className="requests__line">{t(`requests.answer.${event.answer}`)}</Text>}
      {event.rating && <Text className="requests__line">{t(`requests.rating.${event.rating}`)}</Text>}
      {event.onBehalf && <Text className="card__label">{t('requests.onBehalf')}</Text>}
      <Text className="card__label">{chinaDateTime(event.at)}</Text>
    </View>
  )
}

/** The household's own recording to listen to and its photos, fetched only when the report has any; without
 * signal it says what came with the report. */
function Media({ id, voice, photos }: { id: string; voice: boolean; photos: number }) {
  const { t } = useSettings()
  const files = useCall(() => call(requests, 'detail', { id }), [id])
  if (files.status !== 'done')
    return (
      <>
        {voice && <Text className="card__label">{t('requests.hasVoice')}</Text>}
        {photos > 0 && <Text className="card__label">{t('requests.hasPhotos', { count: photos })}</Text>}
      </>
    )
  const { voice: recording, photos: pictures } = files.data
  return (
    <>
      {recording?.url && <AudioPlayer src={recording.url} label={t('requests.hasVoice')} />}
      {pictures.some((p) => p.url) && (
        <View className="requests__photos" data-testid="photos">
          {pictures
            .filter((p) => p.url)
            .map((p) => (
              <View key={p.fileId} className="requests__photo">
                <Image className="requests__photo-img" src={p.url} mode="aspectFill" />
              </View>
            ))}
        </View>
      )}
    </>
  )
}

function AnswerForm({
  item,
  householdId,
  onAnswered,
}: {
  item: RequestItem
  householdId: string
  onAnswered: () => void
}) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [answer, setAnswer] = useState<Answer | undefined>()
  const [rating, setRating] = useState<Rating | undefined>()
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (!answer) {
      issues.mark([{ path: 'answer', message: t('validation.required') }])
      return
    }
    if (!(await confirmed(t('requests.answerAsk', { answer: t(`requests.answer.${answer}`) })))) return
    setBusy(true)
    try {
      const input = { id: item.id, householdId, events: item.events, answer, ...(rating ? { rating } : {}) }
      const res = await call(requests, 'answer', input)
      issues.clear()
      toastDone(t(res.state === 'reopened' ? 'requests.reopenedNote' : 'requests.answered'))
      onAnswered()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card requests__form" data-testid="answer-form">
      <Field label={t('requests.answerPrompt')} path="answer" issues={issues}>
        <View className="requests__answers" role="radiogroup">
          {ANSWERS.map((a) => (
            <View
              key={a}
              className={`requests__answer${answer === a ? ' requests__answer--on' : ''}`}
              role="radio"
              aria-checked={answer === a}
              data-testid={`answer-${a}`}
              onClick={() => setAnswer(a)}
            >
              <Text>{t(`requests.answer.${a}`)}</Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label={t('requests.rating')} path="rating" issues={issues}>
        <View className="requests__answers" role="radiogroup">
          {RATINGS.map((r) => (
            <View
              key={r}
              className={`requests__chip${rating === r ? ' requests__chip--on' : ''}`}
              role="radio"
              aria-checked={rating === r}
              data-testid={`rating-${r}`}
              onClick={() => setRating(rating === r ? undefined : r)}
            >
              <Text>{t(`requests.rating.${r}`)}</Text>
            </View>
          ))}
        </View>
      </Field>
      <FormMessage issues={issues} />
      <Button className="requests__send" disabled={offWhen(busy)} onClick={() => void send()} data-testid="answer-send">
        {t('requests.answerSend')}
      </Button>
    </View>
  )
}

export default function RequestDetailPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const id = params.id ?? ''
  const householdId = useHouseholdId(params.householdId)
  const list = useCall(() => call(requests, 'mine', {}, { lang }), [lang])
  const names = useNames()
  return (
    <Screen title="requests.detail.title">
      <Loaded state={list}>
        {({ items }) => {
          const item = items.find((i) => i.id === id)
          if (!item) return <Empty text={t('requests.notFound')} />
          return (
            <>
              <View className="card card--edged" data-testid="request" data-state={item.state}>
                <ItemSummary item={item} names={names.status === 'done' ? names.data : {}} />
                {(item.voice || item.photos > 0) && <Media id={item.id} voice={item.voice} photos={item.photos} />}
              </View>
              {item.state === 'resolved' && householdId && (
                <AnswerForm key={item.events} item={item} householdId={householdId} onAnswered={list.retry} />
              )}
              {householdId && <WishLink requestId={item.id} householdId={householdId} />}
              <Text className="section-title">{t('requests.timeline')}</Text>
              <View className="card requests__timeline" data-testid="timeline">
                {item.timeline.map((event, i) => (
                  <Step key={`${event.type}-${i}`} event={event} />
                ))}
              </View>
            </>
          )
        }}
      </Loaded>
    </Screen>
  )
}
