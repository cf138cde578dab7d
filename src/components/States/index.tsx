/** The three states every data screen has besides its content: loading, error (with retry), empty. */
import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { CallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import type { Loadable } from '@/services/useCall'
import type { Lang } from '@shared/i18n'
import { errorKey } from '@shared/errors'
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

interface LoadedProps<T> {
  /** a `useCall` (or `usePages`) state */
  state: Loadable<T>
  /** shown instead of the content when `isEmpty` says the answer has nothing to show */
  empty?: string
  isEmpty?: (data: T) => boolean
  children: (data: T) => ReactNode
}

/** A call's answer once it is there; until then the loading state, and on failure the error with its retry. */
export function Loaded<T>({ state, empty, isEmpty, children }: LoadedProps<T>) {
  if (state.status === 'loading') return <Loading />
  if (state.status === 'error') return <ErrorState error={state.error} lang={state.lang} onRetry={state.retry} />
  if (empty !== undefined && isEmpty?.(state.data)) return <Empty text={empty} />
  return <>{children(state.data)}</>
}

/** A call's error and retry below what an earlier answer still shows (a list's later page that failed). */
export function Failed<T>({ state }: { state: Loadable<T> }) {
  if (state.status !== 'error') return null
  return <ErrorState error={state.error} lang={state.lang} onRetry={state.retry} />
}
