import { fireEvent, screen } from '@testing-library/react'
import OfficeTripPage from '@/pages/office/exchange/trips-detail'
import type { TripItem, TripRow } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { addDays, chinaDay } from '@shared/time'
import { HEAD_NAME, KANGDING, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'

beforeEach(freshTaro)

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
const rows: TripRow[] = [
  { namedId: 'named-1', kind: 'family', name: HEAD_NAME, township: PLACE.lazhuo, state: 'confirmed', onBehalf: true },
  {
    namedId: 'named-2',
    kind: 'family',
    name: { 'zh-Hans': '次仁多吉', bo: 'ཚེ་རིང་རྡོ་རྗེ།' },
    township: PLACE.lazhuo,
    state: 'declined',
  },
]

test('in Tibetan: the organisers’ list of who goes, each answer, and the report waiting for the trip’s end', async () => {
  await renderPage(OfficeTripPage, {
    lang: 'bo',
    params: { id: trip.id },
    routes: [on(exchange, 'trip', { trip: { ...trip, endDay: addDays(chinaDay(), 3) }, rows })],
  })
  expect(screen.getByTestId('participants').textContent).toContain(HEAD_NAME.bo)
  expect(screen.getByTestId('participants').textContent).not.toContain('ཚེ་རིང་རྡོ་རྗེ།')
  expect(screen.getByTestId('everyone').textContent).toContain(bo('exchange.trips.state.declined'))
  expect(screen.getByTestId('everyone').textContent).toContain(bo('exchange.trips.onBehalf'))
  expect(screen.getByTestId('report-later').textContent).toBe(bo('exchange.trips.reportLater'))
})

test('after the trip the report becomes a draft notice; then it opens in the notices editor', async () => {
  const over = { ...trip, endDay: addDays(chinaDay(), -1) }
  await renderPage(OfficeTripPage, {
    params: { id: trip.id },
    routes: [
      on(exchange, 'trip', { trip: over, rows }),
      on(exchange, 'tripReport', { noticeId: 'n1', status: 'created' }),
    ],
  })
  fireEvent.change(screen.getByTestId('report-title-zh-Hans'), { target: { value: '我们从浙江回来了' } })
  fireEvent.change(screen.getByTestId('report-body-zh-Hans'), { target: { value: '十户家庭参观了茶园。' } })
  await tap(screen.getByTestId('report-save'))
  expect(lastInput('exchange', 'tripReport')).toMatchObject({
    id: trip.id,
    title: { 'zh-Hans': '我们从浙江回来了', bo: '' },
    body: { 'zh-Hans': '十户家庭参观了茶园。', bo: '' },
    photos: [],
  })
})

test('a reported trip links to its draft notice', async () => {
  await renderPage(OfficeTripPage, {
    params: { id: trip.id },
    routes: [on(exchange, 'trip', { trip: { ...trip, endDay: '2026-01-01', noticeId: 'n1' }, rows })],
  })
  expect(screen.getByTestId('open-notice').textContent).toBe(zh('exchange.trips.openNotice'))
  expect(screen.queryByTestId('report')).toBeNull()
})
