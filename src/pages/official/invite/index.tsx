/**
 * An official invites a member of a paired household (`?householdId=`), the head included: the code binds
 * whoever redeems it to that household. The server checks the pairing; the household's name comes from
 * the list the official last fetched, kept on the phone.
 */
import '../catalogue'
import { Switch, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { InviteScreen, IssueButton, IssueError, useIssue } from '@/components/InviteCard/issue'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { identity } from '@shared/contracts/identity'
import { savedHousehold } from '../households/saved'
import { offWhen } from '@/components/Form'

export default function OfficialInvitePage() {
  const { lang, t } = useSettings()
  const householdId = decodeURIComponent(useRouter().params.householdId ?? '')
  const [head, setHead] = useState(false)
  const issuing = useIssue()
  const row = savedHousehold(householdId)
  const forText = t('invite.forHousehold', { name: row ? pick(row.headName, lang) : householdId })

  return (
    <InviteScreen title="invite.familyMember" issuing={issuing}>
      <View className="card invite-page">
        <Text className="section-title">{forText}</Text>
        <Text>{t('invite.householdIntro')}</Text>
        <View className="invite-page__row">
          <Text>{t('invite.asHead')}</Text>
          <Switch
            checked={head}
            nativeProps={{ 'aria-label': t('invite.asHead') }}
            onChange={(e) => setHead(e.detail.value)}
            data-testid="invite-head"
          />
        </View>
        <IssueError state={issuing.state} />
        <IssueButton
          issuing={issuing}
          disabled={offWhen(!householdId)}
          onIssue={() =>
            void issuing.issue(
              () => call(identity, 'inviteHousehold', { householdId, ...(head ? { head: true } : {}) }),
              forText,
            )
          }
        />
      </View>
    </InviteScreen>
  )
}
