/**
 * Issuing an invitation, shared by the office, official and household screens: one call, its card or its
 * refusal. Each screen keeps only what differs — who the code is for and the form that says so.
 */
import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useState } from 'react'
import type { CallError } from '@/services/cloud'
import { toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { errorKey } from '@shared/errors'
import type { Lang, MessageKey } from '@shared/i18n'
import Screen from '../Screen'
import type { IssuedInvite } from './index'
import InviteCard from './index'
import { offWhen } from '../Form'

export type Issue =
  | { status: 'idle' }
  | { status: 'working' }
  | { status: 'done'; invite: IssuedInvite; forText: string }
  | { status: 'error'; error: CallError; lang: Lang }

export type Issuing = ReturnType<typeof useIssue>

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

/** "Issue the code", which says so while the call runs. */
export function IssueButton({
  issuing,
  disabled = false,
  onIssue,
}: {
  issuing: Issuing
  disabled?: boolean
  onIssue: () => void
}) {
  const { t } = useSettings()
  const working = issuing.state.status === 'working'
  return (
    <Button
      className="invite-page__action"
      disabled={offWhen(disabled || working)}
      onClick={onIssue}
      data-testid="invite-issue"
    >
      {t(working ? 'invite.working' : 'invite.issue')}
    </Button>
  )
}

/** An invitation screen: the screen's form until a code is issued, then its card and "invite another". */
export function InviteScreen({
  title,
  issuing,
  children,
}: {
  title: MessageKey
  issuing: Issuing
  children: ReactNode
}) {
  const { t } = useSettings()
  const { state, reset } = issuing
  return (
    <Screen title={title}>
      {state.status === 'done' ? (
        <View className="invite-page">
          <InviteCard invite={state.invite} forText={state.forText} />
          <Button className="invite-page__action" onClick={reset} data-testid="invite-another">
            {t('invite.another')}
          </Button>
        </View>
      ) : (
        children
      )}
    </Screen>
  )
}
