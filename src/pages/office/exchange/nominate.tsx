/**
 * A village office (or any office, for a studio of its region) puts a household or a studio forward for a
 * campaign while nominations are open: picks it from the registry or the 石榴籽 network, writes its story in
 * Chinese or Tibetan, and may add photos and a recording. The files go to the nomination's own folder before
 * it is sent (its id is made here, so sending again keeps one). A family's nomination then waits for the
 * household's consent.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import VoiceNote, { type Voice } from '@/components/VoiceNote/VoiceNote'
import { call } from '@/services/cloud'
import { uploadToLocalCloud } from '@/services/local'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import type { CampaignKind } from '@shared/contracts/exchange'
import { NominateInputSchema, PHOTOS_MAX, STORY_MAX, exchange } from '@shared/contracts/exchange'
import { registry } from '@shared/contracts/registry'
import { nominationPhotoPath, nominationVoicePath } from '@shared/storage'
import { useOfficeRegion } from '../roster/office'
import './index.css'

/** households or studios listed to pick from at once */
const PICK_LIMIT = 100

async function upload(localPath: string, cloudPath: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return (await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })).fileID
  return uploadToLocalCloud(await (await fetch(localPath)).blob(), cloudPath)
}

interface Nominee {
  id: string
  name: Bilingual
}

function Pick({
  region,
  kind,
  chosen,
  onChoose,
}: {
  region: string
  kind: CampaignKind
  chosen: string | undefined
  onChoose: (id: string) => void
}) {
  const { lang, t } = useSettings()
  const list = useCall(async (): Promise<Nominee[]> => {
    if (kind === 'family') {
      const res = await call(registry, 'households', { region, limit: PICK_LIMIT })
      return res.households.map((h) => ({ id: h.id, name: h.headName }))
    }
    const res = await call(registry, 'network', { region, kind: 'studio', limit: PICK_LIMIT })
    return res.units.map((u) => ({ id: u.id, name: u.name }))
  }, [region, kind])
  return (
    <Loaded state={list}>
      {(items) => (
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
            </View>
          ))}
        </View>
      )}
    </Loaded>
  )
}

function Nominate({ campaignId, region, kind }: { campaignId: string; region: string; kind: CampaignKind }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [id] = useState(uuid4)
  const [nominee, setNominee] = useState<string>()
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<string[]>([])
  const [voice, setVoice] = useState<Voice>()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState(false)
  const send = async () => {
    const base = {
      id,
      campaignId,
      ...(nominee ? (kind === 'family' ? { householdId: nominee } : { unitId: nominee }) : {}),
      story: { text },
    }
    if (!issues.check(NominateInputSchema, base)) return
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
        path={kind === 'family' ? 'householdId' : 'unitId'}
        issues={issues}
      >
        <Pick region={region} kind={kind} chosen={nominee} onChoose={setNominee} />
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

function Campaign({ campaignId, region }: { campaignId: string; region: string }) {
  const { lang, t } = useSettings()
  const queue = useCall(() => call(exchange, 'queue', { campaignId, region }), [campaignId, region])
  return (
    <Loaded state={queue}>
      {({ campaign }) => (
        <>
          <Text className="exchange__name">{pick(campaign.title, lang) || t(`exchange.kind.${campaign.kind}`)}</Text>
          <Text className="card__label">{t('exchange.until', { day: campaign.deadlines.nomination })}</Text>
          <Nominate campaignId={campaignId} region={region} kind={campaign.kind} />
        </>
      )}
    </Loaded>
  )
}

export default function OfficeNominatePage() {
  const { params } = useRouter()
  const { t } = useSettings()
  const region = useOfficeRegion()
  const campaignId = params.campaignId ? decodeURIComponent(params.campaignId) : ''
  return (
    <Screen title="exchange.nominateTitle">
      {campaignId ? (
        <Loaded state={region}>{(code) => <Campaign campaignId={campaignId} region={code} />}</Loaded>
      ) : (
        // opened without a campaign (not from the campaigns list): nothing to show, and no call made
        <Empty text={t('exchange.noCampaign')} />
      )}
    </Screen>
  )
}
