import {
  incrementGroups,
  isFieldName,
  needsOf,
  planContact,
  planUndo,
  provenMarkers,
} from '@functions/contacts/domain/counting'
import { contactKeys } from '@functions/contacts/domain/rollup'
import { village } from './fixtures'

const at = '2025-03-10T01:00:00.000Z'
const monthIds = village.map((r) => `r:${r}:2025-03`)
const quarterIds = village.map((r) => `r:${r}:2025-Q1`)
const household = { _id: 'h1', regionPath: village }

describe('the markers a household already proves', () => {
  const keys = contactKeys({ householdId: 'h1', regionPath: village, departmentId: 'dep1', at, channel: 'phone' })
  const [regionMonth, regionQuarter] = keys.regionMarkers.map((m) => m.marker)
  const [departmentMonth, departmentQuarter] = keys.departmentMarkers.map((m) => m.marker)

  it('skips a marker only where the household shows a contact in the same period', () => {
    // contacted earlier this month, but never by this department
    expect([...provenMarkers(keys, at, '2025-03-02T01:00:00.000Z', undefined)].sort()).toEqual(
      [regionMonth, regionQuarter].sort(),
    )
    // a later contact in February (same quarter) proves only the quarter; the department's too
    expect([...provenMarkers(keys, at, '2025-02-27T01:00:00.000Z', '2025-01-05T01:00:00.000Z')].sort()).toEqual(
      [regionQuarter, departmentQuarter].sort(),
    )
    // the latest contact is in April (a late report of a March visit): nothing is proven for March
    expect(provenMarkers(keys, at, '2025-04-01T01:00:00.000Z', '2025-04-01T01:00:00.000Z').size).toBe(0)
    expect(provenMarkers(keys, at, null, null).size).toBe(0)
    expect(provenMarkers(keys, at, 'garbled', undefined).size).toBe(0)
    // 23:00 on 31 March and 00:10 on 1 March, China time, are both March
    expect(provenMarkers(keys, at, '2025-03-31T15:00:00.000Z', '2025-02-28T16:10:00.000Z')).toEqual(
      new Set([regionMonth, regionQuarter, departmentMonth, departmentQuarter]),
    )
  })
})

describe('what a contact increments', () => {
  it('counts a contact and a visit everywhere, and the household where it is first in the period', () => {
    const keys = contactKeys({ householdId: 'h1', regionPath: village, departmentId: 'dep1', at, channel: 'visit' })
    const groups = incrementGroups(keys, new Set([keys.regionMarkers[0]!.marker]), 'visit')
    expect(groups).toHaveLength(2)
    const first = groups.find((g) => g.inc.householdsContacted === 1)
    expect(first?.inc).toEqual({ contacts: 1, visits: 1, householdsContacted: 1 })
    expect(first?.ids.sort()).toEqual([...monthIds].sort())
    const rest = groups.find((g) => g.inc.householdsContacted === undefined)
    expect(rest?.inc).toEqual({ contacts: 1, visits: 1 })
    expect(rest?.ids.sort()).toEqual([...quarterIds, 'd:dep1:2025-03', 'd:dep1:2025-Q1'].sort())
  })

  it('plans every marker for a household never contacted, one request per set of increments', () => {
    const plan = planContact(household, { departmentId: 'dep1', at, channel: 'phone' })
    expect(plan.statsIds).toHaveLength(10)
    expect(plan.markers.map((m) => m.marker)).toEqual([
      'hc:2025-03:h1',
      'hc:2025-Q1:h1',
      'hc:2025-03:dep1:h1',
      'hc:2025-Q1:dep1:h1',
    ])
    expect(plan.increments).toEqual([{ inc: { contacts: 1, householdsContacted: 1 }, ids: plan.statsIds }])
    expect(plan.tracksDepartment).toBe(true)
  })

  it('takes no marker, and counts only the contact, when the household shows this month already', () => {
    const plan = planContact(
      {
        ...household,
        lastContactAt: '2025-03-02T01:00:00.000Z',
        departmentContactAt: { dep1: '2025-03-03T01:00:00.000Z' },
      },
      { departmentId: 'dep1', at, channel: 'wechat' },
    )
    expect(plan.markers).toEqual([])
    expect(plan.increments).toEqual([{ inc: { contacts: 1 }, ids: plan.statsIds }])
  })

  it('reads the department only from its own entry, and keeps none for a department id no map can hold', () => {
    const otherDepartment = planContact(
      {
        ...household,
        lastContactAt: '2025-03-02T01:00:00.000Z',
        departmentContactAt: { dep2: '2025-03-03T01:00:00.000Z' },
      },
      { departmentId: 'dep1', at, channel: 'phone' },
    )
    expect(otherDepartment.markers.map((m) => m.marker)).toEqual(['hc:2025-03:dep1:h1', 'hc:2025-Q1:dep1:h1'])
    const dotted = planContact(household, { departmentId: 'dep.1', at, channel: 'phone' })
    expect(dotted.tracksDepartment).toBe(false)
    expect(dotted.markers).toHaveLength(4)
    const none = planContact(household, { departmentId: null, at, channel: 'phone' })
    expect(none.statsIds).toEqual([...monthIds, ...quarterIds])
    expect(none.tracksDepartment).toBe(false)
  })

  it('knows a key a household map can hold', () => {
    expect(isFieldName('dep-1')).toBe(true)
    expect(isFieldName('a.b')).toBe(false)
    expect(isFieldName('$set')).toBe(false)
    expect(isFieldName('')).toBe(false)
  })
})

describe('what a send takes back', () => {
  const plan = planContact(household, { departmentId: 'dep1', at, channel: 'visit' })

  it('takes back nothing when the send won the contact and every marker', () => {
    expect(planUndo(plan, 'visit', { stored: true, markersWon: [true, true, true, true] })).toEqual([])
  })

  it('takes back "household contacted" where another contact holds the marker', () => {
    const undo = planUndo(plan, 'visit', { stored: true, markersWon: [false, true, true, false] })
    expect(undo).toEqual([{ inc: { householdsContacted: -1 }, ids: [...monthIds, 'd:dep1:2025-Q1'] }])
  })

  it('takes back the contact and the visit when another send of the id was stored first, but not a marker it took', () => {
    const undo = planUndo(plan, 'visit', { stored: false, markersWon: [true, true, false, true] })
    const byDoc = new Map(undo.flatMap((g) => g.ids.map((id) => [id, g.inc])))
    expect(byDoc.get('r:513332100201:2025-03')).toEqual({ contacts: -1, visits: -1 })
    expect(byDoc.get('d:dep1:2025-03')).toEqual({ householdsContacted: -1, contacts: -1, visits: -1 })
    expect(byDoc.size).toBe(10)
    expect(undo).toHaveLength(2)
  })

  it('takes back no visit for a phone call', () => {
    const phone = planContact(household, { departmentId: null, at, channel: 'phone' })
    expect(planUndo(phone, 'phone', { stored: false, markersWon: [true, true] })).toEqual([
      { inc: { contacts: -1 }, ids: phone.statsIds },
    ])
  })
})

describe('needs of a contact', () => {
  const id = '0b5f5c2e-9a51-4c8e-8d3c-2f1b6a7e9c10'

  it('gives a resend the same need ids', () => {
    const needs = needsOf(id, [{ text: '屋顶漏雨' }, { text: '需要务工信息' }], at)
    expect(needs).toEqual([
      { id: `${id}:0`, text: '屋顶漏雨', contactId: id, at },
      { id: `${id}:1`, text: '需要务工信息', contactId: id, at },
    ])
    expect(needsOf(id, [{ text: '屋顶漏雨' }], at)[0]).toEqual(needs[0])
  })
})
