/**
 * Draws the trends chart on a 2D canvas context: the weapp `Canvas type="2d"` node's and the H5 <canvas>'s
 * speak the same standard API, so one drawing serves both (Chart.tsx, Chart.h5.tsx). Sizes are CSS pixels:
 * the caller has scaled the context by the device pixel ratio.
 *
 * One figure is drawn as bars; several as lines, each with its own colour and dash (told apart without
 * colour too), and the legend is the table beside the chart, not text on the canvas.
 */
import type { Axis, Plot, Series } from './ChartScale'
import { barOf, highest, labelEvery, labelled, plotBox, slotX, valueAxis, valueY } from './ChartScale'

/** The part of CanvasRenderingContext2D the drawing uses (weapp's canvas 2d context has all of it). */
export interface Pen {
  fillStyle: unknown
  strokeStyle: unknown
  lineWidth: number
  font: string
  textAlign: string
  textBaseline: string
  clearRect(x: number, y: number, w: number, h: number): void
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
  beginPath(): void
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  arc(x: number, y: number, r: number, start: number, end: number): void
  stroke(): void
  fill(): void
  setLineDash(dash: number[]): void
}

/** Each series' look, in order: colour and dash (a figure keeps them in the chart and the table). */
export const INKS = [
  { colour: '#b3261e', dash: [] as number[] },
  { colour: '#1d5b8c', dash: [10, 6] },
  { colour: '#6b5a00', dash: [3, 5] },
  { colour: '#4a6b2f', dash: [14, 4, 3, 4] },
]

export interface ChartSpec {
  series: readonly Series[]
  /** one label per month, in the reader's language */
  months: readonly string[]
  /** a value as the axis writes it (a count, or a share as a percentage) */
  format: (value: number) => string
  /** shares run from 0 to 100 %; counts from 0 to a round maximum */
  shares: boolean
  /** the text's size in CSS pixels (16 at least: the typography floor) and its font family */
  fontSize: number
  fontFamily: string
}

const AXIS_INK = '#5f554e'
const GRID_INK = '#eadfd6'

/** The axis the spec's values are drawn on. */
export function axisOf(spec: Pick<ChartSpec, 'series' | 'shares'>): Axis {
  return spec.shares ? valueAxis(1, 4, false) : valueAxis(highest(spec.series), 4, true)
}

export function drawChart(pen: Pen, width: number, height: number, spec: ChartSpec): void {
  pen.clearRect(0, 0, width, height)
  const axis = axisOf(spec)
  pen.font = `${spec.fontSize}px ${spec.fontFamily}`
  const valueLabels = axis.ticks.map(spec.format)
  const widestValue = Math.max(...valueLabels.map((label) => pen.measureText(label).width))
  const lineHeight = spec.fontSize * 1.6
  const plot = plotBox(width, height, widestValue, lineHeight)
  const count = spec.months.length

  drawValueAxis(pen, plot, axis, valueLabels)
  drawMonths(pen, plot, spec.months, lineHeight)
  if (spec.series.length === 1 && spec.series[0]) drawBars(pen, plot, axis, spec.series[0], count)
  else spec.series.forEach((series, i) => drawLine(pen, plot, axis, series, count, i))
}

function drawValueAxis(pen: Pen, plot: Plot, axis: Axis, labels: readonly string[]): void {
  pen.textAlign = 'right'
  pen.textBaseline = 'middle'
  pen.lineWidth = 1
  pen.setLineDash([])
  axis.ticks.forEach((tick, i) => {
    const y = Math.round(valueY(plot, axis, tick)) + 0.5
    pen.strokeStyle = i === 0 ? AXIS_INK : GRID_INK
    pen.beginPath()
    pen.moveTo(plot.left, y)
    pen.lineTo(plot.left + plot.width, y)
    pen.stroke()
    pen.fillStyle = AXIS_INK
    pen.fillText(labels[i] ?? '', plot.left - 6, y)
  })
}

function drawMonths(pen: Pen, plot: Plot, months: readonly string[], lineHeight: number): void {
  const slot = plot.width / Math.max(1, months.length)
  const widest = Math.max(0, ...months.map((month) => pen.measureText(month).width))
  // a gap of a letter's size between labels: Tibetan ones otherwise read as one word across two months
  const every = labelEvery(slot, widest, Math.round(lineHeight / 1.6))
  pen.textAlign = 'center'
  pen.textBaseline = 'top'
  pen.fillStyle = AXIS_INK
  const y = plot.top + plot.height + lineHeight / 4
  months.forEach((month, i) => {
    if (labelled(i, months.length, every)) pen.fillText(month, slotX(plot, i, months.length), y)
  })
}

function drawBars(pen: Pen, plot: Plot, axis: Axis, series: Series, count: number): void {
  pen.fillStyle = INKS[0]?.colour ?? AXIS_INK
  series.values.forEach((value, i) => {
    if (value === null) return
    const bar = barOf(plot, i, count, 0, 1)
    const top = valueY(plot, axis, value)
    pen.fillRect(bar.x, top, bar.width, plot.top + plot.height - top)
  })
}

function drawLine(pen: Pen, plot: Plot, axis: Axis, series: Series, count: number, index: number): void {
  const ink = INKS[index % INKS.length] ?? { colour: AXIS_INK, dash: [] }
  pen.strokeStyle = ink.colour
  pen.fillStyle = ink.colour
  pen.lineWidth = 3
  pen.setLineDash(ink.dash)
  // a month with nothing stored breaks the line instead of pretending it was 0
  let drawing = false
  pen.beginPath()
  series.values.forEach((value, i) => {
    if (value === null) {
      drawing = false
      return
    }
    const x = slotX(plot, i, count)
    const y = valueY(plot, axis, value)
    if (drawing) pen.lineTo(x, y)
    else pen.moveTo(x, y)
    drawing = true
  })
  pen.stroke()
  pen.setLineDash([])
  series.values.forEach((value, i) => {
    if (value === null) return
    pen.beginPath()
    pen.arc(slotX(plot, i, count), valueY(plot, axis, value), 4, 0, Math.PI * 2)
    pen.fill()
  })
}

/** The text size on the canvas in CSS px, as the screen's body text (app.css): never under the 16 px floor. */
export function chartFontSize(bo: boolean, large: boolean): number {
  if (large) return bo ? 24 : 21
  return bo ? 18 : 16
}

/** The font stacks of app.css, for the canvas (which takes no CSS): Tibetan first for Tibetan readers. */
export function chartFontFamily(bo: boolean): string {
  return bo
    ? "'Noto Serif Tibetan', 'Noto Sans Tibetan', 'Microsoft Himalaya', 'Jomolhari', 'Kailasa', 'Noto Sans CJK SC', sans-serif"
    : "-apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
}

/** What a chart is given, on either platform. */
export interface ChartProps {
  /** one label per month, in the reader's language */
  months: readonly string[]
  series: readonly Series[]
  shares: boolean
  format: (value: number) => string
  /** the chart in words, for a screen reader; the table beside it holds every figure */
  summary: string
  testId?: string
}
