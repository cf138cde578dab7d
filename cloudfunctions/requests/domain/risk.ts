/**
 * Poverty-return risk leads as requests. A lead is a request of the reserved category `risk`, assigned at
 * once to the county's 防返贫 team (a department the registry marks `riskTeam`), so it runs on the same
 * lifecycle, working-day clocks, escalation timer, inbox index and rate counters as every request rather
 * than on a second system: a lead is a case that must be handled by a unit within a deadline, which is
 * exactly what a request is. What differs is kept small: the team ends it with the national system's
 * result (`identify`), never with a resolution waiting for the household's answer, and the household's
 * own lists leave leads out (it is told by the village's check, not by the app).
 *
 * National practice identifies within 15 days of the lead. The clocks count working days, and 10 working
 * days after any working day end 14 calendar days later; a statutory holiday moves the deadline the way
 * it moves every request's, which is what the county's working calendar means for its team.
 */
import type { Department, Request, UnitRef } from '@config/documents'
import type { MessageKey } from '@shared/i18n'
import type { Day } from '@shared/time'
import { pathOf } from '@shared/region'
import { officeAt } from './units'

export const RISK_DEADLINE_DAYS = 10

/** The county code of a household's place; undefined for a malformed one. */
export function countyOf(place: string): string | undefined {
  return pathOf(place)[1]
}

/**
 * Who receives a lead: the county's team, or the county work office (with the reason) when the county has
 * none yet. Undefined only for a place with no county.
 */
export function leadUnit(
  team: Pick<Department, '_id'> | undefined,
  place: string,
): { unit: UnitRef; fallback?: MessageKey } | undefined {
  const office = officeAt('county', place)
  if (!office) return undefined
  if (team) return { unit: { kind: 'department', id: team._id, level: 'county', region: office.region } }
  return { unit: office, fallback: 'riskLead.noTeam' }
}

export type DayProblem = 'future' | 'beforeLead'

/** A decision day lies between the lead's China day and today, both included. */
export function decidedOnProblem(decidedOn: Day, sentOn: Day, today: Day): DayProblem | null {
  if (decidedOn > today) return 'future'
  if (decidedOn < sentOn) return 'beforeLead'
  return null
}

type Decided = Pick<Request, 'householdId' | 'updatedAt'> & { risk?: Request['risk'] }

/**
 * The households a public list shows: for each household its latest decided lead (by decision day, then by
 * when it was recorded), kept only when that decision identified it. A later "not identified" takes a
 * household off the list.
 */
export function identifiedHouseholds<T extends Decided>(leads: readonly T[]): T[] {
  const latest = new Map<string, T>()
  for (const lead of leads) {
    if (lead.risk?.decidedOn === undefined || lead.risk.identified === undefined) continue
    const held = latest.get(lead.householdId)
    const later =
      !held ||
      lead.risk.decidedOn > (held.risk?.decidedOn ?? '') ||
      (lead.risk.decidedOn === held.risk?.decidedOn && lead.updatedAt > held.updatedAt)
    if (later) latest.set(lead.householdId, lead)
  }
  return [...latest.values()].filter((lead) => lead.risk?.identified === true)
}
