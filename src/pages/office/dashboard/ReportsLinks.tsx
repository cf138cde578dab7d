/**
 * The office home's ways to the phases and targets (every office and department reads them; the prefecture
 * office sets them) and to the region's monthly and quarterly reports (offices and administrators: a
 * department has no region of its own to report on).
 */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'

export default function ReportsLinks({ roles }: { roles: readonly RoleGrant[] }) {
  return (
    <>
      <HomeLink label="phases.title" url="/pages/office/dashboard/phases" testId="open-phases" />
      {roles.some((g) => g.role === 'office' || g.role === 'admin') && (
        <HomeLink label="reports.title" url="/pages/office/dashboard/reports" testId="open-reports" />
      )}
    </>
  )
}
