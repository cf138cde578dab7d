/**
 * The start screen: asks `identity.me` who the user is and sends them to their area. One area → go
 * there; several → a simple chooser (src/pages/roles will replace it with the full "my roles" page);
 * none → how to bind with an invitation code.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import Screen from '@/components/Screen'
import LocalIdentityPanel from '@/components/LocalIdentity/Panel'
import { Loaded, Loading } from '@/components/States'
import { call } from '@/services/cloud'
import { homesFor, ROUTES } from '@/services/routes'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'
import './index.css'

export default function StartPage() {
  const { t } = useSettings()
  const [identityChanges, setIdentityChanges] = useState(0)
  const me = useCall(() => call(identity, 'me', {}), [identityChanges])
  const homes = me.status === 'done' ? homesFor(me.data.roles) : []
  const only = homes.length === 1 ? homes[0] : undefined

  useEffect(() => {
    if (only) Taro.redirectTo({ url: ROUTES[only.home] })
  }, [only])

  return (
    <Screen title="start.title">
      <LocalIdentityPanel onChange={() => setIdentityChanges((n) => n + 1)} />
      <Loaded state={me}>
        {({ bound }) => (
          <>
            {!bound && (
              <View className="card start__unbound">
                <Text className="section-title">{t('start.unbound.title')}</Text>
                <Text>{t('start.unbound.body')}</Text>
                <Button className="start__action" onClick={() => Taro.navigateTo({ url: ROUTES.bind })}>
                  {t('start.unbound.bind')}
                </Button>
              </View>
            )}
            {/* on its way to the only home there is */}
            {only && <Loading />}
            {homes.length > 1 && (
              <View className="card start__chooser">
                <Text className="section-title">{t('start.chooseRole')}</Text>
                {homes.map(({ home, role }) => (
                  <Button key={home} className="start__action" onClick={() => Taro.navigateTo({ url: ROUTES[home] })}>
                    {t(`role.${role}`)}
                  </Button>
                ))}
              </View>
            )}
          </>
        )}
      </Loaded>
    </Screen>
  )
}
