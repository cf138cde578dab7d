/**
 * A figure's way to its last 12 months, on the home's figure cards: a small link of its own inside the card
 * (the card itself opens the households behind the figure), so tapping it does not also open the card.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import { charted, trendUrl } from './ChartFigures'
import './ChartTable.css'

export default function ChartLink({
  of,
  figure,
}: {
  of: { axis: 'region' | 'department'; key: string }
  figure: string
}) {
  const { t } = useSettings()
  if (!charted(figure)) return null
  return (
    <View
      className="chart-link"
      role="link"
      data-testid={`trend-${figure}`}
      onClick={(event) => {
        event.stopPropagation()
        void Taro.navigateTo({ url: trendUrl(of, figure) })
      }}
    >
      <Text>{t('dashboard.trend.open')} ›</Text>
    </View>
  )
}
