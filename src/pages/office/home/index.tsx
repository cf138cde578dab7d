/** The office staff's home (subpackage pages/office). Feature issues add notices, rosters, requests, stats. */
import MeSummary from '../../../components/MeSummary'
import Screen from '../../../components/Screen'
import RegistryLinks from '../roster/Links'

export default function OfficeHomePage() {
  return (
    <Screen title="office.title">
      <MeSummary />
      <RegistryLinks />
    </Screen>
  )
}
