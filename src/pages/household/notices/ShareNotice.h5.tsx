/**
 * Sharing a notice with family in the browser (local mode): there is no WeChat share sheet, so the
 * button copies the notice's link to paste into a chat. Nothing is recorded. (ShareNotice.tsx is the
 * mini-program's share button.)
 */
import Taro from '@tarojs/taro'
import { Button, Text } from '@tarojs/components'
import { useState } from 'react'
import { useSettings } from '@/services/settings'

export default function ShareNotice({ path }: { path: string }) {
  const { t } = useSettings()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    // the app's router is in hash mode: the page and its query follow the '#'
    const link = `${location.origin}${location.pathname}#${path}`
    try {
      await Taro.setClipboardData({ data: link })
      setCopied(true)
    } catch {
      // a browser that refuses the clipboard: nothing was copied, so nothing is said
    }
  }
  return (
    <>
      <Button className="notice__share" data-testid="share-notice" onClick={() => void copy()}>
        {t('notice.share')}
      </Button>
      {copied && (
        <Text className="notice__shared" data-testid="share-copied">
          {t('notice.linkCopied')}
        </Text>
      )}
    </>
  )
}
