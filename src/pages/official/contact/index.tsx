/**
 * Logging a contact (subpackage pages/official): channel, time, topics, notes, photos, the place of a
 * visit (only when the official switches it on), needs found. Saving never needs the network: the contact
 * gets its id here and goes into the outbox, which sends it when it can. The form checks with the same
 * schema and time rule as the function, so what is saved will not be refused later for its shape.
 */
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import * as v from 'valibot'
import Screen from '@/components/Screen'
import { pick } from '@shared/bilingual'
import { OutboxFullError, outbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import { fieldIssues } from '@shared/contract'
import type { Channel, ContactInput, Topic } from '@shared/contracts/contacts'
import { CHANNELS, CLOCK_SKEW_MS, ContactInputSchema, NEEDS_MAX, PHOTOS_MAX, TOPICS } from '@shared/contracts/contacts'
import { chinaDateTime, fromChina, now } from '@shared/time'
import { savedHousehold } from '../households/saved'
import PhotoPick from './PhotoPick'
import './index.css'
import { offWhen } from '@/components/Form'

/** the current moment as China-time date and time fields */
function nowFields(): { date: string; time: string } {
  const [date = '', time = ''] = chinaDateTime(now()).split(' ')
  return { date, time }
}

type Location = NonNullable<ContactInput['location']>

export default function ContactFormPage() {
  const { lang, t } = useSettings()
  const householdId = decodeURIComponent(useRouter().params.householdId ?? '')
  const household = savedHousehold(householdId)
  const [channel, setChannel] = useState<Channel | undefined>(undefined)
  const [when, setWhen] = useState(nowFields)
  const [topics, setTopics] = useState<Topic[]>([])
  const [notes, setNotes] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [location, setLocation] = useState<Location | undefined>(undefined)
  const [locationNote, setLocationNote] = useState('')
  const [needs, setNeeds] = useState<string[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

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
    const checked = v.safeParse(ContactInputSchema, contact)
    const found: Record<string, string> = {}
    if (!checked.success)
      for (const issue of fieldIssues(checked.issues, lang)) found[issue.path.split('.')[0] ?? ''] ??= issue.message
    // the function's time rule (cloudfunctions/contacts/domain/validate.ts), so a mistyped date is caught here
    if (Date.parse(contact.at) > Date.now() + CLOCK_SKEW_MS) found.at ??= t('contacts.inFuture')
    setErrors(found)
    if (!checked.success || Object.keys(found).length) return
    setSaving(true)
    try {
      const { photos: _none, ...rest } = checked.output
      void _none
      await outbox().add(rest, photos)
      void outbox().flush()
      Taro.showToast({ title: t('contacts.saved'), icon: 'success' }).catch(() => undefined)
      await Taro.navigateBack()
    } catch (error) {
      setErrors({ form: error instanceof OutboxFullError ? t(error.key) : String(error) })
    } finally {
      setSaving(false)
    }
  }

  const error = (field: string) =>
    errors[field] ? (
      <Text className="contact-form__error" data-testid={`error-${field}`}>
        {errors[field]}
      </Text>
    ) : null

  return (
    <Screen title="contacts.form.title">
      <View className="contact-form" data-testid="contact-form" data-household={householdId}>
        {household && <Text className="contact-form__household">{pick(household.headName, lang)}</Text>}

        <Text className="card__label">{t('contacts.channel')}</Text>
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
        {error('channel')}

        <Text className="card__label">{t('contacts.at')}</Text>
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
        {error('at')}

        <Text className="card__label">{t('contacts.topics')}</Text>
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
        {error('topics')}

        <Text className="card__label">{t('contacts.notes')}</Text>
        <Textarea
          className="contact-form__notes"
          data-testid="notes"
          value={notes}
          maxlength={1000}
          placeholder={t('contacts.notesPlaceholder')}
          onInput={(e) => setNotes(e.detail.value)}
        />
        {error('notes')}

        <Text className="card__label">{t('contacts.photos')}</Text>
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
          <PhotoPick room={PHOTOS_MAX - photos.length} onPicked={(paths) => setPhotos((list) => [...list, ...paths])} />
        </View>
        {error('photos')}

        {channel === 'visit' && (
          <View className="contact-form__location">
            <View className="contact-form__switch">
              <Text>{t('contacts.location')}</Text>
              <Switch
                checked={location !== undefined}
                data-testid="location"
                onChange={(e) => void switchLocation(e.detail.value)}
              />
            </View>
            <Text className="card__label">
              {location ? t('contacts.locationOn', { metres: location.accuracy }) : t('contacts.locationHint')}
            </Text>
            {locationNote && <Text className="contact-form__error">{locationNote}</Text>}
            {error('location')}
          </View>
        )}

        <Text className="card__label">{t('contacts.needs')}</Text>
        {needs.map((need, i) => (
          <View key={i} className="contact-form__need">
            <Input
              className="contact-form__input"
              data-testid={`need-${i}`}
              value={need}
              maxlength={200}
              placeholder={t('contacts.needPlaceholder')}
              onInput={(e) => setNeeds((list) => list.map((x, j) => (j === i ? e.detail.value : x)))}
            />
            <Text className="contact-form__remove" onClick={() => setNeeds((list) => list.filter((_x, j) => j !== i))}>
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
        {error('needs')}

        {error('form')}
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
