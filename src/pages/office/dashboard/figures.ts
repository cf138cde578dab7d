/**
 * How the dashboard's figures read on a screen, in one place for the office home's cards, the drill-down's
 * table and the list behind a figure: what each card shows, how a count or a share is written (a share with
 * nothing counted is "—", never 0 %), the change from the previous period, and where tapping it leads.
 */
import { pick } from '@shared/bilingual'
import type { DashboardKey, DashboardRow, Figures, ListFigure } from '@shared/contracts/dashboard'
import type { Lang, MessageKey } from '@shared/i18n'

export type Within = 'month' | 'quarter'

/** What a figure opens: the households behind it, the drill-down, or the screen that keeps its work. */
export type Target = { list: ListFigure; within?: Within } | { drill: true } | { url: string }

export interface Card {
  id: string
  label: MessageKey
  kind: 'count' | 'share'
  value: (f: Figures) => number | null
  target: Target
}

export interface Group {
  title: MessageKey
  cards: Card[]
}

const count = (id: keyof Figures, label: MessageKey, target: Target): Card => ({
  id,
  label,
  kind: 'count',
  value: (f) => f[id] as number | null,
  target,
})

const rate = (id: keyof Figures['rates'], label: MessageKey): Card => ({
  id,
  label,
  kind: 'share',
  value: (f) => f.rates[id],
  target: { url: '/pages/office/relief/rates' },
})

/** The home's cards, in the order of the programme's work: households and pairing, contact, risk, needs,
 * notices and the network. */
export const GROUPS: Group[] = [
  {
    title: 'dashboard.glance.pairing',
    cards: [
      count('households', 'dashboard.figure.households', { drill: true }),
      count('officials', 'dashboard.figure.officials', { drill: true }),
      { ...count('coverage', 'dashboard.figure.coverage', { list: 'unpaired' }), kind: 'share' },
    ],
  },
  {
    title: 'dashboard.glance.contact',
    cards: [
      count('householdsContacted', 'dashboard.figure.householdsContacted', { list: 'notContacted', within: 'month' }),
      count('overdueHouseholds', 'dashboard.figure.overdueHouseholds', { list: 'overdue' }),
      count('visits', 'dashboard.figure.visits', { drill: true }),
      count('visitsConfirmed', 'dashboard.figure.visitsConfirmed', { drill: true }),
    ],
  },
  {
    title: 'dashboard.glance.risk',
    cards: [
      count('riskWatch', 'dashboard.figure.riskWatch', { list: 'riskWatch' }),
      count('riskHigh', 'dashboard.figure.riskHigh', { list: 'riskHigh' }),
    ],
  },
  {
    title: 'dashboard.glance.needs',
    cards: [
      count('needsCollected', 'dashboard.figure.needsCollected', { url: '/pages/office/relief/rates' }),
      count('needsSolved', 'dashboard.figure.needsSolved', { url: '/pages/office/relief/rates' }),
      count('needsSolvedOnTime', 'dashboard.figure.needsSolvedOnTime', { list: 'needsOverdue' }),
      rate('response', 'dashboard.figure.response'),
      rate('solution', 'dashboard.figure.solution'),
      rate('onTime', 'dashboard.figure.onTime'),
      rate('satisfaction', 'dashboard.figure.satisfaction'),
    ],
  },
  {
    title: 'dashboard.glance.notices',
    cards: [
      count('noticesPublished', 'dashboard.figure.noticesPublished', { url: '/pages/office/notices/index' }),
      {
        ...count('noticeReadRate', 'dashboard.figure.noticeReadRate', { url: '/pages/office/notices/index' }),
        kind: 'share',
      },
    ],
  },
]

/** A figure as written: a whole number, or a share in per cent with one decimal; "—" where nothing applies. */
export function shown(kind: Card['kind'] | 'percent', value: number | null): string {
  if (value === null) return '—'
  // a table's narrow column takes a whole per cent
  if (kind === 'percent') return `${Math.round(value * 100)}%`
  return kind === 'share' ? `${(value * 100).toFixed(1)}%` : String(value)
}

/** The change since the previous period, signed (`+3`, `−2`, `+1.5` percentage points); null when either
 * period has no figure. */
export function change(kind: Card['kind'], current: number | null, previous: number | null): string | null {
  if (current === null || previous === null) return null
  const delta = kind === 'share' ? Math.round((current - previous) * 1000) / 10 : current - previous
  if (delta === 0) return '±0'
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta)}`
}

/** A card applies to the key when either period has its figure (a department has no risk gauges or notices:
 * those are null, and their cards stay off its home); a relief rate with nothing counted yet shows "—". */
export function applies(card: Card, current: Figures, previous: Figures): boolean {
  return card.id in current.rates || card.value(current) !== null || card.value(previous) !== null
}

/** The query that names a key on the drill-down and list pages. */
export function keyQuery(key: Pick<DashboardKey, 'axis' | 'key'>): string {
  return key.axis === 'department' ? `departmentId=${encodeURIComponent(key.key)}` : `region=${key.key}`
}

export function listUrl(key: Pick<DashboardKey, 'axis' | 'key'>, figure: ListFigure, within?: Within): string {
  return `/pages/office/dashboard/list?figure=${figure}&${keyQuery(key)}${within ? `&within=${within}` : ''}`
}

export function drillUrl(key: Pick<DashboardKey, 'axis' | 'key'>): string {
  return `/pages/office/dashboard/index?${keyQuery(key)}`
}

/** Where a card leads; nowhere for a department's drill-down (a department has no level below it). */
export function targetUrl(key: Pick<DashboardKey, 'axis' | 'key'>, target: Target): string | undefined {
  if ('list' in target) return listUrl(key, target.list, target.within)
  if ('drill' in target) return key.axis === 'region' ? drillUrl(key) : undefined
  return target.url
}

// ---------------------------------------------------------------------------------------------------
// The drill-down's table

export type Column =
  'name' | 'households' | 'coverage' | 'householdsContacted' | 'overdueHouseholds' | 'riskHigh' | 'onTime'

export const COLUMNS: {
  column: Column
  label: MessageKey
  kind: 'count' | 'percent'
  value?: (f: Figures) => number | null
}[] = [
  { column: 'name', label: 'dashboard.table.name', kind: 'count' },
  { column: 'households', label: 'dashboard.figure.households', kind: 'count', value: (f) => f.households },
  { column: 'coverage', label: 'dashboard.figure.coverage', kind: 'percent', value: (f) => f.coverage },
  {
    column: 'householdsContacted',
    label: 'dashboard.figure.householdsContacted',
    kind: 'count',
    value: (f) => f.householdsContacted,
  },
  {
    column: 'overdueHouseholds',
    label: 'dashboard.figure.overdueHouseholds',
    kind: 'count',
    value: (f) => f.overdueHouseholds,
  },
  { column: 'riskHigh', label: 'dashboard.figure.riskHigh', kind: 'count', value: (f) => f.riskHigh },
  { column: 'onTime', label: 'dashboard.figure.onTime', kind: 'percent', value: (f) => f.rates.onTime },
]

export interface Sort {
  column: Column
  descending: boolean
}

/** Sorted by the column; rows with no figure in it go last either way, then by name. */
export function sortRows(rows: readonly DashboardRow[], sort: Sort, lang: Lang): DashboardRow[] {
  const sign = sort.descending ? -1 : 1
  const byName = (a: DashboardRow, b: DashboardRow) =>
    pick(a.name, lang).localeCompare(pick(b.name, lang), lang === 'bo' ? 'bo' : 'zh-Hans-CN')
  const valueOf = COLUMNS.find((c) => c.column === sort.column)?.value
  return [...rows].sort((a, b) => {
    if (!valueOf) return sign * byName(a, b)
    const x = valueOf(a.current)
    const y = valueOf(b.current)
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1
    return sign * (x - y) || byName(a, b)
  })
}
