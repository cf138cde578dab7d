/**
 * The office home's ways into charity wishes: for office staff, who act for a region, the region's wishes and
 * donors; for department staff, whose department is a registered donor, the wishes it may help with.
 */
import HomeLink from '@/components/HomeLink'
import DonorLink from '@/pages/official/wishes/Link'
import type { RoleGrant } from '@shared/contracts/identity'

export default function WishesLink({ roles }: { roles: readonly RoleGrant[] }) {
  return (
    <>
      {roles.some((g) => g.role === 'office') && (
        <HomeLink label="wishes.title" url="/pages/office/wishes/index" testId="open-wishes" />
      )}
      {roles.some((g) => g.role === 'department') && <DonorLink url="/pages/office/wishes/donor" />}
    </>
  )
}
