import { fireEvent, screen } from '@testing-library/react'
import OfficeTripsPage from '@/pages/office/exchange/trips'
import type { NamedItem, TripItem } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { addDays, chinaDay } from '@shared/time'
import { HEAD_NAME, KANGDING, LAZHUO, PLACE, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'

beforeEach(freshTaro)

const named = (id: string, name: { 'zh-Hans': string; bo: string }): NamedItem => ({
  id,
  campaignId: 'c1',
  year: 2026,
  kind: 'family',
  name,
  village: PLACE.gala,
  status: 'active',
  namedAt: '2026-11-01T02:00:00.000Z',
})
const first = named('named-1', HEAD_NAME)
const second = named('named-2', { 'zh-Hans': '次仁多吉', bo: 'ཚེ་རིང་རྡོ་རྗེ།' })
const trip: TripItem = {
  id: '7d0c1e2f-0000-4000-8000-000000000001',
  region: KANGDING,
  title: { 'zh-Hans': '赴浙江交流', bo: 'ཀྲེ་ཅང་དུ་བརྗེ་རེས།' },
  places: { 'zh-Hans': '杭州、湖州', bo: 'ཧང་ཀྲོའུ།' },
  startDay: '2027-01-10',
  endDay: '2027-01-16',
  slots: 1,
  confirmed: 1,
  offered: 0,
}
test('a county office makes a trip with its named families in the order it sets, asked first', async () => {
  await renderPage(OfficeTripsPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'trips', { items: [trip] }),
      on(exchange, 'named', { items: [first, second] }),
      on(exchange, 'saveTrip', { id: 'x', status: 'created', offered: 1 }),
    ],
  })
  expect(lastInput('exchange', 'trips')).toEqual({ region: KANGDING })
  expect(screen.getByTestId('trip-counts').textContent).toBe(
    zh('exchange.trips.counts', { slots: 1, confirmed: 1, offered: 0 }),
  )
  fireEvent.change(screen.getByTestId('title-zh-Hans'), { target: { value: '赴浙江交流' } })
  fireEvent.change(screen.getByTestId('places-zh-Hans'), { target: { value: '杭州' } })
  fireEvent.change(screen.getByTestId('slots'), { target: { value: '1' } })
  // the second first, then the first: the order places are offered in
  await tap(screen.getAllByTestId('add')[1]!)
  await tap(screen.getAllByTestId('add')[0]!)
  expect(screen.getAllByTestId('ordered').map((r) => r.textContent)).toEqual([
    expect.stringContaining('次仁多吉'),
    expect.stringContaining(HEAD_NAME['zh-Hans']),
  ])
  await tap(screen.getByTestId('up'))
  await tap(screen.getByTestId('create'))
  const sent = lastInput('exchange', 'saveTrip') as Record<string, unknown>
  expect(sent).toMatchObject({ region: KANGDING, slots: 1, named: ['named-1', 'named-2'] })
  expect(sent.startDay).toBe(addDays(chinaDay(), 30))
})

test('without a name the form marks the list and sends nothing', async () => {
  await renderPage(OfficeTripsPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'trips', { items: [] }),
      on(exchange, 'named', { items: [first] }),
    ],
  })
  fireEvent.change(screen.getByTestId('title-zh-Hans'), { target: { value: '赴浙江交流' } })
  fireEvent.change(screen.getByTestId('places-zh-Hans'), { target: { value: '杭州' } })
  await tap(screen.getByTestId('create'))
  expect(lastInput('exchange', 'saveTrip')).toBeUndefined()
  expect(screen.getByText(zh('exchange.trips.noNamed'))).toBeTruthy()
})

test('a township office reads trips but is offered no form', async () => {
  await renderPage(OfficeTripsPage, {
    routes: [
      on(identity, 'me', { ...officeMe, roles: [{ role: 'office', region: LAZHUO }] }),
      on(exchange, 'trips', { items: [] }),
    ],
  })
  expect(screen.queryByTestId('new-trip')).toBeNull()
  expect(screen.getByText(zh('exchange.trips.empty'))).toBeTruthy()
})

test('in Tibetan: the trips, the form and the names to choose from', async () => {
  await renderPage(OfficeTripsPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'trips', { items: [trip] }),
      on(exchange, 'named', { items: [first] }),
    ],
  })
  expect(screen.getByTestId('trip').textContent).toContain('ཧང་ཀྲོའུ།')
  expect(screen.getByText(bo('exchange.trips.new'))).toBeTruthy()
  expect(screen.getByTestId('candidate').textContent).toContain(HEAD_NAME.bo)
})
