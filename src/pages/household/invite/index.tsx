/**
 * The household head invites family members to bind their own WeChat to the household. Its own small
 * subpackage, so the QR drawing stays out of the main package every household opens. Who may invite and
 * how many members a household may bind are the server's to decide; its refusal is shown as it comes.
 */
import { Button, Text, View } from '@tarojs/components'
import InviteCard from '../../../components/InviteCard'
import { IssueError, useIssue } from '../../../components/InviteCard/issue'
import Screen from '../../../components/Screen'
import { ErrorState, Loading } from '../../../components/States'
import { pick } from '../../../services/bilingual'
import { call } from '../../../services/cloud'
import { useSettings } from '../../../services/settings'
import { useCall } from '../../../services/useCall'
import { identity } from '../../../shared/contracts/identity'

export default function HouseholdInvitePage() {
  const { lang, t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  const { state, issue, reset } = useIssue()

  const grant = me.status === 'done' ? me.data.roles.find((g) => g.role === 'household') : undefined
  const householdId = grant?.role === 'household' ? grant.householdId : ''
  const card = me.status === 'done' ? me.data.cards.find((c) => c.grant.role === 'household') : undefined
  const forText = t('invite.forHousehold', { name: card ? pick(card.label, lang) : '' })

  return (
    <Screen title="invite.familyMember">
      {me.status === 'loading' && <Loading />}
      {me.status === 'error' && <ErrorState error={me.error} lang={me.lang} onRetry={me.retry} />}
      {me.status !== 'done' ? null : state.status === 'done' ? (
        <View className="invite-page">
          <InviteCard invite={state.invite} forText={state.forText} />
          <Button className="invite-page__action" onClick={reset} data-testid="invite-another">
            {t('invite.another')}
          </Button>
        </View>
      ) : (
        <View className="card invite-page">
          <Text>{t('invite.familyIntro')}</Text>
          <IssueError state={state} />
          <Button
            className="invite-page__action"
            disabled={state.status === 'working'}
            onClick={() => issue(() => call(identity, 'inviteHousehold', { householdId }), forText)}
            data-testid="invite-issue"
          >
            {t(state.status === 'working' ? 'invite.working' : 'invite.issue')}
          </Button>
        </View>
      )}
    </Screen>
  )
}
