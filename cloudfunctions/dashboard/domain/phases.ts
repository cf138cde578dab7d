/** The phases as the dashboard answers them: each stored phase over its built-in one. */
import type { PhaseDoc } from '@config/documents'
import type { Phase } from '@shared/phases'
import { BUILT_IN_PHASES } from '@shared/phases'

export function phasesFrom(stored: readonly PhaseDoc[]): Phase[] {
  const byId = new Map(stored.map((d) => [d._id, d]))
  return BUILT_IN_PHASES.map((built) => {
    const doc = byId.get(built.id)
    return doc
      ? { id: built.id, from: doc.from, to: doc.to, targets: doc.targets, stored: true, updatedAt: doc.updatedAt }
      : built
  })
}
