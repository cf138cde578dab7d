/**
 * An office manages the phones bound within its region. Households: look one up (`?householdId=`, or
 * typed), unbind a phone or issue a replacement code for a lost one. Officials: find one by name, see the
 * phone that holds them (masked) and issue a replacement code for it. The server checks every record is
 * the office's.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { InviteScreen, useIssue } from '@/components/InviteCard/issue'
import { offWhen } from '@/components/Form'
import Members from '@/components/Manage/Members'
import { Loaded } from '@/components/States'
import { useSettings } from '@/services/settings'
import { useOfficeRegion } from '../roster/office'
import Officials from './Officials'

type Kind = 'households' | 'officials'

export default function OfficeBindingsPage() {
  const { t } = useSettings()
  const params = useRouter().params
  const given = decodeURIComponent(params.householdId ?? '')
  const [kind, setKind] = useState<Kind>(params.kind === 'officials' ? 'officials' : 'households')
  const [typed, setTyped] = useState(given)
  const [householdId, setHouseholdId] = useState(given)
  const issuing = useIssue()
  const region = useOfficeRegion()

  return (
    <InviteScreen title="bindings.title" issuing={issuing}>
      <View className="manage">
        <View className="manage__choices">
          {(['households', 'officials'] as const).map((k) => (
            <Button
              key={k}
              className={`manage__choice${kind === k ? ' manage__choice--on' : ''}`}
              data-on={kind === k}
              data-testid={`bindings-${k}`}
              onClick={() => {
                issuing.reset()
                setKind(k)
              }}
            >
              {t(`bindings.${k}`)}
            </Button>
          ))}
        </View>
        {kind === 'officials' ? (
          <Loaded state={region}>{(code) => <Officials region={code} issuing={issuing} />}</Loaded>
        ) : (
          <>
            <View className="card manage">
              <Text>{t('members.officeIntro')}</Text>
              <View className="manage__field">
                <Text className="card__label">{t('members.householdId')}</Text>
                <Input
                  className="manage__input"
                  value={typed}
                  nativeProps={{ 'aria-label': t('members.householdId') }}
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
          </>
        )}
      </View>
    </InviteScreen>
  )
}
