/**
 * A figure's last 12 China months (issue 15 item 4, office subpackage; `?region=` or `?departmentId=`, else
 * the caller's own, and `?figure=` one of the home's cards): the months' figures as a table, which is on
 * screen first and is also what a screen reader reads, then the chart drawn from it. Other figures of the
 * same kind (counts with counts, shares with shares: one axis) can be added to compare, up to four. The table
 * exports as a spreadsheet of every figure the key has, month by month, written by the function as every
 * dashboard table is.
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
import { dashboard } from '@shared/contracts/dashboard'
import Chart from './Chart'
import type { Card, Trend } from './ChartFigures'
import { CARDS, axisLabel, monthLabels, seriesOf, shown, summaryOf } from './ChartFigures'
import ChartTable from './ChartTable'
import ExportButton from './ExportButton'
import './trend.css'

/** at most this many lines on one chart: more cannot be told apart */
export const MOST = 4

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
  // the chart redraws when what it is given changes: kept the same between renders of the same months,
  // figures and language
  const { short, full } = useMemo(() => monthLabels(trend, t), [trend, t])
  const series = useMemo(() => seriesOf(trend, chosen), [chosen, trend])
  const format = useMemo(() => axisLabel(kind), [kind])
  const labels = chosen.map((card) => t(card.label))
  const summary = summaryOf(chosen, series, full, t)

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
        <ExportButton
          input={{ table: 'trend', ...(trend.axis === 'region' ? { region: trend.key } : { departmentId: trend.key }) }}
        />
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
