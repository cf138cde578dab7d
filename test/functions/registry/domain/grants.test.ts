import type { RoleGrant } from '@shared/contracts/identity'
import { followMoves } from '@functions/registry/domain/grants'

const OLD = ['513300000000', '513301000000', '513301100000', '513301100001']
const NEW = ['513300000000', '513301000000', '513301101000', '513301101002']

describe('grants follow a moved record', () => {
  test('the grant of the moved household takes its new path; other grants are left as they are', () => {
    const roles: RoleGrant[] = [
      { role: 'household', householdId: 'H1', head: true, regionPath: OLD },
      { role: 'household', householdId: 'H2', regionPath: OLD },
      { role: 'office', region: '513301000000' },
    ]
    expect(followMoves(roles, 'households', new Map([['H1', NEW]]))).toEqual([
      { role: 'household', householdId: 'H1', head: true, regionPath: NEW },
      { role: 'household', householdId: 'H2', regionPath: OLD },
      { role: 'office', region: '513301000000' },
    ])
  })

  test('nothing to change answers undefined: the same path, another record, or the other kind', () => {
    const household: RoleGrant[] = [{ role: 'household', householdId: 'H1', regionPath: OLD }]
    expect(followMoves(household, 'households', new Map([['H1', [...OLD]]]))).toBeUndefined()
    expect(followMoves(household, 'households', new Map([['H9', NEW]]))).toBeUndefined()
    // an official's id that happens to equal a household's names a different record
    expect(followMoves(household, 'officials', new Map([['H1', NEW]]))).toBeUndefined()
  })

  test('an official grant stored before grants carried a path gains one', () => {
    const roles: RoleGrant[] = [{ role: 'official', officialId: 'O1' }]
    expect(followMoves(roles, 'officials', new Map([['O1', NEW]]))).toEqual([
      { role: 'official', officialId: 'O1', regionPath: NEW },
    ])
  })

  test('the new path is a copy: changing the grant later does not reach the map it came from', () => {
    const moved = new Map([['O1', [...NEW]]])
    const roles = followMoves([{ role: 'official', officialId: 'O1', regionPath: OLD }], 'officials', moved)!
    ;(roles[0] as { regionPath: string[] }).regionPath.push('x')
    expect(moved.get('O1')).toEqual(NEW)
  })
})
