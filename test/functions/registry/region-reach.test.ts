/**
 * Abuse tests: an office's pairing actions stop at its region (built bundle, local cloud). The office
 * reaches an official through the official's home region, but the official may be paired with households
 * in another county: the official's view, re-pairing by rule or by hand, and a plan applied after a
 * household moved must leave those households out (views) or alone (writes), and say how many. Each
 * pairing change writes one audit record with the region and the counts.
 *
 * Expected values come from the stored documents the tests set up and read, not from the code.
 */
import type { CallResult } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import type { Doc, FunctionsHarness, Slice } from '../harness'
import { HOME_COUNTY, OTHER_COUNTY, startFunctions } from '../harness'

jest.setTimeout(180_000)

const COUNTY = `${HOME_COUNTY}000000`
const OTHER = `${OTHER_COUNTY}000000`
const OFFICE = 'demo-office-county'
const OTHER_OFFICE = 'reach-office-other-county'
const ADMIN = 'demo-admin-1'

let h: FunctionsHarness
let start: Slice

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

const within = (code: string) => (d: Doc) => (d.regionPath as string[]).includes(code)
const ids = (docs: readonly Doc[]) => docs.map((d) => d._id).sort()

/** The world of one test: an official at home in the county office's county, paired with households
 * there and with one household in the other county (current), after another one there (ended). */
interface World {
  official: string
  home: Doc[]
  foreign: Doc
  formerForeign: Doc
}

function seed(): World {
  const state = structuredClone(start)
  const households = state.households!
  const officials = state.officials!
  const active = new Set(officials.filter((o) => o.active !== false && within(COUNTY)(o)).map((o) => o._id))
  const official = households
    .filter(within(COUNTY))
    .flatMap((d) => d.officialIds as string[])
    .find((id) => active.has(id))!
  const [foreign, formerForeign] = households.filter(
    (d) => within(OTHER)(d) && !(d.officialIds as string[]).includes(official),
  )
  foreign!.officialIds = [...(foreign!.officialIds as string[]), official]
  const pairings = (state.pairings ??= [])
  pairings.push(
    {
      _id: `${official}:${foreign!._id}:2026-01-01`,
      officialId: official,
      householdId: foreign!._id,
      from: '2026-01-01',
      to: null,
      reason: 'plan',
      endReason: null,
    },
    {
      _id: `${official}:${formerForeign!._id}:2025-06-01`,
      officialId: official,
      householdId: formerForeign!._id,
      from: '2025-06-01',
      to: '2025-12-01',
      reason: 'plan',
      endReason: 'replan',
    },
  )
  state.users!.push({ _id: OTHER_OFFICE, roles: [{ role: 'office', region: OTHER }] })
  h.restore(state)
  const home = h.find('households', { officialIds: official }).filter(within(COUNTY))
  expect(home.length).toBeGreaterThan(0)
  return { official, home, foreign: foreign!, formerForeign: formerForeign! }
}

const pairingAudits = (subject: string) => h.find('audit', { kind: 'pairing', subject })

/** `key:value` pairs of an audit record's details. */
function details(record: Doc): Record<string, string> {
  return Object.fromEntries(
    String(record.details ?? '')
      .split(' ')
      .map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)]),
  )
}

beforeAll(async () => {
  h = await startFunctions()
  start = h.dump()
})

afterAll(async () => {
  await h?.close()
})

describe('an office’s pairing actions stop at its region', () => {
  test('the official’s view: households and history outside the office’s county are left out and counted', async () => {
    const w = seed()
    const view = ok(await h.call(registry, 'official', { officialId: w.official }, OFFICE))
    expect(view.households.map((r) => r.id).sort()).toEqual(ids(w.home))
    expect(view.householdsOutside).toBe(1)
    const seen = new Set(view.history.map((p) => p.householdId))
    expect(seen.has(w.foreign._id)).toBe(false)
    expect(seen.has(w.formerForeign._id)).toBe(false)
    for (const p of view.history) expect(w.home.map((d) => d._id)).toContain(p.householdId)

    // the other county's office does not reach the official at all (home region), and an administrator sees all
    const other = await h.call(registry, 'official', { officialId: w.official }, OTHER_OFFICE)
    expect(other.ok ? 'ok' : other.error.code).toBe('FORBIDDEN')
    const all = ok(await h.call(registry, 'official', { officialId: w.official }, ADMIN))
    expect(all.householdsOutside).toBe(0)
    expect(all.households.map((r) => r.id)).toContain(w.foreign._id)
    expect(all.history.map((p) => p.householdId)).toEqual(expect.arrayContaining([w.foreign._id, w.formerForeign._id]))
  })

  test('re-pairing by rule: the household outside keeps its pairing untouched, heirs are in the county, one audit record', async () => {
    const w = seed()
    const foreignBefore = h.find('households', { _id: w.foreign._id })[0]!
    const res = ok(
      await h.call(registry, 'reassign', { officialId: w.official, endReason: 'transfer', date: '2026-03-01' }, OFFICE),
    )
    expect(res.outsideRegion).toBe(1)
    expect(res.closed).toBe(w.home.length)
    expect(res.moves.map((m) => m.householdId)).not.toContain(w.foreign._id)
    // written: the county's households lost the official; untouched: the other county's
    for (const d of w.home) expect(h.find('households', { _id: d._id })[0]!.officialIds).not.toContain(w.official)
    expect(h.find('households', { _id: w.foreign._id })[0]).toEqual(foreignBefore)
    expect(h.find('pairings', { officialId: w.official, householdId: w.foreign._id })).toMatchObject([{ to: null }])
    // heirs: officials the county office reaches
    for (const m of res.moves) expect(within(COUNTY)(h.find('officials', { _id: m.to })[0]!)).toBe(true)

    const audits = pairingAudits(w.official)
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ actor: OFFICE, action: 'registry.reassign', fields: ['officialIds'] })
    expect(details(audits[0]!)).toMatchObject({
      region: COUNTY,
      endReason: 'transfer',
      closed: String(w.home.length),
      opened: String(res.opened),
      outside: '1',
    })
  })

  test('re-pairing by hand (a manual hand-over): the household outside stays with its official, audited once', async () => {
    const w = seed()
    const chosen = h
      .find('officials')
      .find(
        (o) =>
          o._id !== w.official &&
          o.active !== false &&
          within(COUNTY)(o) &&
          w.home.every((d) => !(d.officialIds as string[]).includes(o._id)),
      )!._id
    const foreignBefore = h.find('households', { _id: w.foreign._id })[0]!
    const res = ok(
      await h.call(
        registry,
        'reassign',
        { officialId: w.official, endReason: 'manual', toOfficialId: chosen, keepActive: true, date: '2026-03-03' },
        OFFICE,
      ),
    )
    expect(res.outsideRegion).toBe(1)
    expect(res.moves.map((m) => m.householdId).sort()).toEqual(ids(w.home))
    expect(h.find('households', { _id: w.foreign._id })[0]).toEqual(foreignBefore)
    expect(h.find('pairings', { officialId: chosen, householdId: w.foreign._id })).toHaveLength(0)
    const audits = pairingAudits(w.official)
    expect(audits).toHaveLength(1)
    expect(details(audits[0]!)).toMatchObject({
      region: COUNTY,
      endReason: 'manual',
      to: chosen,
      closed: String(w.home.length),
      opened: String(w.home.length),
      outside: '1',
    })

    // an heir outside the office's county is refused before anything is written
    const stranger = h.find('officials').find((o) => within(OTHER)(o) && o.active !== false)!._id
    const before = JSON.stringify([h.find('pairings'), h.find('households')])
    const refused = await h.call(
      registry,
      'reassign',
      { officialId: chosen, endReason: 'manual', toOfficialId: stranger, keepActive: true },
      OFFICE,
    )
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN')
    expect(pairingAudits(chosen)).toHaveLength(0)
    expect(JSON.stringify([h.find('pairings'), h.find('households')])).toBe(before)
  })

  test('a township office re-pairing: heirs only among the officials of its township', async () => {
    seed()
    const township = (h.find('users', { _id: 'demo-office-township' })[0]!.roles as { region: string }[])[0]!.region
    const active = (o: Doc) => o.active !== false
    const local = new Set(
      h
        .find('officials')
        .filter((o) => within(township)(o) && active(o))
        .map((o) => o._id),
    )
    const leaving = h
      .find('households')
      .filter(within(township))
      .flatMap((d) => d.officialIds as string[])
      .find((id) => local.has(id))!
    const res = ok(
      await h.call(
        registry,
        'reassign',
        { officialId: leaving, endReason: 'retire', date: '2026-03-05' },
        'demo-office-township',
      ),
    )
    expect(res.moves.length).toBeGreaterThan(0)
    for (const m of res.moves) expect(local.has(m.to)).toBe(true)
    expect(details(pairingAudits(leaving)[0]!)).toMatchObject({ region: township, endReason: 'retire' })
  })

  test('a plan gives nothing new to an official of another county already paired in the region', async () => {
    const state = structuredClone(start)
    const households = state.households!.filter(within(COUNTY))
    const stranger = state.officials!.find((o) => within(OTHER)(o) && o.active !== false)!._id
    // the county unpaired but for one household, paired with the other county's official
    for (const d of households) {
      d.officialIds = []
      d.officialDepartments = {}
    }
    const kept = households[0]!
    kept.officialIds = [stranger]
    h.restore(state)
    const countyOfficials = h.find('officials').filter((o) => within(COUNTY)(o) && o.active !== false).length

    const plan = ok(await h.call(registry, 'planPairing', { region: COUNTY, keepExisting: true }, OFFICE))
    expect(plan.officials).toBe(countyOfficials)
    expect(plan.households).toBe(households.length)
    const view = ok(await h.call(registry, 'confirmPlan', { planId: plan.planId }, OFFICE))
    expect(view).toMatchObject({ state: 'done', outsideRegion: 0 })
    expect(
      h
        .find('households', { officialIds: stranger })
        .filter(within(COUNTY))
        .map((d) => d._id),
    ).toEqual([kept._id])
    const inCounty = new Set(households.map((d) => d._id))
    expect(h.find('pairings', { officialId: stranger }).filter((p) => inCounty.has(p.householdId as string))).toEqual(
      [],
    )
    expect(pairingAudits(plan.planId)).toHaveLength(1)
  })

  test('a plan applied after a household moved out of its region leaves that household alone, audited once', async () => {
    const w = seed()
    const inside = w.home[0]!
    const newcomer = h
      .find('officials')
      .find((o) => o.active !== false && within(COUNTY)(o) && !(inside.officialIds as string[]).includes(o._id))!._id
    const planId = 'reach-plan-1'
    const counts = {
      households: 2,
      officials: 1,
      coveredHouseholds: 2,
      coveredOfficials: 1,
      kept: 0,
      added: 2,
      removed: 1,
      byLevel: { prefecture: 0, county: 2, township: 0, village: 0 },
      maxTownshipSpread: 0,
    }
    h.insert('plans', [
      {
        _id: planId,
        region: COUNTY,
        state: 'planned',
        date: '2026-04-01',
        keepExisting: true,
        counts,
        loads: [],
        exceptions: [],
        exceptionCount: 0,
        batches: 1,
        batchesDone: 0,
        createdBy: OFFICE,
        createdAt: '2026-03-31T02:00:00.000Z',
      },
    ])
    // planned while the foreign household was in the county: it would gain the newcomer and lose the official
    h.insert('planChunks', [
      {
        _id: `${planId}:0`,
        planId,
        n: 0,
        ops: [
          { householdId: inside._id, add: [newcomer], remove: [] },
          { householdId: w.foreign._id, add: [newcomer], remove: [w.official] },
        ],
      },
    ])
    const foreignBefore = h.find('households', { _id: w.foreign._id })[0]!

    // the other county's office cannot apply a plan of this county
    const other = await h.call(registry, 'confirmPlan', { planId }, OTHER_OFFICE)
    expect(other.ok ? 'ok' : other.error.code).toBe('FORBIDDEN')

    const view = ok(await h.call(registry, 'confirmPlan', { planId }, OFFICE))
    expect(view).toMatchObject({ state: 'done', batchesDone: 1, outsideRegion: 1 })
    expect(h.find('households', { _id: inside._id })[0]!.officialIds).toContain(newcomer)
    expect(h.find('households', { _id: w.foreign._id })[0]).toEqual(foreignBefore)
    expect(h.find('pairings', { householdId: w.foreign._id, officialId: newcomer })).toHaveLength(0)
    expect(h.find('pairings', { householdId: w.foreign._id, officialId: w.official })).toMatchObject([{ to: null }])

    const audits = pairingAudits(planId)
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ actor: OFFICE, action: 'registry.confirmPlan' })
    expect(details(audits[0]!)).toMatchObject({
      region: COUNTY,
      batches: '1-1/1',
      opened: '1',
      closed: '0',
      outside: '1',
    })

    // confirming a finished plan again applies nothing and writes no second record
    expect(ok(await h.call(registry, 'confirmPlan', { planId }, OFFICE)).outsideRegion).toBe(1)
    expect(pairingAudits(planId)).toHaveLength(1)
  })
})
