import { isFieldName, officialsAfter, pairingStale } from '@functions/registry/domain/pairings'

describe("a household's officials after a pairing change", () => {
  test('those whose pairing ends go, new ones are appended once, the order of the others kept', () => {
    expect(officialsAfter(['a', 'b', 'c'], { add: ['d', 'a', 'd'], remove: ['b'] })).toEqual(['a', 'c', 'd'])
    expect(officialsAfter([], { add: ['x'], remove: ['y'] })).toEqual(['x'])
  })
})

describe('whether the stored household must be written', () => {
  const departments = new Map([
    ['a', 'edu'],
    ['b', 'farm'],
  ])

  test('not when its officials and their department entries are what they should be', () => {
    expect(pairingStale(['a', 'b'], ['a', 'b'], { a: 'edu', b: 'farm' }, departments)).toBe(false)
  })

  test('when its officials changed, even only in order', () => {
    expect(pairingStale(['a'], ['a', 'b'], { a: 'edu', b: 'farm' }, departments)).toBe(true)
    expect(pairingStale(['b', 'a'], ['a', 'b'], { a: 'edu', b: 'farm' }, departments)).toBe(true)
  })

  test('when an entry is missing or names an old department, or an official no longer paired keeps one', () => {
    expect(pairingStale(['a'], ['a'], {}, departments)).toBe(true)
    expect(pairingStale(['a'], ['a'], { a: 'health' }, departments)).toBe(true)
    expect(pairingStale(['a', 'b'], ['a'], { a: 'edu', b: 'farm' }, departments)).toBe(true)
  })

  test('an id that cannot be a field name has no entry to keep', () => {
    expect(isFieldName('o.1')).toBe(false)
    expect(isFieldName('$o')).toBe(false)
    expect(isFieldName('o-1')).toBe(true)
    expect(pairingStale(['o.1'], ['o.1'], {}, departments)).toBe(false)
  })
})
