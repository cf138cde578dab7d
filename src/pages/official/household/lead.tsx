/**
 * A poverty-return risk lead (`?id=`), from the household's risk screen: the household is the one named in the
 * route (shown, never typed), so the official or the village or township office only picks the kind and says
 * what happened. It goes to the county's 防返贫 team, which checks it in the national monitoring system within
 * 15 days and records the result here; sending asks first. The lead's id is made when the form opens, so a
 * second tap or a resend after a lost answer stores one lead.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { requests } from '@shared/contracts/requests'
import type { RiskKind } from '@shared/contracts/risk'
import { RISK_KINDS, RISK_TEXT_MAX, RiskLeadInputSchema } from '@shared/contracts/risk'
import { householdRecord, useHouseholdId } from './parts'
import './index.css'

export default function LeadPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId()
  const record = useCall(() => householdRecord(householdId), [householdId])
  const issues = useFormIssues()
  const [id] = useState(uuid4)
  const [kind, setKind] = useState<RiskKind | undefined>()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)

  async function send() {
    const input = { id, householdId, kind, text }
    if (!issues.check(RiskLeadInputSchema, input) || !kind) return
    if (!(await confirmed(t('riskLead.confirm', { kind: t(`riskLead.kind.${kind}`) })))) return
    setBusy(true)
    try {
      await call(requests, 'riskLead', { id, householdId, kind, text })
      issues.clear()
      toastDone(t('riskLead.done'))
      void Taro.navigateBack()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen title="riskLead.title">
      <Loaded state={record}>
        {(data) => {
          const head = data.sheet.members.find((m) => m.relation === 'head')
          return (
            <View className="manage" data-testid="lead-form">
              <View className="card manage__row" data-testid="lead-household">
                <Text className="section-title">
                  {t('riskLead.household', {
                    name: head?.name ?? '',
                    village: pick(data.village, lang),
                  })}
                </Text>
                <Text className="card__label">{t('riskLead.hint')}</Text>
              </View>
              <Field label={t('riskLead.kind')} path="kind" issues={issues}>
                {RISK_KINDS.map((option) => (
                  <View
                    key={option}
                    className={`household-level${kind === option ? ' household-level--on' : ''}`}
                    data-testid={`kind-${option}`}
                    data-on={kind === option ? 'true' : undefined}
                    onClick={() => setKind(option)}
                  >
                    <Text className="section-title">{t(`riskLead.kind.${option}`)}</Text>
                    <Text className="card__label">{t(`riskLead.meaning.${option}`)}</Text>
                  </View>
                ))}
              </Field>
              <Field label={t('riskLead.text')} path="text" issues={issues}>
                <Textarea
                  className="household-reason"
                  data-testid="lead-text"
                  value={text}
                  maxlength={RISK_TEXT_MAX}
                  placeholder={t('riskLead.textPlaceholder')}
                  nativeProps={{ 'aria-label': t('riskLead.text') }}
                  onInput={(e) => setText(e.detail.value)}
                />
              </Field>
              <FormMessage issues={issues} />
              <Button
                className="manage__action"
                disabled={offWhen(busy)}
                data-testid="send-lead"
                onClick={() => void send()}
              >
                {t('riskLead.send')}
              </Button>
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
