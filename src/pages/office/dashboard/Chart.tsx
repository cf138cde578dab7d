/**
 * The trends chart on weapp: a `Canvas type="2d"` node, measured and drawn once the page has laid it out
 * (the figures' table is already on screen by then), at the device's pixel ratio so lines and the text stay
 * sharp. No chart library: ECharts' weapp wrapper (ec-canvas) is a weapp-only component of several hundred
 * KB even in a custom build, and two kinds of chart (bars, lines) on one axis are about a hundred lines of
 * drawing (ChartDraw.ts) that serve the H5 build as well (Chart.h5.tsx).
 */
import Taro from '@tarojs/taro'
import { Canvas, View } from '@tarojs/components'
import { useEffect, useMemo } from 'react'
import { useSettings } from '@/services/settings'
import type { ChartProps, Pen } from './ChartDraw'
import { chartFontFamily, chartFontSize, drawChart } from './ChartDraw'
import './Chart.css'

let made = 0

interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): (Pen & { scale(x: number, y: number): void }) | null
}

function pixelRatio(): number {
  try {
    return Taro.getWindowInfo().pixelRatio || 1
  } catch {
    return 1
  }
}

export default function Chart({ months, series, shares, format, summary, testId }: ChartProps) {
  const { lang, largeText } = useSettings()
  const id = useMemo(() => `trend-chart-${++made}`, [])
  useEffect(() => {
    let live = true
    // the node exists only once the page has rendered this commit: WeChat's view layer lags React's
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: CanvasNode; width?: number; height?: number }[] | undefined) => {
          const found = res?.[0]
          if (!live || !found?.node || !found.width || !found.height) return
          const ratio = pixelRatio()
          found.node.width = Math.round(found.width * ratio)
          found.node.height = Math.round(found.height * ratio)
          const pen = found.node.getContext('2d')
          if (!pen) return
          pen.scale(ratio, ratio)
          const bo = lang === 'bo'
          drawChart(pen, found.width, found.height, {
            months,
            series,
            shares,
            format,
            fontSize: chartFontSize(bo, largeText),
            fontFamily: chartFontFamily(bo),
          })
        })
    })
    return () => {
      live = false
    }
  }, [id, lang, largeText, months, series, shares, format])
  return (
    <View className="chart" role="img" aria-label={summary} data-testid={testId}>
      <Canvas type="2d" id={id} className="chart__canvas" />
    </View>
  )
}
