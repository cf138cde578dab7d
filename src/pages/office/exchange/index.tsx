/**
 * The selection of model families and excellent studios, as offices see it: the prefecture's campaigns with
 * the stage each is in and its deadlines, each opening its nominations; a village office nominates from here
 * while nominations are open. The prefecture office opens a year's campaign: kind, quotas per county, the
 * scoring rubric, a deadline for each stage and the 公示's start and length (the function checks their order).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { CampaignItem, CampaignKind } from '@shared/contracts/exchange'
import { CAMPAIGN_KINDS, OpenCampaignInputSchema, exchange } from '@shared/contracts/exchange'
import { registry } from '@shared/contracts/registry'
import { levelOf } from '@shared/region'
import { addDays, chinaDay } from '@shared/time'
import { useOfficeRegion } from '../roster/office'
import Chips from './Chips'
import ReviewsDue from './ReviewsDue'
import './index.css'

const DEADLINES = ['nomination', 'township', 'county', 'prefecture'] as const

/** the rubric a campaign starts from; the office changes the points or adds criteria */
const RUBRIC = [
  { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 40 },
  { key: 'family', name: { 'zh-Hans': '家风家教', bo: 'ཁྱིམ་ཚང་གི་གཤིས་ལུགས' }, max: 30 },
  { key: 'neighbours', name: { 'zh-Hans': '邻里互助', bo: 'ཁྱིམ་མཚེས་ཕན་ཚུན་རོགས་རམ' }, max: 30 },
]

function Open({ region, onOpened }: { region: string; onOpened: () => void }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const today = chinaDay()
  const counties = useCall(() => call(registry, 'regions', { region }), [region])
  const [kind, setKind] = useState<CampaignKind>('family')
  const [year, setYear] = useState(String(Number(today.slice(0, 4))))
  const [title, setTitle] = useState({ 'zh-Hans': '', bo: '' })
  const [places, setPlaces] = useState<Record<string, string>>({})
  const [rubric, setRubric] = useState(RUBRIC.map((c) => ({ ...c, max: String(c.max) })))
  const [deadlines, setDeadlines] = useState({
    nomination: addDays(today, 14),
    township: addDays(today, 21),
    county: addDays(today, 28),
    prefecture: addDays(today, 35),
  })
  const [start, setStart] = useState(addDays(today, 40))
  const [days, setDays] = useState('7')
  const [busy, setBusy] = useState(false)
  const [id, setId] = useState(uuid4)
  const open = async () => {
    const input = {
      id,
      region,
      year: Number(year),
      kind,
      title,
      quotas: Object.entries(places)
        .filter(([, n]) => n.trim() !== '')
        .map(([county, n]) => ({ county, places: Number(n) })),
      rubric: rubric.map((c) => ({ ...c, max: Number(c.max) })),
      deadlines,
      publicity: { start, days: Number(days) },
    }
    if (!issues.check(OpenCampaignInputSchema, input)) return
    setBusy(true)
    try {
      await call(exchange, 'open', input)
      toastDone(t('exchange.opened'))
      setId(uuid4())
      onOpened()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  const day = (value: string, set: (v: string) => void, label: string, testId: string) => (
    <Input
      className="exchange__input exchange__input--short"
      value={value}
      placeholder="YYYY-MM-DD"
      nativeProps={{ 'aria-label': label }}
      onInput={(e) => set(e.detail.value)}
      data-testid={testId}
    />
  )
  return (
    <View className="card exchange__form" data-testid="open-form">
      <Text className="exchange__name">{t('exchange.openNew')}</Text>
      <Field label={t('exchange.kind')} path="kind" issues={issues}>
        <Chips
          chips={CAMPAIGN_KINDS.map((k) => ({ key: k, text: t(`exchange.kind.${k}`) }))}
          value={kind}
          onChange={setKind}
          testId="kind"
        />
      </Field>
      <Field label={t('exchange.year')} path="year" issues={issues}>
        <Input
          className="exchange__input exchange__input--short"
          type="number"
          value={year}
          nativeProps={{ 'aria-label': t('exchange.year') }}
          onInput={(e) => setYear(e.detail.value)}
          data-testid="year"
        />
      </Field>
      <Field label={t('exchange.titleZh')} path="title.zh-Hans" issues={issues}>
        <Input
          className="exchange__input"
          value={title['zh-Hans']}
          nativeProps={{ 'aria-label': t('exchange.titleZh') }}
          onInput={(e) => setTitle((x) => ({ ...x, 'zh-Hans': e.detail.value }))}
          data-testid="title-zh"
        />
      </Field>
      <Field label={t('exchange.titleBo')} path="title.bo" issues={issues}>
        <Input
          className="exchange__input"
          value={title.bo}
          nativeProps={{ 'aria-label': t('exchange.titleBo') }}
          onInput={(e) => setTitle((x) => ({ ...x, bo: e.detail.value }))}
          data-testid="title-bo"
        />
      </Field>
      <Field label={t('exchange.quotas')} path="quotas" issues={issues}>
        <Loaded state={counties}>
          {({ children }) => (
            <View className="exchange__row">
              {children.map((c) => (
                <View key={c.code} className="exchange__line">
                  <Text>{pick(c.name, lang)}</Text>
                  <Input
                    className="exchange__input exchange__input--short"
                    type="number"
                    value={places[c.code] ?? ''}
                    nativeProps={{ 'aria-label': pick(c.name, lang) }}
                    onInput={(e) => setPlaces((p) => ({ ...p, [c.code]: e.detail.value }))}
                    data-testid={`quota-${c.code}`}
                  />
                </View>
              ))}
            </View>
          )}
        </Loaded>
      </Field>
      <Field label={t('exchange.rubric')} path="rubric" issues={issues}>
        <View className="exchange__row">
          {rubric.map((c, i) => (
            <View key={c.key} className="exchange__line">
              <Text>{pick(c.name, lang)}</Text>
              <Text className="card__label">{t('exchange.criterionMax')}</Text>
              <Input
                className="exchange__input exchange__input--short"
                type="number"
                value={c.max}
                nativeProps={{ 'aria-label': `${pick(c.name, lang)} ${t('exchange.criterionMax')}` }}
                onInput={(e) => setRubric((r) => r.map((x, j) => (j === i ? { ...x, max: e.detail.value } : x)))}
                data-testid={`rubric-${c.key}`}
              />
            </View>
          ))}
        </View>
      </Field>
      {DEADLINES.map((d) => (
        <Field key={d} label={t(`exchange.deadline.${d}`)} path={`deadlines.${d}`} issues={issues}>
          {day(
            deadlines[d],
            (v) => setDeadlines((x) => ({ ...x, [d]: v })),
            t(`exchange.deadline.${d}`),
            `deadline-${d}`,
          )}
        </Field>
      ))}
      <Field label={t('exchange.publicityStart')} path="publicity.start" issues={issues}>
        {day(start, setStart, t('exchange.publicityStart'), 'publicity-start')}
      </Field>
      <Field label={t('exchange.publicityDays')} path="publicity.days" issues={issues}>
        <Input
          className="exchange__input exchange__input--short"
          type="number"
          value={days}
          nativeProps={{ 'aria-label': t('exchange.publicityDays') }}
          onInput={(e) => setDays(e.detail.value)}
          data-testid="publicity-days"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="exchange__button" disabled={offWhen(busy)} onClick={() => void open()} data-testid="open-send">
        {t('exchange.openNew')}
      </Button>
    </View>
  )
}

function Campaign({ item, region }: { item: CampaignItem; region: string }) {
  const { lang, t } = useSettings()
  const nominating = item.state === 'open' && item.stage === 'nomination' && levelOf(region) === 'village'
  return (
    <View className="card exchange__item" data-testid="campaign" data-id={item.id}>
      <View className="card__top">
        <Text className="exchange__name">{pick(item.title, lang) || t(`exchange.kind.${item.kind}`)}</Text>
        <Text className="card__label">{t(`exchange.state.${item.state}`)}</Text>
      </View>
      <Text className="card__label">{`${item.year} · ${t(`exchange.kind.${item.kind}Short`)} · ${t(`exchange.stage.${item.stage}`)}`}</Text>
      <Text className="card__label">
        {t('exchange.window', {
          start: item.publicity.start,
          end: addDays(item.publicity.start, item.publicity.days - 1),
        })}
      </Text>
      <View className="exchange__line">
        <Button
          className="exchange__button"
          size="mini"
          onClick={() => void Taro.navigateTo({ url: `/pages/office/exchange/campaign?id=${item.id}` })}
          data-testid="campaign-open"
        >
          {t('exchange.nominations')}
        </Button>
        {nominating && (
          <Button
            className="exchange__button"
            size="mini"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: `/pages/office/exchange/nominate?campaignId=${item.id}` })}
            data-testid="campaign-nominate"
          >
            {t('exchange.nominate')}
          </Button>
        )}
      </View>
    </View>
  )
}

function Campaigns({ region }: { region: string }) {
  const { t } = useSettings()
  const list = useCall(() => call(exchange, 'campaigns', { region }), [region])
  return (
    <>
      <Text>{t('exchange.intro')}</Text>
      <Text
        className="exchange__link"
        onClick={() => void Taro.navigateTo({ url: '/pages/office/exchange/named' })}
        data-testid="named-link"
      >
        {t('exchange.named')}
      </Text>
      <ReviewsDue region={region} />
      {levelOf(region) === 'prefecture' && <Open region={region} onOpened={list.retry} />}
      <Loaded state={list} empty={t('exchange.noCampaigns')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <View className="exchange__list" data-testid="campaigns">
            {items.map((item) => (
              <Campaign key={item.id} item={item} region={region} />
            ))}
          </View>
        )}
      </Loaded>
    </>
  )
}

export default function OfficeExchangePage() {
  const region = useOfficeRegion()
  return (
    <Screen title="exchange.title">
      <Loaded state={region}>{(code) => <Campaigns region={code} />}</Loaded>
    </Screen>
  )
}
