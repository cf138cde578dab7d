/**
 * Exchange trips to Zhejiang for a prefecture or county office: its trips with their places taken, and a new
 * trip — dates, places in both languages, slots, the days each family has to answer, and the region's
 * named families and studios in the order places are offered (asked first: the order is fixed once sent).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { uuid4 } from '@/services/uuid'
import { pick } from '@shared/bilingual'
import type { NamedItem, TripItem } from '@shared/contracts/exchange'
import { TITLE_MAX, TRIP_PLACES_MAX, TripInputSchema, exchange } from '@shared/contracts/exchange'
import type { MessageKey } from '@shared/i18n'
import { levelOf } from '@shared/region'
import { addDays, chinaDay } from '@shared/time'
import { useOfficeRegion } from '../roster/office'
import './trips.css'

const LANGS = ['zh-Hans', 'bo'] as const

interface Draft {
  title: { 'zh-Hans': string; bo: string }
  places: { 'zh-Hans': string; bo: string }
  startDay: string
  endDay: string
  slots: string
  replyDays: string
  named: NamedItem[]
}

function fresh(): Draft {
  const start = addDays(chinaDay(), 30)
  return {
    title: { 'zh-Hans': '', bo: '' },
    places: { 'zh-Hans': '', bo: '' },
    startDay: start,
    endDay: addDays(start, 6),
    slots: '10',
    replyDays: '7',
    named: [],
  }
}

function NewTrip({ region, onCreated }: { region: string; onCreated: () => void }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [draft, setDraft] = useState(fresh)
  // made once per trip: saving again after a lost answer keeps one trip
  const [id, setId] = useState(uuid4)
  const [busy, setBusy] = useState(false)
  const named = useCall(() => call(exchange, 'named', { region }), [region])
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const chosen = new Set(draft.named.map((n) => n.id))
  const move = (index: number) =>
    set({
      named: draft.named.map((n, i) =>
        i === index - 1 ? draft.named[index]! : i === index ? draft.named[index - 1]! : n,
      ),
    })
  const save = async () => {
    const input = {
      id,
      region,
      title: draft.title,
      places: draft.places,
      startDay: draft.startDay,
      endDay: draft.endDay,
      slots: Number(draft.slots),
      replyDays: Number(draft.replyDays),
      named: draft.named.map((n) => n.id),
    }
    if (!issues.check(TripInputSchema, input)) return
    if (!(await confirmed(t('exchange.trips.createAsk', { n: Math.min(input.slots, input.named.length) })))) return
    setBusy(true)
    try {
      await call(exchange, 'saveTrip', input)
      toastDone(t('exchange.trips.created'))
      setDraft(fresh())
      setId(uuid4())
      onCreated()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  const text = (field: 'title' | 'places', label: MessageKey, max: number) =>
    LANGS.map((l) => (
      <Field key={l} label={`${t(label)} · ${t(`lang.${l}`)}`} path={`${field}.${l}`} issues={issues}>
        <Input
          className="manage__input"
          value={draft[field][l]}
          maxlength={max}
          nativeProps={{ 'aria-label': `${t(label)} ${t(`lang.${l}`)}` }}
          onInput={(e) => set({ [field]: { ...draft[field], [l]: e.detail.value } })}
          data-testid={`${field}-${l}`}
        />
      </Field>
    ))
  return (
    <View className="card trips__form" data-testid="new-trip">
      <Text className="section-title">{t('exchange.trips.new')}</Text>
      <Text className="card__label">{t('exchange.trips.intro')}</Text>
      {text('title', 'exchange.trips.name', TITLE_MAX)}
      {text('places', 'exchange.trips.places', TRIP_PLACES_MAX)}
      <Field label={t('exchange.trips.startDay')} path="startDay" issues={issues}>
        <Picker
          mode="date"
          value={draft.startDay}
          start={addDays(chinaDay(), 1)}
          onChange={(e) => set({ startDay: String(e.detail.value) })}
        >
          <Text className="trips__picker" data-testid="start-day">
            {draft.startDay}
          </Text>
        </Picker>
      </Field>
      <Field label={t('exchange.trips.endDay')} path="endDay" issues={issues}>
        <Picker
          mode="date"
          value={draft.endDay}
          start={draft.startDay}
          onChange={(e) => set({ endDay: String(e.detail.value) })}
        >
          <Text className="trips__picker" data-testid="end-day">
            {draft.endDay}
          </Text>
        </Picker>
      </Field>
      <Field label={t('exchange.trips.slots')} path="slots" issues={issues}>
        <Input
          className="manage__input"
          type="number"
          value={draft.slots}
          nativeProps={{ 'aria-label': t('exchange.trips.slots') }}
          onInput={(e) => set({ slots: e.detail.value })}
          data-testid="slots"
        />
      </Field>
      <Field label={t('exchange.trips.replyDays')} path="replyDays" issues={issues}>
        <Input
          className="manage__input"
          type="number"
          value={draft.replyDays}
          nativeProps={{ 'aria-label': t('exchange.trips.replyDays') }}
          onInput={(e) => set({ replyDays: e.detail.value })}
          data-testid="reply-days"
        />
      </Field>
      <Field label={t('exchange.trips.pick')} path="named" issues={issues}>
        <View className="trips__order" data-testid="order">
          {draft.named.map((n, i) => (
            <View key={n.id} className="trips__row" data-testid="ordered">
              <Text className="card__label">{t('exchange.trips.order', { n: i + 1 })}</Text>
              <Text className="trips__name">{pick(n.name, lang)}</Text>
              {i > 0 && (
                <Text className="trips__link" onClick={() => move(i)} data-testid="up">
                  {t('exchange.trips.up')}
                </Text>
              )}
              <Text
                className="trips__link"
                onClick={() => set({ named: draft.named.filter((x) => x.id !== n.id) })}
                data-testid="remove"
              >
                {t('exchange.trips.remove')}
              </Text>
            </View>
          ))}
        </View>
        <Loaded state={named}>
          {({ items }) => {
            const left = items.filter((n) => n.status === 'active' && !chosen.has(n.id))
            if (!items.some((n) => n.status === 'active'))
              return <Text className="card__label">{t('exchange.trips.noNamedHere')}</Text>
            return (
              <View className="trips__order">
                {left.map((n) => (
                  <View key={n.id} className="trips__row" data-testid="candidate" data-id={n.id}>
                    <Text className="trips__name">{pick(n.name, lang)}</Text>
                    <Text className="card__label">
                      {`${n.year} · ${t(`exchange.kind.${n.kind}`)} · ${pick(n.village, lang)}`}
                    </Text>
                    <Text className="trips__link" onClick={() => set({ named: [...draft.named, n] })} data-testid="add">
                      {t('exchange.trips.add')}
                    </Text>
                  </View>
                ))}
              </View>
            )
          }}
        </Loaded>
      </Field>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} onClick={() => void save()} data-testid="create">
        {t('exchange.trips.create')}
      </Button>
    </View>
  )
}

function TripCard({ trip }: { trip: TripItem }) {
  const { lang, t } = useSettings()
  return (
    <View
      className="card card--edged"
      data-testid="trip"
      data-id={trip.id}
      onClick={() => void Taro.navigateTo({ url: `/pages/office/exchange/trips-detail?id=${trip.id}` })}
    >
      <Text className="section-title">{pick(trip.title, lang)}</Text>
      <Text>{pick(trip.places, lang)}</Text>
      <Text className="card__label">{t('exchange.trips.dates', { start: trip.startDay, end: trip.endDay })}</Text>
      <Text data-testid="trip-counts">
        {t('exchange.trips.counts', { slots: trip.slots, confirmed: trip.confirmed, offered: trip.offered })}
      </Text>
    </View>
  )
}

function Trips({ region }: { region: string }) {
  const { t } = useSettings()
  const trips = useCall(() => call(exchange, 'trips', { region }), [region])
  const organises = levelOf(region) === 'prefecture' || levelOf(region) === 'county'
  return (
    <View className="trips__list">
      {organises && <NewTrip region={region} onCreated={trips.retry} />}
      <Loaded state={trips} empty={t('exchange.trips.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <View className="trips__list" data-testid="trips">
            {items.map((trip) => (
              <TripCard key={trip.id} trip={trip} />
            ))}
          </View>
        )}
      </Loaded>
    </View>
  )
}

export default function OfficeTripsPage() {
  const region = useOfficeRegion()
  return (
    <Screen title="exchange.trips.title">
      <Loaded state={region}>{(code) => <Trips region={code} />}</Loaded>
    </Screen>
  )
}
