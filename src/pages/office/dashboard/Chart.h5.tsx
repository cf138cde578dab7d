/**
 * The trends chart in the browser (H5): a plain <canvas>, sized from its box and the window's pixel ratio,
 * drawn by the same ChartDraw.ts as the weapp canvas (Chart.tsx says why there is no chart library), and
 * drawn again when the box changes width (a window dragged wider, the wide layout's second column).
 */
import { View } from '@tarojs/components'
import { useEffect, useRef } from 'react'
import { useSettings } from '@/services/settings'
import type { ChartProps } from './ChartDraw'
import { chartFontFamily, chartFontSize, drawChart } from './ChartDraw'
import './Chart.css'

export default function Chart({ months, series, shares, format, summary, testId }: ChartProps) {
  const { lang, largeText } = useSettings()
  const canvas = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const node = canvas.current
    if (!node) return
    const draw = () => {
      const box = node.getBoundingClientRect()
      const pen = node.getContext('2d')
      if (!pen || box.width === 0 || box.height === 0) return
      const ratio = window.devicePixelRatio || 1
      node.width = Math.round(box.width * ratio)
      node.height = Math.round(box.height * ratio)
      pen.setTransform(ratio, 0, 0, ratio, 0, 0)
      const bo = lang === 'bo'
      drawChart(pen, box.width, box.height, {
        months,
        series,
        shares,
        format,
        fontSize: chartFontSize(bo, largeText),
        fontFamily: chartFontFamily(bo),
      })
    }
    // the first frame shows the table; the chart follows in the next
    const frame = requestAnimationFrame(draw)
    const watch = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => draw())
    watch?.observe(node)
    return () => {
      cancelAnimationFrame(frame)
      watch?.disconnect()
    }
  }, [lang, largeText, months, series, shares, format])
  return (
    <View className="chart" role="img" aria-label={summary} data-testid={testId}>
      <canvas ref={canvas} className="chart__canvas" aria-hidden="true" />
    </View>
  )
}
