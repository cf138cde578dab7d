/**
 * One notice for a household: opening it records the read; it stays readable offline afterwards, and
 * can be shared with family.
 */
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { useSettings } from '@/services/settings'
import { pickText } from '@shared/contracts/notices'
import NoticeView from './NoticeView'
import ShareNotice from './ShareNotice'
import SubscribePrompt from './SubscribePrompt'
import { actingAsFrom, useNotice } from './useNotice'
import './index.css'

export default function HouseholdNoticeDetailPage() {
  const { lang, t } = useSettings()
  const { params } = useRouter()
  const id = params.id ?? ''
  const opened = useNotice(id, actingAsFrom(params.as))
  // the family member who opens it reads as themselves: no `as`
  const path = `/pages/household/notices/detail?id=${encodeURIComponent(id)}`

  useShareAppMessage(() => ({
    title: opened.status === 'done' ? pickText(opened.data.notice, lang).title : t('notice.title'),
    path,
  }))

  return (
    <Screen title="notice.title">
      <Loaded state={opened}>
        {({ notice, offline }) => (
          <>
            {offline && <Text className="notice__offline">{t('notice.offline')}</Text>}
            <NoticeView notice={notice} />
            <ShareNotice path={path} />
            {!offline && <SubscribePrompt />}
          </>
        )}
      </Loaded>
    </Screen>
  )
}
