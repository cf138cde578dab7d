import type { RoleGrant } from '../../../src/shared/contracts/identity'
import {
  admittedGrants,
  householdRelation,
  householdVisibility,
  mayGrant,
  mayInviteHousehold,
  mayInviteOfficial,
  mayUnbind,
  reachesDepartment,
  reachesOfficial,
  reachesRegion,
  regionCovers,
  regionLevel,
} from '../../../cloudfunctions/_shared/access'

// 康定市 (513301) → a township → a village; and 泸定县 (513322) beside it
const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const OTHER_VILLAGE = '513301001003'
const LUDING = '513322000000'

const household = { _id: 'H1', regionPath: [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE], officialIds: ['O1'] }
const official = { _id: 'O1', regionPath: [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE], departmentId: 'D1' }
const countyDepartment = { _id: 'D1', regionPath: [PREFECTURE, KANGDING] }

const office = (region: string): RoleGrant => ({ role: 'office', region })

describe('regions', () => {
  test('levels come from the code', () => {
    expect(regionLevel(PREFECTURE)).toBe('prefecture')
    expect(regionLevel(KANGDING)).toBe('county')
    expect(regionLevel('513301')).toBe('county')
    expect(regionLevel(TOWNSHIP)).toBe('township')
    expect(regionLevel(VILLAGE)).toBe('village')
  })

  test('a county covers its townships and villages, not its neighbour or its prefecture', () => {
    expect(regionCovers(KANGDING, VILLAGE)).toBe(true)
    expect(regionCovers('513301', TOWNSHIP)).toBe(true)
    expect(regionCovers(KANGDING, KANGDING)).toBe(true)
    expect(regionCovers(KANGDING, LUDING)).toBe(false)
    expect(regionCovers(KANGDING, PREFECTURE)).toBe(false)
    expect(regionCovers(VILLAGE, OTHER_VILLAGE)).toBe(false)
    expect(regionCovers(PREFECTURE, '513322001001')).toBe(true)
  })
})

describe('reaching a household', () => {
  test('member, paired official, offices over its path, administrator', () => {
    expect(householdRelation([{ role: 'household', householdId: 'H1' }], household)).toBe('member')
    expect(householdRelation([{ role: 'official', officialId: 'O1' }], household)).toBe('paired')
    expect(householdRelation([office(VILLAGE)], household)).toBe('localOffice')
    expect(householdRelation([office(TOWNSHIP)], household)).toBe('localOffice')
    expect(householdRelation([office(KANGDING)], household)).toBe('upperOffice')
    expect(householdRelation([office(PREFECTURE)], household)).toBe('upperOffice')
    expect(householdRelation([{ role: 'admin' }], household)).toBe('admin')
  })

  test('another household, an unpaired official, a neighbouring office, reviewers and departments do not', () => {
    expect(householdRelation([{ role: 'household', householdId: 'H2' }], household)).toBeUndefined()
    expect(householdRelation([{ role: 'official', officialId: 'O2' }], household)).toBeUndefined()
    expect(householdRelation([office(OTHER_VILLAGE)], household)).toBeUndefined()
    expect(householdRelation([office(LUDING)], household)).toBeUndefined()
    expect(householdRelation([{ role: 'reviewer', region: KANGDING }], household)).toBeUndefined()
    expect(householdRelation([{ role: 'department', departmentId: 'D1' }], household)).toBeUndefined()
  })

  test('only grants the action admits count', () => {
    const grants: RoleGrant[] = [{ role: 'reviewer', region: KANGDING }, office(LUDING)]
    expect(admittedGrants(grants, { roles: ['office'] })).toEqual([office(LUDING)])
    expect(admittedGrants(grants, { roles: ['anyone'] })).toEqual(grants)
  })
})

describe('reaching officials, regions and departments', () => {
  test('an official is reached by themself, the office over their home, their department, an administrator', () => {
    expect(reachesOfficial([{ role: 'official', officialId: 'O1' }], official)).toBe(true)
    expect(reachesOfficial([office(TOWNSHIP)], official)).toBe(true)
    expect(reachesOfficial([{ role: 'department', departmentId: 'D1' }], official)).toBe(true)
    expect(reachesOfficial([{ role: 'admin' }], official)).toBe(true)
    expect(reachesOfficial([office(LUDING)], official)).toBe(false)
    expect(reachesOfficial([{ role: 'department', departmentId: 'D2' }], official)).toBe(false)
    expect(reachesOfficial([{ role: 'official', officialId: 'O2' }], official)).toBe(false)
  })

  test('regions: office and reviewer subtrees', () => {
    expect(reachesRegion([{ role: 'reviewer', region: KANGDING }], VILLAGE)).toBe(true)
    expect(reachesRegion([office(TOWNSHIP)], KANGDING)).toBe(false)
    expect(reachesRegion([{ role: 'department', departmentId: 'D1' }], VILLAGE)).toBe(false)
  })

  test('departments: their staff and the office over them', () => {
    expect(reachesDepartment([{ role: 'department', departmentId: 'D1' }], countyDepartment)).toBe(true)
    expect(reachesDepartment([office(KANGDING)], countyDepartment)).toBe(true)
    expect(reachesDepartment([office(TOWNSHIP)], countyDepartment)).toBe(false)
    expect(reachesDepartment([office(LUDING)], countyDepartment)).toBe(false)
  })
})

describe('granting roles', () => {
  test('an administrator grants anything', () => {
    expect(mayGrant([{ role: 'admin' }], { role: 'admin' })).toBe(true)
    expect(mayGrant([{ role: 'admin' }], office(LUDING))).toBe(true)
  })

  test('office staff grant office and reviewer roles at or below their level, within their subtree', () => {
    const county: RoleGrant[] = [office(KANGDING)]
    expect(mayGrant(county, office(KANGDING))).toBe(true)
    expect(mayGrant(county, office(VILLAGE))).toBe(true)
    expect(mayGrant(county, { role: 'reviewer', region: TOWNSHIP })).toBe(true)
    expect(mayGrant(county, office(PREFECTURE))).toBe(false)
    expect(mayGrant(county, office(LUDING))).toBe(false)
    expect(mayGrant([office(TOWNSHIP)], office(KANGDING))).toBe(false)
    expect(mayGrant(county, { role: 'admin' })).toBe(false)
  })

  test('office staff grant department roles only for departments in their subtree', () => {
    expect(
      mayGrant([office(KANGDING)], { role: 'department', departmentId: 'D1' }, { department: countyDepartment }),
    ).toBe(true)
    expect(
      mayGrant([office(LUDING)], { role: 'department', departmentId: 'D1' }, { department: countyDepartment }),
    ).toBe(false)
  })

  test('department staff grant their own department only, never office roles', () => {
    const staff: RoleGrant[] = [{ role: 'department', departmentId: 'D1' }]
    expect(mayGrant(staff, { role: 'department', departmentId: 'D1' })).toBe(true)
    expect(mayGrant(staff, { role: 'department', departmentId: 'D2' })).toBe(false)
    expect(mayGrant(staff, office(VILLAGE))).toBe(false)
    expect(mayGrant(staff, { role: 'reviewer', region: VILLAGE })).toBe(false)
  })

  test('reviewers, officials and households grant nothing; household and official roles come from codes', () => {
    expect(mayGrant([{ role: 'reviewer', region: KANGDING }], { role: 'reviewer', region: VILLAGE })).toBe(false)
    expect(mayGrant([{ role: 'official', officialId: 'O1' }], office(VILLAGE))).toBe(false)
    expect(mayGrant([office(PREFECTURE)], { role: 'official', officialId: 'O1' })).toBe(false)
    expect(mayGrant([office(PREFECTURE)], { role: 'household', householdId: 'H1' })).toBe(false)
  })
})

describe('inviting and unbinding', () => {
  test('official codes: office over the official, their department, administrators', () => {
    expect(mayInviteOfficial([office(KANGDING)], official)).toBe(true)
    expect(mayInviteOfficial([{ role: 'department', departmentId: 'D1' }], official)).toBe(true)
    expect(mayInviteOfficial([office(LUDING)], official)).toBe(false)
    expect(mayInviteOfficial([{ role: 'official', officialId: 'O1' }], official)).toBe(false)
  })

  test('household codes: paired official and office for anyone, the head for family members only', () => {
    expect(mayInviteHousehold([{ role: 'official', officialId: 'O1' }], household)).toBe('any')
    expect(mayInviteHousehold([office(VILLAGE)], household)).toBe('any')
    expect(mayInviteHousehold([{ role: 'household', householdId: 'H1', head: true }], household)).toBe('member')
    expect(mayInviteHousehold([{ role: 'household', householdId: 'H1' }], household)).toBeUndefined()
    expect(mayInviteHousehold([{ role: 'official', officialId: 'O2' }], household)).toBeUndefined()
  })

  test('the head unbinds family members but not another head; the office unbinds in its subtree', () => {
    const member: RoleGrant = { role: 'household', householdId: 'H1' }
    const head: RoleGrant[] = [{ role: 'household', householdId: 'H1', head: true }]
    expect(mayUnbind(head, member, { household })).toBe(true)
    expect(mayUnbind(head, { ...member, head: true }, { household })).toBe(false)
    expect(mayUnbind([member], member, { household })).toBe(false)
    expect(mayUnbind([office(TOWNSHIP)], member, { household })).toBe(true)
    expect(mayUnbind([office(LUDING)], member, { household })).toBe(false)
    expect(mayUnbind([office(KANGDING)], { role: 'official', officialId: 'O1' }, { official })).toBe(true)
  })
})

describe('personal data', () => {
  test('full numbers and sensitive categories for the household, paired officials and local offices only', () => {
    expect(householdVisibility('member')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('paired')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('localOffice')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('upperOffice')).toEqual({ fullNumbers: false, sensitive: false })
    expect(householdVisibility('admin')).toEqual({ fullNumbers: false, sensitive: false })
  })
})
