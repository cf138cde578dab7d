/**
 * Household and official grants carry their record's `regionPath` (src/shared/contracts/identity.ts), so a
 * function knows where its caller lives from the caller's lookup alone. When the registry moves a record
 * (a re-imported roster row with another village or home region), the grants bound to it follow.
 */
import type { RoleGrant } from '@shared/contracts/identity'
import type { RegionPath } from '@shared/region'

export type BoundKind = 'households' | 'officials'

/** Whether a stored path (absent on grants stored before grants carried one) is `b`. */
function samePath(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((code, i) => code === b[i])
}

/**
 * A user's grants with the moved records' paths (`moved`: record id → its new regionPath); undefined when
 * none of the user's grants needs a change. A grant stored before grants carried a path gains it.
 */
export function followMoves(
  roles: readonly RoleGrant[],
  kind: BoundKind,
  moved: ReadonlyMap<string, RegionPath>,
): RoleGrant[] | undefined {
  let changed = false
  const next = roles.map((grant): RoleGrant => {
    const id =
      kind === 'households' && grant.role === 'household'
        ? grant.householdId
        : kind === 'officials' && grant.role === 'official'
          ? grant.officialId
          : undefined
    const path = id === undefined ? undefined : moved.get(id)
    if (!path || (grant.role !== 'household' && grant.role !== 'official') || samePath(grant.regionPath, path))
      return grant
    changed = true
    return { ...grant, regionPath: [...path] }
  })
  return changed ? next : undefined
}
