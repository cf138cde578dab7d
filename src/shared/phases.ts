/**
 * The programme's three phases to 2026 (启动实施打基础, 稳步推进显实效, 提质转段进常态) and the targets the
 * prefecture office sets for each, with the rule that holds a key's figures against them. The phases screen
 * and the dashboard function share it: the screen checks a phase as the function will, the function decides
 * which phase a day falls in and how far a region has come.
 *
 * Targets are about households and how their needs are handled — pairing coverage, contacts per household a
 * quarter, visits the household confirmed, needs solved on time — never about an official's activity. A
 * target nobody set is null, and a measure with nothing counted is null: neither is shown as met or missed.
 */
import * as v from 'valibot'
import type { RoleGrant } from './contracts/identity'
import { levelOf } from './region'
import type { Day } from './time'
import { isDay } from './time'

/** Who sets the phases' dates and targets: an office of the prefecture, or an administrator. */
export function setsPhases(roles: readonly RoleGrant[]): boolean {
  return roles.some((g) => g.role === 'admin' || (g.role === 'office' && levelOf(g.region) === 'prefecture'))
}

export const PHASE_IDS = ['foundation', 'results', 'routine'] as const
export type PhaseId = (typeof PHASE_IDS)[number]

export const TARGET_NAMES = ['coverage', 'contactsPerQuarter', 'visitsConfirmed', 'solvedOnTime'] as const
export type TargetName = (typeof TARGET_NAMES)[number]

/** targets written as a percentage (the rest are contacts per household a quarter) */
export const PERCENT_TARGETS: readonly TargetName[] = ['coverage', 'visitsConfirmed', 'solvedOnTime']
/** the most contacts a quarter a target may ask of each household: a visit a week */
export const CONTACTS_PER_QUARTER_MAX = 13

const day = v.pipe(
  v.string(),
  v.check((s) => isDay(s), 'validation.invalid'),
)
const percent = v.nullable(
  v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(0, 'validation.invalid'),
    v.maxValue(100, 'validation.invalid'),
  ),
)
const perQuarter = v.nullable(
  v.pipe(
    v.number(),
    v.minValue(0, 'validation.invalid'),
    v.maxValue(CONTACTS_PER_QUARTER_MAX, 'validation.invalid'),
    // one decimal at most: 1.5 contacts a quarter is "three in two quarters"
    v.check((n) => Math.round(n * 10) === n * 10, 'validation.invalid'),
  ),
)

export const TargetsSchema = v.object({
  /** households with a paired official, % of households */
  coverage: percent,
  /** contacts per household in a quarter */
  contactsPerQuarter: perQuarter,
  /** visits the household confirmed, % of visits */
  visitsConfirmed: percent,
  /** needs solved on time, % of needs solved */
  solvedOnTime: percent,
})
export type Targets = v.InferOutput<typeof TargetsSchema>

export const PhaseInputSchema = v.pipe(
  v.object({
    id: v.picklist(PHASE_IDS, 'validation.invalid'),
    /** first and last China day of the phase, both included */
    from: day,
    to: day,
    targets: TargetsSchema,
  }),
  v.forward(
    v.check((p) => p.from <= p.to, 'phases.endBeforeStart'),
    ['to'],
  ),
)
export type PhaseInput = v.InferOutput<typeof PhaseInputSchema>

export const PhaseSchema = v.object({
  id: v.picklist(PHASE_IDS),
  from: v.string(),
  to: v.string(),
  targets: TargetsSchema,
  /** false while the phase is the built-in one nobody saved */
  stored: v.boolean(),
  updatedAt: v.nullable(v.string()),
})
export type Phase = v.InferOutput<typeof PhaseSchema>

const NO_TARGETS: Targets = { coverage: null, contactsPerQuarter: null, visitsConfirmed: null, solvedOnTime: null }

/** The phases before the prefecture office saves its own: one a year to the end of 2026, no targets yet. */
export const BUILT_IN_PHASES: readonly Phase[] = [
  { id: 'foundation', from: '2024-01-01', to: '2024-12-31', targets: NO_TARGETS, stored: false, updatedAt: null },
  { id: 'results', from: '2025-01-01', to: '2025-12-31', targets: NO_TARGETS, stored: false, updatedAt: null },
  { id: 'routine', from: '2026-01-01', to: '2026-12-31', targets: NO_TARGETS, stored: false, updatedAt: null },
]

/**
 * Why a phase cannot sit among the others: the phases follow each other in their order without overlapping
 * (a gap between them is allowed). Undefined when it fits.
 */
export function phaseConflict(
  phase: Pick<Phase, 'id' | 'from' | 'to'>,
  others: readonly Pick<Phase, 'id' | 'from' | 'to'>[],
): { path: 'from' | 'to'; key: 'phases.overlapsBefore' | 'phases.overlapsAfter' } | undefined {
  const at = PHASE_IDS.indexOf(phase.id)
  for (const other of others) {
    const index = PHASE_IDS.indexOf(other.id)
    if (index < at && other.to >= phase.from) return { path: 'from', key: 'phases.overlapsBefore' }
    if (index > at && other.from <= phase.to) return { path: 'to', key: 'phases.overlapsAfter' }
  }
  return undefined
}

/** The phase a China day falls in, if any. */
export function phaseOn(phases: readonly Phase[], on: Day): Phase | undefined {
  return phases.find((p) => p.from <= on && on <= p.to)
}

/** What a key's figures for a quarter say about each target: shares 0–1, contacts per household. */
export type Measures = Record<TargetName, number | null>

export interface QuarterFigures {
  households: number | null
  pairedHouseholds: number | null
  /** every contact logged in the quarter */
  contacts: number | null
  visits: number | null
  visitsConfirmed: number | null
  needsSolved: number | null
  needsSolvedOnTime: number | null
}

const ratio = (part: number | null, whole: number | null): number | null =>
  part === null || whole === null || whole === 0 ? null : part / whole

export function measuresOf(f: QuarterFigures): Measures {
  return {
    coverage: ratio(f.pairedHouseholds, f.households),
    contactsPerQuarter: ratio(f.contacts, f.households),
    visitsConfirmed: ratio(f.visitsConfirmed, f.visits),
    solvedOnTime: ratio(f.needsSolvedOnTime, f.needsSolved),
  }
}

const TargetProgressSchema = v.object({
  /** as the office set it: a percentage, or contacts per household */
  target: v.nullable(v.number()),
  /** in the same unit as the target, rounded as a screen shows it (a percentage to one decimal) */
  actual: v.nullable(v.number()),
  /** null when there is no target or nothing counted */
  met: v.nullable(v.boolean()),
})
export type TargetProgress = v.InferOutput<typeof TargetProgressSchema>

export const ProgressSchema = v.object({
  coverage: TargetProgressSchema,
  contactsPerQuarter: TargetProgressSchema,
  visitsConfirmed: TargetProgressSchema,
  solvedOnTime: TargetProgressSchema,
})
export type Progress = v.InferOutput<typeof ProgressSchema>

/** Each target against its measure: met when the measure reaches the target. */
export function progressOf(targets: Targets, measures: Measures): Progress {
  const out = {} as Progress
  for (const name of TARGET_NAMES) {
    const target = targets[name]
    const measure = measures[name]
    const actual =
      measure === null
        ? null
        : PERCENT_TARGETS.includes(name)
          ? Math.round(measure * 1000) / 10
          : Math.round(measure * 100) / 100
    out[name] = { target, actual, met: target === null || actual === null ? null : actual >= target }
  }
  return out
}

/**
 * The households to contact in a period under a contacts-per-quarter target, for the home's "contacted
 * against the target": every household once a quarter when the target asks one contact or more, a share of
 * them when it asks less (0.5: half the households a quarter); a month asks a third of the quarter's.
 * Null without a target or without households counted.
 */
export function contactTarget(targets: Targets, households: number | null, period: string): number | null {
  const perQuarter = targets.contactsPerQuarter
  if (perQuarter === null || households === null) return null
  const quarterShare = Math.min(1, perQuarter)
  const share = /-Q[1-4]$/.test(period) ? quarterShare : quarterShare / 3
  return Math.ceil(households * share)
}
