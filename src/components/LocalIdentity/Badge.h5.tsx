/** H5 local mode: who the app is calling as, with a way back to the start screen to switch. */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { localIdentityName, localOpenid } from '@/services/local'
import { ROUTES } from '@/services/routes'
import { useSettings } from '@/services/settings'
import './index.css'

export default function LocalIdentityBadge() {
  const { t } = useSettings()
  const openid = localOpenid()
  return (
    <View className="local-badge" onClick={() => Taro.reLaunch({ url: ROUTES.start })}>
      <Text>{openid ? t('local.current', { name: localIdentityName() ?? openid }) : t('local.none')}</Text>
    </View>
  )
}
