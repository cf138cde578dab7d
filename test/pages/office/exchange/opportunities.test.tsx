import { fireEvent, screen } from '@testing-library/react'
import OfficeOpportunitiesPage from '@/pages/office/exchange/opportunities'
import type { OpportunityItem } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { KANGDING, LAZHUO, PLACE, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'

beforeEach(freshTaro)

const item: OpportunityItem = {
  id: '5a6b7c8d-0000-4000-8000-000000000001',
  kind: 'study',
  title: { 'zh-Hans': '浙江职业技术学院招生', bo: 'ཀྲེ་ཅང་ལག་རྩལ་སློབ་གྲྭ།' },
  body: { 'zh-Hans': '面向甘孜州初中毕业生', bo: '' },
  place: { 'zh-Hans': '浙江杭州', bo: 'ཀྲེ་ཅང་ཧང་ཀྲོའུ།' },
  deadline: '2027-01-31',
  region: KANGDING,
  mine: true,
  recommended: 3,
  createdAt: '2026-12-01T02:00:00.000Z',
}
const zero = { recommended: 0, applied: 0, hired: 0, enrolled: 0, notTaken: 0 }
const counts = {
  total: { recommended: 3, applied: 1, hired: 0, enrolled: 1, notTaken: 0 },
  rows: [
    {
      region: LAZHUO,
      name: PLACE.lazhuo,
      counters: { recommended: 3, applied: 1, hired: 0, enrolled: 1, notTaken: 0 },
    },
    { region: '513301100100', name: { 'zh-Hans': '姑咱镇', bo: 'ཀུ་ཙ།' }, counters: zero },
  ],
}
const departmentMe = {
  ...officeMe,
  roles: [{ role: 'department' as const, departmentId: 'dep-hr' }],
  cards: [],
}

test('an office publishes an opportunity for its region and reads the counts by region', async () => {
  await renderPage(OfficeOpportunitiesPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'opportunities', { items: [item], more: false }),
      on(exchange, 'opportunityCounts', counts),
      on(exchange, 'saveOpportunity', { id: 'x', status: 'created' }),
    ],
  })
  expect(lastInput('exchange', 'opportunityCounts')).toEqual({ region: KANGDING })
  // the regions where something was recommended, then the total
  expect(screen.getAllByTestId('count-row').map((r) => r.textContent)).toEqual([
    `${PLACE.lazhuo['zh-Hans']}31010`,
    `${zh('exchange.opportunities.total')}31010`,
  ])
  expect(screen.getByTestId('opportunity').textContent).toContain(
    zh('exchange.opportunities.recommendedCount', { n: 3 }),
  )
  await tap(screen.getByTestId('kind-study'))
  fireEvent.change(screen.getByTestId('title-zh-Hans'), { target: { value: '浙江职业技术学院招生' } })
  fireEvent.change(screen.getByTestId('place-zh-Hans'), { target: { value: '浙江杭州' } })
  fireEvent.change(screen.getByTestId('body-zh-Hans'), { target: { value: '面向初中毕业生' } })
  await tap(screen.getByTestId('save'))
  expect(lastInput('exchange', 'saveOpportunity')).toMatchObject({
    region: KANGDING,
    kind: 'study',
    title: { 'zh-Hans': '浙江职业技术学院招生', bo: '' },
  })
})

test('a department publishes as itself for its own region; the form marks what is missing', async () => {
  await renderPage(OfficeOpportunitiesPage, {
    routes: [
      on(identity, 'me', departmentMe),
      on(exchange, 'opportunities', { items: [], more: false }),
      on(exchange, 'saveOpportunity', { id: 'x', status: 'created' }),
    ],
  })
  expect(screen.queryByTestId('counts')).toBeNull()
  expect(screen.getByText(zh('exchange.opportunities.asDepartment'))).toBeTruthy()
  await tap(screen.getByTestId('save'))
  expect(lastInput('exchange', 'saveOpportunity')).toBeUndefined()
  fireEvent.change(screen.getByTestId('title-zh-Hans'), { target: { value: '湖州茶厂招工' } })
  fireEvent.change(screen.getByTestId('place-zh-Hans'), { target: { value: '浙江湖州' } })
  fireEvent.change(screen.getByTestId('body-zh-Hans'), { target: { value: '包吃住' } })
  await tap(screen.getByTestId('save'))
  const sent = lastInput('exchange', 'saveOpportunity') as Record<string, unknown>
  expect(sent).toMatchObject({ departmentId: 'dep-hr', kind: 'job' })
  expect(sent.region).toBeUndefined()
})

test('in Tibetan: the form, the list and the counts', async () => {
  await renderPage(OfficeOpportunitiesPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'opportunities', { items: [item], more: false }),
      on(exchange, 'opportunityCounts', counts),
    ],
  })
  expect(screen.getByText(bo('exchange.opportunities.new'))).toBeTruthy()
  expect(screen.getByTestId('opportunity').textContent).toContain('ཀྲེ་ཅང་ཧང་ཀྲོའུ།')
  expect(screen.getByTestId('counts').textContent).toContain(bo('exchange.opportunities.counter.enrolled'))
})
