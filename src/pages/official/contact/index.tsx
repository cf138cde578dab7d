/**
 * Logging a contact (subpackage pages/official). Only the kind of contact and its time are asked for;
 * everything else — topics, notes, a voice note, photos, the place of a visit (only when the official
 * switches it on), needs found — is the official's choice, and the form says what it adds. Saving never
 * needs the network: the contact gets its id here and goes into the outbox, which sends it when it can.
 * Each need line also goes into the outbox as a request for the household (category "other", routed by the
 * township work office), its id made from the contact's (src/shared/needs.ts): the household and the day
 * are the contact's, typed once.
 * The form checks with the same schema and time rule as the function, so what is saved will not be
 * refused later for its shape. `?channel=` and `?topics=` come from the household list's quick sheet.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { pick } from '@shared/bilingual'
import { validate } from '@shared/contract'
import { OutboxFullError, outbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import type { Channel, ContactInput, Topic } from '@shared/contracts/contacts'
import { CHANNELS, CLOCK_SKEW_MS, ContactInputSchema, NEEDS_MAX, PHOTOS_MAX, TOPICS } from '@shared/contracts/contacts'
import type { FieldIssue } from '@shared/errors'
import { needRequestId } from '@shared/needs'
import { chinaDateTime, fromChina, now } from '@shared/time'
import { savedHousehold } from '../households/saved'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import VoiceNote, { type Voice } from '@/components/VoiceNote/VoiceNote'
import './index.css'

/** the current moment as China-time date and time fields */
function nowFields(): { date: string; time: string } {
  const [date = '', time = ''] = chinaDateTime(now()).split(' ')
  return { date, time }
}

type Location = NonNullable<ContactInput['location']>

const isChannel = (value: string | undefined): value is Channel => CHANNELS.includes(value as Channel)
const isTopic = (value: string): value is Topic => TOPICS.includes(value as Topic)

export default function ContactFormPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const householdId = decodeURIComponent(params.householdId ?? '')
  const household = savedHousehold(householdId)
  const [channel, setChannel] = useState<Channel | undefined>(() =>
    isChannel(params.channel) ? params.channel : undefined,
  )
  const [when, setWhen] = useState(nowFields)
  const [topics, setTopics] = useState<Topic[]>(() => (params.topics ?? '').split(',').filter(isTopic))
  const [notes, setNotes] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [voice, setVoice] = useState<Voice | undefined>(undefined)
  const [location, setLocation] = useState<Location | undefined>(undefined)
  const [locationNote, setLocationNote] = useState('')
  const [needs, setNeeds] = useState<string[]>([])
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState('')
  const issues = useFormIssues()

  const toggleTopic = (topic: Topic) =>
    setTopics((list) => (list.includes(topic) ? list.filter((x) => x !== topic) : [...list, topic]))

  const chooseChannel = (next: Channel) => {
    setChannel(next)
    // a place is recorded for visits only
    if (next !== 'visit') setLocation(undefined)
  }

  const switchLocation = async (on: boolean) => {
    setLocationNote('')
    if (!on) return setLocation(undefined)
    try {
      const res = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true })
      setLocation({ latitude: res.latitude, longitude: res.longitude, accuracy: Math.round(res.accuracy ?? 0) })
    } catch {
      setLocation(undefined)
      setLocationNote(t('contacts.locationFailed'))
    }
  }

  const save = async () => {
    const contact = {
      id: outbox().newId(),
      householdId,
      channel,
      // an unreadable date or time stays unreadable, so the schema names the field
      at: fromChina(when.date, when.time) ?? `${when.date}T${when.time}`,
      topics,
      notes,
      photos: [] as string[],
      locationConsent: location !== undefined,
      ...(location ? { location } : {}),
      needs: needs.map((text) => ({ text })).filter((n) => n.text.trim() !== ''),
    }
    const checked = validate(ContactInputSchema, contact, lang)
    const found: FieldIssue[] = checked.ok ? [] : [...checked.issues]
    // the function's time rule (cloudfunctions/contacts/domain/validate.ts), so a mistyped date is caught here
    if (Date.parse(contact.at) > Date.now() + CLOCK_SKEW_MS) found.push({ path: 'at', message: t('contacts.inFuture') })
    if (!checked.ok || found.length) return issues.mark(found)
    issues.clear()
    setProblem('')
    setSaving(true)
    try {
      const { photos: _none, voiceNote: _later, ...rest } = checked.value
      void _none
      void _later
      await outbox().add(rest, photos, voice ? { path: voice.path, ext: voice.ext } : undefined)
      for (const [index, need] of rest.needs.entries())
        await outbox().addReport({ id: needRequestId(rest.id, index), householdId, category: 'other', text: need.text })
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
    <Screen title="contacts.form.title">
      <View className="contact-form" data-testid="contact-form" data-household={householdId}>
        {household && <Text className="contact-form__household">{pick(household.headName, lang)}</Text>}

        <Field label={t('contacts.channel')} path="channel" issues={issues}>
          <View className="chips">
            {CHANNELS.map((c) => (
              <Text
                key={c}
                className={`chip${channel === c ? ' chip--on' : ''}`}
                data-testid={`channel-${c}`}
                onClick={() => chooseChannel(c)}
              >
                {t(`contacts.channel.${c}`)}
              </Text>
            ))}
          </View>
        </Field>

        <Field label={t('contacts.at')} path="at" issues={issues}>
          <View className="contact-form__when">
            <Picker
              mode="date"
              value={when.date}
              onChange={(e) => setWhen((w) => ({ ...w, date: String(e.detail.value) }))}
            >
              <Text className="contact-form__picker" data-testid="date">
                {t('contacts.date')} {when.date}
              </Text>
            </Picker>
            <Picker
              mode="time"
              value={when.time}
              onChange={(e) => setWhen((w) => ({ ...w, time: String(e.detail.value) }))}
            >
              <Text className="contact-form__picker" data-testid="time">
                {t('contacts.time')} {when.time}
              </Text>
            </Picker>
          </View>
        </Field>

        <Text className="contact-form__optional" data-testid="optional-hint">
          {t('contacts.optionalHint')}
        </Text>

        <Field label={t('contacts.topicsOptional')} path="topics" issues={issues}>
          <View className="chips">
            {TOPICS.map((topic) => (
              <Text
                key={topic}
                className={`chip${topics.includes(topic) ? ' chip--on' : ''}`}
                data-testid={`topic-${topic}`}
                onClick={() => toggleTopic(topic)}
              >
                {t(`contacts.topic.${topic}`)}
              </Text>
            ))}
          </View>
        </Field>

        <Field label={t('contacts.notes')} path="notes" issues={issues}>
          <Textarea
            className="contact-form__notes"
            data-testid="notes"
            value={notes}
            maxlength={1000}
            placeholder={t('contacts.notesPlaceholder')}
            nativeProps={{ 'aria-label': t('contacts.notes') }}
            onInput={(e) => setNotes(e.detail.value)}
          />
        </Field>

        <Field label={t('contacts.voice')} path="voiceNote" issues={issues}>
          <VoiceNote voice={voice} onChange={setVoice} />
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
              room={PHOTOS_MAX - photos.length}
              onPicked={(paths) => setPhotos((list) => [...list, ...paths])}
            />
          </View>
        </Field>

        {channel === 'visit' && (
          <Field label={t('contacts.location')} path="location" issues={issues}>
            <View className="contact-form__switch">
              <Text className="card__label">
                {location ? t('contacts.locationOn', { metres: location.accuracy }) : t('contacts.locationHint')}
              </Text>
              <Switch
                checked={location !== undefined}
                data-testid="location"
                nativeProps={{ 'aria-label': t('contacts.location') }}
                onChange={(e) => void switchLocation(e.detail.value)}
              />
            </View>
            {locationNote && <Text className="contact-form__error">{locationNote}</Text>}
          </Field>
        )}

        <Field label={t('contacts.needs')} path="needs" issues={issues} hint={t('record.needsBecome')}>
          {needs.map((need, i) => (
            <View key={i} className="contact-form__need">
              <Input
                className="contact-form__input"
                data-testid={`need-${i}`}
                value={need}
                maxlength={200}
                placeholder={t('contacts.needPlaceholder')}
                nativeProps={{ 'aria-label': `${t('contacts.needs')} ${i + 1}` }}
                onInput={(e) => setNeeds((list) => list.map((x, j) => (j === i ? e.detail.value : x)))}
              />
              <Text
                className="contact-form__remove"
                onClick={() => setNeeds((list) => list.filter((_x, j) => j !== i))}
              >
                {t('contacts.remove')}
              </Text>
            </View>
          ))}
          {needs.length < NEEDS_MAX && (
            <Button
              className="contact-form__add"
              data-testid="add-need"
              onClick={() => setNeeds((list) => [...list, ''])}
            >
              {t('contacts.addNeed')}
            </Button>
          )}
        </Field>

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
