/** One notice for a household: opening it records the read; it stays readable offline afterwards. */
import { useRouter } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { useSettings } from '@/services/settings'
import NoticeView from './NoticeView'
import SubscribePrompt from './SubscribePrompt'
import { actingAsFrom, useNotice } from './useNotice'
import './index.css'

export default function HouseholdNoticeDetailPage() {
  const { t } = useSettings()
  const { params } = useRouter()
  const id = params.id ?? ''
  const opened = useNotice(id, actingAsFrom(params.as))
  return (
    <Screen title="notice.title">
      <Loaded state={opened}>
        {({ notice, offline }) => (
          <>
            {offline && <Text className="notice__offline">{t('notice.offline')}</Text>}
            <NoticeView notice={notice} />
            {!offline && <SubscribePrompt />}
          </>
        )}
      </Loaded>
    </Screen>
  )
}
