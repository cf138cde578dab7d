import {
  covers,
  isRegionCode,
  levelOf,
  normaliseRegion,
  parentOf,
  pathCovered,
  pathOf,
  regionPrefix,
} from '@shared/region'

// 甘孜州 → 康定市 → a township → a village; 泸定县 beside 康定市
const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const OTHER_VILLAGE = '513301001003'
const LUDING = '513322000000'
const LUDING_VILLAGE = '513322001001'

/** Codes that name no region: each must have no level and no path, cover nothing and be covered by nothing. */
const MALFORMED = [
  '',
  '513301', // a 6-digit county prefix alone
  '5133', // a prefecture prefix alone
  '000000000000',
  '510000000000', // a province: above the programme's regions
  '513301000001', // a village under no township
  '51330100100', // 11 digits
  '5133010010021', // 13 digits
  '51330100100x',
  ' 513301001002',
]

describe('levels', () => {
  test('read from the code’s zero suffixes', () => {
    expect(levelOf(PREFECTURE)).toBe('prefecture')
    expect(levelOf(KANGDING)).toBe('county')
    expect(levelOf(TOWNSHIP)).toBe('township')
    expect(levelOf(VILLAGE)).toBe('village')
  })

  test.each(MALFORMED)('%j has no level and is not a region code', (code) => {
    expect(levelOf(code)).toBeUndefined()
    expect(isRegionCode(code)).toBe(false)
    expect(regionPrefix(code)).toBeUndefined()
  })

  test('anything but a string has no level', () => {
    expect(levelOf(513301000000)).toBeUndefined()
    expect(levelOf(undefined)).toBeUndefined()
  })
})

describe('paths', () => {
  test('from the prefecture down to the code itself', () => {
    expect(pathOf(VILLAGE)).toEqual([PREFECTURE, KANGDING, TOWNSHIP, VILLAGE])
    expect(pathOf(TOWNSHIP)).toEqual([PREFECTURE, KANGDING, TOWNSHIP])
    expect(pathOf(KANGDING)).toEqual([PREFECTURE, KANGDING])
    expect(pathOf(PREFECTURE)).toEqual([PREFECTURE])
  })

  test('the parent is one level up; the prefecture has none', () => {
    expect(parentOf(VILLAGE)).toBe(TOWNSHIP)
    expect(parentOf(KANGDING)).toBe(PREFECTURE)
    expect(parentOf(PREFECTURE)).toBeUndefined()
  })

  test('the prefix descendants share', () => {
    expect([PREFECTURE, KANGDING, TOWNSHIP, VILLAGE].map(regionPrefix)).toEqual([
      '5133',
      '513301',
      '513301001',
      VILLAGE,
    ])
  })

  test.each(MALFORMED)('%j has no path and no parent', (code) => {
    expect(pathOf(code)).toEqual([])
    expect(parentOf(code)).toBeUndefined()
  })

  test('a 6-digit county code, as rosters write it, becomes its 12-digit form; nothing else changes', () => {
    expect(normaliseRegion('513301')).toBe(KANGDING)
    expect(normaliseRegion(VILLAGE)).toBe(VILLAGE)
    expect(normaliseRegion('5133')).toBe('5133')
  })
})

describe('covering', () => {
  test('a region covers itself and everything below it, not its neighbours or what is above it', () => {
    expect(covers(KANGDING, VILLAGE)).toBe(true)
    expect(covers(KANGDING, TOWNSHIP)).toBe(true)
    expect(covers(KANGDING, KANGDING)).toBe(true)
    expect(covers(PREFECTURE, LUDING_VILLAGE)).toBe(true)
    expect(covers(KANGDING, LUDING)).toBe(false)
    expect(covers(KANGDING, PREFECTURE)).toBe(false)
    expect(covers(VILLAGE, OTHER_VILLAGE)).toBe(false)
    expect(covers(TOWNSHIP, LUDING_VILLAGE)).toBe(false)
  })

  test.each(MALFORMED)('%j covers nothing and is covered by nothing', (code) => {
    for (const region of [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE]) {
      expect(covers(code, region)).toBe(false)
      expect(covers(region, code)).toBe(false)
    }
    expect(covers(code, code)).toBe(false)
    expect(pathCovered(code, [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE])).toBe(false)
    expect(pathCovered(PREFECTURE, [code])).toBe(false)
  })

  test('a document lies in a region when its path reaches into the region', () => {
    const path = [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE]
    expect(pathCovered(TOWNSHIP, path)).toBe(true)
    expect(pathCovered(PREFECTURE, [PREFECTURE, KANGDING])).toBe(true)
    expect(pathCovered(TOWNSHIP, [PREFECTURE, KANGDING])).toBe(false)
    expect(pathCovered(LUDING, path)).toBe(false)
    expect(pathCovered(KANGDING, undefined)).toBe(false)
    expect(pathCovered(KANGDING, [])).toBe(false)
  })
})
