/**
 * A figure's last 12 China months (issue 15 item 4, office subpackage; `?region=` or `?departmentId=`, else
 * the caller's own, and `?figure=` one of the home's cards): the months' figures as a table, which is on
 * screen first and is also what a screen reader reads, then the chart drawn from it. Other figures of the
 * same kind (counts with counts, shares with shares: one axis) can be added to compare, up to four.
 *
 * A month's gauges (households overdue, at risk) are the picture on its last day, the current month's the
 * present. A figure a month has nothing for (a share with nothing counted, a gauge before the nightly count
 * reached it) is "—" in the table and a gap in the line, never 0.
 */
import '../catalogue'
import { useRouter } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import type { Figures } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import type { MessageKey } from '@shared/i18n'
import Chart from './Chart'
import ChartTable from './ChartTable'
import './trend.css'

type Trend = ActionOutput<typeof dashboard, 'trend'>

/** at most this many lines on one chart: more cannot be told apart */
export const MOST = 4

/** A figure as the trend shows it: its name, whether it is a count or a share, and where it is in `Figures`. */
export interface Card {
  id: string
  label: MessageKey
  kind: 'count' | 'share'
  value: (f: Figures) => number | null
}

type Counted = { [K in keyof Figures]: Figures[K] extends number | null ? K : never }[keyof Figures]
const count = (id: Counted, kind: Card['kind'] = 'count'): Card => ({
  id,
  label: `dashboard.figure.${id}`,
  kind,
  value: (f) => f[id],
})
const rate = (id: keyof Figures['rates']): Card => ({
  id,
  label: `dashboard.figure.${id}`,
  kind: 'share',
  value: (f) => f.rates[id],
})

/** the home's figures in the home's order (pairing, contact, risk, needs, notices); the network's counts
 * change with the roster, not month by month, and stay on the home */
const CARDS: Card[] = [
  count('households'),
  count('officials'),
  count('coverage', 'share'),
  count('householdsContacted'),
  count('overdueHouseholds'),
  count('visits'),
  count('visitsConfirmed'),
  count('riskWatch'),
  count('riskHigh'),
  count('needsCollected'),
  count('needsSolved'),
  count('needsSolvedOnTime'),
  rate('response'),
  rate('solution'),
  rate('onTime'),
  rate('satisfaction'),
  count('noticesPublished'),
  count('noticeReadRate', 'share'),
]

/** A figure as written: a whole number, or a share in per cent with one decimal; "—" where there is none. */
export function shown(kind: Card['kind'], value: number | null): string {
  if (value === null) return '—'
  return kind === 'share' ? `${(value * 100).toFixed(1)}%` : String(value)
}

/** `2026-03` → [2026, 3] */
function monthParts(period: string): { year: number; month: number } {
  const [year = '0', month = '0'] = period.split('-')
  return { year: Number(year), month: Number(month) }
}

/** The cards this key has a figure for in any month (a department has no risk gauges or notices). */
function cardsOf(trend: Trend): Card[] {
  return CARDS.filter(
    (card) =>
      card.id in (trend.months[0]?.figures.rates ?? {}) || trend.months.some((m) => card.value(m.figures) !== null),
  )
}

/** Figures chosen: a tap adds a figure of the kind shown or takes it away; one of the other kind starts afresh. */
export function toggled(chosen: readonly Card[], card: Card): Card[] {
  if (chosen.some((c) => c.id === card.id))
    return chosen.length > 1 ? chosen.filter((c) => c.id !== card.id) : [...chosen]
  if (chosen[0] && chosen[0].kind !== card.kind) return [card]
  return chosen.length >= MOST ? [...chosen] : [...chosen, card]
}

function TrendOf({ trend, first }: { trend: Trend; first: string }) {
  const { lang, t } = useSettings()
  const available = useMemo(() => cardsOf(trend), [trend])
  const [chosen, setChosen] = useState<Card[]>(() => {
    const card = available.find((c) => c.id === first) ?? available[0]
    return card ? [card] : []
  })
  const kind = chosen[0]?.kind ?? 'count'
  const months = trend.months.map((m) => monthParts(m.period))
  // the chart redraws when its labels change: kept the same between renders of the same months and language
  const short = useMemo(
    () => trend.months.map((m) => t('dashboard.trend.month', { month: monthParts(m.period).month })),
    [trend, t],
  )
  const full = months.map((m) => t('dashboard.trend.monthFull', { year: m.year, month: m.month }))
  const series = useMemo(
    () => chosen.map((card) => ({ key: card.id, values: trend.months.map((m) => card.value(m.figures)) })),
    [chosen, trend],
  )
  const format = useMemo(
    () => (value: number) => (kind === 'share' ? `${Math.round(value * 100)}%` : String(value)),
    [kind],
  )
  const labels = chosen.map((card) => t(card.label))
  const summary = chosen
    .map((card, i) => {
      const values = series[i]?.values ?? []
      const last = values[values.length - 1] ?? null
      let high = -1
      values.forEach((v, m) => {
        if (v !== null && (high < 0 || v > (values[high] ?? 0))) high = m
      })
      return t('dashboard.trend.summary', {
        figure: labels[i] ?? '',
        count: values.length,
        last: shown(card.kind, last),
        high: high < 0 ? shown(card.kind, null) : shown(card.kind, values[high] ?? null),
        when: high < 0 ? '—' : (full[high] ?? ''),
      })
    })
    .join(' ')

  return (
    <Wide testId="trend">
      <View className="card trend__head wide__full">
        <Text className="section-title">{pick(trend.name, lang)}</Text>
        <Text className="card__label">{t('dashboard.trend.pick', { most: MOST })}</Text>
        <View className="trend__chips" data-testid="trend-figures">
          {available.map((card) => {
            const on = chosen.some((c) => c.id === card.id)
            return (
              <View
                key={card.id}
                className={`trend__chip${on ? ' trend__chip--on' : ''}`}
                role="checkbox"
                aria-checked={on}
                data-testid={`trend-figure-${card.id}`}
                onClick={() => setChosen((c) => toggled(c, card))}
              >
                <Text>{t(card.label)}</Text>
              </View>
            )
          })}
        </View>
      </View>
      <View className="card">
        <ChartTable
          testId="trend-table"
          monthLabel={t('dashboard.trend.monthColumn')}
          months={full}
          columns={chosen.map((card, i) => ({ key: card.id, label: labels[i] ?? '', values: series[i]?.values ?? [] }))}
          format={(value) => shown(kind, value)}
        />
        <Text className="card__label trend__note">{t('dashboard.trend.gauges')}</Text>
      </View>
      <View className="card">
        <Chart
          testId="trend-chart"
          months={short}
          series={series}
          shares={kind === 'share'}
          format={format}
          summary={summary}
        />
      </View>
    </Wide>
  )
}

export default function TrendPage() {
  const { region, departmentId, figure = 'householdsContacted' } = useRouter().params
  const data = useCall(
    () => call(dashboard, 'trend', { ...(region ? { region } : {}), ...(departmentId ? { departmentId } : {}) }),
    [region, departmentId],
  )
  return (
    <Screen title="dashboard.trend.title">
      <Loaded state={data}>{(trend) => <TrendOf trend={trend} first={figure} />}</Loaded>
    </Screen>
  )
}
