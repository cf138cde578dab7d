/**
 * The dashboard's answers as the page tests give them, typed by the contract: Kangding's figures for
 * December 2026 and November before it, its townships side by side, and the households behind a figure.
 */
import type { ActionOutput } from '@shared/contract'
import type { DashboardRow, Figures, ListRow, dashboard } from '@shared/contracts/dashboard'
import { GALA, KANGDING, LAZHUO, OFFICIAL_ID, OFFICIAL_NAME, PLACE } from '../../fixtures'

export function figures(f: Partial<Omit<Figures, 'rates'>> & { rates?: Partial<Figures['rates']> } = {}): Figures {
  return {
    households: 400,
    officials: 99,
    pairedHouseholds: 380,
    coverage: 0.95,
    householdsContacted: 210,
    target: null,
    overdueHouseholds: 37,
    visits: 160,
    visitsConfirmed: 120,
    riskWatch: 12,
    riskHigh: 3,
    needsCollected: 40,
    needsSolved: 18,
    needsSolvedOnTime: 15,
    noticesPublished: 3,
    noticeReadRate: 0.62,
    network: { centre: 1, studio: 9, team: 4 },
    ...f,
    rates: { response: 0.9, solution: 0.5, onTime: 0.83, satisfaction: 0.75, ...f.rates },
  }
}

export const countyHome: ActionOutput<typeof dashboard, 'home'> = {
  axis: 'region',
  key: KANGDING,
  name: PLACE.kangding,
  level: 'county',
  period: '2026-12',
  previousPeriod: '2026-11',
  // the month's third of the phase's quarterly contact target (400 a quarter)
  current: figures({ target: 134 }),
  previous: figures({
    householdsContacted: 190,
    overdueHouseholds: 41,
    coverage: 0.94,
    rates: { onTime: null },
    network: { centre: 1, studio: 8, team: 4 },
  }),
  quarter: { period: '2026-Q4', householdsContacted: 350, target: 400, previousPeriod: '2026-Q3', previous: 320 },
  countedAt: '2026-12-05T18:00:00.000Z',
  opportunities: {
    current: { recommended: 14, applied: 6, hired: 3, enrolled: 2 },
    previous: { recommended: 9, applied: 6, hired: 1, enrolled: 0 },
  },
}

/** a department's home: its households overdue for its own contact, but no risk gauges, notices or network */
export const departmentHome: ActionOutput<typeof dashboard, 'home'> = {
  ...countyHome,
  axis: 'department',
  key: 'D513301-civil',
  name: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' },
  level: 'department',
  current: figures({
    overdueHouseholds: 6,
    riskWatch: null,
    riskHigh: null,
    noticesPublished: null,
    noticeReadRate: null,
    network: null,
  }),
  previous: figures({
    overdueHouseholds: 9,
    riskWatch: null,
    riskHigh: null,
    noticesPublished: null,
    noticeReadRate: null,
    network: null,
  }),
  quarter: null,
  opportunities: null,
}

export const BAO = '513301101000'
const row = (key: string, name: DashboardRow['name'], f: Parameters<typeof figures>[0]): DashboardRow => ({
  axis: 'region',
  key,
  name,
  level: 'township',
  current: figures(f),
  previous: figures(f),
})

export const countyDrill: ActionOutput<typeof dashboard, 'drill'> = {
  parent: { axis: 'region', key: KANGDING, name: PLACE.kangding, level: 'county' },
  axis: 'region',
  period: '2026-12',
  previousPeriod: '2026-11',
  rows: [
    row(LAZHUO, PLACE.lazhuo, { households: 120, overdueHouseholds: 20, coverage: 0.9, rates: { onTime: 0.5 } }),
    row(BAO, { 'zh-Hans': '炉城镇', bo: 'དར་མདོ་གྲོང་རྡལ' }, { households: 200, overdueHouseholds: 5, coverage: 1 }),
    // nothing counted yet for its needs: "—", sorted last
    row(
      '513301102000',
      { 'zh-Hans': '姑咱镇', bo: 'ཀུ་ཙ་གྲོང་རྡལ' },
      {
        households: 80,
        overdueHouseholds: 12,
        coverage: 0.8,
        rates: { onTime: null },
      },
    ),
  ],
}

export const townshipDrill: ActionOutput<typeof dashboard, 'drill'> = {
  parent: { axis: 'region', key: LAZHUO, name: PLACE.lazhuo, level: 'township' },
  axis: 'region',
  period: '2026-12',
  previousPeriod: '2026-11',
  rows: [{ ...row(GALA, PLACE.gala, { households: 60, overdueHouseholds: 9 }), level: 'village' }],
}

export const departmentDrill: ActionOutput<typeof dashboard, 'drill'> = {
  ...countyDrill,
  axis: 'department',
  rows: [
    {
      ...row('D513301-civil', departmentHome.name, { households: 90, overdueHouseholds: 6 }),
      axis: 'department',
      level: 'department',
    },
  ],
}

export const HOUSEHOLD_A = 'H5133011000010001'
export const HOUSEHOLD_B = 'H5133011000010002'

export const overdueRow: ListRow = {
  id: HOUSEHOLD_A,
  headName: { 'zh-Hans': '泽仁拉姆', bo: 'ཚེ་རིང་ལྷ་མོ།' },
  phoneMasked: '139****5678',
  village: PLACE.gala,
  memberCount: 5,
  riskLevel: 'high',
  officials: [{ id: OFFICIAL_ID, name: OFFICIAL_NAME }],
  daysSince: null,
  remindedAt: null,
}

export const overdueList: ActionOutput<typeof dashboard, 'list'> = {
  key: { axis: 'region', key: KANGDING, name: PLACE.kangding, level: 'county' },
  figure: 'overdue',
  within: 'month',
  total: 2,
  households: [
    overdueRow,
    {
      ...overdueRow,
      id: HOUSEHOLD_B,
      headName: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      riskLevel: 'none',
      daysSince: 45,
      remindedAt: '2026-12-03T02:00:00.000Z',
    },
  ],
  more: false,
  mayRemind: true,
}
