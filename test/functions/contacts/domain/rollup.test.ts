import { validate } from '../../../src/shared/contract'
import { ContactInputSchema, type ContactInput } from '../../../src/shared/contracts/contacts'
import { t } from '../../../src/shared/i18n'
import { fingerprint, judgeResend } from '../../../cloudfunctions/contacts/domain/fingerprint'
import {
  daysSince,
  isOverdue,
  parsePeriodTable,
  periodDaysFor,
  sortByUrgency,
} from '../../../cloudfunctions/contacts/domain/overdue'
import { monthOf, quarterOf } from '../../../cloudfunctions/contacts/domain/periods'
import {
  Recount,
  compareCounters,
  contactKeys,
  emptyCounters,
  incrementGroups,
  provenMarkers,
} from '../../../cloudfunctions/contacts/domain/rollup'
import { contactProblems } from '../../../cloudfunctions/contacts/domain/validate'

const village = ['513300000000', '513332000000', '513332100000', '513332100201']

function contact(over: Partial<ContactInput> = {}): ContactInput {
  return {
    id: '0b5f5c2e-9a51-4c8e-8d3c-2f1b6a7e9c10',
    householdId: 'h1',
    channel: 'visit',
    at: '2025-03-10T09:00:00+08:00',
    topics: ['policy', 'schooling'],
    notes: '了解孩子上学情况',
    photos: [],
    locationConsent: false,
    needs: [],
    ...over,
  }
}

describe('a contact as the form and the function check it', () => {
  it('accepts a visit with topics from the list', () => {
    expect(validate(ContactInputSchema, contact(), 'zh-Hans').ok).toBe(true)
  })

  it('rejects a topic that is not on the fixed list', () => {
    const result = validate(ContactInputSchema, { ...contact(), topics: ['weather'] }, 'zh-Hans')
    expect(result.ok).toBe(false)
  })

  it('asks for at least one topic, in the user language', () => {
    const result = validate(ContactInputSchema, contact({ topics: [] }), 'bo')
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: 'topics', message: t('bo', 'contacts.topicsRequired') }],
    })
  })

  it('refuses a location on a phone call, and a visit location without consent', () => {
    const location = { latitude: 31.6, longitude: 100.0, accuracy: 30 }
    const phone = validate(
      ContactInputSchema,
      contact({ channel: 'phone', location, locationConsent: true }),
      'zh-Hans',
    )
    expect(phone).toMatchObject({ ok: false, issues: [{ path: 'location', message: '只有入户走访可以记录位置' }] })
    const noConsent = validate(ContactInputSchema, contact({ location }), 'zh-Hans')
    expect(noConsent).toMatchObject({ ok: false, issues: [{ path: 'location', message: '记录位置需要您的同意' }] })
    expect(validate(ContactInputSchema, contact({ location, locationConsent: true }), 'zh-Hans').ok).toBe(true)
  })

  it('allows at most 9 photos and 1000 characters of notes', () => {
    const photos = Array.from({ length: 10 }, (_, i) => `cloud://shiliuzi.env/contacts/p${i}.jpg`)
    expect(validate(ContactInputSchema, contact({ photos }), 'zh-Hans').ok).toBe(false)
    expect(validate(ContactInputSchema, contact({ photos: photos.slice(0, 9) }), 'zh-Hans').ok).toBe(true)
    expect(validate(ContactInputSchema, contact({ notes: '字'.repeat(1001) }), 'zh-Hans').ok).toBe(false)
  })

  it('refuses a contact time in the future beyond a few minutes of clock skew', () => {
    const now = new Date('2025-03-10T10:00:00+08:00')
    expect(contactProblems(contact({ at: '2025-03-10T10:05:00+08:00' }), now)).toEqual([])
    expect(contactProblems(contact({ at: '2025-03-10T11:00:00+08:00' }), now)).toEqual([
      { path: 'at', key: 'contacts.inFuture' },
    ])
  })
})

describe('resends', () => {
  it('treats the same content as the same contact, whatever the topic order or time zone', () => {
    const a = contact()
    const b = contact({ topics: ['schooling', 'policy'], at: '2025-03-10T01:00:00Z' })
    expect(judgeResend({ fingerprint: fingerprint(a) }, fingerprint(b))).toBe('duplicate')
  })

  it('calls changed notes under the same id a conflict, and an unknown id new', () => {
    const stored = { fingerprint: fingerprint(contact()) }
    expect(judgeResend(stored, fingerprint(contact({ notes: '另一段记录' })))).toBe('conflict')
    expect(judgeResend(undefined, fingerprint(contact()))).toBe('new')
  })
})

describe('overdue and urgency', () => {
  const now = new Date('2025-04-30T09:00:00+08:00')

  it('counts China calendar days and makes a household overdue after 30 days by default', () => {
    expect(daysSince('2025-03-31T09:00:00+08:00', now)).toBe(30)
    expect(isOverdue(30, periodDaysFor(village, {}))).toBe(false)
    expect(isOverdue(daysSince('2025-03-30T23:00:00+08:00', now), 30)).toBe(true)
    expect(isOverdue(null, 30)).toBe(true)
  })

  it('uses the nearest region with its own period', () => {
    const table = parsePeriodTable(JSON.stringify({ '513332000000': 60, '513332100201': 45, bad: 'x' }))
    expect(periodDaysFor(village, table)).toBe(45)
    expect(periodDaysFor(['513300000000', '513332000000', '513332100000', '513332100999'], table)).toBe(60)
    expect(periodDaysFor(['513300000000', '513301000000'], table)).toBe(30)
  })

  it('puts overdue first, then high risk, then open needs, then the longest since contact', () => {
    const rows = [
      { id: 'calm', overdue: false, riskLevel: 'none' as const, openNeeds: 0, daysSince: 3 },
      { id: 'needs', overdue: false, riskLevel: 'none' as const, openNeeds: 2, daysSince: 3 },
      { id: 'risky', overdue: false, riskLevel: 'high' as const, openNeeds: 0, daysSince: 1 },
      { id: 'late', overdue: true, riskLevel: 'none' as const, openNeeds: 0, daysSince: 40 },
      { id: 'never', overdue: true, riskLevel: 'none' as const, openNeeds: 0, daysSince: null },
      { id: 'older', overdue: false, riskLevel: 'none' as const, openNeeds: 0, daysSince: 20 },
    ]
    expect(sortByUrgency(rows).map((r) => r.id)).toEqual(['never', 'late', 'risky', 'needs', 'older', 'calm'])
  })
})

describe('rollup keys and the recount', () => {
  it('files a contact late on 31 March (UTC) under April and Q2, China time', () => {
    const at = new Date('2025-03-31T17:00:00Z')
    expect([monthOf(at), quarterOf(at)]).toEqual(['2025-04', '2025-Q2'])
  })

  it('touches four region levels and the department, for the month and the quarter', () => {
    const keys = contactKeys({
      householdId: 'h1',
      regionPath: village,
      departmentId: 'dep1',
      at: new Date('2025-03-10T09:00:00+08:00'),
      channel: 'visit',
    })
    const ids = [...keys.regionMarkers, ...keys.departmentMarkers].flatMap((m) => m.statsIds)
    expect(ids).toHaveLength(10)
    expect(ids).toContain('r:513332100201:2025-03')
    expect(ids).toContain('r:513300000000:2025-Q1')
    expect(ids).toContain('d:dep1:2025-Q1')
    const groups = incrementGroups(keys, new Set([keys.regionMarkers[0]!.marker]), 'visit')
    const withHousehold = groups.find((g) => g.inc.householdsContacted === 1)
    expect(withHousehold?.ids.sort()).toEqual(village.map((r) => `r:${r}:2025-03`).sort())
  })

  it('counts a household once per period however many contacts, and reports a stored counter that drifted', () => {
    const recount = new Recount(new Date('2025-03-20T00:00:00+08:00'))
    for (const day of ['02', '09', '16']) {
      recount.addContact({
        householdId: 'h1',
        regionPath: village,
        departmentId: 'dep1',
        at: new Date(`2025-03-${day}T09:00:00+08:00`),
        channel: day === '09' ? 'visit' : 'phone',
        confirmedAt: day === '09' ? '2025-03-09T12:00:00+08:00' : null,
      })
    }
    const month = recount.expected.get('r:513332100201:2025-03')
    expect(month).toMatchObject({ contacts: 3, householdsContacted: 1, visits: 1, visitsConfirmed: 1 })
    const stored = new Map([...recount.expected].map(([id, c]) => [id, { ...c }]))
    expect(compareCounters(stored, recount.expected)).toEqual([])
    stored.set('d:dep1:2025-Q1', {
      ...emptyCounters(),
      contacts: 4,
      householdsContacted: 1,
      visits: 1,
      visitsConfirmed: 1,
    })
    expect(compareCounters(stored, recount.expected)).toEqual([
      { id: 'd:dep1:2025-Q1', counter: 'contacts', stored: 4, actual: 3 },
    ])
  })

  it('skips the once-per-period markers only where the household proves a contact in the same period', () => {
    const at = new Date('2025-03-10T09:00:00+08:00')
    const keys = contactKeys({ householdId: 'h1', regionPath: village, departmentId: 'dep1', at, channel: 'phone' })
    const [regionMonth, regionQuarter] = keys.regionMarkers.map((m) => m.marker)
    const [departmentMonth, departmentQuarter] = keys.departmentMarkers.map((m) => m.marker)
    // contacted earlier this month, but never by this department
    expect([...provenMarkers(keys, at, '2025-03-02T09:00:00+08:00', undefined)].sort()).toEqual(
      [regionMonth, regionQuarter].sort(),
    )
    // a later contact in February (same quarter) proves only the quarter; the department's too
    expect([...provenMarkers(keys, at, '2025-02-27T09:00:00+08:00', '2025-01-05T09:00:00+08:00')].sort()).toEqual(
      [regionQuarter, departmentQuarter].sort(),
    )
    // the latest contact is in April (a late report of a March visit): nothing is proven for March
    expect(provenMarkers(keys, at, '2025-04-01T09:00:00+08:00', '2025-04-01T09:00:00+08:00').size).toBe(0)
    expect(provenMarkers(keys, at, null, null).size).toBe(0)
    expect(provenMarkers(keys, at, '2025-03-31T23:00:00+08:00', '2025-03-01T00:10:00+08:00')).toEqual(
      new Set([regionMonth, regionQuarter, departmentMonth, departmentQuarter]),
    )
  })

  it('counts risk levels and overdue households of the present', () => {
    const recount = new Recount(new Date('2025-03-20T00:00:00+08:00'))
    recount.addHousehold({
      _id: 'h1',
      regionPath: village,
      riskLevel: 'high',
      lastContactAt: '2025-03-19T10:00:00+08:00',
    })
    recount.addHousehold({ _id: 'h2', regionPath: village, riskLevel: 'none', lastContactAt: null })
    expect(recount.expected.get('r:513332000000:now')).toMatchObject({ riskHigh: 1, riskNone: 1, overdueHouseholds: 1 })
  })
})
