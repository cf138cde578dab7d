/**
 * The office home's way into the requests inbox, for department staff and work offices at a township, county
 * or the prefecture (a village office handles no requests), with what waits for them on the first page: new
 * and reopened requests their unit must take up, returned ones their office must send on. Every work office,
 * a village's too, may raise a request for a household of its region from its own screening.
 */
import HomeLink from '@/components/HomeLink'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { InboxItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import type { RoleGrant } from '@shared/contracts/identity'
import { levelOf, normaliseRegion } from '@shared/region'

export function handlesRequests(roles: readonly RoleGrant[]): boolean {
  return roles.some(
    (g) => g.role === 'department' || (g.role === 'office' && levelOf(normaliseRegion(g.region)) !== 'village'),
  )
}

export function waiting(item: InboxItem): boolean {
  return (
    (item.as === 'unit' && (item.state === 'assigned' || item.state === 'reopened')) ||
    (item.as === 'dispatcher' && item.state === 'returned') ||
    item.as === 'extension'
  )
}

function Counted() {
  const { t } = useSettings()
  const page = useCall(() => call(requests, 'inbox', {}))
  const count = page.status === 'done' ? page.data.items.filter(waiting).length : 0
  const more = page.status === 'done' && page.data.more
  const note = count > 0 ? t('inbox.waiting', { count: more ? `${count}+` : count }) : undefined
  return <HomeLink label="inbox.title" url="/pages/office/requests/index" testId="open-requests" note={note} />
}

/** Who raises a request from its own screening: a work office, for the households of its region. */
export function raisesRequests(roles: readonly RoleGrant[]): boolean {
  return roles.some((g) => g.role === 'office')
}

export const RAISE_URL = '/pages/office/requests/raise'

export default function RequestsLink({ roles }: { roles: readonly RoleGrant[] }) {
  return (
    <>
      {handlesRequests(roles) && <Counted />}
      {raisesRequests(roles) && <HomeLink label="inbox.raise.title" url={RAISE_URL} testId="open-raise" />}
    </>
  )
}
