/** The phases' rules shared by the phases screen and the dashboard function. */
import * as v from 'valibot'
import {
  BUILT_IN_PHASES,
  PhaseInputSchema,
  contactTarget,
  measuresOf,
  phaseConflict,
  phaseOn,
  progressOf,
  setsPhases,
} from '@shared/phases'

const targets = { coverage: 95, contactsPerQuarter: 1.5, visitsConfirmed: 80, solvedOnTime: null }

test('the day a phase starts and the day it ends both belong to it', () => {
  expect(phaseOn(BUILT_IN_PHASES, '2025-01-01')?.id).toBe('results')
  expect(phaseOn(BUILT_IN_PHASES, '2024-12-31')?.id).toBe('foundation')
  expect(phaseOn(BUILT_IN_PHASES, '2027-01-01')).toBeUndefined()
})

test('phases keep their order without overlapping; a gap between them is allowed', () => {
  const others = BUILT_IN_PHASES.filter((p) => p.id !== 'results')
  expect(phaseConflict({ id: 'results', from: '2025-03-01', to: '2025-10-31' }, others)).toBeUndefined()
  expect(phaseConflict({ id: 'results', from: '2024-12-31', to: '2025-12-31' }, others)).toEqual({
    path: 'from',
    key: 'phases.overlapsBefore',
  })
  expect(phaseConflict({ id: 'results', from: '2025-01-01', to: '2026-01-01' }, others)).toEqual({
    path: 'to',
    key: 'phases.overlapsAfter',
  })
})

test('a phase’s input: real days, the end not before the start, percentages whole, contacts to one decimal', () => {
  const ok = { id: 'routine', from: '2026-01-01', to: '2026-12-31', targets }
  expect(v.safeParse(PhaseInputSchema, ok).success).toBe(true)
  const paths = (input: unknown) =>
    (v.safeParse(PhaseInputSchema, input).issues ?? []).map((i) => (i.path ?? []).map((p) => p.key).join('.'))
  expect(paths({ ...ok, from: '2026-02-30' })).toEqual(['from'])
  expect(paths({ ...ok, from: '2026-12-31', to: '2026-01-01' })).toEqual(['to'])
  expect(paths({ ...ok, targets: { ...targets, coverage: 95.5 } })).toEqual(['targets.coverage'])
  expect(paths({ ...ok, targets: { ...targets, contactsPerQuarter: 1.25 } })).toEqual(['targets.contactsPerQuarter'])
})

test('progress: met when the measure reaches the target; no verdict without a target or a measure', () => {
  const measures = measuresOf({
    households: 200,
    pairedHouseholds: 190,
    contacts: 300,
    visits: 0,
    visitsConfirmed: 0,
    needsSolved: 4,
    needsSolvedOnTime: 3,
  })
  expect(progressOf(targets, measures)).toEqual({
    coverage: { target: 95, actual: 95, met: true },
    contactsPerQuarter: { target: 1.5, actual: 1.5, met: true },
    visitsConfirmed: { target: 80, actual: null, met: null },
    solvedOnTime: { target: null, actual: 75, met: null },
  })
})

test('the contact target a home holds households contacted against: all of them a quarter, a third a month', () => {
  expect(contactTarget(targets, 200, '2026-Q4')).toBe(200)
  expect(contactTarget(targets, 200, '2026-11')).toBe(67)
  expect(contactTarget({ ...targets, contactsPerQuarter: 0.5 }, 200, '2026-Q4')).toBe(100)
  expect(contactTarget({ ...targets, contactsPerQuarter: null }, 200, '2026-Q4')).toBeNull()
})

test('only the prefecture office or an administrator sets the phases', () => {
  const office = (region: string) => ({ role: 'office' as const, region, grantedBy: 'x', grantedByOffices: [] })
  expect(setsPhases([office('513300000000')])).toBe(true)
  expect(setsPhases([office('513301000000')])).toBe(false)
  expect(setsPhases([{ role: 'admin', grantedBy: 'x', grantedByOffices: [] }])).toBe(true)
})
