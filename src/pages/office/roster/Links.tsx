/** The registry's entries on the office home: roster import, pairing, re-pairing, coverage, network. */
import Taro from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import type { MessageKey } from '@shared/i18n'

const LINKS: [MessageKey, string][] = [
  ['registry.office.roster', '/pages/office/roster/index'],
  ['registry.office.pairing', '/pages/office/pairing/index'],
  ['registry.office.reassign', '/pages/office/pairing/reassign'],
  ['registry.office.coverage', '/pages/office/coverage/index'],
  ['registry.office.network', '/pages/office/network/index'],
]

export default function RegistryLinks() {
  const { t } = useSettings()
  return (
    <View className="card" data-testid="registry-links">
      {LINKS.map(([label, url]) => (
        <Button key={url} data-url={url} onClick={() => void Taro.navigateTo({ url })}>
          {t(label)}
        </Button>
      ))}
    </View>
  )
}
