/** One entry on a home screen: a card that opens an area, with an optional note (e.g. "3 waiting to send"). */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import type { MessageKey } from '@shared/i18n'
import './index.css'

interface Props {
  label: MessageKey
  url: string
  testId: string
  note?: string
}

export default function HomeLink({ label, url, testId, note }: Props) {
  const { t } = useSettings()
  return (
    <View className="card home-link" data-testid={testId} onClick={() => void Taro.navigateTo({ url })}>
      <Text className="home-link__title">{t(label)}</Text>
      {note ? <Text className="home-link__note">{note}</Text> : null}
      <Text className="home-link__arrow">›</Text>
    </View>
  )
}
