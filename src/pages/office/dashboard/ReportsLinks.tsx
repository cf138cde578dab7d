/**
 * The office home's ways to the phases and targets (offices, departments and administrators read them; the
 * prefecture office sets them) and to the region's monthly and quarterly reports (offices and
 * administrators: a department has no region of its own to report on). Reviewers land on the home too and
 * see neither.
 */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'

export default function ReportsLinks({ roles }: { roles: readonly RoleGrant[] }) {
  const office = roles.some((g) => g.role === 'office' || g.role === 'admin')
  return (
    <>
      {(office || roles.some((g) => g.role === 'department')) && (
        <HomeLink label="phases.title" url="/pages/office/dashboard/phases" testId="open-phases" />
      )}
      {office && <HomeLink label="reports.title" url="/pages/office/dashboard/reports" testId="open-reports" />}
    </>
  )
}
