import { fireEvent, screen } from '@testing-library/react'
import OfficeNominatePage from '@/pages/office/exchange/nominate'
import { exchange } from '@shared/contracts/exchange'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { GALA, PLACE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { CAMPAIGN, campaignDetail } from './fixtures'

beforeEach(freshTaro)

const villageMe: ActionOutput<typeof identity, 'me'> = {
  bound: true,
  roles: [{ role: 'office', region: GALA }],
  displayName: '村委会',
  cards: [
    {
      key: `office:${GALA}`,
      grant: { role: 'office', region: GALA },
      label: PLACE.prefecture,
      regionNames: [PLACE.prefecture],
      region: { code: GALA, name: PLACE.prefecture, level: 'village' },
    },
  ],
}

const household = {
  id: 'H1',
  externalId: 'E1',
  headName: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
  idNumberMasked: '513***********1234',
  phoneMasked: '139****5678',
  villageCode: GALA,
  memberCount: 4,
  officialIds: [],
}

test('a village office picks a household of its village, writes its story and nominates it once', async () => {
  await renderPage(OfficeNominatePage, {
    params: { campaignId: CAMPAIGN },
    routes: [
      on(identity, 'me', villageMe),
      on(exchange, 'queue', { campaign: campaignDetail({ stage: 'nomination' }), items: [] }),
      on(registry, 'households', { households: [household], total: 1 }),
      on(exchange, 'nominate', (input) => ({ id: input.id, state: 'consent' as const, status: 'created' as const })),
    ],
  })
  expect(lastInput('registry', 'households')).toEqual(expect.objectContaining({ region: GALA }))
  await tap(screen.getByTestId('nominate-send'))
  expect(callsTo('exchange').filter((c) => c.action === 'nominate')).toHaveLength(0)
  expect(document.querySelector('[data-field="story.text"]')!.getAttribute('data-invalid')).toBe('true')
  await tap(screen.getByTestId('nominee'))
  fireEvent.input(screen.getByTestId('story'), { target: { value: '三代和睦，资助藏汉学生上学' } })
  await tap(screen.getByTestId('nominate-send'))
  expect(lastInput('exchange', 'nominate')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    campaignId: CAMPAIGN,
    householdId: 'H1',
    story: { text: '三代和睦，资助藏汉学生上学', photos: [] },
  })
  expect(screen.getByTestId('nominated').textContent).toBe(zh('exchange.nominated'))
})

test('in Tibetan: the household is picked by its head’s Tibetan name', async () => {
  await renderPage(OfficeNominatePage, {
    lang: 'bo',
    params: { campaignId: CAMPAIGN },
    routes: [
      on(identity, 'me', villageMe),
      on(exchange, 'queue', { campaign: campaignDetail({ stage: 'nomination' }), items: [] }),
      on(registry, 'households', { households: [household], total: 1 }),
    ],
  })
  expect(screen.getByTestId('nominee').textContent).toBe('བཀྲ་ཤིས།')
  expect(screen.getByTestId('nominate-send').textContent).toBe(bo('exchange.nominate'))
})
