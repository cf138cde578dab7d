/** The office home's way into charity wishes and donors: for office staff, who act for a region. */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'

export default function WishesLink({ roles }: { roles: readonly RoleGrant[] }) {
  if (!roles.some((g) => g.role === 'office')) return null
  return <HomeLink label="wishes.title" url="/pages/office/wishes/index" testId="open-wishes" />
}
