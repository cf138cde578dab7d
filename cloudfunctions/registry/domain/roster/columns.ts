/**
 * The roster's columns both ways: the template headers (and the other headers offices use) a file's
 * columns are recognised by, and the row a stored household or official is exported as, with the
 * template's notes. Cell text is never evaluated: text bound for a spreadsheet that could start a formula
 * gets a leading apostrophe (the OWASP-recommended neutraliser), and reading our own export strips it
 * again, so a round trip keeps the text unchanged.
 */
import type { Bilingual } from '@shared/bilingual'
import type { RosterKind } from '@shared/contracts/registry'
import type { Household, Official } from '@config/documents'
import { RosterError } from './errors'

export type { RosterKind }

export interface ColumnDef {
  field: string
  /** the template's header */
  header: string
  /** other headers seen in offices' own sheets, Chinese and English */
  aliases: readonly string[]
  required: boolean
  /** a text column Excel must not turn into a number (ID and phone numbers lose digits) */
  text?: boolean
  maxLength?: number
}

// prettier-ignore
export const HOUSEHOLD_COLUMNS: readonly ColumnDef[] = [
  { field: 'externalId', header: '家庭编号', aliases: ['户编号', '户号', '家庭户号', 'household id', 'householdid', 'externalid'], required: true, text: true, maxLength: 40 },
  { field: 'headName', header: '户主姓名', aliases: ['户主', '姓名', 'head name', 'headname', 'name'], required: true, maxLength: 50 },
  { field: 'headNameBo', header: '户主藏文姓名', aliases: ['藏文姓名', 'head name (tibetan)', 'headnamebo', 'tibetan name'], required: false, maxLength: 80 },
  { field: 'idNumber', header: '户主身份证号', aliases: ['身份证号', '身份证号码', '公民身份号码', '户主身份证号码', 'id number', 'idnumber', 'id card'], required: true, text: true },
  { field: 'phone', header: '联系电话', aliases: ['手机号', '手机号码', '电话', '联系方式', 'phone', 'mobile'], required: false, text: true },
  { field: 'villageCode', header: '村(社区)代码', aliases: ['村代码', '社区代码', '村(居)代码', '村(社区)编码', 'village code', 'villagecode'], required: true, text: true },
  { field: 'memberCount', header: '家庭人口', aliases: ['人口数', '家庭人数', '人口', 'members', 'membercount', 'member count'], required: false },
  { field: 'riskLevel', header: '风险等级', aliases: ['监测风险', 'risk level', 'risklevel', 'risk'], required: false },
]

// prettier-ignore
export const OFFICIAL_COLUMNS: readonly ColumnDef[] = [
  { field: 'externalId', header: '人员编号', aliases: ['工号', '干部编号', 'official id', 'officialid', 'externalid', 'staff id'], required: true, text: true, maxLength: 40 },
  { field: 'name', header: '姓名', aliases: ['干部姓名', 'name'], required: true, maxLength: 50 },
  { field: 'nameBo', header: '藏文姓名', aliases: ['name (tibetan)', 'namebo', 'tibetan name'], required: false, maxLength: 80 },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码', 'id number', 'idnumber', 'id card'], required: true, text: true },
  { field: 'phone', header: '联系电话', aliases: ['手机号', '手机号码', '电话', 'phone', 'mobile'], required: true, text: true },
  { field: 'departmentId', header: '单位代码', aliases: ['部门代码', '单位编码', 'department code', 'departmentid', 'department'], required: true, text: true },
  { field: 'regionCode', header: '居住地代码', aliases: ['居住村(社区)代码', '住址代码', 'home region code', 'regioncode', 'region code'], required: true, text: true },
  { field: 'position', header: '职务', aliases: ['职位', 'position', 'title'], required: false, maxLength: 40 },
]

export function columnsOf(kind: RosterKind): readonly ColumnDef[] {
  return kind === 'households' ? HOUSEHOLD_COLUMNS : OFFICIAL_COLUMNS
}

/** Headers compared loosely: spaces, a required-marker asterisk, full-width brackets and case are ignored. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s*＊]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase()
}

export interface ColumnMap {
  /** field → column index (0-based) and the header as written */
  fields: Map<string, { index: number; header: string }>
  /** headers no column definition claims (reported, not an error) */
  ignored: string[]
}

export function mapColumns(kind: RosterKind, headerRow: readonly string[]): ColumnMap {
  const defs = columnsOf(kind)
  const lookup = new Map<string, string>()
  for (const d of defs) {
    for (const name of [d.header, ...d.aliases]) {
      const key = normaliseHeader(name)
      if (!lookup.has(key)) lookup.set(key, d.field)
    }
  }
  const fields = new Map<string, { index: number; header: string }>()
  const ignored: string[] = []
  headerRow.forEach((raw, index) => {
    const header = raw.trim()
    if (header === '') return
    const field = lookup.get(normaliseHeader(header))
    if (field && !fields.has(field)) fields.set(field, { index, header })
    else ignored.push(header)
  })
  const missing = defs.filter((d) => d.required && !fields.has(d.field)).map((d) => d.header)
  if (missing.length > 0) throw new RosterError('import.missingColumns', { columns: missing.join('、') })
  return { fields, ignored }
}

// ---------------------------------------------------------------------------------------------------
// Cells

const FORMULA_START = /^[=+\-@\t\r]/

/** Text bound for a spreadsheet: a leading apostrophe keeps = + - @ from being read as a formula. */
export function escapeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Text read from a spreadsheet: our own export's apostrophe is removed; nothing is ever evaluated. */
export function unescapeCell(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text
}

/** The sheet a roster of `kind` is written to. */
export function sheetName(kind: RosterKind): string {
  return kind === 'households' ? '家庭' : '干部'
}

/** One exported row: field → value; strings and numbers are written, anything else leaves the cell empty. */
export type RosterRow = Readonly<Record<string, unknown>>

/** A row's cells in the template's column order. */
export function rowValues(kind: RosterKind, row: RosterRow): (string | number)[] {
  return columnsOf(kind).map((c) => {
    const v = row[c.field]
    return typeof v === 'number' || typeof v === 'string' ? v : ''
  })
}

/** Export rows from stored households (head name, village, contact). */
export function householdRow(
  h: Pick<Household, 'externalId' | 'head' | 'phone' | 'villageCode'> &
    Partial<Pick<Household, 'memberCount' | 'riskLevel'>>,
): RosterRow {
  return {
    externalId: h.externalId,
    headName: h.head.name['zh-Hans'],
    headNameBo: h.head.name.bo,
    idNumber: h.head.idNumber,
    phone: h.phone,
    villageCode: h.villageCode,
    memberCount: h.memberCount,
    riskLevel: h.riskLevel === 'high' ? '高' : h.riskLevel === 'watch' ? '关注' : h.riskLevel ? '无' : undefined,
  }
}

export function officialRow(
  o: Pick<Official, 'externalId' | 'name' | 'idNumber' | 'phone' | 'departmentId' | 'regionPath'> & {
    /** older documents hold the position as plain text */
    position: Bilingual | string
  },
): RosterRow {
  return {
    externalId: o.externalId,
    name: o.name['zh-Hans'],
    nameBo: o.name.bo,
    idNumber: o.idNumber,
    phone: o.phone,
    departmentId: o.departmentId,
    regionCode: o.regionPath[o.regionPath.length - 1] ?? '',
    position: typeof o.position === 'string' ? o.position : o.position['zh-Hans'],
  }
}

/** Notes for the template's second sheet, in Chinese and Tibetan. */
const TEMPLATE_NOTES: Record<string, Bilingual> = {
  externalId: {
    'zh-Hans': '本单位内唯一；再次导入同一编号会更新而不会重复',
    bo: 'ཨང་རྟགས་གཅིག་བསྐྱར་དུ་ནང་འདྲེན་བྱས་ན་གསར་བཅོས་ཡིན་པ་ལས་བསྐྱར་ཟློས་མི་འབྱུང་།',
  },
  idNumber: { 'zh-Hans': '18 位，请把此列设为“文本”', bo: 'ཨང་ཀ་ 18། གཞུང་ཕྲེང་འདི་ཡི་གེའི་རྣམ་གཞག་ཏུ་སྒྲིག་རོགས།' },
  phone: { 'zh-Hans': '11 位手机号码', bo: 'ལག་ཁྱེར་ཁ་པར་ཨང་ཀ་ 11' },
  villageCode: {
    'zh-Hans': '12 位统计用区划代码，见“村（社区）代码”表',
    bo: 'ས་ཁུལ་ཨང་རྟགས་ཨང་ཀ་ 12། རེའུ་མིག་ “村（社区）代码” ནང་ལྟོས།',
  },
  regionCode: {
    'zh-Hans': '12 位统计用区划代码（村或乡镇），见“村（社区）代码”表',
    bo: 'ས་ཁུལ་ཨང་རྟགས་ཨང་ཀ་ 12 (གྲོང་ཚོ་ཡང་ན་ཤང་)། རེའུ་མིག་ “村（社区）代码” ནང་ལྟོས།',
  },
  riskLevel: { 'zh-Hans': '无 / 关注 / 高', bo: 'མེད། དོ་སྣང་། མཐོ།' },
  memberCount: { 'zh-Hans': '1 到 30', bo: '1 ནས་ 30' },
}

/** The template's third sheet: the villages (communities) of the caller's region, each with its code. */
export const VILLAGE_CODES_SHEET = '村（社区）代码'
export const VILLAGE_CODES_HEADER = [
  '村(社区)代码 / གྲོང་ཚོ་(སྡོད་ཁུལ)་གྱི་ཨང་རྟགས',
  '乡镇',
  '村（社区）',
  'ཤང་།',
  'གྲོང་ཚོ་(སྡོད་ཁུལ)',
]

/** The template's second sheet: each column, whether it is required, and how to fill it in both languages. */
export function templateNotes(kind: RosterKind): string[][] {
  return columnsOf(kind).map((c) => [
    c.header,
    c.required ? '必填 / ངེས་པར་དུ་འབྲི་དགོས' : '',
    TEMPLATE_NOTES[c.field]?.['zh-Hans'] ?? '',
    TEMPLATE_NOTES[c.field]?.bo ?? '',
  ])
}

export const TEMPLATE_NOTES_HEADER = ['列 / གཞུང་ཕྲེང', '', '说明', 'གསལ་བཤད']
