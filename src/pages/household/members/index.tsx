/**
 * The household head's family bindings: the phones bound to the household, each to unbind or to move to a
 * new phone. Its own small subpackage, like the head's invitations: most households never open it.
 */
import { Text, View } from '@tarojs/components'
import { InviteScreen, useIssue } from '@/components/InviteCard/issue'
import Members from '@/components/Manage/Members'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'

export default function HouseholdMembersPage() {
  const { t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  const issuing = useIssue()

  return (
    <InviteScreen title="members.title" issuing={issuing}>
      <Loaded state={me}>
        {({ roles }) => {
          const grant = roles.find((g) => g.role === 'household')
          const householdId = grant?.role === 'household' ? grant.householdId : ''
          return (
            <View className="manage">
              <Text>{t('members.intro')}</Text>
              <Members householdId={householdId} issuing={issuing} />
            </View>
          )
        }}
      </Loaded>
    </InviteScreen>
  )
}
