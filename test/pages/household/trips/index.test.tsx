import { screen } from '@testing-library/react'
import HouseholdTripsPage from '@/pages/household/trips/index'
import type { TripOffer } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, householdMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const offer: TripOffer = {
  tripId: '7d0c1e2f-0000-4000-8000-000000000001',
  namedId: 'named-1',
  title: { 'zh-Hans': '赴浙江交流', bo: 'ཀྲེ་ཅང་དུ་བརྗེ་རེས།' },
  places: { 'zh-Hans': '杭州、湖州', bo: 'ཧང་ཀྲོའུ།' },
  startDay: '2027-01-10',
  endDay: '2027-01-16',
  state: 'offered',
  due: '2026-12-20T16:00:00.000Z',
}

test('the household sees its offer and confirms it after the question; nothing else is asked of it', async () => {
  await renderPage(HouseholdTripsPage, {
    routes: [
      on(identity, 'me', householdMe),
      on(exchange, 'tripOffers', { items: [offer] }),
      on(exchange, 'answerTrip', { state: 'confirmed', status: 'done' }),
    ],
  })
  expect(lastInput('exchange', 'tripOffers')).toEqual({ householdId: HOUSEHOLD_ID })
  const card = screen.getByTestId('trip-offer')
  expect(card.textContent).toContain('杭州、湖州')
  expect(card.textContent).toContain(zh('exchange.trips.state.offered'))
  await tap(screen.getByTestId('trip-confirm'))
  expect(lastInput('exchange', 'answerTrip')).toEqual({ tripId: offer.tripId, namedId: 'named-1', answer: 'confirm' })
  expect(screen.queryByRole('textbox')).toBeNull()
})

test('a decline is asked first and nothing is sent when the household says no', async () => {
  await renderPage(HouseholdTripsPage, {
    params: { householdId: HOUSEHOLD_ID },
    routes: [on(exchange, 'tripOffers', { items: [offer] })],
  })
  taroStub.confirm = false
  await tap(screen.getByTestId('trip-decline'))
  expect(lastInput('exchange', 'answerTrip')).toBeUndefined()
})

test('in Tibetan: the offer, its state and why a late answer is refused', async () => {
  await renderPage(HouseholdTripsPage, {
    lang: 'bo',
    params: { householdId: HOUSEHOLD_ID },
    routes: [
      on(exchange, 'tripOffers', { items: [offer, { ...offer, namedId: 'named-2', state: 'confirmed' }] }),
      on(exchange, 'answerTrip', refuse('CONFLICT', 'exchange.trips.offerExpired')),
    ],
  })
  expect(screen.getByText(bo('exchange.trips.offerIntro'))).toBeTruthy()
  expect(screen.getAllByTestId('trip-offer-state').map((s) => s.textContent)).toEqual([
    bo('exchange.trips.state.offered'),
    bo('exchange.trips.state.confirmed'),
  ])
  await tap(screen.getByTestId('trip-confirm'))
  expect(screen.getByRole('alert').textContent).toContain(bo('exchange.trips.offerExpired'))
})

test('with no offer the household is told so', async () => {
  await renderPage(HouseholdTripsPage, {
    params: { householdId: HOUSEHOLD_ID },
    routes: [on(exchange, 'tripOffers', { items: [] })],
  })
  expect(screen.getByText(zh('exchange.trips.noOffers'))).toBeTruthy()
})
