import { isUnit, levelAbove, officeAt, rank, sameUnit, unitAbove, unitKey } from '@functions/requests/domain/units'
import {
  civilAffairs,
  COUNTY,
  countyOffice,
  housing,
  PREFECTURE,
  prefectureOffice,
  TOWNSHIP,
  townshipOffice,
  VILLAGE,
} from './fixtures'

describe('units and levels', () => {
  it('order the levels and stop at the prefecture', () => {
    expect(['township', 'county', 'prefecture'].map((l) => rank(l as 'township'))).toEqual([0, 1, 2])
    expect(levelAbove('township')).toBe('county')
    expect(levelAbove('township', 2)).toBe('prefecture')
    expect(levelAbove('county', 5)).toBe('prefecture')
  })

  it('find the work office of a level for any place below it', () => {
    expect(officeAt('township', VILLAGE)).toEqual(townshipOffice)
    expect(officeAt('county', VILLAGE)).toEqual(countyOffice)
    expect(officeAt('prefecture', TOWNSHIP)).toEqual(prefectureOffice)
    expect(officeAt('township', COUNTY)).toBeUndefined()
    expect(officeAt('county', 'nonsense')).toBeUndefined()
  })

  it('put the work office one level up above every unit, and nobody above the prefecture', () => {
    expect(unitAbove(civilAffairs)).toEqual(countyOffice)
    expect(unitAbove(townshipOffice)).toEqual(countyOffice)
    expect(unitAbove(housing)).toEqual(prefectureOffice)
    expect(unitAbove(prefectureOffice)).toBeUndefined()
  })

  it('tell units apart by kind, id and region', () => {
    expect(unitKey(civilAffairs)).toBe(`department:dep-civil:${TOWNSHIP}`)
    expect(sameUnit(civilAffairs, { ...civilAffairs })).toBe(true)
    expect(sameUnit(civilAffairs, { ...civilAffairs, region: '513322102000' })).toBe(false)
    expect(sameUnit(civilAffairs, null)).toBe(false)
    expect(isUnit(civilAffairs)).toBe(true)
    expect(isUnit({ ...civilAffairs, region: PREFECTURE })).toBe(false)
    expect(isUnit({ ...townshipOffice, id: 'dep-civil' })).toBe(false)
  })
})
