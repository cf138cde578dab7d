/**
 * A resolution the household never answers: after ANSWER_DAYS working days it leaves the open work as
 * resolved and not confirmed, counted neither as solved nor as unsatisfied, and the household's later answer
 * still counts. The window is counted on the calendar from the events, like every other clock.
 */
import type { RequestEvent } from '@config/documents'
import { ANSWER_DAYS, answerDue, status } from '@functions/requests/domain/clocks'
import { apply, lapseOf } from '@functions/requests/domain/lifecycle'
import { rates, recount } from '@functions/requests/domain/rates'
import { unitKey } from '@functions/requests/domain/units'
import { assign, at, calendar, civilAffairs, household, official, play, staff, submit } from './fixtures'

const by = staff()
const accept = (when: string): RequestEvent => ({ type: 'accept', at: when, by, unit: civilAffairs })
const resolve = (when: string): RequestEvent => ({ type: 'resolve', at: when, by, unit: civilAffairs, note: '已办' })
const lapse = (when: string): RequestEvent => ({
  type: 'unanswered',
  at: when,
  by: { id: 'routing', role: 'office' },
  unit: civilAffairs,
})
const reply = (when: string, answer: 'solved' | 'partly' | 'unsolved', onBehalf = false): RequestEvent => ({
  type: 'confirm',
  at: when,
  by: onBehalf ? official : household,
  unit: civilAffairs,
  answer,
  onBehalf,
  rating: answer === 'solved' ? 'satisfied' : 'unsatisfied',
})

const start = submit(at('2026-09-21', '09:00'))
// resolved on Thursday 24 September 2026, the last working day before the Mid-Autumn and National Day holidays
const resolvedAt = at('2026-09-24', '16:00')
const steps = [assign(at('2026-09-21', '09:00')), accept(at('2026-09-22')), resolve(resolvedAt)]

test('the window is 10 working days from the resolution, across a weekend and the National Day holidays', () => {
  const resolved = play(start, ...steps)
  expect(ANSWER_DAYS).toBe(10)
  const due = answerDue(resolved, calendar)!
  // 25–27 Sep Mid-Autumn, 1–7 Oct National Day; 28–30 Sep, 8–9 Oct, Saturday 10 Oct worked, 12–15 Oct: the
  // tenth working day ends with 15 October
  expect(due).toBe(at('2026-10-16', '00:00'))
  expect(answerDue(play(start, ...steps.slice(0, 2)), calendar)).toBeNull()
})

test('the timer owes the step only once the window is over, dated at its end however late it runs', () => {
  const resolved = play(start, ...steps)
  expect(lapseOf(resolved, at('2026-10-15', '23:59'), calendar)).toBeNull()
  const punctual = lapseOf(resolved, at('2026-10-16', '00:00'), calendar)
  const late = lapseOf(resolved, at('2027-02-01'), calendar)
  expect(punctual).toEqual(late)
  expect(punctual).toMatchObject({ type: 'unanswered', at: at('2026-10-16', '00:00'), unit: civilAffairs })
})

test('the step closes the open work and keeps the request resolved; it is refused early, twice or off its date', () => {
  const resolved = play(start, ...steps)
  const due = answerDue(resolved, calendar)!
  expect(apply(resolved, lapse(at('2026-10-15')), calendar)).toMatchObject({ ok: false })
  const done = apply(resolved, lapse(due), calendar)
  expect(done.ok && done.request).toMatchObject({ state: 'resolved', open: false })
  if (!done.ok) return
  expect(apply(done.request, lapse(due), calendar)).toMatchObject({ ok: false })
  expect(answerDue(done.request, calendar)).toBeNull()
  // the clocks stay where the resolution stopped them
  expect(status(done.request, at('2027-01-01'), calendar)!.stoppedAt).toBe(resolvedAt)
})

test('the household may answer after it: "solved" finishes it, "not solved" brings it back into the open work', () => {
  const lapsed = play(start, ...steps, lapse(at('2026-10-16', '00:00')))
  const solved = apply(lapsed, reply(at('2026-11-02'), 'solved'), calendar)
  expect(solved.ok && solved.request).toMatchObject({ state: 'confirmed', open: false })
  const unsolved = apply(lapsed, reply(at('2026-11-02'), 'unsolved', true), calendar)
  expect(unsolved.ok && unsolved.request).toMatchObject({ state: 'reopened', open: true })
})

test('counted as unconfirmed only: not answered, not solved, not rated; a late answer takes it back and counts', () => {
  const events = [start, ...steps, lapse(at('2026-10-16', '00:00'))]
  const lapsed = recount(events, calendar)
  expect(lapsed.total).toMatchObject({ collected: 1, answered: 0, solved: 0, rated: 0, satisfied: 0, unconfirmed: 1 })
  expect(lapsed.byUnit.get(unitKey(civilAffairs))).toMatchObject({ unconfirmed: 1 })
  expect(rates(lapsed.total)).toMatchObject({ solution: null, satisfaction: null })

  const answered = recount([...events, reply(at('2026-11-02'), 'solved')], calendar)
  // resolved on 24 Sep inside its 5-day deadline: a late answer still counts the resolution on time
  expect(answered.total).toMatchObject({ answered: 1, solved: 1, solvedOnTime: 1, rated: 1, unconfirmed: 0 })
  expect(answered.byUnit.get(unitKey(civilAffairs))).toMatchObject({ unconfirmed: 0, solved: 1 })

  // reopened by the late answer, resolved again and left unanswered again: counted once, not twice
  const again = recount(
    [
      ...events,
      reply(at('2026-11-02'), 'partly'),
      resolve(at('2026-11-03')),
      lapse(
        answerDue(
          play(
            start,
            ...steps,
            lapse(at('2026-10-16', '00:00')),
            reply(at('2026-11-02'), 'partly'),
            resolve(at('2026-11-03')),
          ),
          calendar,
        )!,
      ),
    ],
    calendar,
  )
  expect(again.total).toMatchObject({ answered: 1, solved: 0, unconfirmed: 1 })
})
