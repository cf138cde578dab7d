/**
 * Recording a household's request from its page (`?id=`), in a few taps: what kind it is (the services the
 * household's place offers, or "other"), a short text, photos only if the official wants them. The
 * household is the page's, so nothing about it is asked. Saving never needs the network: the request gets
 * its id here and goes into the outbox (requests.report, source official), which sends it once when it can.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import Screen from '@/components/Screen'
import { call } from '@/services/cloud'
import { OutboxFullError, outbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { REQUEST_PHOTOS_MAX, REQUEST_TEXT_MAX, ReportInputSchema, requests } from '@shared/contracts/requests'
import { savedHousehold } from '../households/saved'
import { categoryName } from './Requests'
import { useHouseholdId } from './parts'
import '../contact/index.css'

export default function NeedPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId()
  const household = savedHousehold(householdId)
  // offline the menu does not come: "other" is always there, and the township work office routes it
  const menu = useCall(() => call(requests, 'menu', { householdId }), [householdId])
  const items = menu.status === 'done' ? menu.data.items : []
  const [category, setCategory] = useState('other')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState('')
  const issues = useFormIssues()
  const chosen = items.find((m) => m.category === category)

  const save = async () => {
    const report = { id: outbox().newId(), householdId, category, text }
    if (!issues.check(ReportInputSchema, report)) return
    setProblem('')
    setSaving(true)
    try {
      await outbox().addReport({ ...report, text: text.trim() }, photos)
      void outbox().flush()
      toastDone(t('contacts.savedToast'))
      await Taro.navigateBack()
    } catch (error) {
      setProblem(error instanceof OutboxFullError ? t(error.key) : String(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Screen title="record.recordNeed">
      <View className="contact-form" data-testid="need-form" data-household={householdId}>
        {household && <Text className="contact-form__household">{pick(household.headName, lang)}</Text>}
        <Field label={t('services.field.category')} path="category" issues={issues}>
          <View className="chips">
            {[...items.map((m) => m.category), 'other'].map((c) => (
              <Text
                key={c}
                className={`chip${category === c ? ' chip--on' : ''}`}
                data-testid={`category-${c}`}
                onClick={() => setCategory(c)}
              >
                {categoryName(c, items, lang, t)}
              </Text>
            ))}
          </View>
          {chosen && pick(chosen.prepare, lang) && (
            <Text className="card__label" data-testid="prepare">
              {pick(chosen.prepare, lang)}
            </Text>
          )}
        </Field>
        <Field label={t('inbox.text')} path="text" issues={issues}>
          <Textarea
            className="contact-form__notes"
            data-testid="need-text"
            value={text}
            maxlength={REQUEST_TEXT_MAX}
            placeholder={t('contacts.needPlaceholder')}
            nativeProps={{ 'aria-label': t('inbox.text') }}
            onInput={(e) => setText(e.detail.value)}
          />
        </Field>
        <Field label={t('contacts.photos')} path="photos" issues={issues}>
          <View className="contact-form__photos">
            {photos.map((src, i) => (
              <View key={src} className="contact-form__photo photo-box" data-testid="photo">
                <Image className="photo-box__img" src={src} mode="widthFix" />
                <Text
                  className="contact-form__remove"
                  onClick={() => setPhotos((list) => list.filter((_p, j) => j !== i))}
                >
                  ✕
                </Text>
              </View>
            ))}
            <PhotoPick
              room={REQUEST_PHOTOS_MAX - photos.length}
              onPicked={(paths) => setPhotos((list) => [...list, ...paths])}
            />
          </View>
        </Field>
        <Text className="contact-form__optional" data-testid="need-hint">
          {t('record.needHint')}
        </Text>
        <FormMessage issues={issues} />
        {problem && (
          <View className="form-message" role="alert" data-testid="save-problem">
            <Text>{problem}</Text>
          </View>
        )}
        <Button
          className="contact-form__save"
          data-testid="save"
          loading={saving}
          disabled={offWhen(saving)}
          onClick={() => void save()}
        >
          {t('contacts.save')}
        </Button>
      </View>
    </Screen>
  )
}
