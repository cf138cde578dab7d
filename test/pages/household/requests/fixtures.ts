/** Requests as the household's list gives them, and its menu, for the household's request screens. */
import type { ActionOutput } from '@shared/contract'
import type { RequestItem, requests } from '@shared/contracts/requests'

export const REQUEST_ID = '5b0c9a3e-1f2d-4e6a-9b8c-7d6e5f4a3b21'
const at = (day: string, time = '02:00') => `2026-12-${day}T${time}:00.000Z`

export const assigned: RequestItem = {
  id: '6c1d0b4f-2a3e-4f7b-8c9d-8e7f6a5b4c32',
  category: 'heating',
  text: '冬天取暖的煤不够了',
  source: 'household',
  state: 'accepted',
  unit: { kind: 'department', level: 'township' },
  events: 3,
  timeline: [
    { type: 'submit', at: at('01') },
    { type: 'assign', at: at('01'), unit: { kind: 'department', level: 'township' } },
    { type: 'accept', at: at('02'), unit: { kind: 'department', level: 'township' } },
  ],
  due: at('10', '15:59'),
  overdue: false,
  voice: false,
  photos: 0,
  createdAt: at('01'),
  updatedAt: at('02'),
}

export const resolved: RequestItem = {
  id: REQUEST_ID,
  category: 'other',
  text: '',
  source: 'household',
  state: 'resolved',
  unit: { kind: 'office', level: 'township' },
  fallback: '诉求类别为“其他”，由乡镇工作办公室兜底办理',
  events: 5,
  timeline: [
    { type: 'submit', at: at('03') },
    { type: 'assign', at: at('03'), unit: { kind: 'office', level: 'township' } },
    { type: 'accept', at: at('03'), unit: { kind: 'office', level: 'township' } },
    { type: 'progress', at: at('04'), unit: { kind: 'office', level: 'township' }, text: '已联系水务站' },
    { type: 'resolve', at: at('05'), unit: { kind: 'office', level: 'township' }, text: '水管已换新' },
  ],
  due: null,
  overdue: false,
  voice: true,
  photos: 2,
  createdAt: at('03'),
  updatedAt: at('05'),
}

export const menu: ActionOutput<typeof requests, 'menu'> = {
  items: [
    {
      category: 'heating',
      name: { 'zh-Hans': '取暖补助', bo: 'དྲོད་གཏོང་རོགས་སྐྱོར།' },
      prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
      level: 'township',
      deadlineDays: 7,
    },
  ],
}

export const categories: ActionOutput<typeof requests, 'categories'> = {
  items: [
    {
      key: 'heating',
      name: { 'zh-Hans': '冬季取暖', bo: 'དགུན་དུས་དྲོད་གསོ།' },
      active: true,
      updatedAt: '2026-11-01T02:00:00.000Z',
    },
  ],
}
