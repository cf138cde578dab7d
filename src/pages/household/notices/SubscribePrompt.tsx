/**
 * "Tell me in WeChat when there is a new notice": shown when the user has no notice message left,
 * which is after each message a one-time subscription allowed. Pages show it at natural moments:
 * after reading a notice, and on the notices list the household opens from its home.
 */
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { askMessages } from '@/services/subscribe'
import { useCall } from '@/services/useCall'
import { NOTICE_TEMPLATE_ID, notices } from '@shared/contracts/notices'

export default function SubscribePrompt() {
  const { t } = useSettings()
  const status = useCall(() => call(notices, 'subscription', {}))
  const [done, setDone] = useState(false)
  if (status.status !== 'done' || !status.data.askSubscribe) return null
  if (done) return <Text className="notice__subscribed">{t('notice.subscribe.done')}</Text>

  const subscribe = async () => {
    const accepted = (await askMessages([NOTICE_TEMPLATE_ID])).length > 0
    await call(notices, 'subscribe', { accepted }).catch(() => undefined)
    if (accepted) setDone(true)
  }
  return (
    <View className="card notice__subscribe" data-testid="subscribe-prompt">
      <Text>{t('notice.subscribe.ask')}</Text>
      <Button className="notice__subscribe-button" onClick={() => void subscribe()}>
        {t('notice.subscribe.button')}
      </Button>
    </View>
  )
}
