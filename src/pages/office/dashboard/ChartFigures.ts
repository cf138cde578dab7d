/**
 * The dashboard's figures as the trends chart reads them (the trend page, the drill-down's chart): each
 * figure's name, whether it is a count or a share (one axis holds one kind), where it is in `Figures`, and
 * the months and the chart's words in the reader's language.
 */
import type { ActionOutput } from '@shared/contract'
import type { Figures, dashboard } from '@shared/contracts/dashboard'
import type { MessageKey } from '@shared/i18n'
import type { Series } from './ChartScale'

export type Trend = ActionOutput<typeof dashboard, 'trend'>

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
export const CARDS: Card[] = [
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

/** Whether the trend page has a chart for a figure of the home (its id). */
export const charted = (id: string): boolean => CARDS.some((card) => card.id === id)

/** A figure as written: a whole number, or a share in per cent with one decimal; "—" where there is none. */
export function shown(kind: Card['kind'], value: number | null): string {
  if (value === null) return '—'
  return kind === 'share' ? `${(value * 100).toFixed(1)}%` : String(value)
}

/** A value on the chart's axis: shares in whole per cent. */
export const axisLabel =
  (kind: Card['kind']) =>
  (value: number): string =>
    kind === 'share' ? `${Math.round(value * 100)}%` : String(value)

/** `2026-03` → 2026 and 3 */
export function monthParts(period: string): { year: number; month: number } {
  const [year = '0', month = '0'] = period.split('-')
  return { year: Number(year), month: Number(month) }
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string

/** Each month as the chart's axis writes it (short) and as the table and the words say it (full). */
export function monthLabels(trend: Trend, t: T): { short: string[]; full: string[] } {
  const parts = trend.months.map((m) => monthParts(m.period))
  return {
    short: parts.map((m) => t('dashboard.trend.month', { month: m.month })),
    full: parts.map((m) => t('dashboard.trend.monthFull', { year: m.year, month: m.month })),
  }
}

/** Each chosen figure's values, month by month. */
export function seriesOf(trend: Trend, cards: readonly Card[]): Series[] {
  return cards.map((card) => ({ key: card.id, values: trend.months.map((m) => card.value(m.figures)) }))
}

/** The chart in words, for a screen reader: each figure's months, this month's value and the highest. */
export function summaryOf(cards: readonly Card[], series: readonly Series[], full: readonly string[], t: T): string {
  return cards
    .map((card, i) => {
      const values = series[i]?.values ?? []
      let high = -1
      values.forEach((v, m) => {
        if (v !== null && (high < 0 || v > (values[high] ?? 0))) high = m
      })
      return t('dashboard.trend.summary', {
        figure: t(card.label),
        count: values.length,
        last: shown(card.kind, values[values.length - 1] ?? null),
        high: shown(card.kind, high < 0 ? null : (values[high] ?? null)),
        when: high < 0 ? '—' : (full[high] ?? ''),
      })
    })
    .join(' ')
}

/** The trend page of a key and a figure. */
export function trendUrl(key: { axis: 'region' | 'department'; key: string }, figure: string): string {
  const whose = key.axis === 'department' ? `departmentId=${encodeURIComponent(key.key)}` : `region=${key.key}`
  return `/pages/office/dashboard/trend?${whose}&figure=${figure}`
}
