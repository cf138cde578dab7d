/**
 * The reach, granting and visibility rules of cloudfunctions/_shared/access.ts, and the declared scope as
 * serve checks it against the target it read beside the caller. Region codes themselves are
 * test/shared/region.test.ts's; inviting and unbinding are identity's (test/functions/identity/domain).
 */
import type { Department, Household, Official } from '@config/documents'
import type { Scope } from '@shared/contract'
import type { RoleGrant } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import type { ScopeTarget } from '@fn/access'
import {
  admittedGrants,
  checkScope,
  grantKey,
  householdRelation,
  householdVisibility,
  mayGrant,
  officeRegions,
  reachRegions,
  reachesDepartment,
  reachesOfficial,
  reachesRegion,
  sameGrant,
} from '@fn/access'

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

describe('grants', () => {
  test('a grant is known by its key; a county written with 6 digits is the same grant as its 12-digit form', () => {
    expect(grantKey({ role: 'household', householdId: 'H1', head: true, regionPath: [PREFECTURE] })).toBe(
      'household:H1',
    )
    expect(grantKey({ role: 'reviewer', region: '513301' })).toBe(`reviewer:${KANGDING}`)
    expect(sameGrant(office('513301'), office(KANGDING))).toBe(true)
    expect(sameGrant(office(KANGDING), { role: 'reviewer', region: KANGDING })).toBe(false)
    expect(officeRegions([office('513301'), { role: 'reviewer', region: LUDING }])).toEqual([KANGDING])
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

describe('personal data', () => {
  test('full numbers and sensitive categories for the household, paired officials and local offices only', () => {
    expect(householdVisibility('member')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('paired')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('localOffice')).toEqual({ fullNumbers: true, sensitive: true })
    expect(householdVisibility('upperOffice')).toEqual({ fullNumbers: false, sensitive: false })
    expect(householdVisibility('admin')).toEqual({ fullNumbers: false, sensitive: false })
  })
})

describe('the declared scope, against the target read beside the caller', () => {
  const storedHousehold = { ...household, officialIds: ['O1'] } as unknown as Household
  const storedOfficial = official as unknown as Official
  const storedDepartment = countyDepartment as unknown as Department
  const read = (doc: Household | Official | Department | undefined): ScopeTarget => Promise.resolve(doc)
  const refusal = async (scope: Scope, grants: RoleGrant[], input: unknown, target?: ScopeTarget) => {
    try {
      await checkScope(scope, grants, input, target)
    } catch (error) {
      if (error instanceof AppError) return error.code
      throw error
    }
    return undefined
  }

  test('a household in reach arrives with the relation that decides what may be shown', async () => {
    const result = await checkScope('household', [office(TOWNSHIP)], { householdId: 'H1' }, read(storedHousehold))
    expect(result.household).toBe(storedHousehold)
    expect(result.relation).toBe('localOffice')
  })

  test('a household out of reach, or none named, is FORBIDDEN', async () => {
    expect(await refusal('household', [office(LUDING)], { householdId: 'H1' }, read(storedHousehold))).toBe('FORBIDDEN')
    expect(await refusal('household', [{ role: 'admin' }], {})).toBe('FORBIDDEN')
  })

  test('an unknown id is FORBIDDEN to everyone but administrators, who learn it is NOT_FOUND', async () => {
    expect(await refusal('household', [office(PREFECTURE)], { householdId: 'nope' }, read(undefined))).toBe('FORBIDDEN')
    expect(await refusal('region', [office(PREFECTURE)], { officialId: 'nope' }, read(undefined))).toBe('FORBIDDEN')
    expect(await refusal('household', [{ role: 'admin' }], { householdId: 'nope' }, read(undefined))).toBe('NOT_FOUND')
  })

  test('region scope: a region code, else an official, else a household', async () => {
    expect(await refusal('region', [office(KANGDING)], { region: VILLAGE })).toBeUndefined()
    expect(await refusal('region', [office(KANGDING)], { region: LUDING })).toBe('FORBIDDEN')
    expect(await refusal('region', [office(KANGDING)], { region: '513301' })).toBe('FORBIDDEN')
    const byOfficial = await checkScope('region', [office(KANGDING)], { officialId: 'O1' }, read(storedOfficial))
    expect(byOfficial.official).toBe(storedOfficial)
    expect(await refusal('region', [office(LUDING)], { officialId: 'O1' }, read(storedOfficial))).toBe('FORBIDDEN')
    const byHousehold = await checkScope('region', [office(KANGDING)], { householdId: 'H1' }, read(storedHousehold))
    expect(byHousehold.relation).toBe('upperOffice')
  })

  test('department scope: its staff and the office over it; with no target the handler decides', async () => {
    const staff: RoleGrant[] = [{ role: 'department', departmentId: 'D1' }]
    const ok = await checkScope('department', staff, { departmentId: 'D1' }, read(storedDepartment))
    expect(ok.department).toBe(storedDepartment)
    expect(await refusal('department', [office(TOWNSHIP)], { departmentId: 'D1' }, read(storedDepartment))).toBe(
      'FORBIDDEN',
    )
    expect(await refusal('department', staff, {})).toBeUndefined()
  })

  test('global scope is for administrators; self and none check nothing here', async () => {
    expect(await refusal('global', [office(PREFECTURE)], {})).toBe('FORBIDDEN')
    expect(await refusal('global', [{ role: 'admin' }], {})).toBeUndefined()
    expect(await refusal('self', [], {})).toBeUndefined()
    expect(await refusal('none', [], { householdId: 'H1' })).toBeUndefined()
  })

  test('lists narrow to the caller’s office and reviewer regions; administrators see everything', () => {
    expect(
      reachRegions([
        office('513301'),
        { role: 'reviewer', region: LUDING },
        { role: 'department', departmentId: 'D1' },
      ]),
    ).toEqual([KANGDING, LUDING])
    expect(reachRegions([{ role: 'admin' }, office(KANGDING)])).toBeUndefined()
  })
})

describe('scope fails closed: an office or reviewer grant whose region is empty or malformed covers nothing', () => {
  const broken = ['', '5133', '51330100000', 'abcdefabcdef', '51330100000x', '999999999999']
  test.each(broken)('region %j', (region) => {
    const grants: RoleGrant[] = [office(region), { role: 'reviewer', region }]
    expect(householdRelation(grants, household)).toBeUndefined()
    expect(reachesOfficial(grants, official)).toBe(false)
    expect(reachesDepartment(grants, countyDepartment)).toBe(false)
    for (const code of [PREFECTURE, KANGDING, VILLAGE, LUDING]) expect(reachesRegion(grants, code)).toBe(false)
    expect(mayGrant(grants, { role: 'reviewer', region: VILLAGE })).toBe(false)
    expect(mayGrant(grants, { role: 'department', departmentId: 'D1' }, { department: countyDepartment })).toBe(false)
    // a region-scoped list narrows to the grant's region, never to "everything" (undefined is administrators')
    expect(reachRegions(grants)).toBeDefined()
    expect(reachRegions(grants)!.some((r) => [PREFECTURE, KANGDING, VILLAGE].includes(r))).toBe(false)
  })

  test('the scope check refuses a household, an official and a department to such a grant', async () => {
    const grants = [office('')]
    await expect(
      checkScope('household', grants, { householdId: 'H1' }, Promise.resolve(household as Household)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(
      checkScope('region', grants, { officialId: 'O1' }, Promise.resolve(official as Official)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(checkScope('region', grants, { region: KANGDING }, undefined)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
