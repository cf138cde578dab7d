/**
 * The authorisation matrix, generated from the declarations: every action of every contract × every demo
 * identity (each role, each office level, and an unbound openid) × an input inside and one outside its
 * reach. Each cell asserts one exact outcome: answered (`ok: true`), or refused with exactly the code the
 * rules give (FORBIDDEN, UNAUTHENTICATED, CONFLICT…), and a refused call leaves the database unchanged.
 * A cell the matrix cannot state an outcome for — an admitted identity with no target field and no sample,
 * a sample that fails the action's own schema, a contract whose function is not built — fails the test:
 * add a sample or a fixture in access-fixtures.ts.
 *
 * Expected outcomes come from the declarations (`roles`, `scope`) and the programme's reach rules as the
 * fixtures state them; the cloud functions run as built bundles on the local cloud.
 */
import * as v from 'valibot'

import { cloud } from '@config/cloud'
import type { CallResult } from '@shared/contract'
import { guardedAction } from '@fn/access'
import { refusalAudited } from '@fn/audit'
import type { ContractEntry, Fixtures, Outcome, Side, Who } from './access-fixtures'
import { NARROWER, NOBODY, SAMPLES, allActions, prepare, sampleOf, targetKind, targets } from './access-fixtures'
import type { FunctionsHarness, Slice } from './harness'
import { startFunctions } from './harness'

jest.setTimeout(900_000)

interface Cell {
  entry: ContractEntry
  action: string
  who: string
  side: Side
  input: unknown
  expect: Outcome
  /** refused for the role alone, before the input is read */
  byRole?: true
}

let h: FunctionsHarness
let identities: Who[]
let fixtures: Fixtures
let baseline: Slice
let baselineText: string
const { runnable, skipped } = allActions()

function roleExpectation(entry: ContractEntry, who: Who): Outcome | undefined {
  if (entry.def.roles.includes('anyone')) return undefined
  if (!who.grant) return 'UNAUTHENTICATED'
  if (!entry.def.roles.includes(who.grant.role)) return 'FORBIDDEN'
  return undefined
}

/** The cells of one action for one identity, or why none can be stated. */
function cellsFor(entry: ContractEntry, who: Who): Cell[] | string {
  const action = `${entry.fn}.${entry.name}`
  const cell = (side: Side, input: unknown, expect: Outcome): Cell => ({
    entry,
    action,
    who: who.openid,
    side,
    input,
    expect,
  })
  // The role is checked before anything else: any input shows it.
  const byRole = roleExpectation(entry, who)
  if (byRole) return [{ ...cell('inside', sampleOf(entry.def.input), byRole), byRole: true }]

  const sample = SAMPLES[action]
  if (sample) {
    const cells = (['inside', 'outside'] as const).flatMap((side) => {
      const s = sample(who, side, fixtures)
      return s ? [cell(side, s.input, s.expect)] : []
    })
    return cells.length ? cells : `${action} as ${who.openid}: the sample gives no input (a fixture is missing)`
  }
  const target = targetKind(entry.def)
  if (!target) return `${action} as ${who.openid}: no target field and no sample in access-fixtures.ts`
  const { inside, outside } = targets(h.slice, who, target.kind)
  const cells: Cell[] = []
  if (inside !== undefined)
    cells.push(
      cell('inside', sampleOf(entry.def.input, target.key, inside), NARROWER[action]?.(who) ? 'FORBIDDEN' : 'ok'),
    )
  // A role with no reach of this kind is refused whatever it names.
  if (outside !== undefined) cells.push(cell('outside', sampleOf(entry.def.input, target.key, outside), 'FORBIDDEN'))
  return cells.length ? cells : `${action} as ${who.openid}: the slice has no ${target.kind} to name`
}

/** What a refused call may write: the refusal in the audit trail, and the actor's allowance of records. */
const AUDIT_TRAIL = ['audit', 'auditCounters']

function outsideTrail(slice: Slice): Slice {
  return Object.fromEntries(Object.entries(slice).filter(([name]) => !AUDIT_TRAIL.includes(name)))
}

/** Whether a refusal must leave a record (audit.ts `refusalAudited`): privileged and personal-data actions'
 * FORBIDDEN and UNAUTHENTICATED, every RATE_LIMITED, abuse reasons. */
function audited(cell: Cell, error: { code: string; reason?: string }): boolean {
  return refusalAudited(guardedAction(cell.action, cell.entry.def), error)
}

function refusalRecorded(slice: Slice, actor: string, action: string): boolean {
  const before = new Set((baseline.audit ?? []).map((d) => d._id))
  return (slice.audit ?? []).some(
    (d) => !before.has(d._id) && d.kind === 'refusal' && d.actor === actor && d.action === action,
  )
}

/** Puts back only the collections a call changed (storage, and the indexes, stay as they are). */
function restoreDatabase(): void {
  const now = h.dump()
  for (const name of new Set([...Object.keys(now), ...Object.keys(baseline)])) {
    const before = baseline[name] ?? []
    if (JSON.stringify(now[name] ?? []) === JSON.stringify(before)) continue
    h.lc.store.remove(name, {}, { multi: true })
    h.insert(name, before)
  }
}

beforeAll(async () => {
  h = await startFunctions()
  ;({ identities, fixtures } = await prepare(h))
  baseline = h.dump()
  baselineText = JSON.stringify(baseline)
})

afterAll(async () => {
  await h?.close()
})

test('every declared function is built, so every action has cells', () => {
  expect(skipped).toEqual([])
})

test('every action × every identity × inside and outside its scope', async () => {
  const counts: Record<string, number> = {}
  const failures: string[] = []
  for (const entry of runnable) {
    for (const who of identities) {
      const cells = cellsFor(entry, who)
      if (typeof cells === 'string') {
        failures.push(`unverifiable: ${cells}`)
        continue
      }
      for (const cell of cells) {
        counts[cell.expect] = (counts[cell.expect] ?? 0) + 1
        const label = `${cell.action} as ${cell.who} (${cell.side}, ${JSON.stringify(cell.input)})`
        // An input the schema refuses never reaches the scope check: such a cell would test nothing.
        if (!cell.byRole && !v.is(entry.def.input, cell.input)) {
          failures.push(`unverifiable: ${label}: the input fails the action's schema`)
          continue
        }
        const res = (await h.call(
          entry.contract,
          cell.entry.name as never,
          cell.input as never,
          who.openid,
        )) as CallResult<unknown>
        const got: Outcome = res.ok ? 'ok' : res.error.code
        const after = h.dump()
        const changed = JSON.stringify(after) !== baselineText
        const trailChanged = AUDIT_TRAIL.some(
          (name) => JSON.stringify(after[name] ?? []) !== JSON.stringify(baseline[name] ?? []),
        )
        if (got !== cell.expect)
          failures.push(`${label}: expected ${cell.expect}, got ${res.ok ? 'ok' : JSON.stringify(res.error)}`)
        else if (!res.ok && JSON.stringify(outsideTrail(after)) !== JSON.stringify(outsideTrail(baseline)))
          failures.push(`${label}: refused with ${got} but the database changed`)
        else if (!res.ok && audited(cell, res.error) && !refusalRecorded(after, who.openid, cell.action))
          failures.push(`${label}: refused with ${got}, which must be audited, and no refusal was recorded`)
        else if (!res.ok && !audited(cell, res.error) && trailChanged)
          failures.push(`${label}: refused with ${got}, which is not audited, but the audit trail changed`)
        if (changed) restoreDatabase()
      }
    }
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  console.log(
    [
      `authorisation matrix: ${total} cells — ${runnable.length} actions × ${identities.length} identities × inside/outside`,
      `  ${Object.entries(counts)
        .map(([outcome, n]) => `${outcome} ${n}`)
        .join(', ')}`,
    ].join('\n'),
  )
  expect(failures).toEqual([])
  expect(total).toBeGreaterThan(0)
})

describe('timer triggers', () => {
  const timed = cloud.functions.filter((f) => f.triggers?.length)
  const triggerNames = timed.flatMap((f) => f.triggers?.map((t) => t.name) ?? [])

  test('contacts, dashboard, exchange, identity, notices, registry and requests are the functions with timers', () => {
    expect(timed.map((f) => f.name).sort()).toEqual([
      'contacts',
      'dashboard',
      'exchange',
      'identity',
      'notices',
      'registry',
      'requests',
    ])
  })

  // feedback has no timer: a forged one is refused all the same
  test.each(['contacts', 'identity', 'notices', 'registry', 'requests', 'feedback'])(
    'a timer event a user sends to %s is refused with FORBIDDEN, changes nothing and is audited',
    async (fn) => {
      const before = outsideTrail(h.dump())
      const openids = ['demo-admin-1', 'demo-official-1', NOBODY]
      for (const openid of openids)
        for (const TriggerName of triggerNames) {
          const res = (await h.lc.invoke(fn, { Type: 'Timer', TriggerName }, { OPENID: openid })) as CallResult<unknown>
          expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
        }
      expect(JSON.stringify(outsideTrail(h.dump()))).toBe(JSON.stringify(before))
      for (const openid of openids) expect(refusalRecorded(h.dump(), openid, `${fn}.timer`)).toBe(true)
      restoreDatabase()
    },
  )

  test.each(timed.map((f) => f.name))("the platform's own timer fire still runs %s's trigger", async (fn) => {
    const res = (await h.lc.fireTimer(fn)) as CallResult<unknown>
    expect(res).toMatchObject({ ok: true })
    restoreDatabase()
  })
})
