/**
 * H5 local mode: pick the demo identity to call as (sent as `X-WX-OPENID`). The list is
 * local-identities.json, written beside the H5 build by whoever seeded the local cloud.
 */
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { LocalIdentity } from '@/services/local'
import { chooseLocalIdentity, fetchLocalIdentities, localOpenid } from '@/services/local'
import { useSettings } from '@/services/settings'
import './index.css'

export default function LocalIdentityPanel({ onChange }: { onChange: () => void }) {
  const { t } = useSettings()
  const [identities, setIdentities] = useState<LocalIdentity[] | undefined>()
  const [failed, setFailed] = useState(false)
  const [current, setCurrent] = useState(localOpenid())

  useEffect(() => {
    fetchLocalIdentities().then(setIdentities, () => setFailed(true))
  }, [])
  // the list scrolls on its own, so keyboard users must be able to focus it; Taro's View takes no tabIndex
  useEffect(() => {
    document
      .querySelectorAll('.local-panel__list:not([tabindex])')
      .forEach((list) => list.setAttribute('tabindex', '0'))
  }, [identities])

  return (
    <View className="local-panel" data-testid="local-identities">
      <Text className="local-panel__title">{t('local.title')}</Text>
      <Text className="local-panel__hint">{t('local.hint')}</Text>
      {failed && <Text className="local-panel__hint">{t('local.unavailable')}</Text>}
      <View className="local-panel__list" role="group" aria-label={t('local.title')}>
        {(identities ?? []).map((identity) => (
          <View
            key={identity.openid}
            className={`local-panel__item${identity.openid === current ? ' local-panel__item--on' : ''}`}
            data-openid={identity.openid}
            onClick={() => {
              chooseLocalIdentity(identity)
              setCurrent(identity.openid)
              onChange()
            }}
          >
            <Text className="local-panel__role">{identity.role}</Text>
            <Text className="local-panel__name">{identity.name}</Text>
            {identity.note ? <Text className="local-panel__note">{identity.note}</Text> : null}
          </View>
        ))}
      </View>
    </View>
  )
}
