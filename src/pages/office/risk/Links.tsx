/**
 * The office home's ways into poverty-return risk work: the leads, for department staff (the county 防返贫
 * team's members; other departments find their list empty, the grant does not say which department is the
 * team) and county offices (they receive leads where a county has no team); the public list (公示) and a new
 * lead for a household of their region, for village and township offices, who post the one and send the other.
 */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'
import { levelOf, normaliseRegion } from '@shared/region'

const officeLevel = (g: RoleGrant) => (g.role === 'office' ? levelOf(normaliseRegion(g.region)) : undefined)

export default function RiskLinks({ roles }: { roles: readonly RoleGrant[] }) {
  const team = roles.some((g) => g.role === 'department' || officeLevel(g) === 'county')
  const local = roles.some((g) => ['village', 'township'].includes(officeLevel(g) ?? ''))
  return (
    <>
      {team && <HomeLink label="riskTeam.title" url="/pages/office/risk/index" testId="open-risk-leads" />}
      {local && <HomeLink label="riskList.title" url="/pages/office/risk/list" testId="open-risk-list" />}
      {local && <HomeLink label="inbox.lead.title" url="/pages/office/requests/lead" testId="open-office-lead" />}
    </>
  )
}
