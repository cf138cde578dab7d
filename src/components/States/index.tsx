/** The three states every data screen has besides its content: loading, error (with retry), empty. */
import { Button, Text, View } from '@tarojs/components'
import type { CallError } from '../../services/cloud'
import { useSettings } from '../../services/settings'
import type { Lang } from '../../shared/i18n'
import { errorKey } from '../../shared/errors'
import './index.css'

export function Loading() {
  const { t } = useSettings()
  return (
    <View className="state state--loading" role="status">
      <Text>{t('common.loading')}</Text>
    </View>
  )
}

/** The message comes from the error itself (already in the user's language); after a language switch
 * it is re-worded from the catalogue by its reason or code. */
export function ErrorState({ error, lang, onRetry }: { error: CallError; lang: Lang; onRetry: () => void }) {
  const { lang: current, t } = useSettings()
  const message = current === lang ? error.message : t(error.reason ?? errorKey(error.code))
  return (
    <View className="state state--error" role="alert" data-code={error.code}>
      <Text className="state__message">{message}</Text>
      <Button className="state__retry" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </View>
  )
}

export function Empty({ text }: { text: string }) {
  return (
    <View className="state state--empty">
      <Text>{text}</Text>
    </View>
  )
}
