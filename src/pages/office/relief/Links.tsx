/**
 * The office home's ways into the relief menu: the category list and the working-day calendar for those
 * who keep them (the prefecture office, administrators), a department's service menu for its staff.
 */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'
import { keepsCategories } from '@shared/contracts/requests'

export default function ReliefLinks({ roles }: { roles: readonly RoleGrant[] }) {
  return (
    <>
      {keepsCategories(roles) && (
        <>
          <HomeLink label="services.link.categories" url="/pages/office/relief/categories" testId="open-categories" />
          <HomeLink label="services.link.calendar" url="/pages/office/relief/calendar" testId="open-calendar" />
        </>
      )}
      {roles.some((g) => g.role === 'department') && (
        <HomeLink label="services.link.menu" url="/pages/office/relief/services" testId="open-services" />
      )}
    </>
  )
}
