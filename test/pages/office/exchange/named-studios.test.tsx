import { screen } from '@testing-library/react'
import NetworkPage from '@/pages/office/network/index'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { KANGDING, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage } from '../../helpers'

beforeEach(freshTaro)

const counts = { centres: 0, studios: 1, teams: 0, cultivators: 0 }
const named = (kind: 'family' | 'studio', status: 'active' | 'revoked', zh: string, boName: string) => ({
  id: `${kind}-${status}`,
  campaignId: 'c1',
  year: 2026,
  kind,
  name: { 'zh-Hans': zh, bo: boName },
  village: { 'zh-Hans': '嘎拉社区', bo: 'ག་ལ།' },
  status,
  namedAt: '2026-12-31T02:00:00.000Z',
})

test('the network screen names the region’s excellent studios still named, with their year, in Tibetan', async () => {
  await renderPage(NetworkPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'network', { counts, units: [], more: false }),
      on(exchange, 'named', {
        items: [
          named('studio', 'active', '嘎拉社区石榴籽工作室', 'ག་ལའི་སེ་འབྲུའི་ལས་ཁང'),
          named('studio', 'revoked', '撤销的工作室', 'ཕྱིར་བསྡུས་པའི་ལས་ཁང'),
          named('family', 'active', '扎西', 'བཀྲ་ཤིས།'),
        ],
      }),
    ],
  })
  expect(lastInput('exchange', 'named')).toEqual({ region: KANGDING })
  const studios = screen.getAllByTestId('named-studio')
  expect(studios).toHaveLength(1)
  expect(studios[0]!.textContent).toContain('ག་ལའི་སེ་འབྲུའི་ལས་ཁང')
  expect(studios[0]!.textContent).toContain(bo('exchange.namedYear', { year: 2026 }))
})

test('no named studio: nothing is added to the network screen', async () => {
  await renderPage(NetworkPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'network', { counts, units: [], more: false }),
      on(exchange, 'named', { items: [] }),
    ],
  })
  expect(screen.queryByTestId('named-studios')).toBeNull()
})
