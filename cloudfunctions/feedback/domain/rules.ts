/**
 * The feedback rules as plain functions: what is recorded of a sender (numbers a sender typed are masked with
 * `maskNumbersInText` before the office reads them). Who reads the inbox is the contract's `readsInbox`, which
 * the office home uses too.
 */
import type { Role } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import type { RegionPath } from '@shared/region'
import { normaliseRegion, pathOf } from '@shared/region'

/**
 * What the office learns of a sender: the roles they hold (each once, in the order of ROLES) and the region
 * of the first grant that has one — a household's village, an official's home region, an office's or a
 * reviewer's region. Department staff and administrators have none; grants bound before household and
 * official grants carried their region have none either.
 */
export function senderOf(
  grants: readonly RoleGrant[],
  order: readonly Role[],
): { roles: Role[]; regionPath: RegionPath } {
  const held = new Set(grants.map((g) => g.role))
  const roles = order.filter((role) => held.has(role))
  for (const g of grants) {
    if ((g.role === 'household' || g.role === 'official') && g.regionPath?.length)
      return { roles, regionPath: [...g.regionPath] }
    if (g.role === 'office' || g.role === 'reviewer') {
      const path = pathOf(normaliseRegion(g.region))
      if (path.length) return { roles, regionPath: path }
    }
  }
  return { roles, regionPath: [] }
}
