/**
 * A village or township office's poverty-return risk lead: the household found in the office's region
 * (HouseholdFind), then the lead's form every sender uses (src/components/RiskLeadForm): the kind and what
 * happened, sent to the county's 防返贫 team after a question. Other offices are told the lead is not theirs
 * to send (the function refuses them alike).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import RiskLeadForm from '@/components/RiskLeadForm'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { useSettings } from '@/services/settings'
import { pick } from '@shared/bilingual'
import { levelOf } from '@shared/region'
import { useOfficeRegion } from '../roster/office'
import type { FoundHousehold } from './HouseholdFind'
import HouseholdFind from './HouseholdFind'
import './index.css'

export default function OfficeLeadPage() {
  const { lang, t } = useSettings()
  const region = useOfficeRegion()
  const [household, setHousehold] = useState<FoundHousehold | undefined>()
  return (
    <Screen title="inbox.lead.title">
      <Loaded state={region}>
        {(root) =>
          !['village', 'township'].includes(levelOf(root) ?? '') ? (
            <View className="card" data-testid="lead-not-local">
              <Text>{t('riskLead.notLocal')}</Text>
            </View>
          ) : household ? (
            <RiskLeadForm
              key={household.id}
              householdId={household.id}
              header={
                <>
                  <Text className="section-title">
                    {t('riskLead.household', {
                      name: pick(household.headName, lang),
                      village: pick(household.village, lang),
                    })}
                  </Text>
                  <Text className="rq-find__up" data-testid="lead-change" onClick={() => setHousehold(undefined)}>
                    {t('inbox.find.change')}
                  </Text>
                </>
              }
              onSent={() => void Taro.navigateBack()}
            />
          ) : (
            <HouseholdFind root={root} onChoose={setHousehold} />
          )
        }
      </Loaded>
    </Screen>
  )
}
