/**
 * The officials' employers. Every county has the same line bureaus as the prefecture; `weight` is the
 * bureau's rough share of public servants (schools and clinics employ most of them).
 */
import type { Bilingual } from '@shared/bilingual'

export interface DepartmentKind {
  key: string
  name: Bilingual
  weight: number
  /** what most of its staff are called; others are clerks and section chiefs */
  staff: Bilingual
}

const CLERK: Bilingual = { 'zh-Hans': '科员', bo: 'ལས་བྱེད་པ' }

// prettier-ignore
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = [
  { key: 'edu', weight: 30, name: { 'zh-Hans': '教育和体育局', bo: 'སློབ་གསོ་དང་ལུས་རྩལ་ཅུས' }, staff: { 'zh-Hans': '教师', bo: 'དགེ་རྒན' } },
  { key: 'health', weight: 14, name: { 'zh-Hans': '卫生健康局', bo: 'འཕྲོད་བསྟེན་ཅུས' }, staff: { 'zh-Hans': '医生', bo: 'སྨན་པ' } },
  { key: 'police', weight: 8, name: { 'zh-Hans': '公安局', bo: 'སྤྱི་བདེ་ཅུས' }, staff: { 'zh-Hans': '民警', bo: 'ཉེན་རྟོག་པ' } },
  { key: 'agri', weight: 7, name: { 'zh-Hans': '农业农村局', bo: 'ཞིང་ལས་དང་གྲོང་གསེབ་ཅུས' }, staff: CLERK },
  { key: 'forest', weight: 4, name: { 'zh-Hans': '林业和草原局', bo: 'ནགས་ལས་དང་རྩྭ་ཐང་ཅུས' }, staff: CLERK },
  { key: 'rural', weight: 4, name: { 'zh-Hans': '乡村振兴局', bo: 'གྲོང་གསེབ་བསྐྱར་གསོ་ཅུས' }, staff: CLERK },
  { key: 'hr', weight: 4, name: { 'zh-Hans': '人力资源和社会保障局', bo: 'མི་ཤུགས་ཐོན་ཁུངས་དང་སྤྱི་ཚོགས་འགན་སྲུང་ཅུས' }, staff: CLERK },
  { key: 'ethnic', weight: 3, name: { 'zh-Hans': '民族宗教事务局', bo: 'མི་རིགས་ཆོས་ལུགས་ལས་དོན་ཅུས' }, staff: CLERK },
  { key: 'civil', weight: 3, name: { 'zh-Hans': '民政局', bo: 'དམངས་སྲིད་ཅུས' }, staff: CLERK },
  { key: 'finance', weight: 3, name: { 'zh-Hans': '财政局', bo: 'དཔལ་འབྱོར་ཅུས' }, staff: CLERK },
  { key: 'transport', weight: 3, name: { 'zh-Hans': '交通运输局', bo: 'འགྲིམ་འགྲུལ་སྐྱེལ་འདྲེན་ཅུས' }, staff: CLERK },
  { key: 'land', weight: 3, name: { 'zh-Hans': '自然资源局', bo: 'རང་བྱུང་ཐོན་ཁུངས་ཅུས' }, staff: CLERK },
  { key: 'housing', weight: 3, name: { 'zh-Hans': '住房和城乡建设局', bo: 'ཁང་བཟོ་དང་གྲོང་ཁྱེར་གྲོང་གསེབ་འཛུགས་སྐྲུན་ཅུས' }, staff: CLERK },
  { key: 'culture', weight: 3, name: { 'zh-Hans': '文化广播电视和旅游局', bo: 'རིག་གནས་རླུང་འཕྲིན་བརྙན་འཕྲིན་དང་ཡུལ་སྐོར་ཅུས' }, staff: CLERK },
]

// prettier-ignore
export const RANKS: readonly { name: Bilingual; weight: number }[] = [
  { name: { 'zh-Hans': '科长', bo: 'སྡེ་ཚན་འགོ་འཛིན' }, weight: 10 },
  { name: { 'zh-Hans': '副局长', bo: 'ཅུས་འགོ་གཞོན་པ' }, weight: 2 },
  { name: { 'zh-Hans': '局长', bo: 'ཅུས་འགོ' }, weight: 0.5 },
]
