/**
 * Catalogue entries for the registry's import and pairing messages, Chinese and Tibetan side by side.
 * Keys are what the domain code returns (`RowError.code`, `RosterError.code`); `{name}` marks a parameter.
 * The i18n layer merges these into its catalogues.
 */
import type { Bilingual } from './types'

export const registryMessages = {
  // file-level problems: nothing is imported
  'import.empty': { 'zh-Hans': '文件是空的', bo: 'ཡིག་ཆ་སྟོང་པ་རེད།' },
  'import.noRows': { 'zh-Hans': '文件中只有表头，没有数据行', bo: 'ཡིག་ཆའི་ནང་གཞུང་ཕྲེང་གི་མིང་ལས་གཞི་གྲངས་མི་འདུག' },
  'import.tooLarge': {
    'zh-Hans': '文件超过 {maxMb} MB，请拆分后分批导入',
    bo: 'ཡིག་ཆ་ MB {maxMb} ལས་ཆེ་བས། ཆ་བགོས་ནས་རིམ་བཞིན་ནང་འདྲེན་གནང་རོགས།',
  },
  'import.tooManyRows': {
    'zh-Hans': '文件超过 {maxRows} 行，请拆分后分批导入',
    bo: 'ཡིག་ཆའི་འཕྲེད་ཕྲེང་ {maxRows} ལས་མང་བས། ཆ་བགོས་ནས་རིམ་བཞིན་ནང་འདྲེན་གནང་རོགས།',
  },
  'import.unreadable': {
    'zh-Hans': '无法读取文件，请上传 Excel（.xlsx）或 CSV 文件',
    bo: 'ཡིག་ཆ་ཀློག་མ་ཐུབ། Excel (.xlsx) ཡང་ན་ CSV ཡིག་ཆ་ཡར་འཇུག་གནང་རོགས།',
  },
  'import.badQuotes': {
    'zh-Hans': '第 {row} 行的引号没有成对出现',
    bo: 'འཕྲེད་ཕྲེང་ {row} པའི་ནང་གི་ " རྟགས་ཟུང་མ་ཚང་།',
  },
  'import.missingColumns': {
    'zh-Hans': '缺少必填列：{columns}。请使用导入模板',
    bo: 'དགོས་ངེས་ཀྱི་གཞུང་ཕྲེང་མི་འདུག {columns} ནང་འདྲེན་དཔེ་གཞི་བེད་སྤྱོད་གནང་རོགས།',
  },

  // row-level problems: listed in the dry run, the row is skipped
  'import.missing': { 'zh-Hans': '必填项为空', bo: 'ངེས་པར་དུ་འབྲི་དགོས།' },
  'import.tooLong': { 'zh-Hans': '最多 {max} 个字', bo: 'ཡི་གེ་ {max} ལས་མང་བ་མི་ཆོག' },
  'import.idFormat': {
    'zh-Hans': '身份证号码应为 18 位（最后一位可以是 X）',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་ལ་ཨང་ཀ་ 18 དགོས། (མཐའ་མ་ X ཡིན་ཀྱང་ཆོག)',
  },
  'import.idAsNumber': {
    'zh-Hans': '身份证号码被存成了数字，后几位已经丢失。请把该列设为“文本”后重新填写',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་གྲངས་ཀ་ལྟར་ཉར་བས་མཇུག་གི་ཨང་ཀ་བོར་འདུག གཞུང་ཕྲེང་དེ་ཡི་གེའི་རྣམ་གཞག་ཏུ་བསྒྱུར་ནས་ཡང་བསྐྱར་འབྲི་རོགས།',
  },
  'import.idBirthDate': {
    'zh-Hans': '身份证号码中的出生日期不正确',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་ནང་གི་སྐྱེས་ཚེས་ནོར་འདུག',
  },
  'import.idRegion': {
    'zh-Hans': '身份证号码的前两位不是有效的省级代码',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་ཀྱི་ཨང་ཀ་དང་པོ་གཉིས་ཞིང་ཆེན་གྱི་ཨང་རྟགས་མ་རེད།',
  },
  'import.idChecksum': {
    'zh-Hans': '身份证号码校验位不对，可能有数字填错',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་ཀྱི་ཞིབ་བཤེར་ཨང་མི་མཐུན། ཨང་ཀ་ནོར་ཡོད་ཉེན་འདུག',
  },
  'import.phone': { 'zh-Hans': '手机号码格式不正确', bo: 'ལག་ཁྱེར་ཁ་པར་གྱི་ཨང་གྲངས་ནོར་འདུག' },
  'import.unknownVillage': {
    'zh-Hans': '村（社区）代码 {code} 不存在',
    bo: 'གྲོང་ཚོ་(སྡོད་ཁུལ)་གྱི་ཨང་རྟགས་ {code} མི་འདུག',
  },
  'import.unknownRegion': { 'zh-Hans': '地区代码 {code} 不存在', bo: 'ས་ཁུལ་གྱི་ཨང་རྟགས་ {code} མི་འདུག' },
  'import.unknownDepartment': { 'zh-Hans': '单位代码 {code} 不存在', bo: 'ལས་ཁུངས་ཀྱི་ཨང་རྟགས་ {code} མི་འདུག' },
  'import.duplicateInFile': {
    'zh-Hans': '与第 {firstRow} 行重复',
    bo: 'འཕྲེད་ཕྲེང་ {firstRow} པ་དང་བསྐྱར་ཟློས་བྱུང་འདུག',
  },
  'import.duplicateInDatabase': {
    'zh-Hans': '该身份证号码已登记在编号 {externalId} 下',
    bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས་འདི་ཨང་རྟགས་ {externalId} འོག་ཏུ་སྔར་ནས་ཐོ་འགོད་བྱས་ཟིན།',
  },
  'import.memberCount': {
    'zh-Hans': '家庭人口应为 1 到 30 之间的整数',
    bo: 'ཁྱིམ་མིའི་གྲངས་ནི་ 1 ནས་ 30 བར་གྱི་གྲངས་ཆ་ཚང་ཞིག་ཡིན་དགོས།',
  },
  'import.riskLevel': {
    'zh-Hans': '风险等级应为“无”“关注”或“高”',
    bo: 'ཉེན་ཁའི་རིམ་པ་ནི་ མེད། དོ་སྣང་། མཐོ། གསུམ་ལས་གཅིག་ཡིན་དགོས།',
  },

  // roster columns: the template's header row is Chinese; these label it in both languages
  'roster.household.externalId': { 'zh-Hans': '家庭编号', bo: 'ཁྱིམ་ཚང་ཨང་རྟགས' },
  'roster.household.headName': { 'zh-Hans': '户主姓名', bo: 'ཁྱིམ་བདག་གི་མིང' },
  'roster.household.headNameBo': { 'zh-Hans': '户主藏文姓名', bo: 'ཁྱིམ་བདག་གི་བོད་ཡིག་མིང' },
  'roster.household.idNumber': { 'zh-Hans': '户主身份证号', bo: 'ཁྱིམ་བདག་གི་ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས' },
  'roster.household.phone': { 'zh-Hans': '联系电话', bo: 'འབྲེལ་གཏུག་ཁ་པར' },
  'roster.household.villageCode': { 'zh-Hans': '村(社区)代码', bo: 'གྲོང་ཚོ་(སྡོད་ཁུལ)་གྱི་ཨང་རྟགས' },
  'roster.household.memberCount': { 'zh-Hans': '家庭人口', bo: 'ཁྱིམ་མིའི་གྲངས' },
  'roster.household.riskLevel': { 'zh-Hans': '风险等级', bo: 'ཉེན་ཁའི་རིམ་པ' },
  'roster.official.externalId': { 'zh-Hans': '人员编号', bo: 'ལས་བྱེད་པའི་ཨང་རྟགས' },
  'roster.official.name': { 'zh-Hans': '姓名', bo: 'མིང' },
  'roster.official.nameBo': { 'zh-Hans': '藏文姓名', bo: 'བོད་ཡིག་མིང' },
  'roster.official.idNumber': { 'zh-Hans': '身份证号', bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་གྲངས' },
  'roster.official.phone': { 'zh-Hans': '联系电话', bo: 'འབྲེལ་གཏུག་ཁ་པར' },
  'roster.official.departmentId': { 'zh-Hans': '单位代码', bo: 'ལས་ཁུངས་ཀྱི་ཨང་རྟགས' },
  'roster.official.regionCode': { 'zh-Hans': '居住地代码', bo: 'སྡོད་གནས་ཀྱི་ཨང་རྟགས' },
  'roster.official.position': { 'zh-Hans': '职务', bo: 'ལས་གནས' },
  'roster.template.instructions': { 'zh-Hans': '填写说明', bo: 'འབྲི་སྟངས' },
  'roster.template.required': { 'zh-Hans': '必填', bo: 'ངེས་པར་དུ་འབྲི་དགོས' },

  // pairing plan exceptions
  'pairing.noOfficials': {
    'zh-Hans': '{region} 有 {households} 户没有本地干部，已由上级范围的干部结对',
    bo: '{region} ནང་ཁྱིམ་ཚང་ {households} ལ་ས་གནས་ཀྱི་ལས་བྱེད་པ་མེད་པས། གོང་རིམ་ཁྱབ་ཁོངས་ཀྱི་ལས་བྱེད་པས་ཟུང་སྒྲིག་བྱས།',
  },
  'pairing.idleOfficial': { 'zh-Hans': '该干部暂无结对家庭', bo: 'ལས་བྱེད་པ་འདི་ལ་ད་ལྟ་ཟུང་སྒྲིག་ཁྱིམ་ཚང་མེད།' },
  'pairing.sharedHousehold': {
    'zh-Hans': '干部多于家庭，该干部与已有结对干部共同联系一户',
    bo: 'ལས་བྱེད་པ་ཁྱིམ་ཚང་ལས་མང་བས། ལས་བྱེད་པ་འདིས་ཟུང་སྒྲིག་ཟིན་པའི་ཁྱིམ་ཚང་ཞིག་མཉམ་དུ་འབྲེལ་གཏུག་བྱེད།',
  },
  'pairing.overTarget': {
    'zh-Hans': '结对 {load} 户，超过目标',
    bo: 'ཁྱིམ་ཚང་ {load} དང་ཟུང་སྒྲིག་བྱས་པས་དམིགས་ཚད་ལས་བརྒལ།',
  },
  'pairing.unbalanced': {
    'zh-Hans': '{region} 内干部结对户数相差 {spread} 户（保留原有结对所致）',
    bo: '{region} ནང་ལས་བྱེད་པའི་ཟུང་སྒྲིག་ཁྱིམ་གྲངས་ཁྱད་པར་ {spread} འདུག (སྔར་གྱི་ཟུང་སྒྲིག་ཉར་བའི་རྐྱེན་གྱིས།)',
  },
} as const satisfies Record<string, Bilingual>

export type RegistryMessageKey = keyof typeof registryMessages
