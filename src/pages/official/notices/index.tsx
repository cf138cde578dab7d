/** An official's notices: those for officials where they live, and those their households received. */
import '../catalogue'
import Screen from '@/components/Screen'
import FeedList from '@/pages/household/notices/FeedList'
import '@/pages/household/notices/index.css'

export default function OfficialNoticesPage() {
  return (
    <Screen title="notice.title">
      <FeedList detailUrl={(id) => `/pages/official/notices/detail?id=${encodeURIComponent(id)}`} />
    </Screen>
  )
}
