import type { RequestEvent } from '@config/documents'
import { apply, begin, pendingExtension, replay } from '@functions/requests/domain/lifecycle'
import type { Life } from '@functions/requests/domain/lifecycle'
import {
  assign,
  at,
  calendar,
  civilAffairs,
  countyOffice,
  household,
  housing,
  official,
  play,
  staff,
  submit,
  townshipOffice,
} from './fixtures'

const by = staff()
const accept = (when: string, unit = civilAffairs): RequestEvent => ({ type: 'accept', at: when, by, unit })
const resolve = (when: string, unit = civilAffairs): RequestEvent => ({
  type: 'resolve',
  at: when,
  by,
  unit,
  note: '已发放临时救助金',
})
const answer = (
  when: string,
  reply: 'solved' | 'partly' | 'unsolved',
  who = household,
  onBehalf = false,
  unit = civilAffairs,
): RequestEvent => ({ type: 'confirm', at: when, by: who, unit, answer: reply, onBehalf })

/** A request assigned on Monday 2 March and accepted the same day. */
function accepted(): Life {
  return play(submit(at('2026-03-02', '09:00')), assign(at('2026-03-02')), accept(at('2026-03-02', '11:00')))
}

function refusal(request: Life, event: RequestEvent) {
  const result = apply(request, event, calendar)
  if (result.ok) throw new Error(`${event.type} was applied`)
  return { code: result.refusal.code, reason: result.refusal.reason }
}

describe('the request lifecycle', () => {
  it('goes submitted → assigned → accepted → resolved → confirmed, appending each event', () => {
    const created = begin(submit(at('2026-03-02', '09:00')))
    expect(created).toMatchObject({ state: 'submitted', dispatcher: townshipOffice, unit: null, open: true })
    const done = play(
      submit(at('2026-03-02', '09:00')),
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-04')),
      answer(at('2026-03-05'), 'solved'),
    )
    expect(done.state).toBe('confirmed')
    expect(done.open).toBe(false)
    expect(done.events.map((e) => e.type)).toEqual(['submit', 'assign', 'accept', 'resolve', 'confirm'])
    expect(done.unit).toEqual(civilAffairs)
    expect(done.deadlineDays).toBe(5)
  })

  it('tells the unit and the household of an assignment, and the household of a resolution', () => {
    const result = apply(begin(submit(at('2026-03-02'))), assign(at('2026-03-02')), calendar)
    expect(result.ok && result.tell).toEqual([{ to: 'unit', unit: civilAffairs }, { to: 'household' }])
    const resolved = apply(accepted(), resolve(at('2026-03-03')), calendar)
    expect(resolved.ok && resolved.tell).toEqual([{ to: 'household' }])
  })

  it('reopens for the same unit on "partly solved" and "not solved", telling the level above', () => {
    for (const reply of ['partly', 'unsolved'] as const) {
      const resolved = play(
        submit(at('2026-03-02', '09:00')),
        assign(at('2026-03-02')),
        accept(at('2026-03-02', '11:00')),
        resolve(at('2026-03-04')),
      )
      const result = apply(resolved, answer(at('2026-03-05'), reply), calendar)
      if (!result.ok) throw new Error('refused')
      expect(result.request.state).toBe('reopened')
      expect(result.request.open).toBe(true)
      expect(result.request.unit).toEqual(civilAffairs)
      expect(result.tell).toEqual([
        { to: 'unit', unit: civilAffairs },
        { to: 'unit', unit: countyOffice },
      ])
      // the same unit works on and resolves it again, and the household's "solved" ends it
      const again = play(
        submit(at('2026-03-02', '09:00')),
        ...result.request.events.slice(1),
        resolve(at('2026-03-06')),
        answer(at('2026-03-09'), 'solved'),
      )
      expect(again.state).toBe('confirmed')
    }
  })

  it('lets a paired official answer for the household during a visit, recorded as such, and nobody else', () => {
    const resolved = play(
      submit(at('2026-03-02', '09:00')),
      assign(at('2026-03-02')),
      accept(at('2026-03-02', '11:00')),
      resolve(at('2026-03-04')),
    )
    const onBehalf = apply(resolved, answer(at('2026-03-05'), 'solved', official, true), calendar)
    expect(onBehalf.ok && onBehalf.request.events.at(-1)).toMatchObject({ by: official, onBehalf: true })
    expect(refusal(resolved, answer(at('2026-03-05'), 'solved', official, false))).toEqual({
      code: 'FORBIDDEN',
      reason: 'requests.notHousehold',
    })
    expect(refusal(resolved, answer(at('2026-03-05'), 'solved', staff(), true))).toEqual({
      code: 'FORBIDDEN',
      reason: 'requests.notHousehold',
    })
    expect(refusal(accepted(), answer(at('2026-03-05'), 'solved'))).toEqual({
      code: 'CONFLICT',
      reason: 'requests.notResolved',
    })
  })

  it('returns to the dispatcher only with a reason, and keeps the first unit responsible after reassignment', () => {
    const request = accepted()
    const bare: RequestEvent = { type: 'return', at: at('2026-03-03'), by, unit: civilAffairs, reason: '  ' }
    expect(refusal(request, bare)).toEqual({ code: 'INVALID_ARGUMENT', reason: 'requests.reasonRequired' })
    const back = apply(request, { ...bare, reason: '不属于本部门职责，应由住建部门办理' }, calendar)
    if (!back.ok) throw new Error('refused')
    expect(back.request).toMatchObject({ state: 'returned', unit: null, firstUnit: civilAffairs })
    expect(back.tell).toEqual([{ to: 'unit', unit: townshipOffice }])

    const moved = play(
      submit(at('2026-03-02', '09:00')),
      ...back.request.events.slice(1),
      assign(at('2026-03-03', '15:00'), housing),
    )
    expect(moved).toMatchObject({ state: 'assigned', unit: housing, firstUnit: civilAffairs })
    // when the second unit returns it too, the first unit (responsible for coordinating) hears of it
    const again = apply(moved, { ...bare, at: at('2026-03-04'), unit: housing, reason: '需要民政部门先认定' }, calendar)
    expect(again.ok && again.tell).toEqual([
      { to: 'unit', unit: townshipOffice },
      { to: 'unit', unit: civilAffairs },
    ])
  })

  it('lets only the unit holding the request accept, work on, return or resolve it', () => {
    const assigned = play(submit(at('2026-03-02', '09:00')), assign(at('2026-03-02')))
    expect(refusal(assigned, accept(at('2026-03-02', '11:00'), housing))).toEqual({
      code: 'FORBIDDEN',
      reason: 'requests.notYourUnit',
    })
    expect(refusal(accepted(), resolve(at('2026-03-03'), housing))).toEqual({
      code: 'FORBIDDEN',
      reason: 'requests.notYourUnit',
    })
    expect(refusal(assigned, resolve(at('2026-03-03')))).toEqual({ code: 'CONFLICT', reason: 'requests.notAccepted' })
    const progress: RequestEvent = {
      type: 'progress',
      at: at('2026-03-03'),
      by,
      unit: civilAffairs,
      note: '',
      photos: [],
    }
    expect(refusal(accepted(), progress)).toEqual({ code: 'INVALID_ARGUMENT', reason: 'requests.noteRequired' })
    const noted = apply(accepted(), { ...progress, photos: ['cloud://relief/r1/a.jpg'] }, calendar)
    expect(noted.ok && noted.request.state).toBe('accepted')
  })

  it('refuses to assign twice, to accept twice, or to act on a finished request', () => {
    const assigned = play(submit(at('2026-03-02', '09:00')), assign(at('2026-03-02')))
    expect(refusal(assigned, assign(at('2026-03-02', '12:00'), housing))).toEqual({
      code: 'CONFLICT',
      reason: 'requests.wrongState',
    })
    expect(refusal(accepted(), accept(at('2026-03-03')))).toEqual({ code: 'CONFLICT', reason: 'requests.wrongState' })
    const closed = play(submit(at('2026-03-02', '09:00')), {
      type: 'close',
      at: at('2026-03-02', '10:00'),
      by: staff('office'),
      unit: townshipOffice,
      reason: '重复提交的测试内容',
    })
    expect(closed).toMatchObject({ state: 'closed', open: false })
    expect(refusal(closed, assign(at('2026-03-03')))).toEqual({ code: 'CONFLICT', reason: 'requests.finished' })
    expect(refusal(accepted(), submit(at('2026-03-03')))).toEqual({ code: 'CONFLICT', reason: 'requests.exists' })
    expect(refusal(accepted(), resolve(at('2026-03-01')))).toEqual({ code: 'CONFLICT', reason: 'requests.outOfOrder' })
    expect(refusal(begin(submit(at('2026-03-02'))), assign(at('2026-03-02', '11:00'), civilAffairs, 0))).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'requests.daysInvalid',
    })
  })

  it('merges a duplicate or closes an invalid request by the dispatcher, the first unit or the unit holding it', () => {
    const merge: RequestEvent = { type: 'merge', at: at('2026-03-03'), by, unit: housing, into: 'r-original' }
    expect(refusal(accepted(), merge)).toEqual({ code: 'FORBIDDEN', reason: 'requests.notYourUnit' })
    expect(refusal(accepted(), { ...merge, unit: townshipOffice, into: '' })).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'requests.mergeTarget',
    })
    const merged = apply(accepted(), { ...merge, unit: townshipOffice }, calendar)
    expect(merged.ok && merged.request).toMatchObject({ state: 'merged', mergedInto: 'r-original', open: false })
    const close: RequestEvent = { type: 'close', at: at('2026-03-03'), by, unit: civilAffairs, reason: '' }
    expect(refusal(accepted(), close)).toEqual({ code: 'INVALID_ARGUMENT', reason: 'requests.reasonRequired' })
    const closed = apply(accepted(), { ...close, reason: '诉求内容与本户情况不符' }, calendar)
    expect(closed.ok && closed.tell).toEqual([{ to: 'household' }])
  })

  describe('extensions', () => {
    const ask = (when: string, days = 3): RequestEvent => ({
      type: 'extendAsk',
      at: when,
      by,
      unit: civilAffairs,
      days,
      reason: '需要县里核实材料',
    })
    const grant = (when: string, days = 3, unit = countyOffice): RequestEvent => ({
      type: 'extendGrant',
      at: when,
      by: staff('office'),
      unit,
      days,
    })

    it('are asked before the deadline and go to the level above', () => {
      // assigned Monday 2 March with 5 working days: due at the end of Monday 9 March
      const asked = apply(accepted(), ask(at('2026-03-09', '23:00')), calendar)
      expect(asked.ok && asked.tell).toEqual([{ to: 'unit', unit: countyOffice }])
      expect(refusal(accepted(), ask(at('2026-03-10', '00:00')))).toEqual({
        code: 'CONFLICT',
        reason: 'requests.extendLate',
      })
    })

    it('are granted by the level above only, never more than asked, one at a time', () => {
      const asked = play(
        submit(at('2026-03-02', '09:00')),
        assign(at('2026-03-02')),
        accept(at('2026-03-02', '11:00')),
        ask(at('2026-03-05')),
      )
      expect(pendingExtension(asked.events)).toMatchObject({ days: 3 })
      expect(refusal(asked, ask(at('2026-03-05', '12:00')))).toEqual({
        code: 'CONFLICT',
        reason: 'requests.extendPending',
      })
      expect(refusal(asked, grant(at('2026-03-06'), 3, townshipOffice))).toEqual({
        code: 'FORBIDDEN',
        reason: 'requests.notAbove',
      })
      expect(refusal(asked, grant(at('2026-03-06'), 4))).toEqual({
        code: 'INVALID_ARGUMENT',
        reason: 'requests.daysInvalid',
      })
      const granted = apply(asked, grant(at('2026-03-06'), 2), calendar)
      if (!granted.ok) throw new Error('refused')
      expect(granted.tell).toEqual([{ to: 'unit', unit: civilAffairs }])
      expect(pendingExtension(granted.request.events)).toBeNull()
      expect(refusal(granted.request, grant(at('2026-03-06', '12:00')))).toEqual({
        code: 'CONFLICT',
        reason: 'requests.extendNone',
      })
      const refused: RequestEvent = { type: 'extendRefuse', at: at('2026-03-06'), by, unit: countyOffice, reason: '' }
      expect(refusal(asked, refused)).toEqual({ code: 'INVALID_ARGUMENT', reason: 'requests.reasonRequired' })
    })
  })

  it('replays a stored timeline into the same request, and names the first event that does not apply', () => {
    const request = accepted()
    const replayed = replay(request.events, calendar)
    expect(replayed).toEqual({ ok: true, request })
    const broken = replay([...request.events, answer(at('2026-03-03'), 'solved')], calendar)
    expect(broken).toMatchObject({ ok: false, at: 3 })
    expect(replay([], calendar).ok).toBe(false)
  })
})
