/**
 * Name pools for the synthetic dataset. Tibetan personal names are two common name elements; the Chinese
 * forms follow the transcriptions used in Ganzi (Kham), e.g. བསོད་ནམས 四郎, ཚེ་རིང 泽仁, སྒྲོལ་མ 卓玛/志玛.
 * Han names are surname + one or two given characters and have no Tibetan form.
 */
import type { Bilingual } from '@shared/bilingual'

type Pair = readonly [bo: string, zh: string]

/** Elements that start a name for either sex. */
// prettier-ignore
export const TIBETAN_FIRST: readonly Pair[] = [
  ['བཀྲ་ཤིས', '扎西'], ['ཚེ་རིང', '泽仁'], ['བསོད་ནམས', '四郎'], ['ཚེ་དབང', '泽旺'], ['སྐལ་བཟང', '格桑'],
  ['བློ་བཟང', '洛绒'], ['འཇམ་དབྱངས', '降央'], ['པདྨ', '白玛'], ['ཉི་མ', '尼玛'], ['ཟླ་བ', '达瓦'],
  ['ཡེ་ཤེས', '益西'], ['རིན་ཆེན', '仁青'], ['བྱང་ཆུབ', '降初'], ['ཆོས་ཉིད', '曲尼'], ['ཀུན་བཟང', '贡桑'],
]

/** Elements that end a man's name. */
// prettier-ignore
export const TIBETAN_MALE_LAST: readonly Pair[] = [
  ['རྡོ་རྗེ', '多吉'], ['བཀྲ་ཤིས', '扎西'], ['ཚེ་རིང', '泽仁'], ['ཕུན་ཚོགས', '彭措'], ['དོན་གྲུབ', '登珠'],
  ['བསྟན་འཛིན', '丹增'], ['ཐུབ་བསྟན', '土登'], ['ངག་དབང', '阿旺'], ['མགོན་པོ', '贡布'], ['དགེ་ལེགས', '格勒'],
  ['ཆོས་གྲགས', '曲扎'], ['རྒྱ་མཚོ', '嘉措'], ['ནོར་བུ', '诺布'], ['ལྷ་དབང', '拉旺'], ['བསོད་ནམས', '四郎'],
]

/** Elements that end a woman's name. */
// prettier-ignore
export const TIBETAN_FEMALE_LAST: readonly Pair[] = [
  ['སྒྲོལ་མ', '卓玛'], ['ལྷ་མོ', '拉姆'], ['དབང་མོ', '翁姆'], ['ཆོས་སྒྲོན', '曲珍'], ['དབྱངས་ཅན', '央金'],
  ['བདེ་སྐྱིད', '德吉'], ['དཔལ་མོ', '巴姆'], ['དབྱངས་འཛོམས', '央宗'], ['ལྷ་འཛོམས', '拉宗'], ['སྒྲོལ་དཀར', '卓嘎'],
  ['མཚོ་མོ', '措姆'], ['ཡང་སྐྱིད', '央吉'],
]

// prettier-ignore
export const HAN_SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗',
  '高', '林', '邓', '冯', '谢', '唐', '蒋', '曾', '彭', '余', '杜', '任',
] as const
export const HAN_GIVEN_MALE = '伟强军勇杰涛明刚斌磊平俊鹏飞华建国志宇浩成林峰'
export const HAN_GIVEN_FEMALE = '芳娟敏静丽艳娜秀英玲梅霞燕红萍琳雪婷慧莉兰颖'

/**
 * Syllables of Kham place names with the characters Chinese maps use for them; township and village
 * names are two of these plus 乡/镇/村/社区 (ཤང / གྲོང་རྡལ / གྲོང་ཚོ / སྡོད་ཁུལ).
 */
// prettier-ignore
export const PLACE_SYLLABLES: readonly Pair[] = [
  ['རོང', '绒'], ['ཐང', '塘'], ['སྡེ', '德'], ['རྒྱ', '甲'], ['མདོ', '多'], ['ཆུ', '曲'], ['ལུང', '隆'],
  ['སྒང', '岗'], ['གླིང', '林'], ['བྲག', '扎'], ['དཀར', '嘎'], ['ནག', '那'], ['ཞོལ', '雪'], ['ཁ', '卡'],
  ['ཕུ', '普'], ['རི', '日'], ['ཉི', '尼'], ['ཡུལ', '玉'], ['དགོན', '贡'], ['སེར', '色'], ['མཚོ', '措'],
  ['ལྷ', '拉'], ['འབར', '巴'], ['ཤར', '夏'], ['ནུབ', '努'], ['བྱང', '绛'], ['ལྷོ', '洛'], ['མེ', '麦'],
  ['སྤང', '邦'], ['ཚ', '擦'], ['གསུམ', '松'], ['ཟམ', '桑'], ['འབྲོག', '卓'], ['ཀ', '呷'], ['གཡང', '样'],
  ['རྩེ', '泽'], ['ཐོག', '托'], ['སྐྱིད', '吉'], ['ཡག', '亚'],
]

export function tibetanName(first: Pair, last: Pair): Bilingual {
  return { 'zh-Hans': first[1] + last[1], bo: `${first[0]}་${last[0]}` }
}
