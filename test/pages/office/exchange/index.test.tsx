import { fireEvent, screen } from '@testing-library/react'
import OfficeExchangePage from '@/pages/office/exchange/index'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { KANGDING, PREFECTURE, officeMe, regionsOfKangding } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { CAMPAIGN, campaignItem, prefectureMe } from './fixtures'

beforeEach(freshTaro)

test('a county office lists its prefecture’s campaigns with their stage and opens one; it opens none itself', async () => {
  await renderPage(OfficeExchangePage, {
    lang: 'bo',
    routes: [on(identity, 'me', officeMe), on(exchange, 'campaigns', { items: [campaignItem] })],
  })
  expect(lastInput('exchange', 'campaigns')).toEqual({ region: KANGDING })
  const card = screen.getByTestId('campaign')
  expect(card.textContent).toContain(bo('exchange.stage.county'))
  expect(card.textContent).toContain(bo('exchange.state.open'))
  expect(screen.queryByTestId('open-form')).toBeNull()
  expect(screen.queryByTestId('campaign-nominate')).toBeNull()
  await tap(screen.getByTestId('campaign-open'))
  expect(taroStub.navigations.at(-1)?.url).toBe(`/pages/office/exchange/campaign?id=${CAMPAIGN}`)
})

test('the prefecture opens a campaign: quotas per county, the rubric and the deadlines; a missing title is marked', async () => {
  await renderPage(OfficeExchangePage, {
    routes: [
      on(identity, 'me', prefectureMe),
      on(exchange, 'campaigns', { items: [] }),
      on(registry, 'regions', { ...regionsOfKangding, region: { ...regionsOfKangding.region, code: PREFECTURE } }),
      on(exchange, 'open', (input) => ({ id: input.id, status: 'created' as const })),
    ],
  })
  expect(document.body.textContent).toContain(zh('exchange.noCampaigns'))
  await tap(screen.getByTestId('open-send'))
  expect(callsTo('exchange').filter((c) => c.action === 'open')).toHaveLength(0)
  expect(document.querySelector('[data-field="title.zh-Hans"]')!.getAttribute('data-invalid')).toBe('true')
  fireEvent.input(screen.getByTestId('title-zh'), { target: { value: '2026年度示范家庭评选' } })
  const [county] = regionsOfKangding.children
  fireEvent.input(screen.getByTestId(`quota-${county!.code}`), { target: { value: '3' } })
  fireEvent.input(screen.getByTestId('publicity-days'), { target: { value: '7' } })
  await tap(screen.getByTestId('open-send'))
  expect(lastInput('exchange', 'open')).toEqual(
    expect.objectContaining({
      region: PREFECTURE,
      kind: 'family',
      title: { 'zh-Hans': '2026年度示范家庭评选', bo: '' },
      quotas: [{ county: county!.code, places: 3 }],
      rubric: [
        expect.objectContaining({ key: 'unity', max: 40 }),
        expect.objectContaining({ key: 'family', max: 30 }),
        expect.objectContaining({ key: 'neighbours', max: 30 }),
      ],
      publicity: expect.objectContaining({ days: 7 }),
    }),
  )
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('exchange.opened') }))
})
