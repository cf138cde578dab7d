/**
 * One campaign's nominations in the office's region, as its offices review them: the campaign's stage, the
 * counties' quotas and how many each has passed; each nomination by the family's head (or studio) and
 * village, its story (its photos and recording opened on asking, for the offices that review it), its reviews
 * so far with their comments and points, and — where the office may take the next review now (its level, its
 * deadline, never its own nomination) — the review form: a comment, points for every criterion at the county,
 * pass or not. The prefecture office publishes the proposed list as
 * one batch and confirms it after the 公示; the county answers the objections to its entries.
 */
import '../catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { CampaignDetail, NominationItem, ObjectionItem } from '@shared/contracts/exchange'
import { COMMENT_MAX, REASON_MAX, exchange } from '@shared/contracts/exchange'
import { levelOf } from '@shared/region'
import { useOfficeRegion } from '../roster/office'
import StoryMedia from './StoryMedia'
import './index.css'

function Review({
  campaign,
  item,
  onDone,
}: {
  campaign: CampaignDetail
  item: NominationItem & { next: NonNullable<NominationItem['next']> }
  onDone: () => void
}) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [comment, setComment] = useState('')
  const [scores, setScores] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const county = item.next === 'county'
  const send = async (pass: boolean) => {
    const input = {
      nominationId: item.id,
      stage: item.next,
      pass,
      comment: comment.trim(),
      ...(county
        ? { scores: Object.fromEntries(campaign.rubric.map((c) => [c.key, Number(scores[c.key] ?? '')])) }
        : {}),
    }
    if (!input.comment) {
      issues.mark([{ path: 'comment', message: t('validation.required') }])
      return
    }
    setBusy(true)
    try {
      await call(exchange, 'review', input)
      toastDone(t('exchange.reviewed'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="exchange__form" data-testid="review-form">
      <Text className="exchange__name">{t(`exchange.review.${item.next}`)}</Text>
      {county &&
        campaign.rubric.map((c) => (
          <Field key={c.key} label={`${pick(c.name, lang)} (${c.max})`} path={`scores.${c.key}`} issues={issues}>
            <Input
              className="exchange__input exchange__input--short"
              type="number"
              value={scores[c.key] ?? ''}
              nativeProps={{ 'aria-label': pick(c.name, lang) }}
              onInput={(e) => setScores((s) => ({ ...s, [c.key]: e.detail.value }))}
              data-testid={`score-${c.key}`}
            />
          </Field>
        ))}
      <TextAndChoice
        label={t('exchange.comment')}
        path="comment"
        issues={issues}
        value={comment}
        max={COMMENT_MAX}
        onInput={setComment}
        testId="comment"
        busy={busy}
        choices={[
          { label: t('exchange.pass'), testId: 'review-pass', primary: true, onTap: () => void send(true) },
          { label: t('exchange.decline'), testId: 'review-decline', onTap: () => void send(false) },
        ]}
      />
    </View>
  )
}

function Nomination({
  campaign,
  item,
  onDone,
}: {
  campaign: CampaignDetail
  item: NominationItem
  onDone: () => void
}) {
  const { lang, t } = useSettings()
  return (
    <View className="card exchange__item" data-testid="nomination" data-id={item.id} data-state={item.state}>
      <View className="card__top">
        <Text className="exchange__name">{pick(item.name, lang)}</Text>
        <Text className="card__label">{pick(item.village, lang)}</Text>
      </View>
      <Text className="card__label" data-testid="nomination-state">
        {t(`exchange.nomState.${item.state}`)}
        {item.score !== null ? ` · ${t('exchange.score', { score: item.score })}` : ''}
      </Text>
      <Text className="exchange__text">{item.story.text}</Text>
      {(item.story.photos > 0 || item.story.voice) && (
        <Text className="card__label">
          {[
            item.story.photos > 0 ? t('exchange.photos', { count: item.story.photos }) : '',
            item.story.voice ? t('exchange.voice') : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {item.media && <StoryMedia nominationId={item.id} />}
      {item.reviews.map((r) => (
        <Text key={r.stage} className="exchange__text card__label">
          {t('exchange.reviewLine', {
            stage: t(`exchange.review.${r.stage}`),
            result: t(r.pass ? 'exchange.pass' : 'exchange.decline'),
            comment: r.comment,
          })}
        </Text>
      ))}
      {item.mine && <Text className="card__label">{t('exchange.mine')}</Text>}
      {item.next && <Review campaign={campaign} item={{ ...item, next: item.next }} onDone={onDone} />}
    </View>
  )
}

function Answer({ item, onDone }: { item: ObjectionItem; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async (upheld: boolean) => {
    if (!text.trim()) {
      issues.mark([{ path: 'text', message: t('validation.required') }])
      return
    }
    if (upheld && !(await confirmed(t('exchange.upholdAsk')))) return
    setBusy(true)
    try {
      await call(exchange, 'answer', { objectionId: item.id, upheld, text: text.trim() })
      toastDone(t('exchange.answerDone'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="exchange__form" data-testid="answer-form">
      <TextAndChoice
        label={t('exchange.answerText')}
        path="text"
        issues={issues}
        value={text}
        max={REASON_MAX}
        onInput={setText}
        testId="answer-text"
        busy={busy}
        choices={[
          { label: t('exchange.dismiss'), testId: 'answer-dismiss', onTap: () => void send(false) },
          { label: t('exchange.uphold'), testId: 'answer-uphold', onTap: () => void send(true) },
        ]}
      />
    </View>
  )
}

function Objections({ campaignId, region }: { campaignId: string; region: string }) {
  const { lang, t } = useSettings()
  const list = useCall(() => call(exchange, 'objections', { campaignId, region }), [campaignId, region])
  return (
    <View className="exchange__list" data-testid="objections">
      <Text className="exchange__name">{t('exchange.objections')}</Text>
      <Loaded state={list} empty={t('exchange.noObjections')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <>
            {items.map((o) => (
              <View key={o.id} className="card exchange__item" data-testid="objection" data-id={o.id}>
                <View className="card__top">
                  <Text className="exchange__name">{pick(o.name, lang)}</Text>
                  <Text className="card__label">{`${pick(o.village, lang)} · ${t(`exchange.objectionBy.${o.by}`)}`}</Text>
                </View>
                <Text className="exchange__text">{o.reason}</Text>
                {o.answer && (
                  <Text className="exchange__text" data-testid="objection-answer">
                    {t(o.answer.upheld ? 'exchange.answerUpheld' : 'exchange.answerDismissed', { text: o.answer.text })}
                  </Text>
                )}
                {o.mayAnswer && <Answer item={o} onDone={list.retry} />}
              </View>
            ))}
          </>
        )}
      </Loaded>
    </View>
  )
}

function Batch({ campaign, region, onDone }: { campaign: CampaignDetail; region: string; onDone: () => void }) {
  const { t } = useSettings()
  const step = useAction()
  if (levelOf(region) !== 'prefecture') return null
  const approved = campaign.state === 'open'
  const publish = () =>
    step.run(async () => {
      const count = campaign.quotas.reduce((a, q) => a + q.passed, 0)
      const ask = t('exchange.publishAsk', { count, start: campaign.publicity.start, days: campaign.publicity.days })
      if (!(await confirmed(ask))) return
      const res = await call(exchange, 'publish', { campaignId: campaign.id })
      toastDone(t('exchange.publishedDone', { start: res.start }))
      onDone()
    })
  const confirm = () =>
    step.run(async () => {
      if (!(await confirmed(t('exchange.confirmAsk')))) return
      const res = await call(exchange, 'confirm', { campaignId: campaign.id })
      toastDone(t('exchange.confirmed', { count: res.named }))
      onDone()
    })
  return (
    <View className="exchange__form">
      <Problem problem={step.problem} />
      {approved && (
        <Button
          className="exchange__button"
          type="primary"
          disabled={offWhen(step.busy)}
          onClick={() => void publish()}
          data-testid="publish"
        >
          {t('exchange.publish')}
        </Button>
      )}
      {campaign.state === 'published' && (
        <Button
          className="exchange__button"
          type="primary"
          disabled={offWhen(step.busy)}
          onClick={() => void confirm()}
          data-testid="confirm"
        >
          {t('exchange.confirm')}
        </Button>
      )}
    </View>
  )
}

function Queue({ campaignId, region }: { campaignId: string; region: string }) {
  const { lang, t } = useSettings()
  const queue = useCall(() => call(exchange, 'queue', { campaignId, region }), [campaignId, region])
  return (
    <Loaded state={queue}>
      {({ campaign, items }) => (
        <>
          <View className="card exchange__item" data-testid="campaign-detail" data-state={campaign.state}>
            <Text className="exchange__name">{pick(campaign.title, lang) || t(`exchange.kind.${campaign.kind}`)}</Text>
            <Text className="card__label">{`${t(`exchange.state.${campaign.state}`)} · ${t(`exchange.stage.${campaign.stage}`)}`}</Text>
            {(['nomination', 'township', 'county', 'prefecture'] as const).map((d) => (
              <Text key={d} className="card__label">{`${t(`exchange.deadline.${d}`)}: ${campaign.deadlines[d]}`}</Text>
            ))}
            {campaign.quotas.map((q) => (
              <Text key={q.county} className="card__label" data-testid="quota">
                {t('exchange.quotaLine', { county: pick(q.name, lang), places: q.places, passed: q.passed })}
              </Text>
            ))}
            {campaign.state !== 'open' && (
              <Text className="card__label">{t('exchange.listed', { count: campaign.listed })}</Text>
            )}
            {campaign.state === 'published' && (
              <Text className="card__label" data-testid="unanswered">
                {t('exchange.unanswered', { count: campaign.unanswered })}
              </Text>
            )}
            <Batch campaign={campaign} region={region} onDone={queue.retry} />
          </View>
          {campaign.state !== 'open' && <Objections campaignId={campaignId} region={region} />}
          <View className="exchange__list" data-testid="nominations">
            <Text className="exchange__name">{t('exchange.nominations')}</Text>
            {items.length === 0 && <Text className="card__label">{t('exchange.noNominations')}</Text>}
            {items.map((item) => (
              <Nomination key={item.id} campaign={campaign} item={item} onDone={queue.retry} />
            ))}
          </View>
        </>
      )}
    </Loaded>
  )
}

/** A text (a review's comment, an objection's answer) and the two decisions it goes with. */
function TextAndChoice(props: {
  label: string
  path: string
  issues: ReturnType<typeof useFormIssues>
  value: string
  max: number
  onInput: (value: string) => void
  testId: string
  busy: boolean
  choices: { label: string; testId: string; primary?: boolean; onTap: () => void }[]
}) {
  return (
    <>
      <Field label={props.label} path={props.path} issues={props.issues}>
        <Textarea
          className="exchange__textarea"
          value={props.value}
          maxlength={props.max}
          nativeProps={{ 'aria-label': props.label }}
          onInput={(e) => props.onInput(e.detail.value)}
          data-testid={props.testId}
        />
      </Field>
      <FormMessage issues={props.issues} />
      <View className="exchange__line">
        {props.choices.map((c) => (
          <Button
            key={c.testId}
            className="exchange__button"
            type={c.primary ? 'primary' : undefined}
            disabled={offWhen(props.busy)}
            onClick={c.onTap}
            data-testid={c.testId}
          >
            {c.label}
          </Button>
        ))}
      </View>
    </>
  )
}

export default function OfficeCampaignPage() {
  const { params } = useRouter()
  const { t } = useSettings()
  const region = useOfficeRegion()
  const id = params.id ? decodeURIComponent(params.id) : ''
  return (
    <Screen title="exchange.nominations">
      {id ? (
        <Loaded state={region}>{(code) => <Queue campaignId={id} region={code} />}</Loaded>
      ) : (
        // opened without a campaign (not from the campaigns list): nothing to show, and no call made
        <Empty text={t('exchange.noCampaign')} />
      )}
    </Screen>
  )
}
