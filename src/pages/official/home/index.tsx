/**
 * The official's home (subpackage pages/official): their households, with what needs them — households
 * overdue for contact and households with a visit still to be confirmed, each a count that opens the list
 * narrowed to them — households an office asked them to look in on, the trip places offered to a studio they
 * are a member of (only when there are some), and notices. Counts of households, never
 * of the official's own activity. Without signal the counts come from the list kept on the phone; with
 * neither, the home shows no counts.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import MeSummary from '@/components/MeSummary'
import Screen from '@/components/Screen'
import { StudioTripOffers } from '@/components/TripOffers'
import HomeLink from '@/components/HomeLink'
import FeedbackLink from '@/pages/feedback/Link'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { contacts } from '@shared/contracts/contacts'
import OfficialHouseholdsLink from '../households/Link'
import { readSaved } from '../households/saved'
import Cares from './Cares'
import DonorLink from '../wishes/Link'
import './index.css'

function Count({ text, url, testId }: { text: string; url: string | undefined; testId: string }) {
  return (
    <View
      className={`card home-count${url ? ' home-count--open' : ''}`}
      data-testid={testId}
      onClick={url ? () => void Taro.navigateTo({ url }) : undefined}
    >
      <Text className="home-count__text">{text}</Text>
      {url && <Text className="home-count__arrow">›</Text>}
    </View>
  )
}

export default function OfficialHomePage() {
  const { t } = useSettings()
  const list = useCall(() => call(contacts, 'myHouseholds', {}))
  const counts = list.status === 'done' ? list.data : readSaved()
  const unconfirmed = counts?.unconfirmedCount ?? 0
  const filtered = (filter: string) => `/pages/official/households/index?filter=${filter}`
  return (
    <Screen title="official.title">
      <MeSummary />
      <Cares />
      <StudioTripOffers />
      <OfficialHouseholdsLink />
      {counts && counts.households.length > 0 && (
        <View className="home-counts">
          <Count
            testId="count-overdue"
            text={
              counts.overdueCount > 0
                ? t('contacts.overdueCount', { count: counts.overdueCount })
                : t('contacts.home.noneOverdue')
            }
            url={counts.overdueCount > 0 ? filtered('overdue') : undefined}
          />
          <Count
            testId="count-unconfirmed"
            text={
              unconfirmed > 0
                ? t('contacts.home.unconfirmed', { count: unconfirmed })
                : t('contacts.home.noneUnconfirmed')
            }
            url={unconfirmed > 0 ? filtered('unconfirmed') : undefined}
          />
        </View>
      )}
      <HomeLink label="notice.title" url="/pages/official/notices/index" testId="open-notices" />
      <DonorLink url="/pages/official/wishes/index" />
      <FeedbackLink />
    </Screen>
  )
}
