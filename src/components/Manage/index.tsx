/**
 * What the management screens share (an office's roles and bindings, the head's family bindings, a
 * household's detail): asking before an action that cannot be undone, and an action's outcome.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CallError } from '@/services/cloud'
import { getSettings, useSettings } from '@/services/settings'
import { errorKey } from '@shared/errors'
import type { Lang, MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import './index.css'

/**
 * The system's confirmation dialog, its buttons in the reader's language (a question answered yes or no); a
 * dismissed or failed dialog is a "no". WeChat refuses button labels over 4 Chinese characters, counting each
 * Tibetan letter as one: should a label not fit, the dialog is asked again with the system's own labels rather
 * than not asked at all.
 */
export function confirmed(content: string): Promise<boolean> {
  const { lang } = getSettings()
  return Taro.showModal({ content, confirmText: t(lang, 'common.modalYes'), cancelText: t(lang, 'common.modalNo') })
    .catch(() => Taro.showModal({ content }))
    .then(
      (res) => res.confirm,
      () => false,
    )
}

/** An action's refusal, worded in the caller's language (re-worded by its reason after a language switch). */
export function Problem({ problem }: { problem: { error: CallError; lang: Lang } | undefined }) {
  const { lang, t } = useSettings()
  if (!problem) return null
  const { error } = problem
  const message = problem.lang === lang ? error.message : t(error.reason ?? errorKey(error.code))
  return (
    <View className="manage__problem" role="alert" data-code={error.code} data-reason={error.reason}>
      <Text>{error.details?.[0]?.message ?? message}</Text>
    </View>
  )
}

/** What the last action did ("appointed", "removed"), worded when shown so a language switch re-words it. */
export function Done({ message }: { message: MessageKey | undefined }) {
  const { t } = useSettings()
  if (!message) return null
  return (
    <View className="manage__status" role="status" data-testid="done">
      <Text>{t(message)}</Text>
    </View>
  )
}
