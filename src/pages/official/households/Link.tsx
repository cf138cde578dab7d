/** The official home's way into "my households" (a separate file so the home needs one line for it). */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useSettings } from '../../../services/settings'
import { useOutbox } from '../../../services/outbox'
import './index.css'

export default function OfficialHouseholdsLink() {
  const { t } = useSettings()
  const { summary } = useOutbox()
  const waiting = summary.waiting + summary.sending
  return (
    <View
      className="card home-link"
      data-testid="open-households"
      onClick={() => void Taro.navigateTo({ url: '/pages/official/households/index' })}
    >
      <Text className="home-link__title">{t('contacts.myHouseholds')}</Text>
      {waiting > 0 && <Text className="home-link__note">{t('contacts.outbox.waiting', { count: waiting })}</Text>}
      <Text className="home-link__arrow">›</Text>
    </View>
  )
}
