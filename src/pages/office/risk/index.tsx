/**
 * The county 防返贫 team's leads (department staff of the team; the county work office where a county has no
 * team): waiting ones, the earliest sent first, with the head's name and the village to find the household in
 * the national monitoring system, what happened, and the identification deadline; decided ones, the latest
 * first. The team records only the national system's result and the day it decided (today unless changed),
 * asked first: the lead then ends. Nothing the national system holds is typed here.
 */
import '../catalogue'
import { Button, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { requests } from '@shared/contracts/requests'
import type { TeamLead } from '@shared/contracts/risk'
import { RiskResultInputSchema } from '@shared/contracts/risk'
import { chinaDay, lastDayOf } from '@shared/time'
import './index.css'

function Decide({ lead, onDone }: { lead: TeamLead; onDone: () => void }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [day, setDay] = useState(chinaDay())
  const [busy, setBusy] = useState(false)

  async function record(identified: boolean) {
    const input = { id: lead.id, events: lead.events, identified, decidedOn: day }
    if (!issues.check(RiskResultInputSchema, input)) return
    const question = t('riskTeam.confirm', {
      name: pick(lead.head, lang),
      result: t(identified ? 'riskTeam.yes' : 'riskTeam.no'),
      date: day,
    })
    if (!(await confirmed(question))) return
    setBusy(true)
    try {
      await call(requests, 'riskResult', input)
      issues.clear()
      toastDone(t('riskTeam.done'))
      onDone()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="risk-team__decide">
      <Text className="card__label">{t('riskTeam.decidedOn')}</Text>
      <Picker mode="date" value={day} end={chinaDay()} onChange={(e) => setDay(String(e.detail.value))}>
        <Text className="risk-team__day" data-testid="decided-on">
          {day}
        </Text>
      </Picker>
      <FormMessage issues={issues} />
      <View className="manage__buttons">
        <Button
          className="manage__action"
          disabled={offWhen(busy)}
          data-testid="identify-yes"
          onClick={() => void record(true)}
        >
          {t('riskTeam.yes')}
        </Button>
        <Button
          className="manage__secondary"
          disabled={offWhen(busy)}
          data-testid="identify-no"
          onClick={() => void record(false)}
        >
          {t('riskTeam.no')}
        </Button>
      </View>
    </View>
  )
}

function Lead({ lead, onDone }: { lead: TeamLead; onDone: () => void }) {
  const { lang, t } = useSettings()
  const late = lead.overdue && !lead.result
  return (
    <View className={`card card--edged risk-team__lead${late ? ' card--alert' : ''}`} data-testid="team-lead">
      <View className="card__top">
        <Text className="section-title">{t(`riskLead.kind.${lead.kind}`)}</Text>
        <Text className="card__label">{t('riskLead.sent', { date: chinaDay(lead.sentAt) })}</Text>
      </View>
      <Text className="risk-team__who" data-testid="lead-who">
        {t('riskLead.household', { name: pick(lead.head, lang), village: pick(lead.village, lang) })}
      </Text>
      <Text className="risk-team__text">{lead.text}</Text>
      {lead.result ? (
        <Text className="card__label" data-testid="lead-result">
          {t(lead.result.identified ? 'riskLead.identified' : 'riskLead.notIdentified', {
            date: lead.result.decidedOn,
          })}
        </Text>
      ) : (
        <>
          <Text className={late ? 'risk-team__late' : 'card__label'} data-testid="lead-due">
            {t(late ? 'riskLead.late' : 'riskLead.waiting', { due: lead.due ? lastDayOf(lead.due) : '' })}
          </Text>
          <Decide lead={lead} onDone={onDone} />
        </>
      )}
    </View>
  )
}

export default function RiskTeamPage() {
  const { t } = useSettings()
  const [decided, setDecided] = useState(false)
  const results = usePages(
    (page) => call(requests, 'riskLeads', { decided, page }),
    (answer) => answer.items,
    [decided],
  )
  const tab = (value: boolean, label: 'riskTeam.waiting' | 'riskTeam.decided') => (
    <Text
      className={`risk-team__tab${decided === value ? ' risk-team__tab--on' : ''}`}
      data-testid={value ? 'tab-decided' : 'tab-waiting'}
      onClick={() => setDecided(value)}
    >
      {t(label)}
    </Text>
  )
  return (
    <Screen title="riskTeam.title">
      <View className="card risk-team__intro">
        <Text>{t('riskTeam.hint')}</Text>
        <View className="risk-team__tabs">
          {tab(false, 'riskTeam.waiting')}
          {tab(true, 'riskTeam.decided')}
        </View>
      </View>
      <Loaded state={results} empty={t('riskTeam.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items, last }) => (
          <View className="risk-team__list" data-testid="team-leads">
            {items.map((lead) => (
              <Lead key={lead.id} lead={lead} onDone={results.reload} />
            ))}
            {last.more && (
              <Button className="manage__secondary" onClick={results.next} data-testid="leads-more">
                {t('inbox.more')}
              </Button>
            )}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
