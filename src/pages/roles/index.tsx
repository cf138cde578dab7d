/**
 * My roles: every role the person holds, with what it is about (household, official, region, department),
 * the one in use marked, and a switch to another. Household and official bindings can be ended here.
 * Switching only changes which area opens; what each area may do is decided by the server per call.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call, toCallError } from '@/services/cloud'
import { HOME_OF_ROLE, ROUTES } from '@/services/routes'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RoleCard } from '@shared/contracts/identity'
import { identity } from '@shared/contracts/identity'
import './index.css'

export const CURRENT_ROLE_KEY = 'shiliuzi.currentRole'

export function currentRoleKey(): string | undefined {
  try {
    const value: unknown = Taro.getStorageSync(CURRENT_ROLE_KEY)
    return typeof value === 'string' && value ? value : undefined
  } catch {
    return undefined
  }
}

export default function RolesPage() {
  const { lang, t } = useSettings()
  const [changes, setChanges] = useState(0)
  const [current, setCurrent] = useState(currentRoleKey())
  const [notice, setNotice] = useState<string>()
  const me = useCall(() => call(identity, 'me', {}), [changes])

  function choose(card: RoleCard) {
    Taro.setStorageSync(CURRENT_ROLE_KEY, card.key)
    setCurrent(card.key)
    Taro.reLaunch({ url: ROUTES[HOME_OF_ROLE[card.grant.role]] })
  }

  async function unbind(card: RoleCard) {
    if (card.grant.role !== 'household' && card.grant.role !== 'official') return
    const role = card.grant.role
    const confirmed = await Taro.showModal({ content: t('roles.unbindConfirm') }).then(
      (res) => res.confirm,
      () => false,
    )
    if (!confirmed) return
    try {
      await call(identity, 'unbind', { role })
      setNotice(t('roles.unbound'))
    } catch (error) {
      setNotice(toCallError(error, lang).message)
    }
    setChanges((n) => n + 1)
  }

  return (
    <Screen title="roles.title">
      <Loaded state={me}>{({ cards }) => renderCards(cards)}</Loaded>
    </Screen>
  )

  function renderCards(cards: RoleCard[]) {
    const inUse = cards.find((c) => c.key === current)?.key ?? cards[0]?.key
    return (
      <>
        {notice && (
          <View className="card" role="status">
            <Text>{notice}</Text>
          </View>
        )}
        {cards.length === 0 && (
          <View className="card">
            <Text>{t('roles.none')}</Text>
            <Button className="roles__action" onClick={() => Taro.navigateTo({ url: ROUTES.bind })}>
              {t('start.unbound.bind')}
            </Button>
          </View>
        )}
        {cards.map((card) => {
          const where = card.regionNames
            .map((name) => pick(name, lang))
            .filter(Boolean)
            .join(' · ')
          const label = pick(card.label, lang)
          const head = card.grant.role === 'household' && card.grant.head
          return (
            <View key={card.key} className="card roles__card" data-testid="role-card" data-key={card.key}>
              <View className="roles__head">
                <Text className="section-title">{t(`role.${card.grant.role}`)}</Text>
                {head && <Text className="roles__tag">{t('roles.head')}</Text>}
                {card.key === inUse && <Text className="roles__tag roles__tag--current">{t('roles.current')}</Text>}
              </View>
              {label && <Text>{label}</Text>}
              {where && <Text className="card__label">{where}</Text>}
              {card.key !== inUse && (
                <Button className="roles__action" onClick={() => choose(card)}>
                  {t('roles.switch')}
                </Button>
              )}
              {(card.grant.role === 'household' || card.grant.role === 'official') && (
                <Button className="roles__secondary" onClick={() => unbind(card)}>
                  {t('roles.unbind')}
                </Button>
              )}
            </View>
          )
        })}
      </>
    )
  }
}
