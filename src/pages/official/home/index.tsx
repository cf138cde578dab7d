/** The official's home (subpackage pages/official). Feature issues add households, contacts, requests. */
import MeSummary from '../../../components/MeSummary'
import Screen from '../../../components/Screen'
import OfficialHouseholdsLink from '../households/Link'

export default function OfficialHomePage() {
  return (
    <Screen title="official.title">
      <MeSummary />
      <OfficialHouseholdsLink />
    </Screen>
  )
}
