/**
 * The households behind a figure (issue 15 item 3, office subpackage; `?figure=` with `region=` or
 * `departmentId=`, `within=month|quarter` for "not contacted"): how many, then each household a page at a
 * time, longest without contact first — the head's name with the phone masked, the village, its officials by
 * name, the days since its latest contact, its risk level. From a household an office reminds its officials
 * (asked first, saying what they will see: a household that needs care in their list, and a WeChat message if
 * they accepted one; nothing is counted against them) or opens the household's record. A household reminded
 * lately says so, and reminding it again within those days changes nothing.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { offWhen, toastDone } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ListFigure, ListRow } from '@shared/contracts/dashboard'
import { LIST_FIGURES, LIST_PAGE, dashboard } from '@shared/contracts/dashboard'
import { chinaDay } from '@shared/time'
import ExportButton from './ExportButton'
import type { Within } from './figures'
import './list.css'

function figureOf(value: string | undefined): ListFigure {
  return LIST_FIGURES.find((f) => f === value) ?? 'overdue'
}

function Household({ row, mayRemind }: { row: ListRow; mayRemind: boolean }) {
  const { lang, t } = useSettings()
  const action = useAction()
  const [remindedAt, setRemindedAt] = useState(row.remindedAt)
  const [note, setNote] = useState<string>()
  const officials = row.officials.map((o) => pick(o.name, lang)).join('、')
  const remind = async () => {
    if (!(await confirmed(t('dashboard.list.remindAsk', { officials })))) return
    await action.run(async () => {
      const answer = await call(dashboard, 'remind', { householdId: row.id })
      if (answer.status === 'reminded') {
        setRemindedAt(answer.remindedAt)
        toastDone(t('dashboard.list.reminded'))
      } else if (answer.status === 'already' && answer.remindedAt && answer.until) {
        setRemindedAt(answer.remindedAt)
        setNote(t('dashboard.list.already', { day: chinaDay(answer.remindedAt), until: chinaDay(answer.until) }))
      } else setNote(t('dashboard.list.unpaired'))
    })
  }
  return (
    <View
      className={`card card--edged${row.riskLevel === 'high' ? ' card--alert' : ''}`}
      data-testid="list-household"
      data-id={row.id}
    >
      <View className="card__top">
        <Text className="section-title">{pick(row.headName, lang)}</Text>
        {row.riskLevel !== 'none' && (
          <Text className={`figure-list__risk figure-list__risk--${row.riskLevel}`}>
            {t(row.riskLevel === 'high' ? 'dashboard.figure.riskHigh' : 'dashboard.figure.riskWatch')}
          </Text>
        )}
      </View>
      <Text className="card__label">
        {[pick(row.village, lang), t('dashboard.list.members', { count: row.memberCount }), row.phoneMasked]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      <Text data-testid="list-since">
        {row.daysSince === null ? t('dashboard.list.never') : t('dashboard.list.since', { days: row.daysSince })}
      </Text>
      <Text className="card__label" data-testid="list-officials">
        {row.officials.length ? t('dashboard.list.officials', { names: officials }) : t('dashboard.list.noOfficials')}
      </Text>
      {remindedAt && (
        <Text className="figure-list__reminded" data-testid="list-reminded">
          {t('dashboard.list.remindedOn', { day: chinaDay(remindedAt) })}
        </Text>
      )}
      {note && (
        <View className="figure-list__note" role="status" data-testid="list-note">
          <Text>{note}</Text>
        </View>
      )}
      <Problem problem={action.problem} />
      <View className="figure-list__actions">
        {mayRemind && row.officials.length > 0 && (
          <Button
            className="manage__secondary"
            data-testid="list-remind"
            disabled={offWhen(action.busy)}
            onClick={() => void remind()}
          >
            {t('dashboard.list.remind')}
          </Button>
        )}
        <Button
          className="manage__secondary"
          data-testid="list-open"
          onClick={() => void Taro.navigateTo({ url: `/pages/official/household/risk?id=${row.id}` })}
        >
          {t('dashboard.list.open')}
        </Button>
      </View>
    </View>
  )
}

export default function FigureListPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const figure = figureOf(params.figure)
  const within: Within = params.within === 'quarter' ? 'quarter' : 'month'
  const whose = params.departmentId
    ? { departmentId: decodeURIComponent(params.departmentId) }
    : params.region
      ? { region: params.region }
      : {}
  const pages = usePages(
    (page) => call(dashboard, 'list', { ...whose, figure, within, offset: page * LIST_PAGE }),
    (answer) => answer.households,
    [figure, within, params.region, params.departmentId],
  )
  return (
    <Screen title="dashboard.list.title">
      <Loaded state={pages}>
        {({ items, last }) => (
          <View className="figure-list" data-testid="figure-list" data-figure={figure}>
            <Wide>
              <View className="card figure-list__head wide__full">
                <Text className="section-title" data-testid="list-title">
                  {t(`dashboard.list.figure.${figure}`, { name: pick(last.key.name, lang) })}
                  {figure === 'notContacted' ? ` · ${t(`dashboard.list.within.${within}`)}` : ''}
                </Text>
                <Text data-testid="list-total">{t('dashboard.list.total', { count: last.total })}</Text>
                <Text className="card__label">{t('dashboard.list.gentle')}</Text>
                <ExportButton input={{ table: 'list', ...whose, figure, within }} />
              </View>
              {items.length === 0 ? (
                <View className="card">
                  <Text data-testid="list-empty">{t('dashboard.list.empty')}</Text>
                </View>
              ) : (
                items.map((row) => <Household key={row.id} row={row} mayRemind={last.mayRemind} />)
              )}
              {last.more && (
                <Button className="manage__secondary" onClick={pages.next} data-testid="list-more">
                  {t('dashboard.list.more')}
                </Button>
              )}
            </Wide>
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
