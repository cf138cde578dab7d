/**
 * Units and levels: which unit is which, and who sits above whom. A request is handled at the township or
 * county and watched up to the prefecture; the unit above any unit is the work office one level up for
 * the same place, which is who grants extensions and whose inbox an escalation reaches.
 */
import type { ReliefLevel, UnitRef } from '@config/documents'
import { levelOf, pathOf } from '@shared/region'

export const RELIEF_LEVELS = ['township', 'county', 'prefecture'] as const satisfies readonly ReliefLevel[]

/** 0 for the township, 2 for the prefecture. */
export function rank(level: ReliefLevel): number {
  return RELIEF_LEVELS.indexOf(level)
}

/** The level `steps` above `level`, held at the prefecture. */
export function levelAbove(level: ReliefLevel, steps = 1): ReliefLevel {
  return RELIEF_LEVELS[Math.min(RELIEF_LEVELS.length - 1, rank(level) + steps)] ?? 'prefecture'
}

const PATH_INDEX: Record<ReliefLevel, number> = { prefecture: 0, county: 1, township: 2 }

/** The work office of `level` for the place `region` lies in; undefined when the code does not reach that level. */
export function officeAt(level: ReliefLevel, region: string): UnitRef | undefined {
  const code = pathOf(region)[PATH_INDEX[level]]
  return code ? { kind: 'office', id: 'office', level, region: code } : undefined
}

/** The work office one level above the unit; undefined above the prefecture. */
export function unitAbove(unit: UnitRef): UnitRef | undefined {
  return unit.level === 'prefecture' ? undefined : officeAt(levelAbove(unit.level), unit.region)
}

/** One string per unit, for an inbox's index and for counters kept per unit. */
export function unitKey(unit: UnitRef): string {
  return `${unit.kind}:${unit.id}:${unit.region}`
}

export function sameUnit(a: UnitRef | null | undefined, b: UnitRef | null | undefined): boolean {
  return !!a && !!b && unitKey(a) === unitKey(b)
}

/** A unit's region must be a code of the unit's own level. */
export function isUnit(unit: UnitRef): boolean {
  return levelOf(unit.region) === unit.level && (unit.kind === 'office') === (unit.id === 'office')
}
