/**
 * Opportunities for members outside the prefecture, as plain functions: who may publish for a region, who
 * sees an opportunity, and the counters a recommendation and its outcome move. An outcome is whatever
 * someone learned last (applied, hired or enrolled, not taken) and is never asked for: a recommendation
 * without one simply counts as recommended. Each region of the household's path counts it, so a county's
 * figure is its townships' sum; the recount from the recommendations themselves must give the same.
 */
import type { Opportunity, OpportunityCounters, Recommendation } from '@config/documents'
import { opportunityCountsId } from '@config/documents'
import type { OpportunityOutcome } from '@shared/contracts/exchange'
import { OPPORTUNITY_OUTCOMES } from '@shared/contracts/exchange'
import type { Day } from '@shared/time'
import { periodsOf } from '@shared/time'

export const countsId = opportunityCountsId

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

/** The counters every region's recommendations add up to, by counters document id: all time, and by the
 * China month and quarter of the recommendation (recommended) and of its outcome (the outcome's counter). */
export function recount(
  recommendations: readonly Pick<Recommendation, 'regionPath' | 'outcome' | 'at' | 'outcomeAt'>[],
): Map<string, OpportunityCounters> {
  const out = new Map<string, OpportunityCounters>()
  const add = (id: string, name: keyof OpportunityCounters) => {
    const c = out.get(id) ?? emptyCounters()
    c[name]++
    out.set(id, c)
  }
  for (const r of recommendations) {
    const outcome = r.outcome && (OPPORTUNITY_OUTCOMES as readonly string[]).includes(r.outcome) ? r.outcome : null
    for (const code of r.regionPath) {
      add(countsId(code), 'recommended')
      for (const period of periodsOf(r.at)) add(countsId(code, period), 'recommended')
      if (!outcome) continue
      add(countsId(code), outcome)
      if (r.outcomeAt) for (const period of periodsOf(r.outcomeAt)) add(countsId(code, period), outcome)
    }
  }
  return out
}
