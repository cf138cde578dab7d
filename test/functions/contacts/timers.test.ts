/**
 * The daily gauges under the platform's firing: a department's overdue households as its raw households
 * give them; two firings of the same trigger at once (each in its own function instance, as production may
 * run them) leave exactly the stats one firing leaves, on the same data and at the same instant. A user who
 * sends the timer's event is refused and changes nothing.
 */
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'
import { rawDepartmentOverdue } from './setup'

jest.setTimeout(180_000)

/** the trigger's event as the platform sends it, at a fixed instant so both worlds count the same day */
const EVENT = { Type: 'Timer', TriggerName: 'dailyGauges', Time: '2026-12-06T17:00:00Z', Message: '' }
/** a timer invocation's context: no user, the trigger's own source */
const TRIGGER = { SOURCE: 'wx_trigger' }

/**
 * Four households paired with the two departments' officials, dep-a's contacts 3, 30, 31 and no days before
 * the firing (China days): two of its four are overdue, by its own contact; dep-b, paired with one of them
 * and never in touch, has one.
 */
const PAIRED: { departments: Record<string, string>; contactAt: Record<string, string> }[] = [
  { departments: { o1: 'dep-a' }, contactAt: { 'dep-a': '2026-12-04T03:00:00Z' } },
  { departments: { o1: 'dep-a', o2: 'dep-b' }, contactAt: { 'dep-a': '2026-11-07T01:00:00Z' } },
  { departments: { o1: 'dep-a' }, contactAt: { 'dep-a': '2026-11-06T15:00:00Z', 'dep-b': '2026-12-05T00:00:00Z' } },
  { departments: { o1: 'dep-a', o3: '' }, contactAt: {} },
]

async function world(): Promise<FunctionsHarness> {
  const h = await startFunctions()
  const households = h.find('households')
  const village = households[0]!.regionPath as string[]
  h.insert(
    'departments',
    ['dep-a', 'dep-b'].map((id) => ({ _id: id, name: { 'zh-Hans': id, bo: id }, regionPath: village.slice(0, 1) })),
  )
  PAIRED.forEach((p, i) =>
    h.lc.store.update(
      'households',
      { _id: households[i]!._id },
      {
        $set: {
          officialIds: Object.keys(p.departments),
          officialDepartments: p.departments,
          departmentContactAt: p.contactAt,
        },
      },
    ),
  )
  return h
}

const byId = (docs: Doc[]) => [...docs].sort((a, b) => (a._id < b._id ? -1 : 1))

let once: Doc[]
let households: Doc[]
let twice: Doc[]
let results: unknown[]
let forged: { before: string; after: string; result: unknown }

beforeAll(async () => {
  const a = await world()
  try {
    expect(await a.lc.invoke('contacts', EVENT, TRIGGER)).toMatchObject({ ok: true })
    once = byId(a.find('stats'))
    households = a.find('households')
  } finally {
    await a.close()
  }
  const b = await world()
  try {
    const before = b.snapshot()
    const result = await b.lc.invoke('contacts', EVENT, { OPENID: 'demo-official-1', SOURCE: 'wx_client' })
    forged = { before, after: b.snapshot(), result }
    results = await Promise.all([b.lc.invoke('contacts', EVENT, TRIGGER), b.lc.invoke('contacts', EVENT, TRIGGER)])
    twice = byId(b.find('stats'))
  } finally {
    await b.close()
  }
})

test('two firings at once both succeed and leave the stats one firing leaves', () => {
  expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })])
  expect(once.length).toBeGreaterThan(0)
  expect(once.some((d) => d._id.endsWith(':now') && Number(d.overdueHouseholds) > 0)).toBe(true)
  expect(twice).toEqual(once)
})

test("a department's overdue gauge, now and in the current month and quarter, counts its raw households", () => {
  const gauge = (id: string) => once.find((d) => d._id === id)?.overdueHouseholds
  for (const department of ['dep-a', 'dep-b']) {
    const raw = rawDepartmentOverdue(households, department, EVENT.Time)
    // 17:00 UTC on 6 December is already 7 December in China: December, the fourth quarter
    for (const period of ['now', '2026-12', '2026-Q4']) expect(gauge(`d:${department}:${period}`)).toBe(raw)
  }
  expect(gauge('d:dep-a:now')).toBe(2)
  expect(gauge('d:dep-b:now')).toBe(1)
})

/** what a snapshot holds beside the audit trail, which records the refusal itself */
function withoutAudit(snapshot: string): string {
  const { audit: _audit, auditCounters: _counters, ...rest } = JSON.parse(snapshot) as Record<string, unknown>
  return JSON.stringify(rest)
}

test('a user who sends the timer event is refused, the refusal recorded, and nothing else changes', () => {
  expect(forged.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(withoutAudit(forged.after)).toBe(withoutAudit(forged.before))
  const audit = (JSON.parse(forged.after) as { audit: { kind: string; actor: string }[] }).audit
  expect(audit).toEqual([expect.objectContaining({ kind: 'refusal', actor: 'demo-official-1' })])
})
