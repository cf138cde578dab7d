/**
 * The real prefecture and its 18 county-level units (GB/T 2260 codes), with Chinese and Tibetan names.
 *
 * Township and village counts per county are the dataset's choice: they sum to the programme's 289
 * townships and 2,242 villages/communities (one 石榴籽 studio each), larger where the population is larger.
 * `householdWeight` is roughly each county's share of residents and sets how the 264,974 households
 * (and, in proportion, the 65,457 officials) are spread.
 *
 * Tibetan labels carry no closing shad (།): they are used inside sentences and lists.
 */

import type { Region } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import type { RegionLevel } from '@shared/region'

export type { Bilingual, Region, RegionLevel }

export interface County {
  /** 6-digit GB/T 2260 code */
  code6: string
  name: Bilingual
  townships: number
  villages: number
  householdWeight: number
}

export const PREFECTURE_CODE6 = '513300'
export const PREFECTURE_CODE = '513300000000'
export const PREFECTURE_NAME: Bilingual = {
  'zh-Hans': '甘孜藏族自治州',
  bo: 'དཀར་མཛེས་བོད་རིགས་རང་སྐྱོང་ཁུལ',
}

// prettier-ignore
export const COUNTIES: readonly County[] = [
  { code6: '513301', name: { 'zh-Hans': '康定市', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར' }, townships: 21, villages: 205, householdWeight: 120 },
  { code6: '513322', name: { 'zh-Hans': '泸定县', bo: 'ལྕགས་ཟམ་རྫོང' }, townships: 11, villages: 128, householdWeight: 80 },
  { code6: '513323', name: { 'zh-Hans': '丹巴县', bo: 'རོང་བྲག་རྫོང' }, townships: 12, villages: 150, householdWeight: 58 },
  { code6: '513324', name: { 'zh-Hans': '九龙县', bo: 'བརྒྱད་ཟུར་རྫོང' }, townships: 14, villages: 92, householdWeight: 62 },
  { code6: '513325', name: { 'zh-Hans': '雅江县', bo: 'ཉག་ཆུ་ཁ་རྫོང' }, townships: 15, villages: 100, householdWeight: 55 },
  { code6: '513326', name: { 'zh-Hans': '道孚县', bo: 'རྟའུ་རྫོང' }, townships: 20, villages: 140, householdWeight: 62 },
  { code6: '513327', name: { 'zh-Hans': '炉霍县', bo: 'བྲག་འགོ་རྫོང' }, townships: 14, villages: 110, householdWeight: 48 },
  { code6: '513328', name: { 'zh-Hans': '甘孜县', bo: 'དཀར་མཛེས་རྫོང' }, townships: 19, villages: 178, householdWeight: 72 },
  { code6: '513329', name: { 'zh-Hans': '新龙县', bo: 'ཉག་རོང་རྫོང' }, townships: 17, villages: 102, householdWeight: 52 },
  { code6: '513330', name: { 'zh-Hans': '德格县', bo: 'སྡེ་དགེ་རྫོང' }, townships: 24, villages: 160, householdWeight: 88 },
  { code6: '513331', name: { 'zh-Hans': '白玉县', bo: 'དཔལ་ཡུལ་རྫོང' }, townships: 15, villages: 120, householdWeight: 58 },
  { code6: '513332', name: { 'zh-Hans': '石渠县', bo: 'སེར་ཤུལ་རྫོང' }, townships: 19, villages: 140, householdWeight: 100 },
  { code6: '513333', name: { 'zh-Hans': '色达县', bo: 'གསེར་ཐར་རྫོང' }, townships: 15, villages: 100, householdWeight: 62 },
  { code6: '513334', name: { 'zh-Hans': '理塘县', bo: 'ལི་ཐང་རྫོང' }, townships: 22, villages: 188, householdWeight: 72 },
  { code6: '513335', name: { 'zh-Hans': '巴塘县', bo: 'འབའ་ཐང་རྫོང' }, townships: 16, villages: 102, householdWeight: 52 },
  { code6: '513336', name: { 'zh-Hans': '乡城县', bo: 'ཕྱག་ཕྲེང་རྫོང' }, townships: 11, villages: 70, householdWeight: 33 },
  { code6: '513337', name: { 'zh-Hans': '稻城县', bo: 'འདབ་པ་རྫོང' }, townships: 13, villages: 90, householdWeight: 33 },
  { code6: '513338', name: { 'zh-Hans': '得荣县', bo: 'སྡེ་རོང་རྫོང' }, townships: 11, villages: 67, householdWeight: 26 },
]

/** The programme's published figures: the full-scale dataset matches them exactly. */
export const PROGRAMME = {
  households: 264_974,
  officials: 65_457,
  townships: 289,
  villages: 2_242,
  centres: 300,
  studios: 2_242,
  teams: 2_737,
  cultivators: 6_087,
} as const

export function countyCode(code6: string): string {
  return `${code6}000000`
}

export function findCounty(code: string): County | undefined {
  const code6 = code.slice(0, 6)
  return COUNTIES.find((c) => c.code6 === code6)
}

export function prefectureRegion(): Region {
  return {
    _id: PREFECTURE_CODE,
    code: PREFECTURE_CODE,
    level: 'prefecture',
    parent: null,
    path: [PREFECTURE_CODE],
    name: { ...PREFECTURE_NAME },
  }
}

export function countyRegion(county: County): Region {
  const code = countyCode(county.code6)
  return {
    _id: code,
    code,
    level: 'county',
    parent: PREFECTURE_CODE,
    path: [PREFECTURE_CODE, code],
    name: { ...county.name },
  }
}
