import type { RequestEvent } from '@config/documents'
import type { Told } from '@functions/requests/domain/clocks'
import { alerts, overallDue, status, toldAfter } from '@functions/requests/domain/clocks'
import type { Life } from '@functions/requests/domain/lifecycle'
import { addTime, epochMs } from '@shared/time'
import { assign, at, calendar, civilAffairs, countyOffice, household, housing, play, staff, submit } from './fixtures'

const by = staff()
const accept = (when: string, unit = civilAffairs): RequestEvent => ({ type: 'accept', at: when, by, unit })
const resolve = (when: string, unit = civilAffairs): RequestEvent => ({
  type: 'resolve',
  at: when,
  by,
  unit,
  note: '已办',
})
const reply = (when: string, answer: 'solved' | 'partly' | 'unsolved'): RequestEvent => ({
  type: 'confirm',
  at: when,
  by: household,
  unit: civilAffairs,
  answer,
  onBehalf: false,
})
const ret = (when: string, unit = civilAffairs): RequestEvent => ({
  type: 'return',
  at: when,
  by,
  unit,
  reason: '不属于本部门',
})

/** Assigned to the township's civil-affairs station on Monday 2 March 10:00 with 5 working days: due at the
 * end of Monday 9 March. */
const start = submit(at('2026-03-02', '09:00'))
const assigned = (): Life => play(start, assign(at('2026-03-02')))
const endOf = (day: string) => at(day, '24:00')

describe('clocks', () => {
  it('have no clock before the first assignment', () => {
    expect(status(play(start), at('2026-03-20'), calendar)).toBeNull()
    expect(overallDue(play(start).events, calendar)).toBeNull()
  })

  it('start at assignment, not acceptance, and warn at 75 % of the deadline', () => {
    const late = play(start, assign(at('2026-03-02')), accept(at('2026-03-05', '16:00')))
    const now = status(late, at('2026-03-05', '17:00'), calendar)
    expect(now).toMatchObject({
      startedAt: at('2026-03-02'),
      due: endOf('2026-03-09'),
      overallDue: endOf('2026-03-09'),
      // 3.75 of 5 working days after Monday: Friday 18:00
      warnAt: at('2026-03-06', '18:00'),
      overdue: false,
      warned: false,
      escalations: 0,
      escalationLevel: 'township',
      nextCheckAt: at('2026-03-06', '18:00'),
    })
    expect(status(late, at('2026-03-06', '18:00'), calendar)).toMatchObject({
      warned: true,
      nextCheckAt: endOf('2026-03-09'),
    })
  })

  it('run across a weekend and a statutory holiday', () => {
    // assigned Thursday 2 April, 2 working days: Friday 3, then Qingming (4–6 April) → end of Tuesday 7 April
    const qingming = play(submit(at('2026-04-02', '09:00')), assign(at('2026-04-02'), civilAffairs, 2))
    expect(status(qingming, at('2026-04-06', '12:00'), calendar)).toMatchObject({
      due: endOf('2026-04-07'),
      overdue: false,
      // 1.5 working days: noon on Tuesday
      warnAt: at('2026-04-07', '12:00'),
    })
    expect(status(qingming, endOf('2026-04-07'), calendar)?.overdue).toBe(true)
  })

  it('escalate one level per lapsed deadline, each level with a clock of its own, and stop at the prefecture', () => {
    const request = assigned()
    expect(status(request, at('2026-03-09', '23:59'), calendar)).toMatchObject({ escalations: 0, overdue: false })
    // the county's clock: 5 working days counted from Tuesday 10 March, the day the request reached it
    expect(status(request, endOf('2026-03-09'), calendar)).toMatchObject({
      overdue: true,
      escalations: 1,
      escalationLevel: 'county',
      due: endOf('2026-03-16'),
      warnAt: at('2026-03-13', '18:00'),
      nextCheckAt: at('2026-03-13', '18:00'),
    })
    expect(status(request, endOf('2026-03-16'), calendar)).toMatchObject({
      escalations: 2,
      escalationLevel: 'prefecture',
      due: endOf('2026-03-23'),
    })
    expect(status(request, at('2026-06-01'), calendar)).toMatchObject({
      escalations: 2,
      escalationLevel: 'prefecture',
      overallDue: endOf('2026-03-09'),
      nextCheckAt: null,
    })
  })

  it('escalate a request first received at the county once, to the prefecture', () => {
    const county = play(start, assign(at('2026-03-02'), housing, 5))
    expect(status(county, at('2026-06-01'), calendar)).toMatchObject({
      baseLevel: 'county',
      escalations: 1,
      escalationLevel: 'prefecture',
      nextCheckAt: null,
    })
  })

  it('use a per-level term when one is given', () => {
    expect(status(assigned(), endOf('2026-03-09'), calendar, { levelDays: 2 })?.due).toBe(endOf('2026-03-11'))
  })

  it('keep the overall clock running through a return and a reassignment with another term', () => {
    const moved = play(start, assign(at('2026-03-02')), ret(at('2026-03-04')), assign(at('2026-03-06'), housing, 10))
    expect(overallDue(moved.events, calendar)).toBe(endOf('2026-03-09'))
    expect(status(moved, endOf('2026-03-09'), calendar)).toMatchObject({ overdue: true, escalationLevel: 'county' })
    // sitting with the dispatcher does not stop the clock either
    const waiting = play(start, assign(at('2026-03-02')), ret(at('2026-03-04')))
    expect(status(waiting, endOf('2026-03-09'), calendar)).toMatchObject({ overdue: true, escalations: 1 })
  })

  it('stand still while the household answers a resolution, and run on the original deadline when reopened', () => {
    const resolved = play(start, assign(at('2026-03-02')), accept(at('2026-03-02', '11:00')), resolve(at('2026-03-05')))
    expect(status(resolved, at('2026-03-20'), calendar)).toMatchObject({
      overdue: false,
      escalations: 0,
      stoppedAt: at('2026-03-05'),
      nextCheckAt: null,
    })
    const reopened = play(
      start,
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-05')),
      reply(at('2026-03-12'), 'partly'),
    )
    expect(status(reopened, at('2026-03-12', '12:00'), calendar)).toMatchObject({
      overdue: true,
      escalations: 1,
      escalationLevel: 'county',
      stoppedAt: null,
    })
    const late = play(start, assign(at('2026-03-02')), accept(at('2026-03-02', '11:00')), resolve(at('2026-03-11')))
    expect(status(late, at('2026-04-01'), calendar)).toMatchObject({ overdue: true, escalations: 1, nextCheckAt: null })
    const finished = play(
      start,
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-05')),
      reply(at('2026-03-06'), 'solved'),
    )
    expect(status(finished, at('2026-04-01'), calendar)).toMatchObject({ overdue: false, stoppedAt: at('2026-03-06') })
    expect(alerts(status(finished, at('2026-04-01'), calendar), { warned: false, escalations: 0 })).toEqual([])
  })

  it('move the deadline by the working days the level above grants, even when the grant comes after it', () => {
    const ask: RequestEvent = {
      type: 'extendAsk',
      at: at('2026-03-09', '20:00'),
      by,
      unit: civilAffairs,
      days: 3,
      reason: '等待材料',
    }
    const grant: RequestEvent = {
      type: 'extendGrant',
      at: at('2026-03-11'),
      by: staff('office'),
      unit: countyOffice,
      days: 3,
    }
    const asked = play(start, assign(at('2026-03-02')), accept(at('2026-03-02', '11:00')), ask)
    expect(status(asked, at('2026-03-11'), calendar)).toMatchObject({ overdue: true, escalations: 1 })
    const granted = play(start, assign(at('2026-03-02')), accept(at('2026-03-02', '11:00')), ask, grant)
    const now = status(granted, at('2026-03-11', '12:00'), calendar)
    expect(now).toMatchObject({ overdue: false, escalations: 0, extensionDays: 3, due: endOf('2026-03-12') })
    // what was already told stays told: the county heard of the escalation, and hears nothing new
    const told: Told = { warned: true, escalations: 1 }
    expect(alerts(now, told)).toEqual([])
    expect(toldAfter(now, told)).toEqual(told)
  })

  it('give a timer that missed runs the same answer as one that ran every hour', () => {
    const request = assigned()
    const end = at('2026-04-10')
    let every: Told = { warned: false, escalations: 0 }
    const sentEvery: string[] = []
    for (let t = at('2026-03-02', '11:00'); epochMs(t) <= epochMs(end); t = addTime(t, 1, 'hour')) {
      const now = status(request, t, calendar)
      sentEvery.push(...alerts(now, every).map((a) => (a.kind === 'warn' ? 'warn' : a.level)))
      every = toldAfter(now, every)
    }
    expect(sentEvery).toEqual(['warn', 'county', 'prefecture'])

    // runs only now and then, at irregular times (the platform skipped the rest)
    for (const gaps of [[end], [at('2026-03-07'), end], [at('2026-03-12'), at('2026-03-13'), end]]) {
      let sparse: Told = { warned: false, escalations: 0 }
      const sent: string[] = []
      for (const t of gaps) {
        const now = status(request, t, calendar)
        sent.push(...alerts(now, sparse).map((a) => (a.kind === 'warn' ? 'warn' : a.level)))
        sparse = toldAfter(now, sparse)
      }
      expect(sparse).toEqual(every)
      // every level the request reached is told, even when one run skips over it
      expect(sent.filter((s) => s !== 'warn')).toEqual(['county', 'prefecture'])
    }
    // the same run twice owes nothing the second time
    const once = status(request, end, calendar)
    expect(alerts(once, toldAfter(once, { warned: false, escalations: 0 }))).toEqual([])
  })

  it('schedule the next check at the next moment the status changes', () => {
    const request = assigned()
    let t = at('2026-03-02', '11:00')
    const checks: string[] = []
    for (let next = status(request, t, calendar)?.nextCheckAt; next; next = status(request, t, calendar)?.nextCheckAt) {
      checks.push(next)
      t = next
    }
    expect(checks).toEqual([
      at('2026-03-06', '18:00'),
      endOf('2026-03-09'),
      at('2026-03-13', '18:00'),
      endOf('2026-03-16'),
      at('2026-03-20', '18:00'),
      endOf('2026-03-23'),
    ])
  })
})
