/**
 * Opportunities for members outside the prefecture, for departments (human resources, education) and work
 * offices: publishing one in both languages with its deadline (a department for its own region, an office for
 * its region), those published in reach, and for offices how recommendations turned out, counted by region
 * one level down from the counters kept on write. Outcomes are whatever officials happened to learn.
 */
import '../catalogue'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { uuid4 } from '@/services/uuid'
import { pick } from '@shared/bilingual'
import type { OpportunityKind } from '@shared/contracts/exchange'
import {
  OPPORTUNITY_KINDS,
  OPPORTUNITY_OUTCOMES,
  OPPORTUNITY_TEXT_MAX,
  OpportunityInputSchema,
  TITLE_MAX,
  TRIP_PLACES_MAX,
  exchange,
} from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import type { MessageKey } from '@shared/i18n'
import { addDays, chinaDay } from '@shared/time'
import { PREFECTURE } from '../roster/office'
import './trips.css'

const LANGS = ['zh-Hans', 'bo'] as const
const COLUMNS = ['recommended', ...OPPORTUNITY_OUTCOMES] as const

/** Who publishes here: the caller's office (its region), else its department, else (an administrator) the prefecture. */
type Publisher = { region: string; departmentId?: undefined } | { departmentId: string; region?: undefined }

type Texts = {
  title: Record<'zh-Hans' | 'bo', string>
  body: Record<'zh-Hans' | 'bo', string>
  place: Record<'zh-Hans' | 'bo', string>
}
const empty = (): Texts => ({
  title: { 'zh-Hans': '', bo: '' },
  body: { 'zh-Hans': '', bo: '' },
  place: { 'zh-Hans': '', bo: '' },
})

function Publish({ publisher, onSaved }: { publisher: Publisher; onSaved: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [kind, setKind] = useState<OpportunityKind>('job')
  const [texts, setTexts] = useState(empty)
  const [deadline, setDeadline] = useState(() => addDays(chinaDay(), 30))
  // made once per opportunity: publishing again after a lost answer keeps one
  const [id, setId] = useState(uuid4)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    const input = { id, ...publisher, kind, ...texts, deadline }
    if (!issues.check(OpportunityInputSchema, input)) return
    setBusy(true)
    try {
      await call(exchange, 'saveOpportunity', input)
      toastDone(t('exchange.opportunities.saved'))
      setTexts(empty())
      setId(uuid4())
      onSaved()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  const field = (name: keyof Texts, label: MessageKey, max: number, long = false) =>
    LANGS.map((l) => {
      const props = {
        className: `manage__input${long ? ' trips__textarea' : ''}`,
        value: texts[name][l],
        maxlength: max,
        nativeProps: { 'aria-label': `${t(label)} ${t(`lang.${l}`)}` },
        onInput: (e: { detail: { value: string } }) =>
          setTexts((v) => ({ ...v, [name]: { ...v[name], [l]: e.detail.value } })),
        'data-testid': `${name}-${l}`,
      }
      return (
        <Field key={`${name}-${l}`} label={`${t(label)} · ${t(`lang.${l}`)}`} path={`${name}.${l}`} issues={issues}>
          {long ? <Textarea {...props} /> : <Input {...props} />}
        </Field>
      )
    })
  return (
    <View className="card trips__form" data-testid="publish">
      <Text className="section-title">{t('exchange.opportunities.new')}</Text>
      <Text className="card__label">{t('exchange.opportunities.intro')}</Text>
      {publisher.departmentId && <Text className="card__label">{t('exchange.opportunities.asDepartment')}</Text>}
      <View className="manage__choices">
        {OPPORTUNITY_KINDS.map((k) => (
          <Button
            key={k}
            className={`manage__choice${kind === k ? ' manage__choice--on' : ''}`}
            onClick={() => setKind(k)}
            data-testid={`kind-${k}`}
          >
            {t(`exchange.opportunities.kind.${k}`)}
          </Button>
        ))}
      </View>
      {field('title', 'exchange.opportunities.name', TITLE_MAX)}
      {field('place', 'exchange.opportunities.place', TRIP_PLACES_MAX)}
      {field('body', 'exchange.opportunities.body', OPPORTUNITY_TEXT_MAX, true)}
      <Field label={t('exchange.opportunities.deadline')} path="deadline" issues={issues}>
        <Picker mode="date" value={deadline} start={chinaDay()} onChange={(e) => setDeadline(String(e.detail.value))}>
          <Text className="trips__picker" data-testid="deadline">
            {deadline}
          </Text>
        </Picker>
      </Field>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} onClick={() => void save()} data-testid="save">
        {t('exchange.opportunities.save')}
      </Button>
    </View>
  )
}

function Published({ version }: { version: number }) {
  const { lang, t } = useSettings()
  const list = useCall(() => call(exchange, 'opportunities', {}), [version])
  return (
    <Loaded state={list} empty={t('exchange.opportunities.empty')} isEmpty={({ items }) => items.length === 0}>
      {({ items }) => (
        <View className="trips__list" data-testid="opportunities">
          {items.map((o) => (
            <View key={o.id} className="card card--edged" data-testid="opportunity" data-id={o.id}>
              <View className="card__top">
                <Text className="section-title">{pick(o.title, lang)}</Text>
                <Text className="card__label">{t(`exchange.opportunities.kind.${o.kind}`)}</Text>
              </View>
              <Text>{pick(o.place, lang)}</Text>
              <Text className="card__label">{t('exchange.opportunities.deadlineOn', { day: o.deadline })}</Text>
              <Text className="card__label">{t('exchange.opportunities.recommendedCount', { n: o.recommended })}</Text>
            </View>
          ))}
        </View>
      )}
    </Loaded>
  )
}

function Counts({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const counts = useCall(() => call(exchange, 'opportunityCounts', { region }), [region])
  return (
    <Loaded state={counts}>
      {({ total, rows }) => (
        <View className="card trips__order" data-testid="counts">
          <Text className="section-title">{t('exchange.opportunities.counts')}</Text>
          <View className="opportunity-counts" role="table">
            <View className="opportunity-counts__row" role="row">
              <View role="columnheader">{t('exchange.opportunities.region')}</View>
              {COLUMNS.map((c) => (
                <View key={c} role="columnheader">
                  {t(`exchange.opportunities.counter.${c}`)}
                </View>
              ))}
            </View>
            {[...rows.filter((r) => r.counters.recommended > 0), { region, name: undefined, counters: total }].map(
              (r) => (
                <View key={r.region} className="opportunity-counts__row" role="row" data-testid="count-row">
                  <View role="cell">{r.name ? pick(r.name, lang) : t('exchange.opportunities.total')}</View>
                  {COLUMNS.map((c) => (
                    <View key={c} role="cell">
                      {r.counters[c]}
                    </View>
                  ))}
                </View>
              ),
            )}
          </View>
        </View>
      )}
    </Loaded>
  )
}

function Opportunities() {
  const [version, setVersion] = useState(0)
  const publisher = useCall(async (): Promise<Publisher> => {
    const me = await call(identity, 'me', {})
    const office = me.roles.find((g) => g.role === 'office')
    if (office?.role === 'office') return { region: office.region }
    const department = me.roles.find((g) => g.role === 'department')
    if (department?.role === 'department') return { departmentId: department.departmentId }
    return { region: PREFECTURE }
  })
  return (
    <Loaded state={publisher}>
      {(p) => (
        <View className="trips__list">
          <Publish publisher={p} onSaved={() => setVersion((n) => n + 1)} />
          {p.region && <Counts region={p.region} />}
          <Published version={version} />
        </View>
      )}
    </Loaded>
  )
}

export default function OfficeOpportunitiesPage() {
  return (
    <Screen title="exchange.opportunities.title">
      <Opportunities />
    </Screen>
  )
}
