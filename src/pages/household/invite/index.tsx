/**
 * The household head invites family members to bind their own WeChat to the household. Its own small
 * subpackage, so the QR drawing stays out of the main package every household opens. Who may invite and
 * how many members a household may bind are the server's to decide; its refusal is shown as it comes.
 */
import { Text, View } from '@tarojs/components'
import { InviteScreen, IssueButton, IssueError, useIssue } from '@/components/InviteCard/issue'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'

export default function HouseholdInvitePage() {
  const { lang, t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  const issuing = useIssue()

  return (
    <InviteScreen title="invite.familyMember" issuing={issuing}>
      <Loaded state={me}>
        {({ roles, cards }) => {
          const grant = roles.find((g) => g.role === 'household')
          const householdId = grant?.role === 'household' ? grant.householdId : ''
          const card = cards.find((c) => c.grant.role === 'household')
          const forText = t('invite.forHousehold', { name: card ? pick(card.label, lang) : '' })
          return (
            <View className="card invite-page">
              <Text>{t('invite.familyIntro')}</Text>
              <IssueError state={issuing.state} />
              <IssueButton
                issuing={issuing}
                onIssue={() => void issuing.issue(() => call(identity, 'inviteHousehold', { householdId }), forText)}
              />
            </View>
          )
        }}
      </Loaded>
    </InviteScreen>
  )
}
