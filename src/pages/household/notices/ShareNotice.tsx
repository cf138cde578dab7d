/**
 * Sharing a notice with family (weapp): the button opens WeChat's share sheet, and the page's
 * useShareAppMessage gives the notice's title and page. Nothing is recorded: a household passing a
 * notice on is not a contact. (ShareNotice.h5.tsx copies the link instead.)
 */
import { Button } from '@tarojs/components'
import { useSettings } from '@/services/settings'

export default function ShareNotice(_props: { path: string }) {
  const { t } = useSettings()
  return (
    <Button className="notice__share" openType="share" data-testid="share-notice">
      {t('notice.share')}
    </Button>
  )
}
