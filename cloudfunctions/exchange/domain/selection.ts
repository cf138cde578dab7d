/**
 * The selection's rules as plain functions: who acts for which office or unit, the order of the reviews and
 * what each leaves behind, the county's points against the rubric, whose nomination is whose (nobody reviews
 * one they made), and who reads which entries of a 公示 (the counties concerned).
 */
import type { Campaign, ExchangeActor, Nomination } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import type { NominationState, ReviewStage, RubricCriterion } from '@shared/contracts/exchange'
import type { MessageKey } from '@shared/i18n'
import { levelOf, normaliseRegion, pathCovered } from '@shared/region'

/** The state a review leaves from, and the one a passing review reaches. */
export const REVIEW_FLOW: Record<ReviewStage, { from: NominationState; to: NominationState }> = {
  township: { from: 'nominated', to: 'township' },
  county: { from: 'township', to: 'county' },
  prefecture: { from: 'county', to: 'approved' },
}

/** The review a nomination waits for, if any. */
export function nextReview(state: NominationState): ReviewStage | undefined {
  return (Object.keys(REVIEW_FLOW) as ReviewStage[]).find((stage) => REVIEW_FLOW[stage].from === state)
}

/** The office grant of the caller that takes a review at `stage` of a nomination at `path`: an office of that
 * level over it (a county office for the county review, and so on). */
export function reviewingOffice(
  grants: readonly RoleGrant[],
  stage: ReviewStage,
  path: readonly string[],
): string | undefined {
  for (const g of grants) {
    if (g.role !== 'office') continue
    const region = normaliseRegion(g.region)
    if (levelOf(region) === stage && pathCovered(region, path)) return region
  }
  return undefined
}

/** The caller as a nominator of the household or studio at `path`: a village office over it, or for a studio
 * only, a unit (department) whose region holds it. Department staff never reach households (the reach rules of
 * cloudfunctions/_shared/access.ts), so a unit's household nominations are refused: a family it knows reaches
 * the list through its village office. */
export function nominatorFor(
  grants: readonly RoleGrant[],
  openid: string,
  nominee: { kind: 'household' | 'studio'; path: readonly string[] },
  departments: ReadonlyMap<string, readonly string[]>,
): ExchangeActor | undefined {
  const path = nominee.path
  for (const g of grants) {
    if (g.role === 'office') {
      const region = normaliseRegion(g.region)
      if (levelOf(region) === 'village' && pathCovered(region, path)) return { openid, role: 'office', id: region }
    }
    if (g.role === 'department' && nominee.kind === 'studio') {
      const home = departments.get(g.departmentId)
      const region = home?.[home.length - 1]
      if (region && pathCovered(region, path)) return { openid, role: 'department', id: g.departmentId }
    }
  }
  return undefined
}

/** Whether the caller made the nomination: the same user, or acting for the same office or unit. */
export function madeBy(nomination: Pick<Nomination, 'nominator'>, grants: readonly RoleGrant[], openid: string) {
  const n = nomination.nominator
  if (n.openid === openid) return true
  return grants.some((g) =>
    n.role === 'office'
      ? g.role === 'office' && normaliseRegion(g.region) === n.id
      : n.role === 'department' && g.role === 'department' && g.departmentId === n.id,
  )
}

/** Why the county's points cannot stand, or undefined: one score per criterion, each within its maximum. */
export function scoresProblem(
  rubric: readonly RubricCriterion[],
  scores: Readonly<Record<string, number>> | undefined,
): MessageKey | undefined {
  if (!scores) return 'exchange.scoresRequired'
  const keys = new Set(rubric.map((c) => c.key))
  if (Object.keys(scores).some((k) => !keys.has(k))) return 'exchange.scoresUnknown'
  for (const c of rubric) {
    const s = scores[c.key]
    if (s === undefined) return 'exchange.scoresRequired'
    if (s > c.max) return 'exchange.scoresOver'
  }
  return undefined
}

export function total(scores: Readonly<Record<string, number>> | undefined): number {
  return Object.values(scores ?? {}).reduce((a, b) => a + b, 0)
}

/** The county a nomination counts against. */
export const countyOf = (path: readonly string[]): string => path[1] ?? ''

/** Nominations that passed the county review and still stand: what a county's quota counts. */
export const PASSED_COUNTY: readonly NominationState[] = ['county', 'approved', 'named']

/** The places a county has in a campaign (none when the campaign names no quota for it). */
export function quotaOf(campaign: Pick<Campaign, 'quotas'>, county: string): number {
  return campaign.quotas[county] ?? 0
}

/**
 * The regions whose entries of a 公示 the caller reads: the county of each of its households and officials,
 * the region of each of its offices (every entry under it), the region of its units; all for an
 * administrator (undefined).
 */
export function readerRegions(
  grants: readonly RoleGrant[],
  departments: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  if (grants.some((g) => g.role === 'admin')) return undefined
  const out = new Set<string>()
  for (const g of grants) {
    if (g.role === 'household' || g.role === 'official') {
      const county = g.regionPath?.[1]
      if (county) out.add(county)
    } else if (g.role === 'office') out.add(normaliseRegion(g.region))
    else if (g.role === 'department') {
      const home = departments.get(g.departmentId)
      const region = home?.[home.length - 1]
      if (region) out.add(region)
    }
  }
  return [...out]
}

/** Whether a reader with these regions reads an entry at `path`: it lies under one, or one lies under the
 * entry's county (a township or village office reads its county's list). */
export function reads(regions: readonly string[] | undefined, path: readonly string[]): boolean {
  if (regions === undefined) return true
  const county = countyOf(path)
  return regions.some((r) => pathCovered(r, path) || (county !== '' && r.startsWith(county.slice(0, 6))))
}
