/**
 * One of the household's requests: what it reported, where it is, and every step in its own words — handed
 * to a unit (by kind and level, never a person), taken on, progress notes, an extension, the resolution with
 * the unit's note, the household's answers. A resolved request asks whether the difficulty is solved: solved,
 * partly or not (the last two send it back to the same unit, and the level above is told), with an optional
 * rating. The answer carries the number of steps the household saw, so an answer to a request that changed
 * meanwhile is refused, not misapplied. A resolution left unanswered past its window is shown as resolved and
 * not confirmed by the household, which may still answer it. The request is read by its id (`requests.item`),
 * however old, with its recording, its photos and the units' progress photos (tap one to see it whole).
 */
import './catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import AudioPlayer from '@/components/AudioPlayer'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import type { AnswerInput, ItemEvent, RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { chinaDateTime } from '@shared/time'
import { useHouseholdId } from './household'
import { ItemSummary, Words, lapsed, unitName, useNames } from './Item'
import WishLink from './WishLink'
import './index.css'

type Answer = AnswerInput['answer']
type Rating = NonNullable<AnswerInput['rating']>
const ANSWERS: Answer[] = ['solved', 'partly', 'unsolved']
const RATINGS: Rating[] = ['satisfied', 'neutral', 'unsatisfied']

type Media = ActionOutput<typeof requests, 'item'>['photos'][number]

/** Thumbnails that open whole in WeChat's viewer, the others of the same row beside them. */
function Photos({ photos }: { photos: readonly Media[] }) {
  const shown = photos.filter((p) => p.url)
  if (shown.length === 0) return null
  return (
    <View className="requests__photos" data-testid="photos">
      {shown.map((p) => (
        <View
          key={p.fileId}
          className="requests__photo"
          data-testid="photo"
          onClick={() =>
            void Taro.previewImage({ current: p.url, urls: shown.map((x) => x.url) }).catch(() => undefined)
          }
        >
          <Image className="requests__photo-img" src={p.url} mode="aspectFill" />
        </View>
      ))}
    </View>
  )
}

function Step({ event }: { event: ItemEvent }) {
  const { t } = useSettings()
  const what =
    event.type === 'extendGrant' || event.type === 'unanswered'
      ? t(`requests.event.${event.type}`, { days: event.days ?? 0 })
      : t(`requests.event.${event.type}`)
  return (
    <View className="requests__step" data-testid="step" data-type={event.type}>
      <Text className="requests__step-what">{what}</Text>
      {event.unit && <Text className="requests__line">{unitName(event.unit, t)}</Text>}
      {event.text && <Words text={event.text} className="requests__text" />}
      {event.photos && <Photos photos={event.photos} />}
      {event.answer && <Text className="requests__line">{t(`requests.answer.${event.answer}`)}</Text>}
      {event.rating && <Text className="requests__line">{t(`requests.rating.${event.rating}`)}</Text>}
      {event.onBehalf && <Text className="card__label">{t('requests.onBehalf')}</Text>}
      <Text className="card__label">{chinaDateTime(event.at)}</Text>
    </View>
  )
}

/** The household's own recording to listen to and its photos; where no link could be made it says what came
 * with the report. */
function Media({ item, voice, photos }: { item: RequestItem; voice: Media | null; photos: readonly Media[] }) {
  const { t } = useSettings()
  return (
    <>
      {voice?.url ? (
        <AudioPlayer src={voice.url} label={t('requests.hasVoice')} />
      ) : (
        item.voice && <Text className="card__label">{t('requests.hasVoice')}</Text>
      )}
      {photos.some((p) => p.url) ? (
        <Photos photos={photos} />
      ) : (
        item.photos > 0 && <Text className="card__label">{t('requests.hasPhotos', { count: item.photos })}</Text>
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
      {lapsed(item) && <Text className="card__label">{t('requests.lateAnswer')}</Text>}
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
  const one = useCall(() => call(requests, 'item', { id }, { lang }), [id, lang])
  const names = useNames()
  return (
    <Screen title="requests.detail.title">
      <Loaded state={one}>
        {({ item, voice, photos }) => {
          return (
            <>
              <View className="card card--edged" data-testid="request" data-state={item.state}>
                <ItemSummary item={item} names={names.status === 'done' ? names.data : {}} />
                {(item.voice || item.photos > 0) && <Media item={item} voice={voice} photos={photos} />}
              </View>
              {item.state === 'resolved' && householdId && (
                <AnswerForm key={item.events} item={item} householdId={householdId} onAnswered={one.retry} />
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
