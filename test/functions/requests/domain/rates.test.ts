import type { Rating, RequestEvent } from '@config/documents'
import { apply, begin } from '@functions/requests/domain/lifecycle'
import type { RateCounters } from '@functions/requests/domain/rates'
import { addCounters, emptyCounters, increments, merge, rates, recount } from '@functions/requests/domain/rates'
import { unitKey } from '@functions/requests/domain/units'
import { assign, at, calendar, civilAffairs, household, housing, staff, submit, townshipOffice } from './fixtures'

const by = staff()
const accept = (when: string, unit = civilAffairs): RequestEvent => ({ type: 'accept', at: when, by, unit })
const resolve = (when: string, unit = civilAffairs): RequestEvent => ({
  type: 'resolve',
  at: when,
  by,
  unit,
  note: '已办',
})
const reply = (
  when: string,
  answer: 'solved' | 'partly' | 'unsolved',
  rating?: Rating,
  unit = civilAffairs,
): RequestEvent => ({
  type: 'confirm',
  at: when,
  by: household,
  unit,
  answer,
  onBehalf: false,
  ...(rating ? { rating } : {}),
})
const ret = (when: string, unit = civilAffairs): RequestEvent => ({
  type: 'return',
  at: when,
  by,
  unit,
  reason: '不属于本部门',
})

const start = submit(at('2026-03-02', '09:00'))

/** The counters kept on write: each event's increments added as it is applied. */
function kept(events: RequestEvent[]): { total: RateCounters; byUnit: Map<string, RateCounters> } {
  let total = emptyCounters()
  const byUnit = new Map<string, RateCounters>()
  const add = (changes: ReturnType<typeof increments>) => {
    for (const change of changes) {
      total = addCounters(total, change.inc)
      if (change.unit) {
        const key = unitKey(change.unit)
        byUnit.set(key, addCounters(byUnit.get(key) ?? emptyCounters(), change.inc))
      }
    }
  }
  const [first, ...rest] = events
  if (first?.type !== 'submit') throw new Error('no submission')
  let request = begin(first)
  add(increments(null, first, request, calendar))
  for (const event of rest) {
    const result = apply(request, event, calendar)
    if (!result.ok) throw new Error(`${event.type} refused`)
    add(increments(request, event, result.request, calendar))
    request = result.request
  }
  return { total, byUnit }
}

describe('rates', () => {
  it('count a request solved on time once, and the household rating only by its latest answer', () => {
    const events = [
      start,
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-04')),
      reply(at('2026-03-05'), 'partly', 'unsatisfied'),
      resolve(at('2026-03-06')),
      reply(at('2026-03-07'), 'solved', 'satisfied'),
    ]
    const { total, byUnit } = kept(events)
    expect(total).toEqual({
      ...emptyCounters(),
      collected: 1,
      assigned: 1,
      responded: 1,
      answered: 1,
      solved: 1,
      solvedOnTime: 1,
      rated: 1,
      satisfied: 1,
    })
    expect(byUnit.get(unitKey(civilAffairs))).toEqual({ ...total, collected: 0 })
    expect(rates(total)).toEqual({ response: 1, solution: 1, onTime: 1, satisfaction: 1 })
  })

  it('count a solution confirmed after the deadline as solved, not on time', () => {
    const { total } = kept([
      start,
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-10', '09:00')),
      reply(at('2026-03-10', '10:00'), 'solved'),
    ])
    expect(total).toMatchObject({ solved: 1, solvedOnTime: 0, rated: 0 })
    expect(rates(total)).toEqual({ response: 1, solution: 1, onTime: 0, satisfaction: null })
  })

  it('never count a closure or a merge as solved', () => {
    const closed = kept([
      start,
      assign(at('2026-03-02')),
      { type: 'close', at: at('2026-03-03'), by, unit: civilAffairs, reason: '不属实' },
    ])
    expect(closed.total).toMatchObject({ collected: 1, assigned: 1, closed: 1, solved: 0, answered: 0 })
    expect(rates(closed.total)).toEqual({ response: 0, solution: null, onTime: null, satisfaction: null })
    const merged = kept([start, { type: 'merge', at: at('2026-03-02'), by, unit: townshipOffice, into: 'r0' }])
    expect(merged.total).toMatchObject({ collected: 1, merged: 1, assigned: 0 })
    expect(merged.byUnit.size).toBe(0)
  })

  it('credit the first unit with the assignment and each unit with what it did after a return', () => {
    const { total, byUnit } = kept([
      start,
      assign(at('2026-03-02')),
      ret(at('2026-03-03')),
      assign(at('2026-03-03', '12:00'), housing, 10),
      accept(at('2026-03-03', '13:00'), housing),
      resolve(at('2026-03-05'), housing),
      reply(at('2026-03-06'), 'unsolved', 'unsatisfied', housing),
      resolve(at('2026-03-10'), housing),
      reply(at('2026-03-11'), 'solved', 'neutral', housing),
    ])
    expect(total).toMatchObject({ assigned: 1, responded: 1, answered: 1, solved: 1, rated: 1, satisfied: 0 })
    expect(byUnit.get(unitKey(civilAffairs))).toEqual({ ...emptyCounters(), assigned: 1 })
    expect(byUnit.get(unitKey(housing))).toMatchObject({ assigned: 0, responded: 1, solved: 1, rated: 1 })
    // the housing bureau's own 10 days would have run to 17 March; the overall deadline from the first
    // assignment (5 days: the end of 9 March) is the one that counts
    expect(total.solvedOnTime).toBe(0)
  })

  it('recount every request from its events into exactly what was kept on write', () => {
    const timelines: RequestEvent[][] = [
      [start],
      [start, assign(at('2026-03-02'))],
      [
        start,
        assign(at('2026-03-02')),
        accept(at('2026-03-03')),
        resolve(at('2026-03-04')),
        reply(at('2026-03-04', '20:00'), 'partly', 'neutral'),
      ],
      [
        start,
        assign(at('2026-03-02')),
        accept(at('2026-03-02', '11:00')),
        ret(at('2026-03-03')),
        assign(at('2026-03-04'), housing),
        accept(at('2026-03-04', '11:00'), housing),
        resolve(at('2026-03-12'), housing),
        reply(at('2026-03-13'), 'unsolved', 'satisfied', housing),
        resolve(at('2026-03-16'), housing),
        reply(at('2026-03-17'), 'solved', 'unsatisfied', housing),
      ],
    ]
    let sumKept = emptyCounters()
    let sumRecount = emptyCounters()
    for (const events of timelines) {
      const onWrite = kept(events)
      const again = recount(events, calendar)
      expect(again.total).toEqual(onWrite.total)
      expect(again.byUnit).toEqual(onWrite.byUnit)
      sumKept = addCounters(sumKept, onWrite.total)
      sumRecount = addCounters(sumRecount, again.total)
    }
    expect(sumRecount).toEqual(sumKept)
    expect(sumKept).toMatchObject({
      collected: 4,
      assigned: 3,
      responded: 2,
      answered: 2,
      solved: 1,
      rated: 2,
      satisfied: 0,
    })
  })

  it('fold changes for the same unit into one and drop zeros', () => {
    expect(
      merge([
        { unit: civilAffairs, inc: { rated: -1, satisfied: -1 } },
        { unit: civilAffairs, inc: { rated: 1, satisfied: 1, solved: 1 } },
        { unit: null, inc: { collected: 0 } },
      ]),
    ).toEqual([{ unit: civilAffairs, inc: { solved: 1 } }])
  })

  it('give fractions, and null where nothing is counted yet', () => {
    expect(rates(emptyCounters())).toEqual({ response: null, solution: null, onTime: null, satisfaction: null })
    expect(
      rates({
        ...emptyCounters(),
        assigned: 4,
        responded: 3,
        answered: 5,
        solved: 4,
        solvedOnTime: 2,
        rated: 4,
        satisfied: 3,
      }),
    ).toEqual({ response: 0.75, solution: 0.8, onTime: 0.5, satisfaction: 0.75 })
  })
})
