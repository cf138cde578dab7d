import { drawChart, axisOf, type Pen } from '@/pages/office/dashboard/ChartDraw'
import {
  barOf,
  highest,
  labelEvery,
  labelled,
  plotBox,
  slotX,
  valueAxis,
  valueY,
} from '@/pages/office/dashboard/ChartScale'

describe('the value axis', () => {
  it('runs from 0 to a round maximum in round whole steps for counts', () => {
    expect(valueAxis(37)).toEqual({ max: 40, step: 10, ticks: [0, 10, 20, 30, 40] })
    expect(valueAxis(120)).toEqual({ max: 150, step: 50, ticks: [0, 50, 100, 150] })
    expect(valueAxis(1000)).toEqual({ max: 1000, step: 500, ticks: [0, 500, 1000] })
    expect(valueAxis(8_417)).toEqual({ max: 10_000, step: 5000, ticks: [0, 5000, 10_000] })
  })

  it('never counts half a household: small counts step by 1', () => {
    expect(valueAxis(3)).toEqual({ max: 3, step: 1, ticks: [0, 1, 2, 3] })
    expect(valueAxis(1)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
  })

  it('holds the highest value whatever it is', () => {
    for (const top of [1, 2, 7, 9, 10, 11, 19, 99, 101, 555, 12_345, 264_974]) {
      const axis = valueAxis(top)
      expect(axis.max).toBeGreaterThanOrEqual(top)
      expect(axis.ticks.length).toBeLessThanOrEqual(6)
      expect(axis.ticks.at(-1)).toBe(axis.max)
      expect(Number.isInteger(axis.step)).toBe(true)
    }
  })

  it('gives shares tenths without floating noise', () => {
    expect(valueAxis(1, 4, false)).toEqual({ max: 1, step: 0.5, ticks: [0, 0.5, 1] })
    expect(valueAxis(0.3, 3, false).ticks).toEqual([0, 0.1, 0.2, 0.3])
  })

  it('draws an empty axis when nothing is counted', () => {
    expect(valueAxis(0)).toEqual({ max: 4, step: 1, ticks: [0, 1, 2, 3, 4] })
    expect(valueAxis(Number.NaN).max).toBe(4)
  })

  it('takes the highest value of every series, skipping months with nothing stored', () => {
    expect(
      highest([
        { key: 'a', values: [1, null, 5] },
        { key: 'b', values: [null, 7, 2] },
      ]),
    ).toBe(7)
    expect(highest([{ key: 'a', values: [null, null] }])).toBe(0)
  })
})

describe('the plot', () => {
  const plot = plotBox(300, 200, 40, 24)

  it('leaves room for the value labels on the left and the months below', () => {
    expect(plot.left).toBe(48)
    expect(plot.top).toBe(12)
    expect(plot.left + plot.width).toBe(292)
    expect(plot.top + plot.height).toBe(200 - 24 - 8)
  })

  it('puts 0 on the bottom line and the maximum on the top line', () => {
    const axis = valueAxis(40)
    expect(valueY(plot, axis, 0)).toBe(plot.top + plot.height)
    expect(valueY(plot, axis, 40)).toBe(plot.top)
    expect(valueY(plot, axis, 20)).toBe(plot.top + plot.height / 2)
  })

  it('centres each month in an equal slot', () => {
    expect(slotX(plot, 0, 12)).toBeCloseTo(plot.left + plot.width / 24)
    expect(slotX(plot, 11, 12)).toBeCloseTo(plot.left + plot.width - plot.width / 24)
  })

  it('keeps a month’s bars inside its slot', () => {
    const slot = plot.width / 12
    for (let s = 0; s < 3; s++) {
      const bar = barOf(plot, 5, 12, s, 3)
      expect(bar.x).toBeGreaterThanOrEqual(plot.left + slot * 5)
      expect(bar.x + bar.width).toBeLessThanOrEqual(plot.left + slot * 6 + 1e-9)
    }
  })
})

describe('month labels', () => {
  it('writes every month when the labels fit, else every 2nd, 3rd … month', () => {
    expect(labelEvery(60, 40, 8)).toBe(1)
    expect(labelEvery(23, 40, 8)).toBe(3)
    expect(labelEvery(30, 40, 8)).toBe(2)
    expect(labelEvery(2, 40, 8)).toBe(12)
  })

  it('always labels the latest month, counting back from it', () => {
    const shown = Array.from({ length: 12 }, (_, i) => i).filter((i) => labelled(i, 12, 3))
    expect(shown).toEqual([2, 5, 8, 11])
  })
})

/** a context that records what is drawn, with text 10 px wide per character */
function recordingPen() {
  const texts: { text: string; x: number; y: number; font: string }[] = []
  const rects: { x: number; y: number; w: number; h: number }[] = []
  const pen: Pen = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    clearRect: () => undefined,
    fillRect: (x, y, w, h) => void rects.push({ x, y, w, h }),
    fillText: (text, x, y) => void texts.push({ text, x, y, font: pen.font }),
    measureText: (text) => ({ width: text.length * 10 }),
    beginPath: () => undefined,
    moveTo: () => undefined,
    lineTo: () => undefined,
    arc: () => undefined,
    stroke: () => undefined,
    fill: () => undefined,
    setLineDash: () => undefined,
  }
  return { pen, texts, rects }
}

describe('the drawing', () => {
  const months = ['1月', '2月', '3月', '4月']
  const spec = {
    months,
    series: [{ key: 'visits', values: [10, null, 30, 40] }],
    shares: false,
    format: String,
    fontSize: 16,
    fontFamily: 'sans-serif',
  }

  it('draws one bar per month with a figure, as tall as its value on the axis', () => {
    const { pen, rects } = recordingPen()
    drawChart(pen, 400, 240, spec)
    expect(rects).toHaveLength(3)
    const heights = rects.map((r) => r.h)
    expect(heights[1]! / heights[0]!).toBeCloseTo(3)
    expect(heights[2]! / heights[0]!).toBeCloseTo(4)
  })

  it('writes the axis values and the month labels in the text size it is given', () => {
    const { pen, texts } = recordingPen()
    drawChart(pen, 400, 240, { ...spec, fontSize: 18 })
    expect(texts.map((t) => t.text)).toEqual([...axisOf(spec).ticks.map(String), ...months])
    expect(new Set(texts.map((t) => t.font))).toEqual(new Set(['18px sans-serif']))
  })

  it('draws shares on a 0 to 100 % axis', () => {
    const { pen, texts } = recordingPen()
    drawChart(pen, 400, 240, {
      ...spec,
      shares: true,
      series: [{ key: 'coverage', values: [0.5, 0.6, 0.7, 0.8] }],
      format: (v: number) => `${Math.round(v * 100)}%`,
    })
    expect(texts.slice(0, 3).map((t) => t.text)).toEqual(['0%', '50%', '100%'])
  })
})
