/** Who is signed in and what they hold: the first content of the official and office homes. */
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RoleGrant } from '@shared/contracts/identity'
import { identity } from '@shared/contracts/identity'
import { Loaded } from '../States'
import './index.css'

function scopeOf(grant: RoleGrant): string | undefined {
  if (grant.role === 'office' || grant.role === 'reviewer') return grant.region
  if (grant.role === 'department') return grant.departmentId
  return undefined
}

interface Props {
  /** what the home adds for the roles the person holds, e.g. the audit search for administrators */
  extra?: (roles: RoleGrant[]) => ReactNode
}

export default function MeSummary({ extra }: Props = {}) {
  const { lang, t } = useSettings()
  // the display name comes back in the language of the call: ask again when the reader switches
  const me = useCall(() => call(identity, 'me', {}, { lang }), [lang])
  return (
    <Loaded state={me}>
      {({ displayName, roles }) => (
        <>
          <View className="card me-summary" data-testid="me">
            {displayName ? (
              <Text className="section-title">{t('official.greeting', { name: displayName })}</Text>
            ) : null}
            <Text className="card__label">{t('office.roles')}</Text>
            {roles.map((grant, index) => {
              const scope = scopeOf(grant)
              return (
                <View key={index} className="me-summary__role" data-role={grant.role}>
                  <Text>{t(`role.${grant.role}`)}</Text>
                  {scope ? <Text className="card__label"> {t('office.region', { region: scope })}</Text> : null}
                </View>
              )
            })}
          </View>
          {extra?.(roles)}
        </>
      )}
    </Loaded>
  )
}
