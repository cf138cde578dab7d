/**
 * The drill-down (issue 15 item 2, office subpackage; `?region=` or `?departmentId=`, else the caller's own):
 * one level at a time, prefecture → county → township → village, each child's figures side by side in a table
 * sorted by any column (tap its heading; again to reverse), with a toggle to the department axis (the region's
 * departments side by side: which department's households go without contact, whose needs are late). A
 * breadcrumb leads back up. Tapping a child drills into it; a village, or a department, has no level below
 * and opens the households overdue for contact instead. The table loads first; the trend chart comes after.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { Axis, DashboardKey, DashboardRow } from '@shared/contracts/dashboard'
import { dashboard } from '@shared/contracts/dashboard'
import ChartTrend from './ChartTrend'
import type { Column, Sort } from './figures'
import ExportButton from './ExportButton'
import { COLUMNS, listUrl, shown, sortRows } from './figures'
import '@/components/HomeLink/index.css'
import './index.css'

type Crumb = Pick<DashboardKey, 'axis' | 'key' | 'name' | 'level'>

function Table({ rows, onOpen }: { rows: readonly DashboardRow[]; onOpen: (row: DashboardRow) => void }) {
  const { lang, t } = useSettings()
  const [sort, setSort] = useState<Sort>({ column: 'name', descending: false })
  const choose = (column: Column) =>
    setSort((s) => ({ column, descending: s.column === column ? !s.descending : column !== 'name' }))
  return (
    <View className="drill__scroll">
      <View
        className="drill__table"
        role="table"
        data-testid="drill-table"
        data-sort={`${sort.column}:${sort.descending ? 'desc' : 'asc'}`}
      >
        <View className="drill__row drill__row--head" role="row">
          {COLUMNS.map(({ column, label }) => (
            <View
              key={column}
              role="columnheader"
              className={`drill__cell drill__cell--${column === 'name' ? 'name' : 'figure'}${sort.column === column ? ' drill__cell--sorted' : ''}`}
              aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              aria-label={t('dashboard.table.sort', { column: t(label) })}
              data-testid={`sort-${column}`}
              onClick={() => choose(column)}
            >
              <Text>
                {t(label)}
                {sort.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </Text>
            </View>
          ))}
        </View>
        {sortRows(rows, sort, lang).map((row) => (
          <View
            key={row.key}
            role="row"
            className="drill__row drill__row--link"
            data-testid="drill-row"
            data-key={row.key}
            onClick={() => onOpen(row)}
          >
            {COLUMNS.map(({ column, kind, value }) => (
              <View
                key={column}
                role="cell"
                className={`drill__cell drill__cell--${column === 'name' ? 'name' : 'figure'}`}
              >
                <Text>{value ? shown(kind, value(row.current)) : `${pick(row.name, lang)} ›`}</Text>
              </View>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}

function Breadcrumb({ trail, onBack }: { trail: readonly Crumb[]; onBack: (index: number) => void }) {
  const { lang } = useSettings()
  return (
    <View className="drill__crumbs" role="navigation" data-testid="breadcrumb">
      {trail.map((crumb, index) => {
        const last = index === trail.length - 1
        return (
          <Text
            key={crumb.key}
            className={last ? 'drill__crumb drill__crumb--here' : 'drill__crumb'}
            data-testid="crumb"
            aria-current={last ? 'page' : undefined}
            onClick={last ? undefined : () => onBack(index)}
          >
            {pick(crumb.name, lang)}
            {last ? '' : ' ›'}
          </Text>
        )
      })}
    </View>
  )
}

export default function DrillPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const [trail, setTrail] = useState<Crumb[]>([])
  const [axis, setAxis] = useState<Axis>('region')
  const here = trail[trail.length - 1]
  const whose = here
    ? here.axis === 'department'
      ? { departmentId: here.key }
      : { region: here.key }
    : params.departmentId
      ? { departmentId: decodeURIComponent(params.departmentId) }
      : params.region
        ? { region: params.region }
        : {}
  // a department has nothing below it on either axis: its own figures are the department axis's row
  const asked: Axis = here?.axis === 'department' || 'departmentId' in whose ? 'region' : axis
  const data = useCall(() => call(dashboard, 'drill', { ...whose, axis: asked }), [JSON.stringify(whose), asked])

  return (
    <Screen title="dashboard.drill">
      <Loaded state={data}>
        {(view) => {
          const crumbs = trail.length ? trail : [view.parent]
          const open = (row: DashboardRow) => {
            if (row.axis === 'department' || row.level === 'village')
              void Taro.navigateTo({ url: listUrl(row, 'overdue') })
            else setTrail([...crumbs, { axis: row.axis, key: row.key, name: row.name, level: row.level }])
          }
          return (
            <View className="drill" data-testid="drill" data-parent={view.parent.key} data-axis={view.axis}>
              <Wide>
                <View className="card drill__head wide__full">
                  <Breadcrumb trail={crumbs} onBack={(index) => setTrail(crumbs.slice(0, index + 1))} />
                  <Text className="card__label">
                    {view.parent.level !== 'department' ? t(`level.${view.parent.level}`) : t('dashboard.byDepartment')}
                    {' · '}
                    {t('dashboard.period', { period: view.period })}
                  </Text>
                  {view.parent.axis === 'region' && (
                    <View className="drill__axes" role="tablist">
                      {(['region', 'department'] as const).map((value) => (
                        <View
                          key={value}
                          role="tab"
                          aria-selected={axis === value}
                          className={`drill__axis${axis === value ? ' drill__axis--on' : ''}`}
                          data-testid={`axis-${value}`}
                          onClick={() => setAxis(value)}
                        >
                          <Text>{t(value === 'region' ? 'dashboard.byRegion' : 'dashboard.byDepartment')}</Text>
                        </View>
                      ))}
                    </View>
                  )}
                </View>
                <View className="card wide__full">
                  {view.rows.length === 0 ? (
                    <Empty text={t('dashboard.table.empty')} />
                  ) : (
                    <>
                      <Text className="card__label drill__hint">
                        {t(view.axis === 'department' ? 'dashboard.table.hintDepartment' : 'dashboard.table.hint')}
                      </Text>
                      <Table rows={view.rows} onOpen={open} />
                    </>
                  )}
                </View>
                {/* the trend chart of the rows above, loaded after the table */}
                <ChartTrend of={view.parent} />
                {view.parent.axis === 'region' && (
                  <ExportButton
                    input={{ table: 'drill', region: view.parent.key, axis: view.axis, period: view.period }}
                  />
                )}
                <View
                  className="card home-link"
                  data-testid="open-overdue"
                  onClick={() => void Taro.navigateTo({ url: listUrl(view.parent, 'overdue') })}
                >
                  <Text className="home-link__title">
                    {t('dashboard.list.overdue', { name: pick(view.parent.name, lang) })}
                  </Text>
                  <Text className="home-link__arrow">›</Text>
                </View>
              </Wide>
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
