import { screen } from '@testing-library/react'
import OfficialOpportunitiesPage from '@/pages/official/opportunities/index'
import type { OpportunityItem, RecommendationItem, TripOffer } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { HEAD_NAME, HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'

beforeEach(freshTaro)

const offer: TripOffer = {
  tripId: '7d0c1e2f-0000-4000-8000-000000000001',
  namedId: 'named-1',
  title: { 'zh-Hans': '赴浙江交流', bo: 'ཀྲེ་ཅང་དུ་བརྗེ་རེས།' },
  places: { 'zh-Hans': '杭州', bo: 'ཧང་ཀྲོའུ།' },
  startDay: '2027-01-10',
  endDay: '2027-01-16',
  state: 'offered',
  due: '2026-12-20T16:00:00.000Z',
}
const job: OpportunityItem = {
  id: '5a6b7c8d-0000-4000-8000-000000000001',
  kind: 'job',
  title: { 'zh-Hans': '湖州茶厂招工', bo: 'ཧུའུ་ཀྲོའུ་ཇ་བཟོ་ཁང་ལས་མི་འདེམས།' },
  body: { 'zh-Hans': '包吃住，月薪四千元起', bo: 'ཟས་དང་སྡོད་ཁང་ཡོད།' },
  place: { 'zh-Hans': '浙江湖州', bo: 'ཀྲེ་ཅང་ཧུའུ་ཀྲོའུ།' },
  deadline: '2027-01-31',
  region: '513301000000',
  mine: false,
  recommended: 0,
  createdAt: '2026-12-01T02:00:00.000Z',
}
const earlier: RecommendationItem = {
  id: '5a6b7c8d-0000-4000-8000-0000000000aa',
  opportunityId: job.id,
  title: job.title,
  kind: 'job',
  deadline: job.deadline,
  member: HEAD_NAME,
  outcome: null,
  at: '2026-12-02T02:00:00.000Z',
}
const members = [
  { index: 0, name: HEAD_NAME },
  { index: 1, name: { 'zh-Hans': '次仁', bo: 'ཚེ་རིང་།' } },
]

const routes = [
  on(exchange, 'tripOffers', { items: [offer] }),
  on(exchange, 'householdOpportunities', { open: [job], recommendations: [earlier], members }),
  on(exchange, 'answerTrip', { state: 'confirmed', status: 'done' }),
  on(exchange, 'recommend', { id: 'x', status: 'created' }),
  on(exchange, 'recordOutcome', { outcome: 'hired', status: 'done' }),
]

test('the official answers the trip offer for the household, told first that it is recorded as such', async () => {
  await renderPage(OfficialOpportunitiesPage, { params: { householdId: HOUSEHOLD_ID }, routes })
  expect(lastInput('exchange', 'tripOffers')).toEqual({ householdId: HOUSEHOLD_ID })
  await tap(screen.getByTestId('trip-confirm'))
  expect(lastInput('exchange', 'answerTrip')).toEqual({ tripId: offer.tripId, namedId: 'named-1', answer: 'confirm' })
})

test('an opportunity is recommended to the member picked, in two taps', async () => {
  await renderPage(OfficialOpportunitiesPage, { params: { householdId: HOUSEHOLD_ID }, routes })
  const card = screen.getByTestId('opportunity')
  expect(card.textContent).toContain('湖州茶厂招工')
  expect(screen.getByTestId('recommend').getAttribute('disabled')).not.toBeNull()
  await tap(screen.getAllByTestId('member')[1]!)
  await tap(screen.getByTestId('recommend'))
  const sent = lastInput('exchange', 'recommend') as Record<string, unknown>
  expect(sent).toMatchObject({ householdId: HOUSEHOLD_ID, opportunityId: job.id, member: 1 })
  expect(typeof sent.id).toBe('string')
})

test('an outcome is recorded when the official learns it, and nothing asks for one', async () => {
  await renderPage(OfficialOpportunitiesPage, { params: { householdId: HOUSEHOLD_ID }, routes })
  const row = screen.getByTestId('recommendation')
  expect(row.textContent).toContain(zh('exchange.opportunities.outcomeUnknown'))
  await tap(screen.getByTestId('outcome-hired'))
  expect(lastInput('exchange', 'recordOutcome')).toEqual({
    id: earlier.id,
    householdId: HOUSEHOLD_ID,
    outcome: 'hired',
  })
  expect(screen.getByTestId('outcome').textContent).toBe(zh('exchange.opportunities.counter.hired'))
  expect(callsTo('exchange').filter((c) => c.action === 'recordOutcome')).toHaveLength(1)
})

test('in Tibetan: offers, opportunities and outcomes', async () => {
  await renderPage(OfficialOpportunitiesPage, { lang: 'bo', params: { householdId: HOUSEHOLD_ID }, routes })
  expect(screen.getByText(bo('exchange.opportunities.forHousehold'))).toBeTruthy()
  expect(screen.getByTestId('opportunity').textContent).toContain('ཀྲེ་ཅང་ཧུའུ་ཀྲོའུ།')
  expect(screen.getByTestId('outcome-notTaken').textContent).toBe(bo('exchange.opportunities.counter.notTaken'))
  expect(screen.getByTestId('trip-offer-state').textContent).toBe(bo('exchange.trips.state.offered'))
})
