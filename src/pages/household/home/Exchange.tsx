/**
 * What the household home shows of the exchange: a small badge for each year the family was named a model
 * family with the way to its trip invitations (places are offered to named families), a nomination waiting
 * for its answer, and the 公示 while one concerns its county. Nothing when the
 * call fails or there is nothing to show: the home is for the household and its officials.
 *
 * The home is in the main package and the exchange contract is not (it is large): this one action is
 * declared here again, with the contract's types, so the main package carries only its small input schema.
 */
import { Text, View } from '@tarojs/components'
import * as v from 'valibot'
import HomeLink from '@/components/HomeLink'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { action, defineFunction } from '@shared/contract'
import type { HouseholdExchange } from '@shared/contracts/exchange'

const home = defineFunction('exchange', {
  mine: action({
    input: v.object({ householdId: v.string() }),
    output: v.custom<HouseholdExchange>(() => true),
    roles: ['household'],
    scope: 'household',
  }),
})

export default function ExchangeOnHome({ householdId }: { householdId: string }) {
  const { t } = useSettings()
  const state = useCall(() => call(home, 'mine', { householdId }), [householdId])
  if (state.status !== 'done') return null
  const { named, consents, publicity } = state.data
  const families = named.filter((n) => n.kind === 'family')
  return (
    <>
      {families.length > 0 && (
        <View className="household__badges" data-testid="named-badges">
          {families.map((n) => (
            <Text key={n.id} className="household__badge" data-testid="named-badge">
              {t('household.named', { year: n.year })}
            </Text>
          ))}
        </View>
      )}
      {named.length > 0 && (
        <HomeLink
          label="household.trips"
          url={`/pages/household/trips/index?householdId=${householdId}`}
          testId="open-trips"
        />
      )}
      {consents.length > 0 && (
        <HomeLink
          label="household.nominated"
          url={`/pages/household/exchange/consent?householdId=${householdId}`}
          testId="open-consent"
        />
      )}
      {publicity && (
        <HomeLink label="household.publicity" url="/pages/household/exchange/publicity" testId="open-publicity" />
      )}
    </>
  )
}
