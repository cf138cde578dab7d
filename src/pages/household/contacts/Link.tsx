/** The household home's way into its contact records (a separate file so the home needs one line for it). */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useSettings } from '../../../services/settings'
import './index.css'

export default function HouseholdContactsLink({ householdId }: { householdId: string }) {
  const { t } = useSettings()
  return (
    <View
      className="card home-link"
      data-testid="open-contacts"
      onClick={() =>
        void Taro.navigateTo({ url: `/pages/household/contacts/index?householdId=${encodeURIComponent(householdId)}` })
      }
    >
      <Text className="home-link__title">{t('contacts.household.title')}</Text>
      <Text className="home-link__arrow">›</Text>
    </View>
  )
}
