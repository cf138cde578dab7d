/**
 * One exchange trip for its organisers (`?id=`): who is going (name and township, never a number), every named
 * family and studio in the office's order with where its place stands, and after the trip the report — a few
 * lines and photos that become a draft notice of the office, reviewed and published like any notice. Nobody
 * on the trip is asked to write anything.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import '@/components/Manage/index.css'
import PhotoPick from '@/components/PhotoPick/PhotoPick'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uploadToLocalCloud } from '@/services/local'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { uuid4 } from '@/services/uuid'
import { pick } from '@shared/bilingual'
import type { TripItem, TripRow } from '@shared/contracts/exchange'
import {
  REPORT_BODY_MAX,
  REPORT_PHOTOS_MAX,
  REPORT_TITLE_MAX,
  TripReportInputSchema,
  exchange,
} from '@shared/contracts/exchange'
import { extensionOf, noticeMediaPath } from '@shared/storage'
import { chinaDateTime, chinaDay } from '@shared/time'
import './trips.css'

const LANGS = ['zh-Hans', 'bo'] as const

async function upload(localPath: string, cloudPath: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return (await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })).fileID
  return uploadToLocalCloud(await (await fetch(localPath)).blob(), cloudPath)
}

function Row({ row }: { row: TripRow }) {
  const { lang, t } = useSettings()
  return (
    <View className="trips__row" data-testid="row" data-state={row.state}>
      <Text className="trips__name">{pick(row.name, lang)}</Text>
      <Text className="card__label">{`${t(`exchange.kind.${row.kind}`)} · ${pick(row.township, lang)}`}</Text>
      <Text>{t(`exchange.trips.state.${row.state}`)}</Text>
      {row.state === 'offered' && row.due && (
        <Text className="card__label">{t('exchange.trips.due', { due: chinaDateTime(row.due) })}</Text>
      )}
      {row.onBehalf && <Text className="card__label">{t('exchange.trips.onBehalf')}</Text>}
    </View>
  )
}

function Report({ trip, onDone }: { trip: TripItem; onDone: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [noticeId] = useState(uuid4)
  const [title, setTitle] = useState({ 'zh-Hans': '', bo: '' })
  const [body, setBody] = useState({ 'zh-Hans': '', bo: '' })
  const [photos, setPhotos] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const save = async () => {
    if (!issues.check(TripReportInputSchema, { id: trip.id, noticeId, title, body, photos: photos.map(() => 'x') }))
      return
    setBusy(true)
    try {
      // the photos go into the notice's own folder: the notice is what they belong to from now on
      const fileIds = await Promise.all(
        photos.map((path, i) => upload(path, noticeMediaPath(noticeId, `photo-${i + 1}`, extensionOf(path, 'jpg')))),
      )
      await call(exchange, 'tripReport', { id: trip.id, noticeId, title, body, photos: fileIds })
      toastDone(t('exchange.trips.reportDone'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card trips__form" data-testid="report">
      <Text className="section-title">{t('exchange.trips.report')}</Text>
      <Text className="card__label">{t('exchange.trips.reportHint')}</Text>
      {LANGS.map((l) => (
        <Field
          key={`title-${l}`}
          label={`${t('exchange.trips.reportTitle')} · ${t(`lang.${l}`)}`}
          path={`title.${l}`}
          issues={issues}
        >
          <Input
            className="manage__input"
            value={title[l]}
            maxlength={REPORT_TITLE_MAX}
            nativeProps={{ 'aria-label': `${t('exchange.trips.reportTitle')} ${t(`lang.${l}`)}` }}
            onInput={(e) => setTitle((v) => ({ ...v, [l]: e.detail.value }))}
            data-testid={`report-title-${l}`}
          />
        </Field>
      ))}
      {LANGS.map((l) => (
        <Field
          key={`body-${l}`}
          label={`${t('exchange.trips.reportBody')} · ${t(`lang.${l}`)}`}
          path={`body.${l}`}
          issues={issues}
        >
          <Textarea
            className="manage__input trips__textarea"
            value={body[l]}
            maxlength={REPORT_BODY_MAX}
            nativeProps={{ 'aria-label': `${t('exchange.trips.reportBody')} ${t(`lang.${l}`)}` }}
            onInput={(e) => setBody((v) => ({ ...v, [l]: e.detail.value }))}
            data-testid={`report-body-${l}`}
          />
        </Field>
      ))}
      <Field label={t('exchange.trips.photos')} path="photos" issues={issues}>
        <View className="trips__photos">
          {photos.map((path) => (
            <Image key={path} className="trips__photo" src={path} mode="aspectFill" />
          ))}
          <PhotoPick
            room={REPORT_PHOTOS_MAX - photos.length}
            onPicked={(paths) => setPhotos((p) => [...p, ...paths].slice(0, REPORT_PHOTOS_MAX))}
          />
        </View>
      </Field>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} onClick={() => void save()} data-testid="report-save">
        {t('exchange.trips.reportSave')}
      </Button>
    </View>
  )
}

function Trip({ id }: { id: string }) {
  const { lang, t } = useSettings()
  const detail = useCall(() => call(exchange, 'trip', { id }), [id])
  return (
    <Loaded state={detail}>
      {({ trip, rows }) => {
        const going = rows.filter((r) => r.state === 'confirmed')
        const over = chinaDay() >= trip.endDay
        return (
          <View className="trips__list">
            <View className="card card--edged" data-testid="trip-head">
              <Text className="section-title">{pick(trip.title, lang)}</Text>
              <Text>{pick(trip.places, lang)}</Text>
              <Text className="card__label">
                {t('exchange.trips.dates', { start: trip.startDay, end: trip.endDay })}
              </Text>
              <Text data-testid="trip-counts">
                {t('exchange.trips.counts', { slots: trip.slots, confirmed: trip.confirmed, offered: trip.offered })}
              </Text>
            </View>
            <View className="card trips__order" data-testid="participants">
              <Text className="section-title">{t('exchange.trips.participants')}</Text>
              {going.length === 0 && <Text>{t('exchange.trips.noParticipants')}</Text>}
              {going.map((row) => (
                <Row key={row.namedId} row={row} />
              ))}
            </View>
            <View className="card trips__order" data-testid="everyone">
              <Text className="section-title">{t('exchange.trips.everyone')}</Text>
              {rows.map((row) => (
                <Row key={row.namedId} row={row} />
              ))}
            </View>
            {trip.noticeId ? (
              <Button
                className="manage__secondary"
                data-testid="open-notice"
                onClick={() => void Taro.navigateTo({ url: `/pages/office/notices/edit?id=${trip.noticeId}` })}
              >
                {t('exchange.trips.openNotice')}
              </Button>
            ) : over ? (
              <Report trip={trip} onDone={detail.retry} />
            ) : (
              <Text className="card__label" data-testid="report-later">
                {t('exchange.trips.reportLater')}
              </Text>
            )}
          </View>
        )
      }}
    </Loaded>
  )
}

export default function OfficeTripPage() {
  const { t } = useSettings()
  const id = decodeURIComponent(useRouter().params.id ?? '')
  // opened without a trip (a stale link): nothing to look up
  return (
    <Screen title="exchange.trips.title">{id ? <Trip id={id} /> : <Empty text={t('exchange.trips.empty')} />}</Screen>
  )
}
