/**
 * The household home: the household (head, village and region path, members), what is new for it (unread
 * notices, visits waiting for its confirmation) and its paired officials. It is the page most users open,
 * in the main package: keep it light. What is new costs two small calls beside the household's own, and
 * is simply left out when they fail (no signal): the household and its officials are what the home is for.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import MyOfficialsLink from '../officials/Link'
import FeedbackLink from '@/pages/feedback/Link'
import HouseholdContactsLink from '../contacts/Link'
import RequestsLink from '../requests/Link'
import ExchangeOnHome from './Exchange'
import SubscribePrompt from '../notices/SubscribePrompt'
import HomeLink from '@/components/HomeLink'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { Loadable } from '@/services/useCall'
import { contacts } from '@shared/contracts/contacts'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import './index.css'

/** The count a glance call found, or nothing while it loads or when it failed. */
const countOf = (state: Loadable<number>): number => (state.status === 'done' ? state.data : 0)

/** Visits the household's officials logged that wait for its one tap (the latest page of its contacts). */
function useWaitingVisits(householdId: string | undefined): Loadable<number> {
  return useCall(async () => {
    if (!householdId) return 0
    const { contacts: latest } = await call(contacts, 'householdContacts', { householdId })
    return latest.filter((c) => c.channel === 'visit' && c.confirmedAt === null).length
  }, [householdId])
}

export default function HouseholdHomePage() {
  const { lang, t } = useSettings()
  // People's names come back in the language of the call: ask again when the reader switches.
  const home = useCall(() => call(registry, 'myHousehold', {}, { lang }), [lang])
  // asked beside the household, not after it: one notice is enough, the answer counts the unread ones
  const unread = useCall(async () => (await call(notices, 'feed', { pageSize: 1 })).unread)
  const waiting = useWaitingVisits(home.status === 'done' ? home.data.household.id : undefined)

  // back from reading a notice or confirming a visit: the counts change, the household does not
  Taro.useDidShow(() => {
    if (unread.status !== 'loading') unread.retry()
    if (waiting.status !== 'loading') waiting.retry()
  })

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
              <HomeLink
                label="notice.title"
                url="/pages/household/notices/index"
                testId="open-notices"
                note={countOf(unread) > 0 ? t('notice.unreadCount', { count: countOf(unread) }) : undefined}
              />
              <SubscribePrompt />
              <HouseholdContactsLink
                householdId={household.id}
                note={countOf(waiting) > 0 ? t('contacts.household.waiting', { count: countOf(waiting) }) : undefined}
              />
              <RequestsLink householdId={household.id} />
              <ExchangeOnHome householdId={household.id} />
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
              <FeedbackLink />
            </>
          )
        }}
      </Loaded>
    </Screen>
  )
}
