/**
 * The drill-down's chart: the key above the table (a region, or a department) and its households contacted
 * over the last 12 China months, asked for once the table is on screen (it mounts with the table and calls
 * after it), in words for a screen reader, and the trend page with every figure and the months' table one
 * tap away.
 */
import Taro from '@tarojs/taro'
import { useMemo } from 'react'
import { Text, View } from '@tarojs/components'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import { dashboard } from '@shared/contracts/dashboard'
import Chart from './Chart'
import type { Card, Trend } from './ChartFigures'
import { CARDS, axisLabel, monthLabels, seriesOf, summaryOf, trendUrl } from './ChartFigures'
import '@/components/HomeLink/index.css'

/** the drill-down's question: which places go without contact */
const FIGURE = 'householdsContacted'

function Drawn({ trend, card }: { trend: Trend; card: Card }) {
  const { t } = useSettings()
  const { short, full } = useMemo(() => monthLabels(trend, t), [trend, t])
  const series = useMemo(() => seriesOf(trend, [card]), [trend, card])
  const format = useMemo(() => axisLabel(card.kind), [card])
  return (
    <Chart
      testId="drill-trend-chart"
      months={short}
      series={series}
      shares={card.kind === 'share'}
      format={format}
      summary={summaryOf([card], series, full, t)}
    />
  )
}

export default function ChartTrend({ of }: { of: { axis: 'region' | 'department'; key: string; name: Bilingual } }) {
  const { lang, t } = useSettings()
  const card = CARDS.find((c) => c.id === FIGURE) as Card
  const whose = of.axis === 'department' ? { departmentId: of.key } : { region: of.key }
  const data = useCall(() => call(dashboard, 'trend', whose), [of.axis, of.key])
  return (
    <View className="card" data-testid="drill-chart">
      <Text className="section-title">
        {t('dashboard.trend.chart', { name: pick(of.name, lang) })} · {t(card.label)}
      </Text>
      <Loaded state={data}>{(trend) => <Drawn trend={trend} card={card} />}</Loaded>
      <View
        className="home-link"
        role="link"
        data-testid="open-trend"
        onClick={() => void Taro.navigateTo({ url: trendUrl(of, FIGURE) })}
      >
        <Text className="home-link__title">{t('dashboard.trend.title')}</Text>
        <Text className="home-link__arrow">›</Text>
      </View>
    </View>
  )
}
