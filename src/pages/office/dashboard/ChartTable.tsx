/**
 * The chart's figures as a table: what a screen reader reads instead of the canvas, what a reader who wants
 * the exact numbers reads, and the chart's legend (each column's heading carries its line's colour and dash).
 * It needs no drawing, so it is on screen before the chart.
 */
import { Text, View } from '@tarojs/components'
import { INKS } from './ChartDraw'
import './ChartTable.css'

export interface ChartColumn {
  key: string
  label: string
  values: readonly (number | null)[]
}

/** a dash pattern as CSS can draw it on a short rule */
const RULES = ['solid', 'dashed', 'dotted', 'double'] as const

interface Props {
  /** the heading of the months' column */
  monthLabel: string
  /** one full label per month ("2026年3月") */
  months: readonly string[]
  columns: readonly ChartColumn[]
  format: (value: number | null) => string
  testId?: string
}

export default function ChartTable({ monthLabel, months, columns, format, testId }: Props) {
  const lines = columns.length > 1
  return (
    <View className="chart-table" role="table" data-testid={testId}>
      <View className="chart-table__row chart-table__row--head" role="row">
        <View className="chart-table__cell chart-table__cell--month" role="columnheader">
          <Text>{monthLabel}</Text>
        </View>
        {columns.map((column, i) => (
          <View key={column.key} className="chart-table__cell" role="columnheader" data-testid={`column-${column.key}`}>
            <View
              className="chart-table__swatch"
              style={{
                borderTopColor: INKS[i % INKS.length]?.colour,
                borderTopStyle: lines ? RULES[i % RULES.length] : 'solid',
              }}
            />
            <Text>{column.label}</Text>
          </View>
        ))}
      </View>
      {months.map((month, m) => (
        <View key={month} className="chart-table__row" role="row" data-testid="trend-row">
          <View className="chart-table__cell chart-table__cell--month" role="rowheader">
            <Text>{month}</Text>
          </View>
          {columns.map((column) => (
            <View key={column.key} className="chart-table__cell chart-table__cell--figure" role="cell">
              <Text>{format(column.values[m] ?? null)}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
