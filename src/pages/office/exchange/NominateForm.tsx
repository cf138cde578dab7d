/**
 * Putting a household or a studio forward for a campaign: the nominee picked from a list the screen gives, its
 * story in Chinese or Tibetan, and photos and a recording if the nominator has them. The files go to the
 * nomination's own folder before it is sent (its id is made here, so sending again keeps one). Used by a
 * village office (nominate.tsx) and by a unit's staff for the studios of their region (unit.tsx).
 */
import Taro from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import VoiceNote, { type Voice } from '@/components/VoiceNote/VoiceNote'
import { call } from '@/services/cloud'
import { uploadToLocalCloud } from '@/services/local'
import { validate } from '@shared/contract'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import type { CampaignKind } from '@shared/contracts/exchange'
import { NominateInputSchema, PHOTOS_MAX, STORY_MAX, exchange } from '@shared/contracts/exchange'
import { nominationPhotoPath, nominationVoicePath } from '@shared/storage'
import './index.css'

async function upload(localPath: string, cloudPath: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return (await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })).fileID
  return uploadToLocalCloud(await (await fetch(localPath)).blob(), cloudPath)
}

export interface Nominee {
  id: string
  name: Bilingual
  /** where it is, shown under its name when the list spans several places */
  place?: Bilingual
}

/** The nominees to pick from, one chip each. */
export function NomineeChips({
  items,
  chosen,
  onChoose,
}: {
  items: readonly Nominee[]
  chosen: string | undefined
  onChoose: (id: string) => void
}) {
  const { lang, t } = useSettings()
  return (
    <View className="exchange__chips" role="radiogroup">
      {items.map((n) => (
        <View
          key={n.id}
          className={`exchange__chip${chosen === n.id ? ' exchange__chip--on' : ''}`}
          role="radio"
          aria-checked={chosen === n.id}
          onClick={() => onChoose(n.id)}
          data-testid="nominee"
          data-id={n.id}
        >
          <Text>{pick(n.name, lang) || t('exchange.kind.familyShort')}</Text>
          {n.place && <Text className="exchange__chip-place">{pick(n.place, lang)}</Text>}
        </View>
      ))}
    </View>
  )
}

export default function NominateForm({
  campaignId,
  kind,
  picker,
  onDone,
}: {
  campaignId: string
  kind: CampaignKind
  /** the list to pick the nominee from */
  picker: (chosen: string | undefined, onChoose: (id: string) => void) => ReactNode
  onDone?: () => void
}) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [id] = useState(uuid4)
  const [nominee, setNominee] = useState<string>()
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [voice, setVoice] = useState<Voice>()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const nomineePath = kind === 'family' ? 'householdId' : 'unitId'
  const send = async () => {
    const base = {
      id,
      campaignId,
      ...(nominee ? (kind === 'family' ? { householdId: nominee } : { unitId: nominee }) : {}),
      story: { text },
    }
    // the schema's "pick one" names no field: the picker is marked beside the story's own marks
    const checked = validate(NominateInputSchema, base, lang)
    const found = [
      ...(nominee ? [] : [{ path: nomineePath, message: t('exchange.nomineeRequired') }]),
      ...(checked.ok ? [] : checked.issues.filter((i) => i.path !== '')),
    ]
    issues.mark(found)
    if (found.length > 0 || !checked.ok) return
    setBusy(true)
    try {
      const files = []
      for (const [i, path] of photos.entries()) files.push(await upload(path, nominationPhotoPath(id, i)))
      const recorded = voice ? await upload(voice.path, nominationVoicePath(id, voice.ext)) : undefined
      await call(exchange, 'nominate', {
        ...base,
        story: { text, photos: files, ...(recorded ? { voice: recorded } : {}) },
      })
      toastDone(t(kind === 'family' ? 'exchange.nominated' : 'exchange.nominatedStudio'))
      setDone(true)
      onDone?.()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  if (done)
    return (
      <View className="card" role="status" data-testid="nominated">
        <Text>{t(kind === 'family' ? 'exchange.nominated' : 'exchange.nominatedStudio')}</Text>
      </View>
    )
  return (
    <View className="card exchange__form" data-testid="nominate-form">
      <Field
        label={t(kind === 'family' ? 'exchange.pickHousehold' : 'exchange.pickStudio')}
        path={nomineePath}
        issues={issues}
      >
        {picker(nominee, setNominee)}
      </Field>
      <Field label={t('exchange.story')} path="story.text" issues={issues} hint={t('exchange.storyHint')}>
        <Textarea
          className="exchange__textarea"
          value={text}
          maxlength={STORY_MAX}
          nativeProps={{ 'aria-label': t('exchange.story') }}
          onInput={(e) => setText(e.detail.value)}
          data-testid="story"
        />
      </Field>
      <Field label={t('requests.voice')} path="story.voice" issues={issues}>
        <VoiceNote voice={voice} onChange={setVoice} />
      </Field>
      <Field label={t('requests.photos')} path="story.photos" issues={issues}>
        <View className="exchange__photos">
          {photos.map((p) => (
            <Image key={p} className="exchange__photo" src={p} mode="aspectFill" />
          ))}
          <PhotoPick room={PHOTOS_MAX - photos.length} onPicked={(paths) => setPhotos((x) => [...x, ...paths])} />
        </View>
      </Field>
      <FormMessage issues={issues} />
      <Button
        className="exchange__button"
        type="primary"
        disabled={offWhen(busy)}
        onClick={() => void send()}
        data-testid="nominate-send"
      >
        {t('exchange.nominate')}
      </Button>
    </View>
  )
}
