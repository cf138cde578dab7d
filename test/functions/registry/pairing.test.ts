/**
 * Pairing on the local cloud (built bundle): a plan previewed and applied in batches to full coverage,
 * re-pairing with history and the hand-over of open work, and departments following their officials.
 *
 * Expected values come from the rules and the documents the tests read, not from the code.
 */
import type { CallResult } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { type ImportJob, registry } from '@shared/contracts/registry'
import type { Doc, FunctionsHarness } from '../harness'
import { demoSlice, startFunctions } from '../harness'

jest.setTimeout(180_000)

const COUNTY = '513301000000'
const OFFICE = 'demo-office-county'

let h: FunctionsHarness

async function uploadFile(name: string, bytes: Buffer | string): Promise<string> {
  // an import upload has its own folder, which names the job it makes
  const cloudPath = `imports/t${Date.now()}${Math.random().toString(36).slice(2)}/roster.${name.split('.').pop() ?? 'csv'}`
  const meta = (await (
    await fetch(`${h.lc.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data: { url: string; fileId: string } }
  const put = await fetch(meta.data.url, {
    method: 'PUT',
    body: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes) : bytes),
  })
  expect(put.ok).toBe(true)
  return meta.data.fileId
}

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

async function commitAll(jobId: string): Promise<ImportJob> {
  let job = ok(await h.call(registry, 'importCommit', { jobId }, OFFICE))
  for (let i = 0; job.state !== 'done' && i < 50; i++) {
    job = ok(await h.call(registry, 'importContinue', { jobId }, OFFICE))
  }
  return job
}

beforeAll(async () => {
  // unpaired: the plan has every household and every official to pair
  h = await startFunctions({ slice: demoSlice({ pair: false }) })
})

afterAll(async () => {
  await h?.close()
})

describe('pairing', () => {
  test('plan then confirm pairs every household and every official of the region', async () => {
    // the slice is seeded unpaired
    const region = COUNTY
    const inRegion = (d: Doc) => (d.regionPath as string[]).includes(region)
    expect(
      h
        .find('households')
        .filter(inRegion)
        .some((d) => (d.officialIds as string[]).length === 0),
    ).toBe(true)

    const plan = ok(await h.call(registry, 'planPairing', { region }, OFFICE))
    expect(plan.state).toBe('planned')
    expect(plan.households).toBe(h.find('households').filter(inRegion).length)
    expect(plan.coveredHouseholds).toBe(plan.households)
    expect(plan.coveredOfficials).toBe(plan.officials)
    // a preview writes no pairing
    expect(
      h
        .find('households')
        .filter(inRegion)
        .some((d) => (d.officialIds as string[]).length === 0),
    ).toBe(true)

    let view = ok(await h.call(registry, 'confirmPlan', { planId: plan.planId, maxBatches: 1 }, OFFICE))
    for (let i = 0; view.state !== 'done' && i < 20; i++)
      view = ok(await h.call(registry, 'confirmPlan', { planId: plan.planId }, OFFICE))
    expect(view.state).toBe('done')

    const households = h.find('households').filter(inRegion)
    expect(households.filter((d) => (d.officialIds as string[]).length === 0)).toEqual([])
    const officials = h
      .find('officials')
      .filter(inRegion)
      .filter((o) => o.active !== false)
    const paired = new Set(households.flatMap((d) => d.officialIds as string[]))
    expect(officials.filter((o) => !paired.has(o._id)).map((o) => o._id)).toEqual([])
    // each household names its officials' departments beside them, so a contact needs no official lookup
    const departmentOf = new Map(h.find('officials').map((o) => [o._id, o.departmentId as string]))
    for (const d of households) {
      expect(d.officialDepartments).toEqual(
        Object.fromEntries((d.officialIds as string[]).map((id) => [id, departmentOf.get(id)])),
      )
    }
    // every current pairing has its history record
    for (const d of households) {
      for (const officialId of d.officialIds as string[]) {
        expect(h.find('pairings', { officialId, householdId: d._id, to: null })).toHaveLength(1)
      }
    }

    const coverage = ok(await h.call(registry, 'coverage', { region }, OFFICE))
    expect(coverage.total).toMatchObject({ unpairedHouseholds: 0, officialsUnder: 0 })
  })

  test('a plan’s changes, page by page, name each household (phone masked) and the officials it begins and ends with', async () => {
    const plan = ok(await h.call(registry, 'planPairing', { region: COUNTY, keepExisting: false }, OFFICE))
    const ops = h
      .find('planChunks', { planId: plan.planId })
      .sort((a, b) => (a.n as number) - (b.n as number))
      .flatMap((c) => c.ops as { householdId: string; add: string[]; remove: string[] }[])
    const pages = []
    for (let offset = 0; ; offset += 7) {
      const page = ok(await h.call(registry, 'planChanges', { planId: plan.planId, offset, limit: 7 }, OFFICE))
      expect(page.total).toBe(ops.length)
      pages.push(...page.changes)
      if (!page.more) break
    }
    expect(pages.map((c) => c.householdId)).toEqual(ops.map((o) => o.householdId))
    expect(pages.reduce((n, c) => n + c.begin.length, 0)).toBe(plan.added)
    expect(pages.reduce((n, c) => n + c.end.length, 0)).toBe(plan.removed)
    const officialName = (id: string) => h.find('officials', { _id: id })[0]!.name
    for (const [i, change] of pages.entries()) {
      const stored = h.find('households', { _id: change.householdId })[0]!
      const village = h.find('regions', { _id: stored.villageCode as string })[0]!
      expect(change).toEqual({
        householdId: ops[i]!.householdId,
        headName: (stored.head as { name: unknown }).name,
        phoneMasked: `${(stored.phone as string).slice(0, 3)}****${(stored.phone as string).slice(-4)}`,
        village: village.name,
        begin: ops[i]!.add.map((id) => ({ id, name: officialName(id) })),
        end: ops[i]!.remove.map((id) => ({ id, name: officialName(id) })),
      })
    }
    // another county's office does not see the plan's changes
    h.insert('users', [{ _id: 'registry-test-far-office', roles: [{ role: 'office', region: '513322000000' }] }])
    const far = await h.call(registry, 'planChanges', { planId: plan.planId }, 'registry-test-far-office')
    expect(far.ok ? 'ok' : far.error.code).toBe('FORBIDDEN')
  })

  test('reassign: the leaving official’s pairings end with a reason, households go to others, both sides see it', async () => {
    const official = h.find('users', { _id: 'demo-official-1' })[0]!.officialId as string
    const mine = h.find('households', { officialIds: official })
    expect(mine.length).toBeGreaterThan(0)
    const householdUser = 'registry-test-member'
    h.insert('users', [
      { _id: householdUser, householdId: mine[0]!._id, roles: [{ role: 'household', householdId: mine[0]!._id }] },
    ])

    const res = ok(
      await h.call(registry, 'reassign', { officialId: official, endReason: 'transfer', date: '2026-03-01' }, OFFICE),
    )
    expect(res.closed).toBe(mine.length)
    // history: the old pairings are still there, ended on the date with the reason
    const ended = h.find('pairings', { officialId: official, householdId: mine[0]!._id })
    expect(ended.some((p) => p.to === '2026-03-01' && p.endReason === 'transfer')).toBe(true)
    expect(h.find('pairings', { officialId: official, to: null })).toEqual([])
    expect(h.find('officials', { _id: official })[0]).toMatchObject({ active: false })
    expect(h.find('households', { officialIds: official })).toEqual([])

    const move = res.moves.find((m) => m.householdId === mine[0]!._id)!
    expect(move.to).not.toBe(official)
    expect(move.householdName).toEqual((mine[0]!.head as { name: unknown }).name)
    const successorDepartment = h.find('officials', { _id: move.to })[0]!.departmentId
    const departments = h.find('households', { _id: move.householdId })[0]!.officialDepartments as Record<
      string,
      string
    >
    expect(departments[move.to]).toBe(successorDepartment)
    expect(Object.keys(departments)).not.toContain(official)
    expect(h.find('pairings', { officialId: move.to, householdId: move.householdId, to: null })[0]).toMatchObject({
      from: '2026-03-01',
      reason: 'reassign',
    })

    // the household's card shows the new official, not the old one
    const home = ok(await h.call(registry, 'myHousehold', {}, householdUser))
    expect(home.officials.map((o) => o.id)).toContain(move.to)
    expect(home.officials.map((o) => o.id)).not.toContain(official)

    // the new official's list of households includes it
    h.insert('users', [
      { _id: 'registry-test-successor', officialId: move.to, roles: [{ role: 'official', officialId: move.to }] },
    ])
    const theirs = await h.call(contacts, 'myHouseholds', {}, 'registry-test-successor')
    expect(ok(theirs).households.map((x) => x.id)).toContain(move.householdId)

    // the office sees the history on the official's record
    const detail = ok(await h.call(registry, 'official', { officialId: official }, OFFICE))
    expect(detail.history.filter((p) => p.to === '2026-03-01')).toHaveLength(mine.length)
    // by household name, the ended pairings' households included
    const names = new Map(mine.map((d) => [d._id, (d.head as { name: unknown }).name]))
    for (const p of detail.history.filter((x) => x.to === '2026-03-01'))
      expect(p.householdName).toEqual(names.get(p.householdId))
  })

  test('reassign moves exactly the leaving official’s open work on the households it re-pairs', async () => {
    const byLoad = new Map<string, Doc[]>()
    for (const d of h.find('households').filter((x) => (x.regionPath as string[]).includes(COUNTY)))
      for (const id of d.officialIds as string[]) byLoad.set(id, [...(byLoad.get(id) ?? []), d])
    const [leaving, theirs] = [...byLoad].find(([id, list]) => list.length >= 2 && !id.startsWith('TO'))!
    const [first, second] = theirs as [Doc, Doc]
    const bystander = [...byLoad.keys()].find((id) => id !== leaving && !(first.officialIds as string[]).includes(id))!
    const elsewhere = h.find('households').find((d) => !(d.officialIds as string[]).includes(leaving))!
    h.insert('requests', [
      { _id: 'rq-open', officialId: leaving, householdId: first._id, open: true, status: 'new' },
      { _id: 'rq-finished', officialId: leaving, householdId: first._id, open: false, status: 'solved' },
      { _id: 'rq-other-official', officialId: bystander, householdId: first._id, open: true },
      { _id: 'rq-other-household', officialId: leaving, householdId: elsewhere._id, open: true },
    ])
    h.insert('scheduledContacts', [
      { _id: 'sc-open', officialId: leaving, householdId: second._id, open: true, at: '2026-04-01' },
      { _id: 'sc-done', officialId: leaving, householdId: second._id, open: false, at: '2026-02-01' },
    ])

    const res = ok(
      await h.call(registry, 'reassign', { officialId: leaving, endReason: 'retire', date: '2026-03-02' }, OFFICE),
    )
    const to = new Map(res.moves.map((m) => [m.householdId, m.to]))
    const heir = (d: Doc) => to.get(d._id) ?? (h.find('households', { _id: d._id })[0]!.officialIds as string[])[0]
    expect(res.movedRequests).toBe(2)
    const doc = (collection: string, id: string) => h.find(collection, { _id: id })[0]!
    expect(doc('requests', 'rq-open')).toMatchObject({
      officialId: heir(first),
      reassignedFrom: leaving,
      reassignedAt: '2026-03-02',
    })
    expect(doc('scheduledContacts', 'sc-open')).toMatchObject({ officialId: heir(second), reassignedFrom: leaving })
    // finished work, another official's work and work on a household the official did not hold stay put
    expect(doc('requests', 'rq-finished').officialId).toBe(leaving)
    expect(doc('requests', 'rq-other-official').officialId).toBe(bystander)
    expect(doc('requests', 'rq-other-household').officialId).toBe(leaving)
    expect(doc('scheduledContacts', 'sc-done').officialId).toBe(leaving)
    expect(doc('requests', 'rq-finished').reassignedFrom).toBeUndefined()
  })

  test('reassign by hand: every household goes to the official asked for, and the leaving one stays active', async () => {
    const active = (id: string) => h.find('officials', { _id: id })[0]?.active !== false
    const loaded = h
      .find('households')
      .filter((d) => (d.regionPath as string[]).includes(COUNTY))
      .flatMap((d) => d.officialIds as string[])
      .filter(active)
    const leaving = loaded[0]!
    const mine = h.find('households', { officialIds: leaving })
    const chosen = h
      .find('officials')
      .find(
        (o) =>
          o._id !== leaving &&
          o.active !== false &&
          (o.regionPath as string[]).includes(COUNTY) &&
          mine.every((d) => !(d.officialIds as string[]).includes(o._id)),
      )!._id
    const same = await h.call(
      registry,
      'reassign',
      { officialId: leaving, endReason: 'manual', toOfficialId: leaving, keepActive: true },
      OFFICE,
    )
    expect(same.ok ? 'ok' : same.error.code).toBe('INVALID_ARGUMENT')

    const res = ok(
      await h.call(
        registry,
        'reassign',
        { officialId: leaving, endReason: 'manual', toOfficialId: chosen, keepActive: true, date: '2026-03-03' },
        OFFICE,
      ),
    )
    expect(res.moves.map((m) => [m.householdId, m.to]).sort()).toEqual(mine.map((d) => [d._id, chosen]).sort())
    expect(h.find('households', { officialIds: chosen }).length).toBeGreaterThanOrEqual(mine.length)
    expect(h.find('officials', { _id: leaving })[0]!.active).not.toBe(false)
    expect(h.find('pairings', { officialId: chosen, to: null, from: '2026-03-03' })).toHaveLength(mine.length)
  })

  test('an official re-imported with another department: their households’ department entries follow', async () => {
    const household = h
      .find('households')
      .find((d) => (d.officialIds as string[]).some((id) => !id.startsWith('TO') && /^[^.$]+$/.test(id)))!
    const official = h.find('officials', { _id: (household.officialIds as string[])[0]! })[0]!
    const other = h
      .find('departments')
      .find((d) => d._id !== official.departmentId && (d.regionPath as string[]).includes(COUNTY))!._id
    const regionPath = official.regionPath as string[]
    const csv = [
      '人员编号,姓名,藏文姓名,身份证号,联系电话,单位代码,居住地代码,职务',
      [
        official.externalId,
        (official.name as { 'zh-Hans': string })['zh-Hans'],
        '',
        official.idNumber,
        official.phone,
        other,
        regionPath[regionPath.length - 1],
        '',
      ].join(','),
    ].join('\n')
    const fileID = await uploadFile('officials.csv', csv)
    const job = ok(await h.call(registry, 'importUpload', { region: COUNTY, kind: 'officials', fileID }, OFFICE))
    expect(job.rowErrors).toBe(0)
    expect(await commitAll(job.jobId)).toMatchObject({ updated: 1 })
    const after = h.find('households', { _id: household._id })[0]!.officialDepartments as Record<string, string>
    expect(after[official._id]).toBe(other)
  })
})
