/** A household's record and contacts as the contacts function answers them, for the household screens' tests. */
import type { ActionOutput } from '@shared/contract'
import type { ContactView, HouseholdRecord } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import { HOUSEHOLD_ID, OFFICIAL_ID, OFFICIAL_NAME } from '../../fixtures'

export const GALA_NAME = { 'zh-Hans': '呷拉村', bo: 'ག་ལ་གྲོང་ཚོ།' }
export const LAZHUO_NAME = { 'zh-Hans': '拉绰乡', bo: 'ལ་ཚོ་ཤང་།' }

export const storedSheet: HouseholdRecord['sheet'] = {
  members: [
    { name: '泽仁拉姆', relation: 'head', birthYear: 1972, schooling: 'primary', health: 'chronic', work: 'herding' },
    { name: '格桑', relation: 'child', birthYear: 2010, schooling: 'junior', health: 'good', work: 'student' },
  ],
  incomeSources: ['herding', 'cordyceps'],
  annualIncome: 36000,
  students: [{ name: '格桑', school: '康定市第二中学', grade: '初二' }],
}

export const record = (over: Partial<HouseholdRecord> = {}): HouseholdRecord => ({
  village: GALA_NAME,
  sheet: storedSheet,
  stored: true,
  version: 3,
  confirmedAt: '2026-06-02T03:00:00.000Z',
  confirmedBy: { kind: 'official', name: OFFICIAL_NAME },
  risk: { level: 'watch', reason: '牲畜因雪灾损失过半', date: '2026-03-01' },
  history: [
    {
      before: 'none',
      level: 'watch',
      reason: '牲畜因雪灾损失过半',
      date: '2026-03-01',
      at: '2026-03-01T04:00:00.000Z',
      by: { kind: 'office', name: LAZHUO_NAME },
    },
  ],
  mayEditSheet: true,
  mayEditRisk: true,
  sensitiveShown: true,
  ...over,
})

/** the first time: no sheet stored, the roster's members (one without a birth year) */
export const firstRecord = record({
  sheet: {
    members: [
      { name: '泽仁拉姆', relation: 'head', birthYear: 1972, schooling: 'primary', health: 'good', work: 'herding' },
      { name: '次仁', relation: 'spouse', schooling: 'none', health: 'good', work: 'herding' },
    ],
    incomeSources: [],
    students: [],
  },
  stored: false,
  version: 0,
  confirmedAt: null,
  confirmedBy: null,
  risk: { level: 'none', reason: null, date: null },
  history: [],
})

export const contact = (id: string, over: Partial<ContactView> = {}): ContactView => ({
  id,
  householdId: HOUSEHOLD_ID,
  officialId: OFFICIAL_ID,
  officialName: OFFICIAL_NAME,
  channel: 'visit',
  at: '2026-12-01T02:00:00.000Z',
  topics: ['policy'],
  notes: '了解冬季取暖情况',
  photos: [],
  photoUrls: [],
  needs: [],
  confirmedAt: null,
  voiceNote: null,
  ...over,
})

export const contactsPage = (
  list: ContactView[],
  more = false,
): ActionOutput<typeof contacts, 'householdContacts'> => ({ contacts: list, more })
