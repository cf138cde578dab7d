/** The wishes' rules on their own: where an office may link a donor's account, what a donor keeps, a resent hand back. */
import type { Wish, WishActor } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import { allows, donorLinks, handedBackBy, linkable } from '@functions/wishes/domain/rules'

const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const LAZHUO = '513301100000'
const OTHER_TOWNSHIP = '513301200000'
const OTHER_COUNTY = '513322000000'
const granted = { grantedBy: 'x', grantedByOffices: [] }
const office = (region: string): RoleGrant => ({ role: 'office', region, ...granted })

test('an office links only accounts placed inside its own region; a department grant it also holds does not count', () => {
  expect(linkable([office(KANGDING)], [PREFECTURE, KANGDING, LAZHUO])).toBe(true)
  expect(linkable([office(KANGDING)], [PREFECTURE, KANGDING])).toBe(true)
  // a prefecture bureau is above the county office
  expect(linkable([office(KANGDING)], [PREFECTURE])).toBe(false)
  expect(linkable([office(LAZHUO)], [PREFECTURE, KANGDING, OTHER_TOWNSHIP])).toBe(false)
  expect(linkable([office(KANGDING)], [PREFECTURE, OTHER_COUNTY])).toBe(false)
  expect(
    linkable([office(LAZHUO), { role: 'department', departmentId: 'D1', ...granted }], [PREFECTURE, OTHER_COUNTY]),
  ).toBe(false)
  expect(linkable([{ role: 'admin', ...granted }], [PREFECTURE, OTHER_COUNTY])).toBe(true)
  // a malformed office region covers nothing
  expect(linkable([office('5133')], [PREFECTURE, KANGDING])).toBe(false)
})

test('only an individual official keeps an official, only a unit a department', () => {
  const ids = { officialId: 'O1', departmentId: 'D1' }
  expect(donorLinks({ kind: 'official', ...ids })).toEqual({ officialId: 'O1', departmentId: null })
  expect(donorLinks({ kind: 'unit', ...ids })).toEqual({ officialId: null, departmentId: 'D1' })
  expect(donorLinks({ kind: 'enterprise', ...ids })).toEqual({ officialId: null, departmentId: null })
  expect(donorLinks({ kind: 'individual', ...ids })).toEqual({ officialId: null, departmentId: null })
  expect(donorLinks({ kind: 'official' })).toEqual({ officialId: null, departmentId: null })
})

test('a hand back leaves only a claimed wish and returns it to published', () => {
  expect(allows('handBack', 'claimed')).toBe(true)
  for (const state of ['published', 'fulfilled', 'confirmed', 'withdrawn'] as const)
    expect(allows('handBack', state)).toBe(false)
})

test('a hand back resent is recognised only while the last step is that actor’s hand back', () => {
  const me: WishActor = { id: 'O1', role: 'official' }
  const at = '2026-12-06T02:00:00.000Z'
  const wish = (state: Wish['state'], events: Wish['events']) => ({ state, events })
  const handedBack = { type: 'handBack' as const, at, by: me, claimId: 'c1', reason: '送不到' }
  expect(handedBackBy(wish('published', [handedBack]), me)).toBe(true)
  expect(handedBackBy(wish('published', [handedBack]), { id: 'O1', role: 'department' })).toBe(false)
  expect(handedBackBy(wish('published', [handedBack]), { id: 'O2', role: 'official' })).toBe(false)
  // claimed again since: the old hand back is not this call's answer
  const claimed = { type: 'claim' as const, at, by: { id: 'x', role: 'office' as const } }
  expect(handedBackBy(wish('claimed', [handedBack, claimed]), me)).toBe(false)
  expect(handedBackBy(wish('published', []), me)).toBe(false)
})
