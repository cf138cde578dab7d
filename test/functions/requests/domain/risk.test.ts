import type { RequestEvent, UnitRef } from '@config/documents'
import { apply } from '@functions/requests/domain/lifecycle'
import { increments, recount } from '@functions/requests/domain/rates'
import { decidedOnProblem, identifiedHouseholds, leadUnit } from '@functions/requests/domain/risk'
import { COUNTY, VILLAGE, assign, at, calendar, countyOffice, play, staff, submit } from './fixtures'

const team: UnitRef = { kind: 'department', id: 'D513322-riskteam', level: 'county', region: COUNTY }
const by = staff()
const identify = (when: string, identified: boolean, unit: UnitRef = team): RequestEvent => ({
  type: 'identify',
  at: when,
  by,
  unit,
  identified,
  decidedOn: when.slice(0, 10),
})

describe('where a lead goes', () => {
  test("the county's team, or the county work office with the reason when the county has none", () => {
    expect(leadUnit({ _id: team.id }, VILLAGE)).toEqual({ unit: team })
    expect(leadUnit(undefined, VILLAGE)).toEqual({ unit: countyOffice, fallback: 'riskLead.noTeam' })
    expect(leadUnit({ _id: team.id }, 'not-a-code')).toBeUndefined()
  })
})

describe('the result ends the lead', () => {
  const sent = () => play(submit(at('2026-03-02', '09:00')), assign(at('2026-03-02'), team, 10))

  test('only once accepted, only by the unit that has it; it finishes the lead without a household answer', () => {
    expect(apply(sent(), identify(at('2026-03-05'), true), calendar)).toMatchObject({ ok: false })
    const accepted = apply(sent(), { type: 'accept', at: at('2026-03-03'), by, unit: team }, calendar)
    if (!accepted.ok) throw accepted.refusal
    const other = apply(accepted.request, identify(at('2026-03-05'), true, countyOffice), calendar)
    expect(other.ok ? undefined : other.refusal.code).toBe('FORBIDDEN')
    const done = apply(accepted.request, identify(at('2026-03-05'), false), calendar)
    expect(done).toMatchObject({ ok: true, request: { state: 'confirmed', open: false, unit: team }, tell: [] })
    if (!done.ok) return
    expect(apply(done.request, identify(at('2026-03-06'), true), calendar)).toMatchObject({ ok: false })
    // counted as collected, assigned and responded; never as solved
    expect(increments(accepted.request, identify(at('2026-03-05'), false), done.request, calendar)).toEqual([])
    expect(recount(done.request.events, calendar).total).toMatchObject({
      collected: 1,
      assigned: 1,
      responded: 1,
      solved: 0,
      closed: 0,
    })
  })
})

describe('the decision day', () => {
  test('between the lead and today, both included', () => {
    expect(decidedOnProblem('2026-03-02', '2026-03-02', '2026-03-10')).toBeNull()
    expect(decidedOnProblem('2026-03-10', '2026-03-02', '2026-03-10')).toBeNull()
    expect(decidedOnProblem('2026-03-11', '2026-03-02', '2026-03-10')).toBe('future')
    expect(decidedOnProblem('2026-03-01', '2026-03-02', '2026-03-10')).toBe('beforeLead')
  })
})

describe('who the public list shows', () => {
  const decided = (
    householdId: string,
    decidedOn: string,
    identified: boolean,
    updatedAt = `${decidedOn}T08:00:00Z`,
  ) => ({
    householdId,
    updatedAt,
    risk: { kind: 'edge' as const, identified, decidedOn },
  })

  test("each household's latest decision counts: identified stays, a later 'not identified' takes it off", () => {
    const list = identifiedHouseholds([
      decided('a', '2026-03-01', true),
      decided('a', '2026-04-01', false),
      decided('b', '2026-04-01', false),
      decided('b', '2026-05-01', true),
      decided('c', '2026-05-01', true, '2026-05-01T08:00:00Z'),
      decided('c', '2026-05-01', false, '2026-05-01T09:00:00Z'),
      { householdId: 'd', updatedAt: '2026-05-01T08:00:00Z', risk: { kind: 'edge' as const } },
    ])
    expect(list.map((l) => l.householdId)).toEqual(['b'])
  })
})
