/**
 * Answers the page tests give, typed by the contracts' outputs: a field the function does not send, or
 * one misspelt, fails the type check. Names and places are Kangding's (康定市, 拉卓镇, 嘎拉社区).
 */
import type { ActionOutput } from '@shared/contract'
import type { contacts } from '@shared/contracts/contacts'
import type { identity } from '@shared/contracts/identity'
import type { notices } from '@shared/contracts/notices'
import type { registry } from '@shared/contracts/registry'
import { HOUSEHOLD } from '../fixtures/household'

type Me = ActionOutput<typeof identity, 'me'>

export const PREFECTURE = '513300000000'
export const KANGDING = '513301000000'
export const LAZHUO = '513301100000'
export const GALA = '513301100001'

const place = {
  prefecture: { 'zh-Hans': '甘孜藏族自治州', bo: 'དཀར་མཛེས་བོད་རིགས་རང་སྐྱོང་ཁུལ' },
  kangding: { 'zh-Hans': '康定市', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར' },
  lazhuo: { 'zh-Hans': '拉卓镇', bo: 'ལྷ་འབྲོག་གྲོང་རྡལ' },
  gala: { 'zh-Hans': '嘎拉社区', bo: 'དཀར་ལྷ་སྡོད་ཁུལ' },
}
export const PLACE = place

export const HOUSEHOLD_ID = HOUSEHOLD.id
export const OFFICIAL_ID = 'O51330100059'
export const OFFICIAL_NAME = { 'zh-Hans': '扎西卓玛', bo: 'བཀྲ་ཤིས་སྒྲོལ་མ།' }
export const HEAD_NAME = { 'zh-Hans': '泽仁拉姆', bo: 'ཚེ་རིང་ལྷ་མོ།' }

export const householdMe: Me = {
  bound: true,
  roles: [
    { role: 'household', householdId: HOUSEHOLD_ID, head: true, regionPath: [PREFECTURE, KANGDING, LAZHUO, GALA] },
  ],
  displayName: '泽仁拉姆',
  cards: [
    {
      key: `household:${HOUSEHOLD_ID}`,
      grant: { role: 'household', householdId: HOUSEHOLD_ID, head: true },
      label: HEAD_NAME,
      regionNames: [place.prefecture, place.kangding, place.lazhuo, place.gala],
      region: { code: GALA, name: place.gala, level: 'village' },
    },
  ],
}

export const officialMe: Me = {
  bound: true,
  roles: [{ role: 'official', officialId: OFFICIAL_ID, regionPath: [PREFECTURE, KANGDING] }],
  displayName: '扎西卓玛',
  cards: [
    {
      key: `official:${OFFICIAL_ID}`,
      grant: { role: 'official', officialId: OFFICIAL_ID },
      label: OFFICIAL_NAME,
      regionNames: [place.prefecture, place.kangding],
      region: { code: KANGDING, name: place.kangding, level: 'county' },
    },
  ],
}

/** Kangding's office staff, who also review its notices */
export const officeMe: Me = {
  bound: true,
  roles: [
    { role: 'office', region: KANGDING },
    { role: 'reviewer', region: KANGDING },
  ],
  displayName: '李明',
  cards: [
    {
      key: `office:${KANGDING}`,
      grant: { role: 'office', region: KANGDING },
      label: place.kangding,
      regionNames: [place.prefecture, place.kangding],
      region: { code: KANGDING, name: place.kangding, level: 'county' },
    },
    {
      key: `reviewer:${KANGDING}`,
      grant: { role: 'reviewer', region: KANGDING },
      label: place.kangding,
      regionNames: [place.prefecture, place.kangding],
      region: { code: KANGDING, name: place.kangding, level: 'county' },
    },
  ],
}

export const adminMe: Me = {
  bound: true,
  roles: [{ role: 'admin' }],
  displayName: '管理员',
  cards: [{ key: 'admin', grant: { role: 'admin' }, label: { 'zh-Hans': '系统管理员', bo: '' }, regionNames: [] }],
}

export const myHousehold: ActionOutput<typeof registry, 'myHousehold'> = {
  household: HOUSEHOLD,
  officials: [
    {
      id: OFFICIAL_ID,
      name: '扎西卓玛',
      department: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' },
      phoneMasked: '151****9948',
    },
    { id: 'O51330100060', name: '李明', department: { 'zh-Hans': '康定市教育局', bo: '' }, phoneMasked: '138****5678' },
  ],
  head: true,
}

export const issuedInvite: ActionOutput<typeof identity, 'inviteHousehold'> = {
  code: '48213907',
  display: '4821 3907',
  qr: 'shiliuzi:invite:48213907',
  // 2026-12-06 18:30 in Ganzi (UTC+8)
  expiresAt: '2026-12-06T10:30:00.000Z',
}

/** 2026-12-01 09:00 China time */
const PUBLISHED = '2026-12-01T01:00:00.000Z'

export const feedPage: ActionOutput<typeof notices, 'feed'> = {
  items: [
    {
      id: 'N1',
      title: { 'zh-Hans': '冬季防火安全提示', bo: 'དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།' },
      category: 'safety',
      publishedAt: PUBLISHED,
      read: false,
      hasAudio: true,
      hasImage: false,
      forHouseholds: false,
    },
    {
      id: 'N2',
      title: { 'zh-Hans': '医保缴费通知', bo: '' },
      category: 'policy',
      publishedAt: '2026-11-30T01:00:00.000Z',
      read: true,
      hasAudio: false,
      hasImage: false,
      forHouseholds: false,
    },
  ],
  unread: 1,
  more: false,
  as: { role: 'household', id: HOUSEHOLD_ID },
}

export const noticeDetail: ActionOutput<typeof notices, 'open'> = {
  id: 'N1',
  revision: 1,
  title: { 'zh-Hans': '冬季防火安全提示', bo: 'དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།' },
  body: {
    'zh-Hans': '入冬后请注意用火用电安全，离家前关好炉火。',
    bo: 'དགུན་ཁར་མེ་དང་གློག་བེད་སྤྱོད་སྐབས་བདེ་འཇགས་ལ་དོ་སྣང་གནང་རོགས།',
  },
  category: 'safety',
  publishedAt: PUBLISHED,
  media: [],
}

export const householdRows: ActionOutput<typeof contacts, 'myHouseholds'> = {
  households: [
    {
      id: HOUSEHOLD_ID,
      headName: HEAD_NAME,
      memberCount: 4,
      regionPath: [PREFECTURE, KANGDING, LAZHUO, GALA],
      lastContactAt: null,
      daysSince: null,
      unconfirmedVisits: 0,
      overdue: true,
      periodDays: 30,
      riskLevel: 'watch',
      openNeeds: 1,
    },
    {
      id: 'H5133011000010002',
      headName: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      memberCount: 3,
      regionPath: [PREFECTURE, KANGDING, LAZHUO, GALA],
      lastContactAt: '2026-12-03T02:00:00.000Z',
      daysSince: 3,
      unconfirmedVisits: 1,
      overdue: false,
      periodDays: 30,
      riskLevel: 'none',
      openNeeds: 0,
    },
  ],
  overdueCount: 1,
  unconfirmedCount: 1,
}

export const officialRow: ActionOutput<typeof registry, 'officials'>['officials'][number] = {
  id: OFFICIAL_ID,
  externalId: 'KD-0059',
  name: OFFICIAL_NAME,
  departmentId: 'D1',
  department: { 'zh-Hans': '康定市民政局', bo: '' },
  regionPath: [PREFECTURE, KANGDING],
  position: { 'zh-Hans': '科员', bo: '' },
  phoneMasked: '151****9948',
  active: true,
}

export const regionsOfKangding: ActionOutput<typeof registry, 'regions'> = {
  region: {
    code: KANGDING,
    level: 'county',
    name: place.kangding,
    hasChildren: true,
    counts: { households: 1200, officials: 300 },
  },
  children: [
    {
      code: LAZHUO,
      level: 'township',
      name: place.lazhuo,
      hasChildren: true,
      counts: { households: 240, officials: 60 },
    },
  ],
  path: [
    { code: PREFECTURE, level: 'prefecture', name: place.prefecture },
    { code: KANGDING, level: 'county', name: place.kangding },
  ],
}

export const coverageOfKangding: ActionOutput<typeof registry, 'coverage'> = {
  minLoad: 1,
  maxLoad: 5,
  total: {
    key: KANGDING,
    name: place.kangding,
    households: 1200,
    unpairedHouseholds: 12,
    officials: 300,
    officialsUnder: 4,
    officialsOver: 1,
  },
  byRegion: [
    {
      key: LAZHUO,
      name: place.lazhuo,
      households: 240,
      unpairedHouseholds: 3,
      officials: 60,
      officialsUnder: 1,
      officialsOver: 0,
    },
  ],
  byDepartment: [
    {
      key: 'D1',
      name: { 'zh-Hans': '康定市民政局', bo: '' },
      households: 400,
      unpairedHouseholds: 0,
      officials: 80,
      officialsUnder: 2,
      officialsOver: 1,
    },
  ],
  unpairedHouseholds: [
    {
      id: 'H5133011000010009',
      externalId: 'KD-H-0009',
      headName: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      idNumberMasked: '513301********1234',
      phoneMasked: '139****2211',
      villageCode: GALA,
      village: place.gala,
      memberCount: 3,
      officialIds: [],
    },
  ],
  overOfficials: [{ id: OFFICIAL_ID, name: OFFICIAL_NAME, load: 7 }],
  underOfficials: [],
}

type Summary = ActionOutput<typeof notices, 'mine'>['items'][number]
export const summary = (id: string, status: Summary['status'], zh: string): Summary => ({
  id,
  status,
  pendingStatus: null,
  revision: 1,
  title: { 'zh-Hans': zh, bo: '' },
  category: 'safety',
  audience: { regions: [LAZHUO], roles: 'households' },
  updatedAt: '2026-12-05T02:30:00.000Z',
  authoredByMe: true,
})

/** a notice submitted by Kangding's office, waiting for its reviewer */
export const submittedRecord: ActionOutput<typeof notices, 'record'> = {
  id: 'N7',
  status: 'submitted',
  revision: 1,
  draft: {
    title: { 'zh-Hans': '冬季防火安全提示', bo: 'དགུན་དུས་མེ་སྔོན་འགོག་བདེ་འཇགས་དྲན་སྐུལ།' },
    body: {
      'zh-Hans': '入冬后请注意用火用电安全，离家前关好炉火。',
      bo: 'དགུན་ཁར་མེ་དང་གློག་བེད་སྤྱོད་སྐབས་བདེ་འཇགས་ལ་དོ་སྣང་གནང་རོགས།',
    },
    category: 'safety',
    media: [],
    audience: { regions: [LAZHUO], roles: 'households' },
    publishAt: null,
    expireAt: null,
  },
  pending: null,
  authoredByMe: false,
  canReview: true,
  publishedAt: null,
  retractReason: null,
  returnComment: null,
  history: [
    { at: '2026-12-05T02:00:00.000Z', action: 'create', revision: 1, byMe: false },
    { at: '2026-12-05T02:30:00.000Z', action: 'submit', revision: 1, byMe: false },
  ],
  push: null,
  regionNames: { [LAZHUO]: place.lazhuo },
  office: { region: KANGDING, name: place.kangding },
  ownOffice: true,
  mediaUrls: {},
}

export const importJob: ActionOutput<typeof registry, 'importUpload'> = {
  jobId: 'J1',
  kind: 'households',
  region: KANGDING,
  fileName: '拉卓镇家庭花名册.xlsx',
  state: 'checked',
  rows: 120,
  valid: 118,
  rowErrors: 2,
  ignoredColumns: ['备注'],
  checkedBatches: 1,
  batchesDone: 0,
  batches: 1,
  inserted: 0,
  updated: 0,
}

export const plan: ActionOutput<typeof registry, 'planPairing'> = {
  planId: 'P1',
  region: LAZHUO,
  state: 'planned',
  households: 240,
  officials: 60,
  coveredHouseholds: 238,
  coveredOfficials: 60,
  kept: 200,
  added: 38,
  removed: 2,
  byLevel: { prefecture: 0, county: 20, township: 60, village: 158 },
  maxTownshipSpread: 2,
  loads: [
    { load: 4, officials: 58 },
    { load: 3, officials: 2 },
  ],
  exceptions: [{ kind: 'noOfficial', message: '格桑家所在村没有在岗干部' }],
  exceptionCount: 1,
  batchesDone: 0,
  batches: 2,
  outsideRegion: 0,
}

export const officialDetail: ActionOutput<typeof registry, 'official'> = {
  official: officialRow,
  households: [
    {
      id: HOUSEHOLD_ID,
      externalId: 'KD-H-0001',
      headName: HEAD_NAME,
      idNumberMasked: '513301********2026',
      phoneMasked: '139****2211',
      villageCode: GALA,
      memberCount: 4,
      officialIds: [OFFICIAL_ID],
    },
  ],
  householdsOutside: 0,
  history: [
    {
      officialId: OFFICIAL_ID,
      householdId: HOUSEHOLD_ID,
      householdName: HEAD_NAME,
      from: '2025-03-01',
      to: null,
      reason: 'auto',
      endReason: null,
    },
  ],
}
