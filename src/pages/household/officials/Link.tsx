/** On the household home, under the officials: the way to call them or add them on WeChat. */
import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import { useSettings } from '@/services/settings'

export default function MyOfficialsLink() {
  const { t } = useSettings()
  return (
    <Button
      className="household__officials-link"
      data-testid="my-officials-link"
      onClick={() => void Taro.navigateTo({ url: '/pages/household/officials/index' })}
    >
      {t('registry.officials.more')}
    </Button>
  )
}
