/**
 * The household's invitations to exchange trips (`?householdId=`, else the caller's own household): each
 * place offered to the family as a model family, confirmed or declined before its due day. Nobody is asked to
 * write anything about the trip afterwards.
 */
import './catalogue'
import { Text } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import TripOffers from '@/components/TripOffers'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'

export default function HouseholdTripsPage() {
  const { t } = useSettings()
  const fromRoute = useRouter().params.householdId
  // the home passes its id; opened another way, the caller's own household grant says
  const household = useCall(async () => {
    if (fromRoute) return decodeURIComponent(fromRoute)
    const grant = (await call(identity, 'me', {})).roles.find((g) => g.role === 'household')
    return grant?.role === 'household' ? grant.householdId : ''
  }, [fromRoute])
  return (
    <Screen title="exchange.trips.offers">
      <Text>{t('exchange.trips.offerIntro')}</Text>
      <Loaded state={household} empty={t('exchange.trips.noOffers')} isEmpty={(id) => !id}>
        {(id) => <TripOffers householdId={id} />}
      </Loaded>
    </Screen>
  )
}
