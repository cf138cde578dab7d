/** The official's home (subpackage pages/official). Its households and contacts, and notices. */
import MeSummary from '@/components/MeSummary'
import Screen from '@/components/Screen'
import OfficialHouseholdsLink from '../households/Link'
import HomeLink from '@/components/HomeLink'

export default function OfficialHomePage() {
  return (
    <Screen title="official.title">
      <MeSummary />
      <OfficialHouseholdsLink />
      <HomeLink label="notice.title" url="/pages/official/notices/index" testId="open-notices" />
    </Screen>
  )
}
