/** Issuing an invitation, shared by the office, official and household screens: one call, its card or its refusal. */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { CallError } from '../../services/cloud'
import { toCallError } from '../../services/cloud'
import { useSettings } from '../../services/settings'
import { errorKey } from '../../shared/errors'
import type { Lang } from '../../shared/i18n'
import type { IssuedInvite } from './index'

export type Issue =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'done'; invite: IssuedInvite; forText: string }
  | { status: 'error'; error: CallError; lang: Lang }

export function useIssue() {
  const { lang } = useSettings()
  const [state, setState] = useState<Issue>({ status: 'idle' })
  async function issue(request: () => Promise<IssuedInvite>, forText: string) {
    setState({ status: 'working' })
    try {
      setState({ status: 'done', invite: await request(), forText })
    } catch (error) {
      setState({ status: 'error', error: toCallError(error, lang), lang })
    }
  }
  return { state, issue, reset: () => setState({ status: 'idle' }) }
}

/** The server's refusal (not head, member limit, out of scope…), already worded in the caller's
 * language; re-worded from the catalogue by its reason if the reader switched language since. */
export function IssueError({ state }: { state: Issue }) {
  const { lang, t } = useSettings()
  if (state.status !== 'error') return null
  const message = state.lang === lang ? state.error.message : t(state.error.reason ?? errorKey(state.error.code))
  return (
    <View className="invite-error" role="alert" data-code={state.error.code} data-reason={state.error.reason}>
      <Text>{state.error.details?.[0]?.message ?? message}</Text>
    </View>
  )
}
