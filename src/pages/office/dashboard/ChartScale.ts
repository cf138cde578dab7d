/**
 * The trends chart's geometry, as plain functions of the figures and the canvas size (in CSS pixels), so
 * the weapp canvas, the H5 canvas and the tests share one answer: the value axis from 0 to a round maximum
 * with round steps, each month's slot along the bottom, and which month labels fit side by side.
 */

/** A figure's values, one per month; null where the month has nothing stored (drawn as a gap). */
export interface Series {
  key: string
  values: readonly (number | null)[]
}

export interface Axis {
  /** the top of the value axis (the bottom is always 0: counts and shares start there) */
  max: number
  step: number
  ticks: number[]
}

/** the round steps a reader counts in: 1, 2 or 5 times a power of ten */
const STEPS = [1, 2, 5, 10]

/**
 * A value axis from 0 that holds `top` in at most `count` round steps. Counts take whole steps (no "2.5
 * households"); shares (`integers: false`) may take 0.1, 0.2 …
 */
export function valueAxis(top: number, count = 4, integers = true): Axis {
  const highest = Number.isFinite(top) && top > 0 ? top : 0
  if (highest === 0)
    return {
      max: integers ? count : 1,
      step: integers ? 1 : 1 / count,
      ticks: ticksOf(integers ? 1 : 1 / count, count),
    }
  const rough = highest / count
  const power = 10 ** Math.floor(Math.log10(rough))
  let step = (STEPS.find((s) => s * power >= rough - 1e-12) ?? 10) * power
  if (integers) step = Math.max(1, Math.round(step))
  const steps = Math.max(1, Math.ceil(highest / step - 1e-9))
  return { max: round(step * steps), step, ticks: ticksOf(step, steps) }
}

function ticksOf(step: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => round(step * i))
}

/** floating steps (0.1 × 3) printed as 0.3, not 0.30000000000000004 */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9
}

/** The largest value of any series (nulls skipped); 0 when nothing is counted. */
export function highest(series: readonly Series[]): number {
  let top = 0
  for (const s of series) for (const value of s.values) if (value !== null && value > top) top = value
  return top
}

/** The plot's box inside the canvas: what the labels around it leave. */
export interface Plot {
  left: number
  top: number
  width: number
  height: number
}

/** The plot box of a canvas `width` × `height` with room for the value labels (left) and month labels (bottom). */
export function plotBox(width: number, height: number, valueLabelWidth: number, lineHeight: number): Plot {
  const gap = Math.round(lineHeight / 3)
  const left = Math.ceil(valueLabelWidth) + gap
  const top = Math.ceil(lineHeight / 2)
  const bottom = Math.ceil(lineHeight) + gap
  return { left, top, width: Math.max(0, width - left - gap), height: Math.max(0, height - top - bottom) }
}

/** The centre of month `index` of `count`, each month an equal slot across the plot. */
export function slotX(plot: Plot, index: number, count: number): number {
  return plot.left + ((index + 0.5) * plot.width) / Math.max(1, count)
}

/** The height on the canvas of `value` on the axis (0 at the plot's bottom, the axis's max at its top). */
export function valueY(plot: Plot, axis: Axis, value: number): number {
  const share = axis.max > 0 ? Math.min(1, Math.max(0, value / axis.max)) : 0
  return plot.top + plot.height * (1 - share)
}

/**
 * Every how many months a label is written so that the widest one, with a gap, fits in the slots it
 * spans: 1 (every month), 2, 3, 4, 6 or 12 — steps that divide a year, so the labels fall on the same
 * months each year. The last month is always among them (counted back from it).
 */
export function labelEvery(slotWidth: number, widestLabel: number, gap: number): number {
  for (const every of [1, 2, 3, 4, 6, 12]) if (every * slotWidth >= widestLabel + gap) return every
  return 12
}

/** Whether month `index` of `count` gets a label when every `every`-th one does, counted back from the last. */
export function labelled(index: number, count: number, every: number): boolean {
  return (count - 1 - index) % every === 0
}

/** Each bar of a grouped bar chart: its left edge and width within month `index`'s slot. */
export function barOf(plot: Plot, index: number, count: number, seriesIndex: number, seriesCount: number) {
  const slot = plot.width / Math.max(1, count)
  const group = slot * 0.7
  const width = group / Math.max(1, seriesCount)
  return { x: plot.left + slot * index + (slot - group) / 2 + width * seriesIndex, width }
}
