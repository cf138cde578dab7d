/**
 * Reporting a difficulty (subpackage pages/household/requests): a service from the household's menu (what it
 * is, what to prepare, in how many working days) or "other", then a few words OR a recording in the household's
 * own language, and photos if it likes. Everything stays on the phone (draft.ts) until the function answers;
 * a failed send says so and keeps it all, and sending again uploads only what is not up yet and reports under
 * the same id, so nothing is stored twice.
 */
import './catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import VoiceNote, { type Voice } from '@/components/VoiceNote/VoiceNote'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { askMessages } from '@/services/subscribe'
import { useCall } from '@/services/useCall'
import {
  OTHER_CATEGORY,
  REQUEST_PHOTOS_MAX,
  REQUEST_TEXT_MAX,
  ReportInputSchema,
  requests,
} from '@shared/contracts/requests'
import { HOUSEHOLD_REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import { type Draft, dropDraft, keep, loadDraft, saveDraft, uploadAll } from '@/services/requestDraft'
import { DRAFT_KEY } from './Link'
import { useHouseholdId } from './household'
import './index.css'

export default function ReportPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId(useRouter().params.householdId)
  const menu = useCall(
    async () => (householdId ? call(requests, 'menu', { householdId }) : { items: [] }),
    [householdId],
  )
  const [draft, setDraft] = useState<Draft>(() => loadDraft(DRAFT_KEY))
  const current = useRef(draft)
  const [busy, setBusy] = useState(false)
  const [kept, setKept] = useState(false)
  const issues = useFormIssues()

  useEffect(() => {
    current.current = draft
    saveDraft(DRAFT_KEY, draft)
  }, [draft])

  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const setVoice = async (voice: Voice | undefined) =>
    change({ voice: voice ? { ...voice, path: await keep(voice.path) } : undefined })
  const addPhotos = async (paths: string[]) => {
    const saved = await Promise.all(paths.map(keep))
    setDraft((d) => ({
      ...d,
      photos: [...d.photos, ...saved.map((path, i) => ({ path, n: d.next + i }))].slice(0, REQUEST_PHOTOS_MAX),
      next: d.next + saved.length,
    }))
  }

  const send = async () => {
    const d = current.current
    const input = {
      id: d.id,
      householdId: householdId ?? '',
      category: d.category ?? '',
      text: d.text,
      ...(d.voice ? { voice: d.voice.path } : {}),
      ...(d.photos.length ? { photos: d.photos.map((p) => p.path) } : {}),
    }
    if (!d.category) {
      issues.mark([{ path: 'category', message: t('validation.required') }])
      return
    }
    if (!issues.check(ReportInputSchema, input)) return
    // WeChat asks only from a tap: the household is told when the request escalates and when it is resolved
    await askMessages(HOUSEHOLD_REQUEST_TEMPLATES)
    setBusy(true)
    setKept(false)
    try {
      const files = await uploadAll(d, (path, fileId) =>
        setDraft((now) => ({ ...now, uploaded: { ...now.uploaded, [path]: fileId } })),
      )
      const { photos: _local, voice: _recorded, ...rest } = input
      await call(requests, 'report', {
        ...rest,
        ...(files.voice ? { voice: files.voice } : {}),
        ...(files.photos.length ? { photos: files.photos } : {}),
      })
      dropDraft(DRAFT_KEY, current.current)
      issues.clear()
      toastDone(t('requests.sent'))
      void Taro.redirectTo({ url: `/pages/household/requests/detail?id=${d.id}&householdId=${householdId ?? ''}` })
    } catch (error) {
      issues.fail(error)
      setKept(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen title="requests.report.title">
      <View className="card requests__form" data-testid="report-form">
        <Field label={t('requests.category')} path="category" issues={issues}>
          <Loaded state={menu}>
            {({ items }) => (
              <View className="requests__choices" role="radiogroup">
                {[...items, undefined].map((item) => {
                  const key = item?.category ?? OTHER_CATEGORY
                  const on = draft.category === key
                  return (
                    <View
                      key={key}
                      className={`requests__choice${on ? ' requests__choice--on' : ''}`}
                      role="radio"
                      aria-checked={on}
                      data-testid={`category-${key}`}
                      onClick={() => change({ category: key })}
                    >
                      <Text className="requests__choice-name">
                        {item ? pick(item.name, lang) : t('requests.category.other')}
                      </Text>
                      <Text className="card__label">
                        {item ? t('requests.deadlineDays', { days: item.deadlineDays }) : t('requests.otherHint')}
                      </Text>
                      {on && item && pick(item.prepare, lang) && (
                        <Text className="requests__prepare" data-testid="prepare">
                          {t('requests.prepare', { what: pick(item.prepare, lang) })}
                        </Text>
                      )}
                    </View>
                  )
                })}
              </View>
            )}
          </Loaded>
        </Field>
        <Field
          label={t('requests.text')}
          path="text"
          issues={issues}
          hint={`${t('requests.textHint')} (${[...draft.text].length}/${REQUEST_TEXT_MAX})`}
        >
          <Textarea
            className="requests__textarea"
            value={draft.text}
            maxlength={REQUEST_TEXT_MAX}
            nativeProps={{ 'aria-label': t('requests.text') }}
            onInput={(e) => change({ text: e.detail.value })}
            data-testid="report-text"
          />
        </Field>
        <Field label={t('requests.voice')} path="voice" issues={issues}>
          <VoiceNote voice={draft.voice} onChange={(voice) => void setVoice(voice)} />
        </Field>
        <Field label={t('requests.photos')} path="photos" issues={issues}>
          <View className="requests__photos">
            {draft.photos.map((photo) => (
              <View key={photo.n} className="requests__photo" data-testid="photo">
                <Image className="requests__photo-img" src={photo.path} mode="aspectFill" />
                <View
                  className="media-remove requests__photo-remove"
                  role="button"
                  aria-label={t('contacts.remove')}
                  onClick={() => change({ photos: draft.photos.filter((p) => p.n !== photo.n) })}
                >
                  <Text>✕</Text>
                </View>
              </View>
            ))}
            <PhotoPick room={REQUEST_PHOTOS_MAX - draft.photos.length} onPicked={(paths) => void addPhotos(paths)} />
          </View>
        </Field>
        {kept && (
          <View className="requests__kept" role="status" data-testid="kept">
            <Text>{t('requests.keptDraft')}</Text>
          </View>
        )}
        <FormMessage issues={issues} />
        <Button
          className="requests__send"
          disabled={offWhen(busy)}
          onClick={() => void send()}
          data-testid="report-send"
        >
          {t('requests.send')}
        </Button>
      </View>
    </Screen>
  )
}
