/**
 * The household home: the household (head, village and region path, members) and its paired officials.
 * It is the page most users open, in the main package: keep it light.
 */
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import MyOfficialsLink from '../officials/Link'
import HouseholdContactsLink from '../contacts/Link'
import SubscribePrompt from '../notices/SubscribePrompt'
import HomeLink from '@/components/HomeLink'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { registry } from '@shared/contracts/registry'
import './index.css'

export default function HouseholdHomePage() {
  const { lang, t } = useSettings()
  // People's names come back in the language of the call: ask again when the reader switches.
  const home = useCall(() => call(registry, 'myHousehold', {}, { lang }), [lang])

  return (
    <Screen title="household.title">
      <Loaded state={home}>
        {({ household, head, officials }) => {
          const regions = household.regionNames
          return (
            <>
              <View className="card household__card" data-testid="household">
                <Text className="card__label">{t('household.head')}</Text>
                <Text className="household__head">{household.headName}</Text>
                <Text className="household__members">{t('household.members', { count: household.memberCount })}</Text>
                <Text className="card__label">{t('household.village')}</Text>
                <Text className="household__village">{pick(regions[regions.length - 1], lang)}</Text>
                <Text className="household__path">
                  {regions
                    .slice(0, -1)
                    .map((name) => pick(name, lang))
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </View>
              <HomeLink label="notice.title" url="/pages/household/notices/index" testId="open-notices" />
              <SubscribePrompt />
              <HouseholdContactsLink householdId={household.id} />
              {head && (
                <>
                  <HomeLink label="invite.familyMember" url="/pages/household/invite/index" testId="open-invite" />
                  <HomeLink label="members.title" url="/pages/household/members/index" testId="open-members" />
                </>
              )}
              <Text className="section-title">{t('household.officials')}</Text>
              {officials.length === 0 ? (
                <Empty text={t('household.noOfficials')} />
              ) : (
                officials.map((official) => (
                  <View key={official.id} className="card official-card" data-testid="official">
                    <Text className="official-card__name">{official.name}</Text>
                    <Text className="official-card__department">{pick(official.department, lang)}</Text>
                    <Text className="official-card__phone">
                      {t('household.phone')} {official.phoneMasked}
                    </Text>
                  </View>
                ))
              )}
              {officials.length > 0 && <MyOfficialsLink />}
            </>
          )
        }}
      </Loaded>
    </Screen>
  )
}
