/**
 * A poverty-return risk lead (`?id=`), from the household's risk screen: the household is the one named in the
 * route (shown, never typed), so the official only picks the kind and says what happened (the form is
 * src/components/RiskLeadForm, shared with the village and township offices' lead screen).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Text } from '@tarojs/components'
import RiskLeadForm from '@/components/RiskLeadForm'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { householdRecord, useHouseholdId } from './parts'
import './index.css'

export default function LeadPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId()
  const record = useCall(() => householdRecord(householdId), [householdId])
  return (
    <Screen title="riskLead.title">
      <Loaded state={record}>
        {(data) => {
          const head = data.sheet.members.find((m) => m.relation === 'head')
          return (
            <RiskLeadForm
              householdId={householdId}
              header={
                <Text className="section-title">
                  {t('riskLead.household', { name: head?.name ?? '', village: pick(data.village, lang) })}
                </Text>
              }
              onSent={() => void Taro.navigateBack()}
            />
          )
        }}
      </Loaded>
    </Screen>
  )
}
