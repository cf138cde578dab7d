/**
 * A poverty-return risk lead's form, for a household already named by the screen around it (an official's
 * household page, or the household a village or township office found in its region): the kind and what
 * happened, nothing else. It goes to the county's 防返贫 team, which checks it in the national monitoring system
 * within 15 days and records the result here; sending asks first. The lead's id is made when the form opens,
 * so a second tap or a resend after a lost answer stores one lead.
 */
import { Button, Text, Textarea, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import '@/components/Manage/index.css'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { requests } from '@shared/contracts/requests'
import type { RiskKind } from '@shared/contracts/risk'
import { RISK_KINDS, RISK_TEXT_MAX, RiskLeadInputSchema } from '@shared/contracts/risk'
import './index.css'

export default function RiskLeadForm(props: { householdId: string; header: ReactNode; onSent: () => void }) {
  const { householdId, header, onSent } = props
  const { t } = useSettings()
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
      onSent()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="manage" data-testid="lead-form" data-household={householdId}>
      <View className="card manage__row" data-testid="lead-household">
        {header}
        <Text className="card__label">{t('riskLead.hint')}</Text>
      </View>
      <Field label={t('riskLead.kind')} path="kind" issues={issues}>
        {RISK_KINDS.map((option) => (
          <View
            key={option}
            className={`risk-lead__kind${kind === option ? ' risk-lead__kind--on' : ''}`}
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
          className="risk-lead__text"
          data-testid="lead-text"
          value={text}
          maxlength={RISK_TEXT_MAX}
          placeholder={t('riskLead.textPlaceholder')}
          nativeProps={{ 'aria-label': t('riskLead.text') }}
          onInput={(e) => setText(e.detail.value)}
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} data-testid="send-lead" onClick={() => void send()}>
        {t('riskLead.send')}
      </Button>
    </View>
  )
}
