/**
 * The office home at a glance (issue 15 item 1): the caller's region (or department) by name and level, and
 * its figures for the current month as cards, each with the previous month's figure and the change, grouped
 * by the programme's work. A card opens what is behind it: the households (overdue, not contacted, at risk,
 * unpaired, needs past their deadline), the drill-down one level at a time, or the screen that keeps its work.
 * Figures are about households and needs; none is about an official.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import { dashboard } from '@shared/contracts/dashboard'
import { PREFECTURE } from '../roster/office'
import ExportButton from './ExportButton'
import ChartLink from './ChartLink'
import type { Card } from './figures'
import { GROUPS, applies, change, drillUrl, listUrl, shown, targetUrl } from './figures'
import '@/components/HomeLink/index.css'
import './Glance.css'

type Home = ActionOutput<typeof dashboard, 'home'>

function FigureCard({ card, home }: { card: Card; home: Home }) {
  const { t } = useSettings()
  const current = card.value(home.current)
  const previous = card.value(home.previous)
  const delta = change(card.kind, current, previous)
  const url = targetUrl(home, card.target)
  return (
    <View
      className={`glance__card${url ? ' glance__card--link' : ''}`}
      role={url ? 'link' : undefined}
      data-testid={`figure-${card.id}`}
      onClick={url ? () => void Taro.navigateTo({ url }) : undefined}
    >
      <Text className="glance__label">{t(card.label)}</Text>
      <Text className="glance__value">{shown(card.kind, current)}</Text>
      {card.id === 'householdsContacted' && home.current.target !== null && (
        // the month's share of the current phase's contact target, as the quarter's card shows the quarter's
        <Text className="glance__previous" data-testid="month-target">
          {t('dashboard.glance.target', { target: home.current.target })}
        </Text>
      )}
      <Text className="glance__previous">
        {t('dashboard.previous', { value: shown(card.kind, previous) })}
        {delta ? ` (${delta})` : ''}
      </Text>
      <ChartLink of={home} figure={card.id} />
    </View>
  )
}

/** The quarter so far: households contacted against the quarter's target and beside the quarter before,
 * opening those not contacted yet. */
function Quarter({ home }: { home: Home }) {
  const { t } = useSettings()
  if (!home.quarter) return null
  const { householdsContacted, target, previous } = home.quarter
  const delta = change('count', householdsContacted, previous)
  return (
    <View
      className="glance__card glance__card--link"
      role="link"
      data-testid="figure-quarter"
      onClick={() => void Taro.navigateTo({ url: listUrl(home, 'notContacted', 'quarter') })}
    >
      <Text className="glance__label">{t('dashboard.quarter')}</Text>
      <Text className="glance__value">{shown('count', householdsContacted)}</Text>
      <Text className="glance__previous">
        {target === null ? t('dashboard.glance.noTarget') : t('dashboard.glance.target', { target })}
      </Text>
      <Text className="glance__previous" data-testid="quarter-previous">
        {t('dashboard.previous', { value: shown('count', previous) })}
        {delta ? ` (${delta})` : ''}
      </Text>
    </View>
  )
}

/** The network's units by kind, this period and the one before (units are added and closed by offices). */
function Network({ home }: { home: Home }) {
  const { t } = useSettings()
  const { network } = home.current
  if (!network) return null
  const before = home.previous.network
  return (
    <View
      className="card glance__group"
      role="link"
      data-testid="figure-network"
      onClick={() => void Taro.navigateTo({ url: '/pages/office/network/index' })}
    >
      <Text className="card__label glance__title">{t('dashboard.figure.network')}</Text>
      <Text>{t('dashboard.glance.network', network)}</Text>
      <Text className="glance__previous" data-testid="network-previous">
        {t('dashboard.previous', { value: before ? t('dashboard.glance.network', before) : shown('count', null) })}
      </Text>
    </View>
  )
}

const OPPORTUNITY_FIGURES = ['recommended', 'applied', 'hired', 'enrolled'] as const

/** Opportunities for members (issue 16): the region's recommendations and the outcomes learned, each beside the
 * period before, opening the region's opportunities and their counts by region; a household's figures, never an
 * official's, and none on a department's home. */
function Opportunities({ home }: { home: Home }) {
  const { t } = useSettings()
  const { opportunities } = home
  if (!opportunities) return null
  return (
    <View
      className="card glance__group"
      role="link"
      data-testid="figure-opportunities"
      onClick={() => void Taro.navigateTo({ url: '/pages/office/exchange/opportunities' })}
    >
      <Text className="card__label glance__title">{t('dashboard.opportunities.title')}</Text>
      <Text className="glance__previous glance__title">{t('dashboard.opportunities.note')}</Text>
      <View className="glance__cards">
        {OPPORTUNITY_FIGURES.map((name) => {
          const current = opportunities.current[name]
          const previous = opportunities.previous[name]
          const delta = change('count', current, previous)
          return (
            <View key={name} className="glance__card" data-testid={`opportunities-${name}`}>
              <Text className="glance__label">{t(`dashboard.opportunities.${name}`)}</Text>
              <Text className="glance__value">{shown('count', current)}</Text>
              <Text className="glance__previous">
                {t('dashboard.previous', { value: shown('count', previous) })}
                {delta ? ` (${delta})` : ''}
              </Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}

export function GlanceView({ home }: { home: Home }) {
  const { lang, t } = useSettings()
  return (
    <View className="glance" data-testid="glance" data-key={home.key}>
      <View className="card glance__head">
        <Text className="section-title" data-testid="glance-name">
          {pick(home.name, lang)}
          {home.level !== 'department' ? ` · ${t(`level.${home.level}`)}` : ''}
        </Text>
        <Text className="card__label">{t('dashboard.period', { period: home.period })}</Text>
        <Text className="card__label">{t('dashboard.glance.compared', { period: home.previousPeriod })}</Text>
      </View>
      {GROUPS.map((group) => {
        const cards = group.cards.filter((card) => applies(card, home.current, home.previous))
        if (!cards.length) return null
        return (
          <View key={group.title} className="card glance__group">
            <Text className="card__label glance__title">{t(group.title)}</Text>
            <View className="glance__cards">
              {cards.map((card) => (
                <FigureCard key={card.id} card={card} home={home} />
              ))}
              {group.title === 'dashboard.glance.contact' && <Quarter home={home} />}
            </View>
          </View>
        )
      })}
      <Network home={home} />
      <Opportunities home={home} />
      {home.axis === 'region' && (
        <View
          className="card home-link"
          data-testid="open-drill"
          onClick={() => void Taro.navigateTo({ url: drillUrl(home) })}
        >
          <Text className="home-link__title">{t('dashboard.drill')}</Text>
          <Text className="home-link__arrow">›</Text>
        </View>
      )}
      <ExportButton
        input={{
          table: 'home',
          ...(home.axis === 'region' ? { region: home.key } : { departmentId: home.key }),
          period: home.period,
        }}
      />
    </View>
  )
}

/** The caller's own figures: an office's region, a department's own, the prefecture for an administrator. */
export default function Glance({ roles }: { roles: readonly RoleGrant[] }) {
  const own = roles.some((g) => g.role === 'office' || g.role === 'department')
  const home = useCall(() => call(dashboard, 'home', own ? {} : { region: PREFECTURE }), [own])
  return <Loaded state={home}>{(data) => <GlanceView home={data} />}</Loaded>
}
