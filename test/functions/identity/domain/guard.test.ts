import {
  OPENID_LOCK_MINUTES,
  OPENID_MAX_FAILURES,
  afterFailure,
  codeLocked,
  lockedFor,
  minutesUntil,
} from '@functions/identity/domain/guard'

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 6, 2, 0) + minutes * 60_000).toISOString()

describe('an openid guessing codes', () => {
  test('five failures each within 15 minutes of the last lock it for 15 minutes from the fifth', () => {
    expect([OPENID_MAX_FAILURES, OPENID_LOCK_MINUTES]).toEqual([5, 15])
    let guard = afterFailure(undefined, at(0))
    expect(guard).toEqual({ failures: 1, lastFailureAt: at(0), lockedUntil: null })
    for (const minute of [10, 20, 30]) guard = afterFailure(guard, at(minute))
    expect(guard).toEqual({ failures: 4, lastFailureAt: at(30), lockedUntil: null })
    guard = afterFailure(guard, at(44))
    expect(guard).toEqual({ failures: 5, lastFailureAt: at(44), lockedUntil: at(59) })
  })

  test('a pause longer than 15 minutes starts the count again', () => {
    const guard = { failures: 4, lastFailureAt: at(0), lockedUntil: null }
    expect(afterFailure(guard, at(15)).failures).toBe(5)
    expect(afterFailure(guard, at(15.01)).failures).toBe(1)
  })

  test('a locked openid waits whole minutes, at least one; after the lock it may try again', () => {
    const guard = { failures: 5, lastFailureAt: at(0), lockedUntil: at(15) }
    expect(lockedFor(guard, at(0))).toBe(15)
    expect(lockedFor(guard, at(14.5))).toBe(1)
    expect(lockedFor(guard, at(10.2))).toBe(5)
    expect(lockedFor(guard, at(15))).toBeUndefined()
    expect(lockedFor({ ...guard, lockedUntil: null }, at(1))).toBeUndefined()
    expect(lockedFor(undefined, at(1))).toBeUndefined()
    expect(minutesUntil(at(0), at(3))).toBe(1)
  })
})

test('a code that took five wrong secrets is locked', () => {
  expect(codeLocked({ failures: 4 })).toBe(false)
  expect(codeLocked({ failures: 5 })).toBe(true)
})
