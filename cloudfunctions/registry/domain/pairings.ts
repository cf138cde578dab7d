/**
 * A household's current officials, as the pairing writes keep them: `officialIds`, and beside it
 * `officialDepartments` (official id → their department, '' for none) so a contact knows the department
 * without looking the official up.
 */
import type { PlanOp } from '@config/documents'

/** Whether an official id can be a key of `officialDepartments` (a path segment cannot hold '.' or start with '$'). */
export function isFieldName(id: string): boolean {
  return /^[^.$]+$/.test(id)
}

/** A household's officials after a change: those whose pairing ends gone, the new ones appended once. */
export function officialsAfter(before: readonly string[], op: Pick<PlanOp, 'add' | 'remove'>): string[] {
  const after = before.filter((id) => !op.remove.includes(id))
  for (const id of op.add) if (!after.includes(id)) after.push(id)
  return after
}

/**
 * Whether the stored household must be written: its officials changed, or its department entries do not
 * say what the officials' departments are now (a household paired before the entries existed, an
 * official who moved department), or still name an official no longer paired.
 */
export function pairingStale(
  before: readonly string[],
  after: readonly string[],
  known: Readonly<Record<string, string>>,
  departments: ReadonlyMap<string, string>,
): boolean {
  const changed = after.length !== before.length || after.some((id, i) => id !== before[i])
  const listed = after.every((id) => !isFieldName(id) || known[id] === (departments.get(id) ?? ''))
  const gone = before.some((id) => !after.includes(id) && id in known)
  return changed || !listed || gone
}
