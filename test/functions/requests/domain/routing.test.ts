import { candidates, dispatcherFor, menuOverlaps, OTHER_CATEGORY, route } from '@functions/requests/domain/routing'
import { COUNTY, PREFECTURE, service, TOWNSHIP, townshipOffice, VILLAGE, village } from './fixtures'

const OTHER_TOWNSHIP = '513322102000'
const elsewhere = [PREFECTURE, COUNTY, OTHER_TOWNSHIP, '513322102203']

describe('routing', () => {
  it("sends a category on the menu to the department's station in the household's township", () => {
    expect(route([service()], 'subsistence', village)).toEqual({
      unit: { kind: 'department', id: 'dep-civil', level: 'township', region: TOWNSHIP },
      deadlineDays: 5,
      serviceId: 'svc-1',
    })
  })

  it('sends a county-level service to the department in the county seat', () => {
    const housing = service({
      _id: 'svc-h',
      departmentId: 'dep-housing',
      category: 'housing',
      level: 'county',
      deadlineDays: 15,
    })
    expect(route([housing], 'housing', village)).toEqual({
      unit: { kind: 'department', id: 'dep-housing', level: 'county', region: COUNTY },
      deadlineDays: 15,
      serviceId: 'svc-h',
    })
  })

  it('prefers the service covering the household most closely, then the shorter deadline, then the id', () => {
    const county = service({ _id: 'county-wide', regions: [COUNTY] })
    const township = service({ _id: 'township', departmentId: 'dep-other', regions: [TOWNSHIP], deadlineDays: 10 })
    expect(route([county, township], 'subsistence', village)?.serviceId).toBe('township')
    expect(route([county, township], 'subsistence', elsewhere)?.serviceId).toBe('county-wide')
    const quick = service({ _id: 'b-quick', deadlineDays: 3 })
    const slowFirst = service({ _id: 'a-slow', deadlineDays: 7 })
    expect(candidates([slowFirst, quick, county], 'subsistence', village).map((s) => s._id)).toEqual([
      'b-quick',
      'county-wide',
      'a-slow',
    ])
    const byVillage = service({ _id: 'village', regions: [VILLAGE] })
    expect(candidates([county, byVillage, township], 'subsistence', village)[0]?._id).toBe('village')
  })

  it('leaves inactive services, other categories and places a service does not cover to the township office (兜底)', () => {
    const fallback = { unit: townshipOffice, deadlineDays: 5, serviceId: null }
    expect(route([service({ active: false })], 'subsistence', village)).toEqual({
      ...fallback,
      fallback: 'requests.fallback.noService',
    })
    expect(route([service()], 'schooling', village)).toEqual({ ...fallback, fallback: 'requests.fallback.noService' })
    expect(route([service({ regions: [OTHER_TOWNSHIP] })], 'subsistence', village)).toEqual({
      ...fallback,
      fallback: 'requests.fallback.noService',
    })
    expect(route([service({ category: OTHER_CATEGORY })], OTHER_CATEGORY, village)).toEqual({
      ...fallback,
      fallback: 'requests.fallback.other',
    })
  })

  it('falls back when a township-level service cannot reach a household registered at county level', () => {
    expect(route([service()], 'subsistence', [PREFECTURE, COUNTY])).toEqual({
      unit: { kind: 'office', id: 'office', level: 'county', region: COUNTY },
      deadlineDays: 5,
      serviceId: null,
      fallback: 'requests.fallback.notReached',
    })
  })

  it('names the township work office as dispatcher, and nobody for a malformed path', () => {
    expect(dispatcherFor(village)).toEqual(townshipOffice)
    expect(dispatcherFor([PREFECTURE])).toEqual({
      kind: 'office',
      id: 'office',
      level: 'prefecture',
      region: PREFECTURE,
    })
    expect(dispatcherFor([])).toBeUndefined()
    expect(dispatcherFor(['5133'])).toBeUndefined()
    expect(route([service()], 'subsistence', ['not a code'])).toBeUndefined()
  })

  it('lists services the menu cannot tell apart', () => {
    const menu = [
      service({ _id: 'a' }),
      service({ _id: 'b', departmentId: 'dep-other' }),
      service({ _id: 'c', category: 'housing' }),
      service({ _id: 'd', active: false }),
      service({ _id: 'e', regions: [TOWNSHIP] }),
    ]
    expect(menuOverlaps(menu)).toEqual([['a', 'b']])
  })
})
