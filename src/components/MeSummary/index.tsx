/** Who is signed in and what they hold: the first content of the official and office homes. Each role is
 * named by what it is about ("康定市 · 县级", a department's name), never by a code. */
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { RoleCard, RoleGrant } from '@shared/contracts/identity'
import { identity } from '@shared/contracts/identity'
import type { Lang, MessageKey } from '@shared/i18n'
import { Loaded } from '../States'
import './index.css'

/** What a role is about, in words: the region and its level, or the department. */
function aboutOf(card: RoleCard, lang: Lang, t: (key: MessageKey) => string): string {
  if (card.department) return pick(card.department.name, lang)
  if (card.region) return [pick(card.region.name, lang), t(`level.${card.region.level}`)].filter(Boolean).join(' · ')
  return ''
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
      {({ displayName, roles, cards }) => (
        <>
          <View className="card me-summary" data-testid="me">
            {displayName ? (
              <Text className="section-title">{t('official.greeting', { name: displayName })}</Text>
            ) : null}
            <Text className="card__label">{t('office.roles')}</Text>
            {cards.map((card) => {
              const about = aboutOf(card, lang, t)
              return (
                <View key={card.key} className="me-summary__role" data-role={card.grant.role}>
                  <Text>{t(`role.${card.grant.role}`)}</Text>
                  {about ? (
                    <Text className="card__label">
                      {/* an office or reviewer answers for its region; anyone else just belongs somewhere */}
                      {card.grant.role === 'office' || card.grant.role === 'reviewer'
                        ? t('office.region', { region: about })
                        : about}
                    </Text>
                  ) : null}
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
