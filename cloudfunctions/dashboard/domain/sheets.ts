/**
 * The dashboard's tables as spreadsheet sheets: a key's figures (this period beside the one before), the
 * level below side by side, a key's months, the progress against the phase's targets, and the lists that
 * need action — the households behind a figure (names and
 * phones masked) and the requests past their deadline. Exports and the monthly and quarterly reports write
 * the same sheets; a report's headers carry both languages, an export's the caller's.
 *
 * What no sheet holds: a count per official. A row is a region, a department, a household or a request;
 * an official appears only by name, as one of a household's paired officials, never with a figure beside
 * them. The export's input names no table or axis of officials (src/shared/contracts/dashboard.ts).
 */
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import type { DashboardRow, Figures } from '@shared/contracts/dashboard'
import type { Lang, MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import { maskName } from '@shared/mask'
import type { Progress, TargetName } from '@shared/phases'
import { PERCENT_TARGETS, TARGET_NAMES } from '@shared/phases'

/** A sheet as the XLSX writer takes it (cloudfunctions/_shared/xlsx-write.ts `SheetSpec`). */
export interface Sheet {
  name: string
  header: string[]
  textColumns?: ReadonlySet<number>
  rows: (string | number)[][]
}

/** The language of a sheet's words: one, or both (a report, read by offices of either). */
export type Wording = Lang | 'both'

export function word(wording: Wording, key: MessageKey, params?: Record<string, string | number>): string {
  return wording === 'both' ? `${t('zh-Hans', key, params)} ${t('bo', key, params)}` : t(wording, key, params)
}

function named(wording: Wording, name: Bilingual): string {
  if (wording !== 'both') return pick(name, wording)
  return name.bo && name.bo !== name['zh-Hans'] ? `${name['zh-Hans']} ${name.bo}` : name['zh-Hans']
}

/** The figures a sheet shows, in the home's order; a share is a percentage, a figure that does not apply "—". */
type Column = { key: MessageKey; value: (f: Figures) => number | null; share?: true }

const COLUMNS: readonly Column[] = [
  { key: 'dashboard.figure.households', value: (f) => f.households },
  { key: 'dashboard.figure.officials', value: (f) => f.officials },
  { key: 'dashboard.figure.pairedHouseholds', value: (f) => f.pairedHouseholds },
  { key: 'dashboard.figure.coverage', value: (f) => f.coverage, share: true },
  { key: 'dashboard.figure.householdsContacted', value: (f) => f.householdsContacted },
  { key: 'dashboard.figure.target', value: (f) => f.target },
  { key: 'dashboard.figure.overdueHouseholds', value: (f) => f.overdueHouseholds },
  { key: 'dashboard.figure.visits', value: (f) => f.visits },
  { key: 'dashboard.figure.visitsConfirmed', value: (f) => f.visitsConfirmed },
  { key: 'dashboard.figure.riskWatch', value: (f) => f.riskWatch },
  { key: 'dashboard.figure.riskHigh', value: (f) => f.riskHigh },
  { key: 'dashboard.figure.needsCollected', value: (f) => f.needsCollected },
  { key: 'dashboard.figure.needsSolved', value: (f) => f.needsSolved },
  { key: 'dashboard.figure.needsSolvedOnTime', value: (f) => f.needsSolvedOnTime },
  { key: 'dashboard.figure.response', value: (f) => f.rates.response, share: true },
  { key: 'dashboard.figure.solution', value: (f) => f.rates.solution, share: true },
  { key: 'dashboard.figure.onTime', value: (f) => f.rates.onTime, share: true },
  { key: 'dashboard.figure.satisfaction', value: (f) => f.rates.satisfaction, share: true },
  { key: 'dashboard.figure.noticesPublished', value: (f) => f.noticesPublished },
  { key: 'dashboard.figure.noticeReadRate', value: (f) => f.noticeReadRate, share: true },
  {
    key: 'dashboard.figure.network',
    value: (f) => (f.network ? f.network.centre + f.network.studio + f.network.team : null),
  },
]

const NONE = '—'

function cell(column: Column, figures: Figures): string | number {
  const value = column.value(figures)
  if (value === null) return NONE
  return column.share ? `${Math.round(value * 1000) / 10}%` : value
}

/** A key's figures: one row per figure, this period and the one before. */
export function figuresSheet(
  wording: Wording,
  heading: string,
  home: { period: string; previousPeriod: string; current: Figures; previous: Figures },
): Sheet {
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, 'reports.sheet.figures'),
    header: [
      heading,
      `${word(wording, 'reports.col.current')} ${home.period}`,
      `${word(wording, 'reports.col.previous')} ${home.previousPeriod}`,
    ],
    rows: COLUMNS.map((c) => [word(wording, c.key), cell(c, home.current), cell(c, home.previous)]),
  }
}

/** The level below (or the region's departments) side by side: one row per child, a column per figure. */
export function belowSheet(wording: Wording, rows: readonly DashboardRow[]): Sheet {
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, 'reports.sheet.below'),
    header: [word(wording, 'reports.col.name'), ...COLUMNS.map((c) => word(wording, c.key))],
    rows: rows.map((r) => [named(wording, r.name), ...COLUMNS.map((c) => cell(c, r.current))]),
  }
}

/**
 * A key's last China months, oldest first, as the trend page's table shows them: one row per month (its
 * period, `2026-03`), a column per figure the key has in any of them (a department has no risk gauges or
 * notices), headed in both languages.
 */
export function trendSheet(wording: Wording, months: readonly { period: string; figures: Figures }[]): Sheet {
  const columns = COLUMNS.filter((c) => months.some((m) => c.value(m.figures) !== null))
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, 'reports.sheet.trend'),
    header: [word(wording, 'dashboard.trend.monthColumn'), ...columns.map((c) => word(wording, c.key))],
    textColumns: new Set([0]),
    rows: months.map((m) => [m.period, ...columns.map((c) => cell(c, m.figures))]),
  }
}

/** A region's progress against the current phase's targets, as `progress` answers it. */
export interface ProgressLine {
  name: Bilingual
  progress: Progress
}

/**
 * The phases screen's progress: the caller's region (or department) first, then each region one level down,
 * a row each; for each target what was reached, the target and whether it was met ("—" where nothing is
 * counted or no target is set).
 */
export function progressSheet(wording: Wording, heading: string, lines: readonly ProgressLine[]): Sheet {
  const unit = (n: TargetName) => (PERCENT_TARGETS.includes(n) ? '%' : '')
  const value = (n: TargetName, v: number | null) => (v === null ? NONE : `${v}${unit(n)}`)
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, 'phases.title'),
    header: [
      heading,
      ...TARGET_NAMES.flatMap((n) => [
        word(wording, `phases.target.${n}`),
        `${word(wording, `phases.target.${n}`)} ${word(wording, 'reports.col.target')}`,
        `${word(wording, `phases.target.${n}`)} ${word(wording, 'reports.col.state')}`,
      ]),
    ],
    rows: lines.map((l) => [
      named(wording, l.name),
      ...TARGET_NAMES.flatMap((n) => {
        const { actual, target, met } = l.progress[n]
        return [
          value(n, actual),
          value(n, target),
          met === null ? NONE : word(wording, met ? 'phases.met' : 'phases.notMet'),
        ]
      }),
    ]),
  }
}

/** A household behind a figure, as the dashboard's list answers it. */
export interface HouseholdLine {
  headName: Bilingual
  phoneMasked: string
  village: Bilingual
  memberCount: number
  officials: { name: Bilingual }[]
  daysSince: number | null
}

/** The households behind a figure: the head's name masked as the phone is, their officials by name. */
export function householdsSheet(wording: Wording, title: MessageKey, lines: readonly HouseholdLine[]): Sheet {
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, title),
    header: [
      word(wording, 'reports.col.village'),
      word(wording, 'reports.col.head'),
      word(wording, 'reports.col.phone'),
      word(wording, 'reports.col.officials'),
      word(wording, 'reports.col.daysSince'),
    ],
    textColumns: new Set([2]),
    rows: lines.map((l) => [
      named(wording, l.village),
      maskName(named(wording === 'both' ? 'zh-Hans' : wording, l.headName)),
      l.phoneMasked,
      l.officials.map((o) => named(wording, o.name)).join('、'),
      l.daysSince ?? word(wording, 'reports.col.never'),
    ]),
  }
}

/** A request past its deadline: its village, category, state, the China day it was raised and the unit that has it. */
export interface RequestLine {
  village: Bilingual
  category: string
  state: string
  raised: string
  unit: string
}

export function requestsSheet(wording: Wording, lines: readonly RequestLine[]): Sheet {
  return {
    name: word(wording === 'both' ? 'zh-Hans' : wording, 'reports.sheet.requests'),
    header: [
      word(wording, 'reports.col.village'),
      word(wording, 'reports.col.category'),
      word(wording, 'reports.col.state'),
      word(wording, 'reports.col.raised'),
      word(wording, 'reports.col.unit'),
    ],
    rows: lines.map((l) => [named(wording, l.village), l.category, l.state, l.raised, l.unit]),
  }
}
