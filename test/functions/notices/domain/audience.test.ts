import { commonAncestor, isLive, kindsOf, normaliseRegions, reaches } from '@functions/notices/domain/audience'

const PREFECTURE = '513300000000'
const KANGDING = '513301000000'
const TOWNSHIP = '513301001000'
const VILLAGE = '513301001002'
const household = { kind: 'household' as const, regionPath: [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE] }
const elsewhere = {
  kind: 'household' as const,
  regionPath: [PREFECTURE, '513322000000', '513322003000', '513322003001'],
}

describe('targeting', () => {
  test('a household sees notices for its village and every region above it', () => {
    for (const code of [PREFECTURE, KANGDING, TOWNSHIP, VILLAGE]) {
      expect(reaches({ regions: [code], roles: 'households' }, household)).toBe(true)
    }
  })

  test('a household outside the audience is not reached', () => {
    expect(reaches({ regions: [TOWNSHIP], roles: 'households' }, elsewhere)).toBe(false)
    expect(reaches({ regions: ['513301001001'], roles: 'both' }, household)).toBe(false)
  })

  test('a notice for officials only does not reach households', () => {
    expect(reaches({ regions: [PREFECTURE], roles: 'officials' }, household)).toBe(false)
    expect(reaches({ regions: [PREFECTURE], roles: 'officials' }, { ...household, kind: 'official' })).toBe(true)
    expect(kindsOf('both')).toEqual(['household', 'official'])
  })

  test('a region inside another chosen region is dropped; the review region is the lowest common one', () => {
    expect(normaliseRegions([VILLAGE, KANGDING, KANGDING])).toEqual([KANGDING])
    expect(normaliseRegions([VILLAGE, '513301001001'])).toEqual([VILLAGE, '513301001001'])
    expect(commonAncestor([VILLAGE, '513301002000'])).toBe(KANGDING)
    expect(commonAncestor([VILLAGE, '513322000000'])).toBe(PREFECTURE)
  })
})

describe('live', () => {
  const notice = { status: 'published', publishAt: '2026-12-01T00:00:00.000Z', expireAt: '2026-12-08T00:00:00.000Z' }

  test('from its publish instant until, not including, its expiry', () => {
    expect(isLive(notice, '2026-11-30T23:59:59.999Z')).toBe(false)
    expect(isLive(notice, '2026-12-01T00:00:00.000Z')).toBe(true)
    expect(isLive(notice, '2026-12-07T23:59:59.999Z')).toBe(true)
    expect(isLive(notice, '2026-12-08T00:00:00.000Z')).toBe(false)
    expect(isLive({ ...notice, status: 'retracted' }, '2026-12-02T00:00:00.000Z')).toBe(false)
  })
})
