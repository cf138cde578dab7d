/**
 * An office looks up a household of its region (`?householdId=`, or typed) and manages the phones bound to
 * it: unbinding one, or a replacement code for a lost phone. The server checks the household is the office's.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { InviteScreen, useIssue } from '@/components/InviteCard/issue'
import { offWhen } from '@/components/Form'
import Members from '@/components/Manage/Members'
import { useSettings } from '@/services/settings'

export default function OfficeBindingsPage() {
  const { t } = useSettings()
  const given = decodeURIComponent(useRouter().params.householdId ?? '')
  const [typed, setTyped] = useState(given)
  const [householdId, setHouseholdId] = useState(given)
  const issuing = useIssue()

  return (
    <InviteScreen title="members.title" issuing={issuing}>
      <View className="manage">
        <View className="card manage">
          <Text>{t('members.officeIntro')}</Text>
          <View className="manage__field">
            <Text className="card__label">{t('members.householdId')}</Text>
            <Input
              className="manage__input"
              value={typed}
              onInput={(e) => setTyped(e.detail.value.trim())}
              data-testid="bindings-household"
            />
          </View>
          <Button
            className="manage__action"
            disabled={offWhen(!typed)}
            onClick={() => {
              issuing.reset()
              setHouseholdId(typed)
            }}
            data-testid="bindings-open"
          >
            {t('members.open')}
          </Button>
        </View>
        {householdId && <Members key={householdId} householdId={householdId} issuing={issuing} />}
      </View>
    </InviteScreen>
  )
}
