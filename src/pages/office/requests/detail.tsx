/**
 * One request as a unit handles it (requests.detail, audited by the function): the household by its masked
 * name and village, what it asked with its photos and recording, the clocks, who has it, the timeline, and
 * the steps the function says the caller may take now — each with the few fields it needs. Returning,
 * merging, closing and refusing an extension ask first and say what changes. A step refused because the
 * request changed meanwhile reloads it and says so.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import AudioPlayer from '@/components/AudioPlayer'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { CallError, call } from '@/services/cloud'
import { uploadToLocalCloud } from '@/services/local'
import { useSettings } from '@/services/settings'
import { askMessages } from '@/services/subscribe'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { RequestDetail, Step, StepType, TimelineEntry } from '@shared/contracts/requests'
import { ActInputSchema, REQUEST_TEXT_MAX, requests } from '@shared/contracts/requests'
import { registry } from '@shared/contracts/registry'
import type { MessageKey } from '@shared/i18n'
import { isMessageKey } from '@shared/i18n'
import { pathOf } from '@shared/region'
import { UNIT_REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import { requestProgressPhotoPath } from '@shared/storage'
import { chinaDateTime } from '@shared/time'
import { categoryName, dueLabel, unitLabel } from './labels'
import { useCategoryNames } from './useCategories'
import './index.css'

/** steps that end or hand away the unit's work: asked first, with what changes */
const ASKED: Partial<Record<StepType, MessageKey>> = {
  return: 'inbox.ask.return',
  merge: 'inbox.ask.merge',
  close: 'inbox.ask.close',
  extendRefuse: 'inbox.ask.extendRefuse',
}

async function uploadPhoto(localPath: string, cloudPath: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return (await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })).fileID
  return uploadToLocalCloud(await (await fetch(localPath)).blob(), cloudPath)
}

function Choice<V extends string>({
  options,
  value,
  onChange,
  testId,
}: {
  options: readonly { value: V; text: string }[]
  value: V | undefined
  onChange: (v: V) => void
  testId: string
}) {
  return (
    <View className="rq-chips">
      {options.map((o) => (
        <Text
          key={o.value}
          className={`rq-chip${value === o.value ? ' rq-chip--on' : ''}`}
          onClick={() => onChange(o.value)}
          data-testid={`${testId}-${o.value}`}
        >
          {o.text}
        </Text>
      ))}
    </View>
  )
}

/** The departments a township work office may send a returned request to, by name. */
function Departments({ region, value, onChange }: { region: string; value: string; onChange: (id: string) => void }) {
  const { lang, t } = useSettings()
  const township = pathOf(region)[2] ?? region
  const list = useCall(() => call(registry, 'departments', { region: township }), [township])
  const options = [
    { value: '', text: t('inbox.departmentNone') },
    ...(list.status === 'done' ? list.data.departments.map((d) => ({ value: d.id, text: pick(d.name, lang) })) : []),
  ]
  return <Choice options={options} value={value} onChange={onChange} testId="department" />
}

/** Other open requests of the caller's inbox, to merge a duplicate into. */
function MergeTargets({ id, value, onChange }: { id: string; value: string; onChange: (id: string) => void }) {
  const { lang, t } = useSettings()
  const categories = useCategoryNames()
  const list = useCall(() => call(requests, 'inbox', {}))
  if (list.status !== 'done') return null
  const others = list.data.items.filter((i) => i.id !== id)
  if (others.length === 0) return <Text className="card__label">{t('inbox.mergeNone')}</Text>
  const options = others.map((i) => ({
    value: i.id,
    text: `${categoryName(i.category, categories, t)} · ${pick(i.place, lang)} · ${i.text.slice(0, 12)}`,
  }))
  return <Choice options={options} value={value} onChange={onChange} testId="merge" />
}

function StepForm({ request, type, onDone }: { request: RequestDetail; type: StepType; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [text, setText] = useState('')
  const [days, setDays] = useState(String(type === 'extendGrant' ? (request.pending?.days ?? '') : ''))
  const [department, setDepartment] = useState('')
  const [level, setLevel] = useState<'township' | 'county'>('township')
  const [into, setInto] = useState('')
  const [photo, setPhoto] = useState<string>()
  const [busy, setBusy] = useState(false)

  const stepOf = (photos: string[]): Step => {
    const n = Number(days)
    switch (type) {
      case 'accept':
        return { type }
      case 'progress':
        return { type, note: text, ...(photos.length ? { photos } : {}) }
      case 'resolve':
        return { type, note: text }
      case 'return':
      case 'close':
      case 'extendRefuse':
        return { type, reason: text }
      case 'extendAsk':
        return { type, days: n, reason: text }
      case 'extendGrant':
        return { type, days: n }
      case 'assign':
        return { type, level, deadlineDays: n, ...(department ? { departmentId: department } : {}) }
      case 'merge':
        return { type, into }
    }
  }

  const send = async () => {
    const draft = { id: request.id, events: request.events, step: stepOf(photo ? ['pending'] : []) }
    if (!issues.check(ActInputSchema, draft)) return
    // WeChat asks only from a tap: accepting is when the unit's staff agree to be told of new, late and escalated requests
    if (type === 'accept') await askMessages(UNIT_REQUEST_TEMPLATES)
    const question = ASKED[type]
    if (question && !(await confirmed(t(question)))) return
    issues.clear()
    setBusy(true)
    try {
      const photos = photo ? [await uploadPhoto(photo, requestProgressPhotoPath(request.id, request.events, 0))] : []
      await call(requests, 'act', { ...draft, step: stepOf(photos) })
      toastDone(t(`inbox.done.${type}`))
      onDone()
    } catch (error) {
      if (error instanceof CallError && error.reason === 'requests.outOfOrder') {
        Taro.showToast({ title: t('inbox.changed'), icon: 'none' }).catch(() => undefined)
        onDone()
      } else issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const textField = (label: MessageKey, path: string) => (
    <Field label={t(label)} path={path} issues={issues}>
      <Textarea
        className="rq-textarea"
        value={text}
        maxlength={REQUEST_TEXT_MAX}
        nativeProps={{ 'aria-label': t(label) }}
        onInput={(e) => setText(e.detail.value)}
        data-testid="step-text"
      />
    </Field>
  )
  const daysField = (
    <Field label={t('inbox.days')} path={type === 'assign' ? 'step.deadlineDays' : 'step.days'} issues={issues}>
      <Input
        className="rq-input"
        type="number"
        value={days}
        nativeProps={{ 'aria-label': t('inbox.days') }}
        onInput={(e) => setDays(e.detail.value)}
        data-testid="step-days"
      />
    </Field>
  )

  return (
    <View className="rq-form" data-testid={`form-${type}`}>
      {type === 'progress' && textField('inbox.note', 'step.note')}
      {type === 'progress' && (
        <Field label={t('inbox.photo')} path="step.photos" issues={issues}>
          {photo ? (
            <Image className="rq-photo" src={photo} mode="aspectFill" onClick={() => setPhoto(undefined)} />
          ) : (
            <Button
              className="rq-step"
              onClick={() =>
                void Taro.chooseImage({ count: 1, sizeType: ['compressed'] })
                  .then((r) => setPhoto(r.tempFilePaths[0]))
                  .catch(() => undefined)
              }
              data-testid="step-photo"
            >
              {t('inbox.photo')}
            </Button>
          )}
        </Field>
      )}
      {type === 'resolve' && textField('inbox.note', 'step.note')}
      {(type === 'return' || type === 'extendRefuse') && textField('inbox.reason', 'step.reason')}
      {type === 'close' && textField('inbox.closeReason', 'step.reason')}
      {(type === 'extendAsk' || type === 'extendGrant' || type === 'assign') && daysField}
      {type === 'extendAsk' && textField('inbox.reason', 'step.reason')}
      {type === 'assign' && (
        <>
          <Field label={t('inbox.assignLevel')} path="step.level" issues={issues}>
            <Choice
              options={(['township', 'county'] as const).map((l) => ({ value: l, text: t(`inbox.level.${l}`) }))}
              value={level}
              onChange={setLevel}
              testId="level"
            />
          </Field>
          <Field label={t('inbox.department')} path="step.departmentId" issues={issues}>
            <Departments region={request.household.region} value={department} onChange={setDepartment} />
          </Field>
        </>
      )}
      {type === 'merge' && (
        <Field label={t('inbox.mergeInto')} path="step.into" issues={issues}>
          <MergeTargets id={request.id} value={into} onChange={setInto} />
        </Field>
      )}
      <FormMessage issues={issues} />
      <Button className="rq-send" disabled={offWhen(busy)} onClick={() => void send()} data-testid="step-send">
        {t('common.confirm')}
      </Button>
    </View>
  )
}

function Steps({ request, onDone }: { request: RequestDetail; onDone: () => void }) {
  const { t } = useSettings()
  const [open, setOpen] = useState<StepType>()
  if (request.steps.length === 0) return null
  return (
    <View className="card rq-card" data-testid="steps">
      <Text className="section-title">{t('inbox.steps')}</Text>
      <View className="rq-steps">
        {request.steps.map((type) => (
          <Button
            key={type}
            className={`rq-step${open === type ? ' rq-step--on' : ''}`}
            onClick={() => setOpen(open === type ? undefined : type)}
            data-testid={`step-${type}`}
          >
            {t(`inbox.step.${type}`)}
          </Button>
        ))}
      </View>
      {open && (
        <StepForm
          key={open}
          request={request}
          type={open}
          onDone={() => {
            setOpen(undefined)
            onDone()
          }}
        />
      )}
    </View>
  )
}

function Entry({ entry }: { entry: TimelineEntry }) {
  const { lang, t } = useSettings()
  const unit = entry.unit ? unitLabel(entry.unit, lang, t) : ''
  const params = { unit, days: entry.days ?? '' }
  const what =
    entry.type === 'confirm'
      ? `${t(entry.onBehalf ? 'inbox.ev.confirmOnBehalf' : 'inbox.ev.confirm')}：${entry.answer ? t(`inbox.answer.${entry.answer}`) : ''}`
      : entry.type === 'identify'
        ? unit
        : t(`inbox.ev.${entry.type}`, params)
  return (
    <View className="rq-event" data-testid="event" data-type={entry.type}>
      <Text className="card__label">{chinaDateTime(entry.at)}</Text>
      <Text>{what}</Text>
      {entry.fallback && (
        <Text className="card__label">{isMessageKey(entry.fallback) ? t(entry.fallback) : entry.fallback}</Text>
      )}
      {entry.text && <Text className="rq-text">{entry.text}</Text>}
      {entry.photos && entry.photos.length > 0 && (
        <View className="rq-photos">
          {entry.photos
            .filter((p) => p.url)
            .map((p) => (
              <Image key={p.fileId} className="rq-photo" src={p.url} mode="aspectFill" />
            ))}
        </View>
      )}
    </View>
  )
}

export default function RequestDetailPage() {
  const { lang, t } = useSettings()
  const id = useRouter().params.id ?? ''
  const categories = useCategoryNames()
  const request = useCall(() => call(requests, 'detail', { id }), [id])

  return (
    <Screen title="inbox.detail">
      <Loaded state={request}>
        {(r) => {
          const photos = r.photos.filter((p) => p.url)
          return (
            <View className="rq-detail" data-testid="request" data-state={r.state}>
              <View className={`card card--edged rq-card${r.overdue ? ' card--alert' : ''}`}>
                <View className="card__top">
                  <Text className="rq-row__category">{categoryName(r.category, categories, t)}</Text>
                  <Text className={`rq-state rq-state--${r.state}`} data-testid="state">
                    {t(
                      r.state === 'resolved' && r.timeline.at(-1)?.type === 'unanswered'
                        ? 'inbox.state.unconfirmed'
                        : `inbox.state.${r.state}`,
                    )}
                  </Text>
                </View>
                <Text className="card__label" data-testid="household">
                  {t('inbox.household', { name: pick(r.household.name, lang), place: pick(r.household.place, lang) })}
                </Text>
                <Text className="rq-text" data-testid="text">
                  {r.text}
                </Text>
                {photos.length > 0 && (
                  <View className="rq-photos">
                    {photos.map((p) => (
                      <Image
                        key={p.fileId}
                        className="rq-photo"
                        src={p.url}
                        mode="aspectFill"
                        onClick={() =>
                          void Taro.previewImage({ current: p.url, urls: photos.map((x) => x.url) }).catch(
                            () => undefined,
                          )
                        }
                      />
                    ))}
                  </View>
                )}
                {r.voice?.url && <AudioPlayer src={r.voice.url} />}
                <View className="rq-row__clock">
                  <Text className="card__label">{dueLabel(r.due, t)}</Text>
                  {r.overdue && <Text className="rq-mark rq-mark--late">{t('inbox.overdue')}</Text>}
                  {r.overdue && (
                    <Text className="rq-mark">
                      {t('inbox.escalated', { level: t(`inbox.level.${r.escalationLevel}`) })}
                    </Text>
                  )}
                </View>
                {r.unit && <Text className="card__label">{t('inbox.unit', { unit: unitLabel(r.unit, lang, t) })}</Text>}
                <Text className="card__label">{t('inbox.dispatcher', { unit: unitLabel(r.dispatcher, lang, t) })}</Text>
                {r.as !== 'household' && r.as !== 'official' && (
                  <Text className="card__label">{t(`inbox.as.${r.as}`)}</Text>
                )}
                {r.pending && (
                  <Text className="rq-mark" data-testid="pending">
                    {t('inbox.pending', {
                      days: r.pending.days,
                      level: t(`inbox.level.${r.pending.level === 'township' ? 'county' : 'prefecture'}`),
                      reason: r.pending.reason,
                    })}
                  </Text>
                )}
                {r.mergedInto && <Text className="card__label">{t('inbox.mergedInto')}</Text>}
              </View>
              <Steps request={r} onDone={request.retry} />
              <View className="card rq-card">
                <Text className="section-title">{t('inbox.timeline')}</Text>
                <View className="rq-timeline" data-testid="timeline">
                  {[...r.timeline].reverse().map((e, i) => (
                    <Entry key={`${e.at}-${i}`} entry={e} />
                  ))}
                </View>
              </View>
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
