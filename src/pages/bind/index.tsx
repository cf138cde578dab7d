/** Placeholder so the registered route builds; the identity issue (4) replaces this page with binding. */
import { Text } from '@tarojs/components'
import Screen from '../../components/Screen'
import { useSettings } from '../../services/settings'

export default function BindPage() {
  const { t } = useSettings()
  return (
    <Screen title='start.unbound.bind'>
      <Text>{t('start.unbound.body')}</Text>
    </Screen>
  )
}
