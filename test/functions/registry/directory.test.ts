/**
 * The office's directory on the local cloud (built bundle): regions with their counts, departments,
 * officials and households as masked list rows, one official's record with its history. Expected values
 * are counted from the seeded documents, not taken from the code.
 */
import type { CallResult } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

const COUNTY = '513301000000'
const OFFICE = 'demo-office-county'

let h: FunctionsHarness

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

const under = (code: string) => (d: Doc) => (d.regionPath as string[]).includes(code)

beforeAll(async () => {
  h = await startFunctions()
})

afterAll(async () => {
  await h?.close()
})

describe('regions', () => {
  test('a county, its townships in code order with their counts, and the path above it, in 2 round trips', async () => {
    const { res, trace } = await h.callTraced(registry, 'regions', { region: COUNTY }, OFFICE)
    const data = ok(res)
    expect(data.region).toMatchObject({
      code: COUNTY,
      level: 'county',
      hasChildren: true,
      counts: {
        households: h.find('households').filter(under(COUNTY)).length,
        officials: h.find('officials').filter(under(COUNTY)).length,
      },
    })
    const townships = h.find('regions', { parent: COUNTY }).map((r) => r._id)
    expect(data.children.map((c) => c.code)).toEqual([...townships].sort())
    for (const child of data.children) {
      expect(child.level).toBe('township')
      expect(child.counts.households).toBe(h.find('households').filter(under(child.code)).length)
    }
    expect(data.path.map((p) => [p.code, p.level])).toEqual([
      ['513300000000', 'prefecture'],
      [COUNTY, 'county'],
    ])
    // the caller, the region and its children read together; then the counts and the path together
    expect(trace.roundTrips).toBe(2)
  })

  test('a region that is not in the registry is NOT_FOUND for an office over it', async () => {
    const res = await h.call(registry, 'regions', { region: '513301999000' }, OFFICE)
    expect(res.ok ? 'ok' : res.error.code).toBe('NOT_FOUND')
  })
})

describe('lists', () => {
  test('officials of a region: masked phones, department names, the total beside one page', async () => {
    const data = ok(await h.call(registry, 'officials', { region: COUNTY, limit: 5 }, OFFICE))
    expect(data.total).toBe(h.find('officials').filter(under(COUNTY)).length)
    expect(data.officials).toHaveLength(Math.min(5, data.total))
    for (const row of data.officials) {
      const stored = h.find('officials', { _id: row.id })[0]!
      const department = h.find('departments', { _id: stored.departmentId as string })[0]
      expect(row.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)
      expect(row.phoneMasked.slice(-4)).toBe((stored.phone as string).slice(-4))
      expect(row.department).toEqual(department?.name ?? { 'zh-Hans': '', bo: '' })
      expect(row).toMatchObject({ externalId: stored.externalId, active: stored.active })
    }
  })

  test('households of a region: masked ID and phone numbers, unpaired ones on request', async () => {
    const data = ok(await h.call(registry, 'households', { region: COUNTY, limit: 5 }, OFFICE))
    expect(data.total).toBe(h.find('households').filter(under(COUNTY)).length)
    for (const row of data.households) {
      const stored = h.find('households', { _id: row.id })[0]!
      const head = stored.head as { idNumber: string }
      expect(row.idNumberMasked).toBe(`${head.idNumber.slice(0, 6)}********${head.idNumber.slice(-4)}`)
      expect(row.officialIds).toEqual(stored.officialIds)
      expect(JSON.stringify(row)).not.toContain(head.idNumber)
    }
    const unpaired = ok(await h.call(registry, 'households', { region: COUNTY, unpaired: true }, OFFICE))
    const expected = h
      .find('households')
      .filter(under(COUNTY))
      .filter((d) => (d.officialIds as string[]).length === 0)
    expect(unpaired.total).toBe(expected.length)
  })

  test('departments that serve a county: the prefecture bureaus and the county’s own', async () => {
    const data = ok(await h.call(registry, 'departments', { region: COUNTY }, OFFICE))
    const expected = h
      .find('departments')
      .filter((d) => d.level === 'prefecture' || (d.regionPath as string[]).includes(COUNTY))
      .map((d) => d._id)
      .sort()
    expect(data.departments.map((d) => d.id)).toEqual(expected)
  })
})

describe('the 石榴籽 network', () => {
  test('units of a region counted by kind, cultivators among studio members, a page of units, in 2 round trips', async () => {
    const units = h.find('units').filter(under(COUNTY))
    const { res, trace } = await h.callTraced(registry, 'network', { region: COUNTY, limit: 3 }, OFFICE)
    const data = ok(res)
    const members = (u: Doc) => u.members as { role: string }[]
    expect(data.counts).toEqual({
      centres: units.filter((u) => u.kind === 'centre').length,
      studios: units.filter((u) => u.kind === 'studio').length,
      teams: units.filter((u) => u.kind === 'team').length,
      cultivators: units
        .filter((u) => u.kind === 'studio')
        .reduce((n, u) => n + members(u).filter((m) => m.role === 'cultivator').length, 0),
    })
    expect(data.units).toHaveLength(Math.min(3, units.length))
    expect(data.more).toBe(units.length > 3)
    expect(trace.roundTrips).toBe(2)
  })
})

describe('finding an official by name', () => {
  const zh = (d: Doc) => (d.name as { 'zh-Hans': string })['zh-Hans']
  const bo = (d: Doc) => (d.name as { bo: string }).bo

  test('part of a Chinese or Tibetan name, or a staff number, finds the region’s officials, phones masked', async () => {
    const officials = h.find('officials').filter(under(COUNTY))
    const someone = officials.find((o) => zh(o).length >= 2 && bo(o))!
    const part = zh(someone).slice(1)
    const { res, trace } = await h.callTraced(
      registry,
      'findOfficials',
      { region: COUNTY, query: part, limit: 20 },
      OFFICE,
    )
    const data = ok(res)
    // the caller, then the officials, then their departments' names
    expect(trace.roundTrips).toBe(3)
    const expected = officials.filter((o) => zh(o).includes(part) || bo(o).includes(part)).map((o) => o._id)
    expect(data.officials.map((o) => o.id)).toEqual(expected.sort().slice(0, 20))
    expect(data.more).toBe(expected.length > 20)
    for (const row of data.officials) expect(row.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/)

    const byTibetan = ok(await h.call(registry, 'findOfficials', { region: COUNTY, query: bo(someone) }, OFFICE))
    expect(byTibetan.officials.map((o) => o.id)).toContain(someone._id)
    const byNumber = ok(
      await h.call(registry, 'findOfficials', { region: COUNTY, query: someone.externalId as string }, OFFICE),
    )
    expect(byNumber.officials.map((o) => o.id)).toEqual([someone._id])
  })

  test('officials living outside the region are not found; a region outside the office is refused', async () => {
    const township = (h.find('users', { _id: 'demo-office-township' })[0]!.roles as { region: string }[])[0]!.region
    const outside = h.find('officials').find((o) => under(COUNTY)(o) && !under(township)(o))!
    const data = ok(
      await h.call(registry, 'findOfficials', { region: township, query: zh(outside) }, 'demo-office-township'),
    )
    expect(data.officials.map((o) => o.id)).not.toContain(outside._id)
    const refused = await h.call(
      registry,
      'findOfficials',
      { region: COUNTY, query: zh(outside) },
      'demo-office-township',
    )
    expect(refused.ok ? 'ok' : refused.error.code).toBe('FORBIDDEN')
  })

  test('a typed pattern character is taken literally, and a successor search leaves out officials not in post', async () => {
    const none = ok(await h.call(registry, 'findOfficials', { region: COUNTY, query: '.*' }, OFFICE))
    expect(none.officials).toEqual([])
    const retired = {
      ...h.find('officials').filter(under(COUNTY))[0]!,
      _id: 'registry-test-retired',
      externalId: 'RT-0001',
      active: false,
    }
    h.insert('officials', [retired])
    const all = ok(await h.call(registry, 'findOfficials', { region: COUNTY, query: 'RT-0001' }, OFFICE))
    expect(all.officials.map((o) => [o.id, o.active])).toEqual([[retired._id, false]])
    const inPost = ok(
      await h.call(registry, 'findOfficials', { region: COUNTY, query: 'RT-0001', active: true }, OFFICE),
    )
    expect(inPost.officials).toEqual([])
  })
})

describe('one official', () => {
  test('their record, their households and their pairings, in 2 round trips', async () => {
    const officialId = h.find('users', { _id: 'demo-official-1' })[0]!.officialId as string
    const { res, trace } = await h.callTraced(registry, 'official', { officialId }, OFFICE)
    const data = ok(res)
    expect(data.official.id).toBe(officialId)
    expect(data.households.map((x) => x.id).sort()).toEqual(
      h
        .find('households', { officialIds: officialId })
        .map((d) => d._id)
        .sort(),
    )
    expect(data.history).toHaveLength(h.find('pairings', { officialId }).length)
    // the declared scope read the official beside the caller: households, pairings and department together
    expect(trace.roundTrips).toBe(2)
  })
})
