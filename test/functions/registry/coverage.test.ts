/**
 * Coverage of a region of any size (built bundle, local cloud): the database does the counting, and its
 * figures are those `coverage()` gives from every document, with an official who left and unpaired households.
 */
import type { CallResult } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import { coverage } from '@functions/registry/domain/coverage'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'

const PREFECTURE = '513300000000'
const OFFICE = 'demo-office-prefecture'

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(() => h.close())

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

describe('coverage counted by the database', () => {
  test('the same figures as counted from every document, with an official who left and an unpaired household', async () => {
    const state = h.dump()
    try {
      const officials = h.find('officials')
      const households = h.find('households').sort((a, b) => (a._id < b._id ? -1 : 1))
      const gone = officials[0]!._id
      // the official leaves without re-pairing: their households count as unpaired if nobody else serves them
      h.lc.store.update('officials', { _id: gone }, { $set: { active: false } })
      h.lc.store.update('households', { _id: households[1]!._id }, { $set: { officialIds: [] } })
      h.lc.store.update('households', { _id: households[2]!._id }, { $set: { officialIds: ['nobody-known'] } })

      const res = ok(await h.call(registry, 'coverage', { region: PREFECTURE }, OFFICE))
      const expected = coverage(
        h.find('officials').map((o) => ({
          id: o._id,
          regionPath: o.regionPath as string[],
          departmentId: String(o.departmentId ?? ''),
          active: o.active !== false,
        })),
        h.find('households').map((d) => ({
          id: d._id,
          regionPath: d.regionPath as string[],
          officialIds: (d.officialIds as string[]) ?? [],
        })),
      )
      const figures = (r: {
        households: number
        unpairedHouseholds: number
        officials: number
        officialsUnder: number
        officialsOver: number
      }) => ({
        households: r.households,
        unpairedHouseholds: r.unpairedHouseholds,
        officials: r.officials,
        officialsUnder: r.officialsUnder,
        officialsOver: r.officialsOver,
      })
      expect(expected.total.unpairedHouseholds).toBeGreaterThanOrEqual(2)
      expect(figures(res.total)).toEqual(figures(expected.total))
      expect([res.minLoad, res.maxLoad]).toEqual([expected.minLoad, expected.maxLoad])
      for (const row of res.byRegion) expect(figures(row)).toEqual(figures(expected.byRegion[row.key]!))
      expect(res.byDepartment.map((r) => r.key)).toEqual(Object.keys(expected.byDepartment).sort())
      for (const row of res.byDepartment) expect(row.households).toBe(expected.byDepartment[row.key]!.households)
      expect(res.unpairedHouseholds.map((u) => u.id)).toEqual([...expected.unpairedHouseholdIds].sort().slice(0, 20))
      // each with its village's name, so the screen shows no code
      for (const u of res.unpairedHouseholds)
        expect(u.village).toEqual(h.find('regions', { _id: u.villageCode })[0]!.name)
      expect(res.underOfficials.map((u) => u.id)).toEqual([...expected.underOfficialIds].sort().slice(0, 20))
      expect(res.overOfficials.map((u) => u.id)).toEqual([...expected.overOfficialIds].sort().slice(0, 20))
    } finally {
      h.restore(state)
    }
  })
})
