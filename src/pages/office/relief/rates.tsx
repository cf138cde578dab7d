/**
 * The three rates of relief requests (office subpackage): for an office, its region's figures, its regions
 * one level down side by side (a county or a township opens one level further), and each department and the
 * work office acting at its level; for department staff, their department's units by place. Every table
 * sorts by any column; a rate with nothing counted yet shows "—", never 0 %.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RatesRow } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import type { Lang, MessageKey } from '@shared/i18n'
import './rates.css'

type Column = 'name' | 'collected' | 'response' | 'solution' | 'satisfaction'
const COLUMNS: { column: Column; label: MessageKey }[] = [
  { column: 'name', label: 'rates.name' },
  { column: 'collected', label: 'rates.collected' },
  { column: 'response', label: 'rates.response' },
  { column: 'solution', label: 'rates.solution' },
  { column: 'satisfaction', label: 'rates.satisfaction' },
]

/** levels whose regions one level down have regions of their own */
const OPENS: readonly string[] = ['prefecture', 'county']

const percent = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)}%`)

interface Sort {
  column: Column
  descending: boolean
}

/** what reached a row: a region's requests collected, a unit's assigned to it (a unit collects nothing itself) */
const received = (row: RatesRow) => (row.kind === 'region' ? row.counters.collected : row.counters.assigned)

function value(row: RatesRow, column: Column): number | null {
  if (column === 'collected') return received(row)
  if (column === 'name') return null
  return row.rates[column]
}

/** Sorted by the column; rows with no figure for it go last either way, then by name. */
function sorted(rows: readonly RatesRow[], sort: Sort, nameOf: (row: RatesRow) => string, lang: Lang): RatesRow[] {
  const sign = sort.descending ? -1 : 1
  // Chinese names by pinyin, Tibetan ones in the reader's own order
  const byName = (a: RatesRow, b: RatesRow) => nameOf(a).localeCompare(nameOf(b), lang === 'bo' ? 'bo' : 'zh-Hans-CN')
  return [...rows].sort((a, b) => {
    if (sort.column === 'name') return sign * byName(a, b)
    const x = value(a, sort.column)
    const y = value(b, sort.column)
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1
    return sign * (x - y) || byName(a, b)
  })
}

function Table({
  rows,
  testId,
  nameOf,
  onOpen,
}: {
  rows: readonly RatesRow[]
  testId: string
  nameOf: (row: RatesRow) => string
  onOpen?: (row: RatesRow) => void
}) {
  const { lang, t } = useSettings()
  const units = rows.some((row) => row.kind !== 'region')
  const [sort, setSort] = useState<Sort>({ column: 'name', descending: false })
  const choose = (column: Column) =>
    setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' }))
  return (
    <View
      className="relief-rates__table"
      role="table"
      data-testid={testId}
      data-sort={`${sort.column}:${sort.descending ? 'desc' : 'asc'}`}
    >
      <View className="relief-rates__row relief-rates__row--head" role="row">
        {COLUMNS.map(({ column, label: heading }) => {
          const label = column === 'collected' && units ? 'rates.assigned' : heading
          return (
            <View
              key={column}
              role="columnheader"
              className={`relief-rates__cell relief-rates__cell--${column === 'name' ? 'name' : 'figure'}${sort.column === column ? ' relief-rates__cell--sorted' : ''}`}
              aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              aria-label={t('rates.sorted', { column: t(label) })}
              data-testid={`sort-${column}`}
              onClick={() => choose(column)}
            >
              <Text>
                {t(label)}
                {sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </Text>
            </View>
          )
        })}
      </View>
      {sorted(rows, sort, nameOf, lang).map((row) => (
        <View
          key={row.key}
          role="row"
          className={`relief-rates__row wide__dense${onOpen ? ' relief-rates__row--link' : ''}`}
          data-testid="rates-row"
          data-key={row.key}
          onClick={onOpen ? () => onOpen(row) : undefined}
        >
          <View role="cell" className="relief-rates__cell relief-rates__cell--name">
            <Text>
              {nameOf(row)}
              {onOpen ? ' ›' : ''}
            </Text>
          </View>
          <View role="cell" className="relief-rates__cell relief-rates__cell--figure">
            <Text>{received(row)}</Text>
          </View>
          <View role="cell" className="relief-rates__cell relief-rates__cell--figure">
            <Text>{percent(row.rates.response)}</Text>
          </View>
          <View role="cell" className="relief-rates__cell relief-rates__cell--figure">
            <Text>{percent(row.rates.solution)}</Text>
          </View>
          <View role="cell" className="relief-rates__cell relief-rates__cell--figure">
            <Text>{percent(row.rates.satisfaction)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}

function Total({ row, title }: { row: RatesRow; title: string }) {
  const { t } = useSettings()
  const figures: [MessageKey, string | number][] = [
    row.kind === 'region' ? ['rates.collected', row.counters.collected] : ['rates.assigned', row.counters.assigned],
    ['rates.solved', row.counters.solved],
    ['rates.solvedOnTime', row.counters.solvedOnTime],
    ['rates.response', percent(row.rates.response)],
    ['rates.solution', percent(row.rates.solution)],
    ['rates.satisfaction', percent(row.rates.satisfaction)],
  ]
  return (
    <View className="card relief-rates__total wide__full" data-testid="rates-total">
      <Text className="section-title">{title}</Text>
      <View className="relief-rates__figures">
        {figures.map(([label, figure]) => (
          <View key={label} className="relief-rates__figure" data-testid={`total-${label.slice('rates.'.length)}`}>
            <Text className="relief-rates__big">{figure}</Text>
            <Text className="card__label">{t(label)}</Text>
          </View>
        ))}
      </View>
      <Text className="card__label relief-rates__legend">{t('rates.legend')}</Text>
    </View>
  )
}

export default function ReliefRatesPage() {
  const { lang, t } = useSettings()
  const { region } = useRouter().params
  const data = useCall(() => call(requests, 'rates', region ? { region } : {}), [region])
  return (
    <Screen title="rates.title">
      <Loaded state={data}>
        {(view) => {
          const unitName = (row: RatesRow) =>
            row.kind === 'office'
              ? t('rates.office', { place: pick(row.name, lang) })
              : [pick(row.name, lang), row.place ? pick(row.place, lang) : ''].filter(Boolean).join(' · ')
          const regionName = (row: RatesRow) => pick(row.name, lang)
          const opens = view.region && OPENS.includes(view.region.level)
          return (
            <Wide testId="relief-rates">
              <Total row={view.total} title={view.region ? pick(view.region.name, lang) : unitName(view.total)} />
              {view.byRegion.length > 0 && (
                <View className="card">
                  <Text className="section-title">{t('rates.byRegion')}</Text>
                  <Table
                    rows={view.byRegion}
                    testId="rates-regions"
                    nameOf={regionName}
                    onOpen={
                      opens
                        ? (row) => void Taro.navigateTo({ url: `/pages/office/relief/rates?region=${row.key}` })
                        : undefined
                    }
                  />
                </View>
              )}
              <View className="card">
                <Text className="section-title">{t(view.region ? 'rates.byUnit' : 'rates.units')}</Text>
                {view.byUnit.length === 0 ? (
                  <Empty text={t('rates.noUnits')} />
                ) : (
                  <Table rows={view.byUnit} testId="rates-units" nameOf={unitName} />
                )}
              </View>
            </Wide>
          )
        }}
      </Loaded>
    </Screen>
  )
}
