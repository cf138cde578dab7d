/**
 * The office staff's home (subpackage pages/office): their roles by region or department name, their region's
 * (or department's) figures at a glance with the previous month's beside them, each opening what is behind it
 * (issue 15), what waits to be done, then a compact menu of the work: notices, rosters and pairing, relief,
 * and for administrators the audit search. Reviewers see no figures: theirs is the notices' review.
 */
import '../catalogue'
import { View } from '@tarojs/components'
import HomeLink from '@/components/HomeLink'
import MeSummary from '@/components/MeSummary'
import Screen from '@/components/Screen'
import FeedbackLink from '@/pages/feedback/Link'
import RegistryLinks from '../roster/Links'
import FeedbackInboxLink from '../feedback/Link'
import RiskLinks from '../risk/Links'
import ReliefLinks from '../relief/Links'
import RequestsLink from '../requests/Link'
import TripsLinks from '../exchange/trips-links'
import WishesLink from '../wishes/Link'
import Glance from '../dashboard/Glance'
import PhaseSummary from '../dashboard/PhaseSummary'
import ReportsLinks from '../dashboard/ReportsLinks'
import Today from './Today'
import './index.css'

export default function OfficeHomePage() {
  return (
    <Screen title="office.title">
      <MeSummary
        extra={(roles) => (
          <>
            <Today roles={roles} />
            {roles.some((g) => g.role === 'office' || g.role === 'department' || g.role === 'admin') && (
              <>
                <Glance roles={roles} />
                <PhaseSummary roles={roles} />
              </>
            )}
            <View className="office-menu" data-testid="office-menu">
              <RequestsLink roles={roles} />
              <ReportsLinks roles={roles} />
              {/* the three rates: an office for its region, department staff for their own units; not reviewers */}
              {roles.some((g) => g.role === 'office' || g.role === 'department' || g.role === 'admin') && (
                <HomeLink label="rates.title" url="/pages/office/relief/rates" testId="open-relief-rates" />
              )}
              <RiskLinks roles={roles} />
              <FeedbackInboxLink roles={roles} />
              <ReliefLinks roles={roles} />
              <WishesLink roles={roles} />
              {/* the selection of model families and excellent studios: an office's, or an administrator's */}
              {roles.some((g) => g.role === 'office' || g.role === 'admin') && (
                <HomeLink label="exchange.title" url="/pages/office/exchange/index" testId="open-exchange" />
              )}
              {/* a unit puts studios of its region forward (its staff never reach households) */}
              {roles.some((g) => g.role === 'department') && (
                <HomeLink label="exchange.unit.title" url="/pages/office/exchange/unit" testId="open-exchange-unit" />
              )}
              <TripsLinks roles={roles} />
              {roles.some((grant) => grant.role === 'admin') && (
                <HomeLink label="audit.title" url="/pages/office/audit/index" testId="open-audit" />
              )}
              {/* appointing and bindings are an office's (or an administrator's); reviewers and department staff land here too */}
              {roles.some((grant) => grant.role === 'office' || grant.role === 'admin') && (
                <>
                  <HomeLink label="grants.title" url="/pages/office/roles/index" testId="open-roles" />
                  <HomeLink label="members.title" url="/pages/office/bindings/index" testId="open-bindings" />
                </>
              )}
            </View>
          </>
        )}
      />
      <View className="office-menu">
        <HomeLink label="notice.title" url="/pages/office/notices/index" testId="open-notices" />
        <HomeLink label="invite.title" url="/pages/office/invite/index" testId="open-invite" />
        <FeedbackLink />
      </View>
      <RegistryLinks />
    </Screen>
  )
}
