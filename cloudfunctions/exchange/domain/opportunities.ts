/**
 * Opportunities for members outside the prefecture, as plain functions: who may publish for a region, who
 * sees an opportunity, and the counters a recommendation and its outcome move. An outcome is whatever
 * someone learned last (applied, hired or enrolled, not taken) and is never asked for: a recommendation
 * without one simply counts as recommended. Each region of the household's path counts it, so a county's
 * figure is its townships' sum; the recount from the recommendations themselves must give the same.
 */
import type { Opportunity, OpportunityCounters, Recommendation } from '@config/documents'
import type { OpportunityOutcome } from '@shared/contracts/exchange'
import { OPPORTUNITY_OUTCOMES } from '@shared/contracts/exchange'
import type { Day } from '@shared/time'

export const countsId = (code: string) => `region:${code}`

export function emptyCounters(): OpportunityCounters {
  return { recommended: 0, applied: 0, hired: 0, enrolled: 0, notTaken: 0 }
}

/** What a change of outcome moves: the old one's counter down, the new one's up (nothing when equal). */
export function outcomeChange(
  before: OpportunityOutcome | null,
  after: OpportunityOutcome | null,
): Partial<OpportunityCounters> {
  if (before === after) return {}
  return { ...(before ? { [before]: -1 } : {}), ...(after ? { [after]: 1 } : {}) }
}

/** An opportunity is open to recommend until the end of its deadline day. */
export function isOpen(opportunity: Pick<Opportunity, 'deadline'>, today: Day): boolean {
  return today <= opportunity.deadline
}

/** Officials and offices whose region lies in the publisher's see the opportunity. */
export function visibleAt(opportunity: Pick<Opportunity, 'region'>, regionPath: readonly string[]): boolean {
  return regionPath.includes(opportunity.region)
}

/** The counters every region's recommendations add up to, by counters document id. */
export function recount(
  recommendations: readonly Pick<Recommendation, 'regionPath' | 'outcome'>[],
): Map<string, OpportunityCounters> {
  const out = new Map<string, OpportunityCounters>()
  for (const r of recommendations) {
    for (const code of r.regionPath) {
      const c = out.get(countsId(code)) ?? emptyCounters()
      c.recommended++
      if (r.outcome && (OPPORTUNITY_OUTCOMES as readonly string[]).includes(r.outcome)) c[r.outcome]++
      out.set(countsId(code), c)
    }
  }
  return out
}
