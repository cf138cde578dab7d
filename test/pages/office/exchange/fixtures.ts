/** What the office's exchange screens are answered with in their tests. */
import type { ActionOutput } from '@shared/contract'
import type { identity } from '@shared/contracts/identity'
import type { CampaignDetail, CampaignItem, NominationItem } from '@shared/contracts/exchange'
import { KANGDING, PLACE, PREFECTURE } from '../../fixtures'

export const CAMPAIGN = '5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
export const NOMINATION = '7c3e4d5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'

export const prefectureMe: ActionOutput<typeof identity, 'me'> = {
  bound: true,
  roles: [{ role: 'office', region: PREFECTURE }],
  displayName: '州办',
  cards: [
    {
      key: `office:${PREFECTURE}`,
      grant: { role: 'office', region: PREFECTURE },
      label: PLACE.prefecture,
      regionNames: [PLACE.prefecture],
      region: { code: PREFECTURE, name: PLACE.prefecture, level: 'prefecture' },
    },
  ],
}

export const campaignItem: CampaignItem = {
  id: CAMPAIGN,
  year: 2026,
  kind: 'family',
  title: { 'zh-Hans': '2026年度示范家庭评选', bo: '2026 ལོའི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག' },
  state: 'open',
  stage: 'county',
  deadlines: { nomination: '2026-12-10', township: '2026-12-15', county: '2026-12-20', prefecture: '2026-12-25' },
  publicity: { start: '2026-12-28', days: 7 },
  createdAt: '2026-12-01T02:00:00.000Z',
}

export const campaignDetail = (extra: Partial<CampaignDetail> = {}): CampaignDetail => ({
  ...campaignItem,
  quotas: [{ county: KANGDING, name: PLACE.kangding, places: 3, passed: 1 }],
  rubric: [
    { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 60 },
    { key: 'family', name: { 'zh-Hans': '家风家教', bo: 'ཁྱིམ་ཚང་གི་གཤིས་ལུགས' }, max: 40 },
  ],
  listed: 0,
  unanswered: 0,
  ...extra,
})

export const nomination = (extra: Partial<NominationItem> = {}): NominationItem => ({
  id: NOMINATION,
  kind: 'family',
  name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
  village: { 'zh-Hans': '榆林村', bo: 'ཡུས་ལིན་གྲོང་ཚོ།' },
  county: KANGDING,
  story: { text: '三代和睦，资助学生上学', photos: 2, voice: true },
  state: 'township',
  reviews: [{ stage: 'township', pass: true, comment: '事迹属实', at: '2026-12-12T02:00:00.000Z' }],
  score: null,
  mine: false,
  ...extra,
})
