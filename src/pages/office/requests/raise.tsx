/**
 * An office raising a request from its own screening (排查), on a household's behalf: the household found in
 * the office's region (HouseholdFind), a service from the menu of the household's place or "other", a few
 * words, photos if it has any. The request is routed and clocked like one the household reported itself
 * (source `office`). Everything stays on the phone until the function answers (src/services/requestDraft.ts):
 * a failed send keeps it, and sending again uploads only what is not up yet under the same id, so nothing is
 * stored twice. Sending asks first, naming the household.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { type Draft, dropDraft, keep, loadDraft, saveDraft, uploadAll } from '@/services/requestDraft'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import {
  OTHER_CATEGORY,
  REQUEST_PHOTOS_MAX,
  REQUEST_TEXT_MAX,
  ReportInputSchema,
  requests,
} from '@shared/contracts/requests'
import { useOfficeRegion } from '../roster/office'
import HouseholdFind from './HouseholdFind'
import './index.css'

/** the request an office is raising, kept apart from the household's own draft */
export const RAISE_DRAFT_KEY = 'shiliuzi.office.raise.draft'

function Menu({ householdId, draft, choose }: { householdId: string; draft: Draft; choose: (c: string) => void }) {
  const { lang, t } = useSettings()
  const menu = useCall(() => call(requests, 'menu', { householdId }), [householdId])
  return (
    <Loaded state={menu}>
      {({ items }) => {
        const chosen = items.find((m) => m.category === draft.category)
        return (
          <>
            <View className="rq-chips" role="radiogroup">
              {[...items.map((m) => m.category), OTHER_CATEGORY].map((key) => {
                const item = items.find((m) => m.category === key)
                return (
                  <View
                    key={key}
                    className={`rq-chip${draft.category === key ? ' rq-chip--on' : ''}`}
                    role="radio"
                    aria-checked={draft.category === key}
                    data-testid={`category-${key}`}
                    onClick={() => choose(key)}
                  >
                    <Text>{item ? pick(item.name, lang) : t('requests.category.other')}</Text>
                  </View>
                )
              })}
            </View>
            <Text className="card__label" data-testid="category-note">
              {chosen
                ? [t('requests.deadlineDays', { days: chosen.deadlineDays }), pick(chosen.prepare, lang)]
                    .filter(Boolean)
                    .join(' · ')
                : draft.category === OTHER_CATEGORY
                  ? t('requests.otherHint')
                  : ''}
            </Text>
          </>
        )
      }}
    </Loaded>
  )
}

export default function RaisePage() {
  const { lang, t } = useSettings()
  const region = useOfficeRegion()
  const [draft, setDraft] = useState<Draft>(() => loadDraft(RAISE_DRAFT_KEY))
  const current = useRef(draft)
  const [busy, setBusy] = useState(false)
  const [kept, setKept] = useState(false)
  const issues = useFormIssues()

  useEffect(() => {
    current.current = draft
    saveDraft(RAISE_DRAFT_KEY, draft)
  }, [draft])

  const change = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const addPhotos = async (paths: string[]) => {
    const saved = await Promise.all(paths.map(keep))
    setDraft((d) => ({
      ...d,
      photos: [...d.photos, ...saved.map((path, i) => ({ path, n: d.next + i }))].slice(0, REQUEST_PHOTOS_MAX),
      next: d.next + saved.length,
    }))
  }
  const household = draft.household

  const send = async () => {
    const d = current.current
    if (!d.household) return
    const input = { id: d.id, householdId: d.household.id, category: d.category ?? '', text: d.text }
    if (!d.category) {
      issues.mark([{ path: 'category', message: t('validation.required') }])
      return
    }
    if (!issues.check(ReportInputSchema, input)) return
    if (!(await confirmed(t('inbox.raise.ask', { name: pick(d.household.headName, lang) })))) return
    setBusy(true)
    setKept(false)
    try {
      const files = await uploadAll(d, (path, fileId) =>
        setDraft((now) => ({ ...now, uploaded: { ...now.uploaded, [path]: fileId } })),
      )
      await call(requests, 'report', { ...input, ...(files.photos.length ? { photos: files.photos } : {}) })
      dropDraft(RAISE_DRAFT_KEY, current.current)
      issues.clear()
      toastDone(t('requests.sent'))
      void Taro.navigateBack()
    } catch (error) {
      issues.fail(error)
      setKept(true)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen title="inbox.raise.title">
      <View className="rq-form" data-testid="raise-form">
        <Text className="card__label">{t('inbox.raise.hint')}</Text>
        {household ? (
          <View className="card rq-card" data-testid="raise-household" data-id={household.id}>
            <Text className="section-title">
              {t('inbox.raise.household', {
                name: pick(household.headName, lang),
                village: pick(household.village, lang),
              })}
            </Text>
            <Text
              className="rq-find__up"
              data-testid="raise-change"
              onClick={() => change({ household: undefined, category: undefined })}
            >
              {t('inbox.find.change')}
            </Text>
          </View>
        ) : (
          <Loaded state={region}>
            {(root) => <HouseholdFind root={root} onChoose={(h) => change({ household: h })} />}
          </Loaded>
        )}
        {household && (
          <View className="card rq-form">
            <Field label={t('requests.category')} path="category" issues={issues}>
              <Menu householdId={household.id} draft={draft} choose={(category) => change({ category })} />
            </Field>
            <Field label={t('inbox.text')} path="text" issues={issues}>
              <Textarea
                className="rq-textarea"
                data-testid="raise-text"
                value={draft.text}
                maxlength={REQUEST_TEXT_MAX}
                nativeProps={{ 'aria-label': t('inbox.text') }}
                onInput={(e) => change({ text: e.detail.value })}
              />
            </Field>
            <Field label={t('requests.photos')} path="photos" issues={issues}>
              <View className="rq-photos">
                {draft.photos.map((p) => (
                  <View key={p.n} className="rq-photo-box" data-testid="raise-photo">
                    <Image className="rq-photo" src={p.path} mode="aspectFill" />
                    <Text
                      className="rq-photo-remove"
                      onClick={() => change({ photos: draft.photos.filter((x) => x.n !== p.n) })}
                    >
                      ✕
                    </Text>
                  </View>
                ))}
                <PhotoPick
                  room={REQUEST_PHOTOS_MAX - draft.photos.length}
                  onPicked={(paths) => void addPhotos(paths)}
                />
              </View>
            </Field>
            <FormMessage issues={issues} />
            {kept && (
              <Text className="card__label" data-testid="raise-kept">
                {t('inbox.raise.kept')}
              </Text>
            )}
            <Button
              className="rq-send"
              data-testid="raise-send"
              loading={busy}
              disabled={offWhen(busy)}
              onClick={() => void send()}
            >
              {t('inbox.raise.send')}
            </Button>
          </View>
        )}
      </View>
    </Screen>
  )
}
