/**
 * The office home's ways into exchange trips and opportunities: trips for the offices that organise them
 * (prefecture and county) and administrators; opportunities for offices, departments and administrators.
 */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'
import { levelOf } from '@shared/region'

export default function TripsLinks({ roles }: { roles: readonly RoleGrant[] }) {
  const organises = roles.some(
    (g) => g.role === 'admin' || (g.role === 'office' && ['prefecture', 'county'].includes(levelOf(g.region) ?? '')),
  )
  const publishes = roles.some((g) => g.role === 'office' || g.role === 'department' || g.role === 'admin')
  return (
    <>
      {organises && <HomeLink label="exchange.trips.title" url="/pages/office/exchange/trips" testId="open-trips" />}
      {publishes && (
        <HomeLink
          label="exchange.opportunities.title"
          url="/pages/office/exchange/opportunities"
          testId="open-opportunities"
        />
      )}
    </>
  )
}
