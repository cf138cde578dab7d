/**
 * A household's notices (main package: households open it from their home; keep it light): notices
 * for its village and every region above, unread first, in the household's language.
 */
import Screen from '@/components/Screen'
import FeedList from './FeedList'
import SubscribePrompt from './SubscribePrompt'
import './index.css'

const DETAIL = '/pages/household/notices/detail'

export default function HouseholdNoticesPage() {
  return (
    <Screen title="notice.title">
      <SubscribePrompt />
      <FeedList detailUrl={(id) => `${DETAIL}?id=${encodeURIComponent(id)}`} />
    </Screen>
  )
}
