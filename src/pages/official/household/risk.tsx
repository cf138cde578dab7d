/**
 * A household's poverty-return risk level (防止返贫监测, `?id=`): the three levels with what each means, a
 * required reason and the day it was assessed (today unless the official says otherwise), the history of
 * changes below. Saving asks first and says what changes: a new level is counted in the region's figures.
 * Paired officials and village or township offices set it; anyone else who reaches the household reads it.
 * Below, the household's poverty-return risk leads to the county's 防返贫 team and each one's result: the same
 * people send a lead from here (lead.tsx).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Picker, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { HouseholdRecord, RiskLevel } from '@shared/contracts/contacts'
import { REASON_MAX, RISK_LEVELS, contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import type { RiskLeadItem } from '@shared/contracts/risk'
import { chinaDay, lastDayOf } from '@shared/time'
import { byName, householdRecord, levelKey, useHouseholdId } from './parts'
import './index.css'

function History({ record }: { record: HouseholdRecord }) {
  const { lang, t } = useSettings()
  if (record.history.length === 0) return <Empty text={t('risk.historyEmpty')} />
  return (
    <>
      {record.history.map((entry, i) => (
        <View key={`${entry.at}-${i}`} className="card card--edged" data-testid="risk-entry">
          <View className="card__top">
            <Text className="section-title">
              {t('risk.entry', { before: t(levelKey(entry.before)), level: t(levelKey(entry.level)) })}
            </Text>
            <Text className="card__label">{entry.date}</Text>
          </View>
          <Text>{entry.reason}</Text>
          <Text className="card__label" data-testid="risk-by">
            {byName(entry.by, lang, t)}
          </Text>
        </View>
      ))}
    </>
  )
}

/** Where a lead is: waiting for the team (by its deadline, or late), or its result and the day decided. */
function leadState(lead: RiskLeadItem, t: ReturnType<typeof useSettings>['t']): string {
  if (lead.result)
    return t(lead.result.identified ? 'riskLead.identified' : 'riskLead.notIdentified', { date: lead.result.decidedOn })
  const due = lead.due ? lastDayOf(lead.due) : ''
  return t(lead.overdue ? 'riskLead.late' : 'riskLead.waiting', { due })
}

function Leads({ householdId, mayLead }: { householdId: string; mayLead: boolean }) {
  const { t } = useSettings()
  const leads = useCall(() => call(requests, 'riskOf', { householdId }), [householdId])
  Taro.useDidShow(() => {
    if (leads.status === 'done') leads.retry()
  })
  return (
    <>
      <Text className="section-title">{t('riskLead.title')}</Text>
      {mayLead && (
        <Button
          className="manage__secondary"
          data-testid="open-lead"
          onClick={() =>
            void Taro.navigateTo({ url: `/pages/official/household/lead?id=${encodeURIComponent(householdId)}` })
          }
        >
          {t('riskLead.open')}
        </Button>
      )}
      <Loaded state={leads} empty={t('riskLead.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <>
            {items.map((lead) => (
              <View
                key={lead.id}
                className={`card card--edged${lead.overdue && !lead.result ? ' card--alert' : ''}`}
                data-testid="risk-lead"
              >
                <View className="card__top">
                  <Text className="section-title">{t(`riskLead.kind.${lead.kind}`)}</Text>
                  <Text className="card__label">{t('riskLead.sent', { date: chinaDay(lead.sentAt) })}</Text>
                </View>
                <Text>{lead.text}</Text>
                <Text className="card__label" data-testid="lead-state">
                  {leadState(lead, t)}
                </Text>
                {lead.unit?.kind === 'office' && <Text className="card__label">{t('riskLead.noTeam')}</Text>}
              </View>
            ))}
          </>
        )}
      </Loaded>
    </>
  )
}

function RiskForm({
  record,
  householdId,
  onSaved,
}: {
  record: HouseholdRecord
  householdId: string
  onSaved: () => void
}) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const current = record.risk.level
  const [level, setLevel] = useState<RiskLevel>(current)
  const [reason, setReason] = useState('')
  const [date, setDate] = useState(chinaDay())
  const [busy, setBusy] = useState(false)

  async function save() {
    const input = { householdId, level, reason, date }
    if (!issues.check(contacts.actions.setRiskLevel.input, input)) return
    const question =
      level === current
        ? t('risk.confirmSame', { level: t(levelKey(level)) })
        : t('risk.confirmChange', { before: t(levelKey(current)), after: t(levelKey(level)) })
    if (!(await confirmed(question))) return
    setBusy(true)
    try {
      await call(contacts, 'setRiskLevel', input)
      issues.clear()
      setReason('')
      toastDone(t('risk.done'))
      onSaved()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="manage" data-testid="risk-form">
      <Field label={t('risk.level')} path="level" issues={issues}>
        {RISK_LEVELS.map((option) => (
          <View
            key={option}
            className={`household-level${level === option ? ' household-level--on' : ''}`}
            data-testid={`level-${option}`}
            data-on={level === option ? 'true' : undefined}
            onClick={() => setLevel(option)}
          >
            <Text className={`household-risk household-risk--${option}`}>{t(levelKey(option))}</Text>
            <Text className="card__label">{t(`risk.meaning.${option}`)}</Text>
          </View>
        ))}
      </Field>
      <Field label={t('risk.reason')} path="reason" issues={issues}>
        <Textarea
          className="household-reason"
          data-testid="reason"
          value={reason}
          maxlength={REASON_MAX}
          placeholder={t('risk.reasonPlaceholder')}
          nativeProps={{ 'aria-label': t('risk.reason') }}
          onInput={(e) => setReason(e.detail.value)}
        />
      </Field>
      <Field label={t('risk.date')} path="date" issues={issues}>
        <Picker mode="date" value={date} end={chinaDay()} onChange={(e) => setDate(String(e.detail.value))}>
          <Text className="household-picker" data-testid="date">
            {date}
          </Text>
        </Picker>
      </Field>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} data-testid="save-risk" onClick={() => void save()}>
        {t('risk.save')}
      </Button>
    </View>
  )
}

export default function RiskPage() {
  const { t } = useSettings()
  const householdId = useHouseholdId()
  const record = useCall(() => householdRecord(householdId), [householdId])
  return (
    <Screen title="risk.title">
      <Loaded state={record}>
        {(data) => (
          <View className="manage">
            <View className="card manage__row" data-testid="risk-current">
              <Text className="card__label">{t('risk.current', { level: t(levelKey(data.risk.level)) })}</Text>
              {data.risk.reason && <Text>{t('risk.reasonShown', { reason: data.risk.reason })}</Text>}
              {data.risk.date && <Text className="card__label">{t('risk.assessed', { date: data.risk.date })}</Text>}
            </View>
            {data.mayEditRisk ? (
              <RiskForm
                key={data.history[0]?.at ?? 'none'}
                record={data}
                householdId={householdId}
                onSaved={record.retry}
              />
            ) : (
              <Text className="card__label" data-testid="risk-read-only">
                {t('risk.readOnly')}
              </Text>
            )}
            <Text className="section-title">{t('risk.history')}</Text>
            <History record={data} />
            <Leads householdId={householdId} mayLead={data.mayEditRisk} />
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
