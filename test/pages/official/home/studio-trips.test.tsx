/**
 * A studio's trip places on its official members' home: shown only when there are some, with the studio's
 * name, answered there (asked first); in Tibetan too.
 */
import { screen } from '@testing-library/react'
import OfficialHomePage from '@/pages/official/home/index'
import type { StudioTripOffer } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { officialMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const offer: StudioTripOffer = {
  tripId: '7d0c1e2f-0000-4000-8000-000000000001',
  namedId: 'named-studio',
  title: { 'zh-Hans': '赴浙江湖州结对交流', bo: 'ཀྲེ་ཅང་ཧུའུ་ཀྲོའུ་ལ་ཟུང་སྒྲིག་བརྗེ་རེས།' },
  places: { 'zh-Hans': '湖州市安吉县', bo: 'ཧུའུ་ཀྲོའུ་གྲོང་ཁྱེར་གྱི་ཨན་ཅི་རྫོང་།' },
  startDay: '2027-01-10',
  endDay: '2027-01-16',
  state: 'offered',
  due: '2026-12-20T16:00:00.000Z',
  studio: { 'zh-Hans': '嘎拉社区石榴籽工作室', bo: 'ཀ་ལ་ཁུལ་གྱི་སེ་འབྲུའི་ལས་ཁང་།' },
}

test('a studio’s place offered to it shows on its official’s home and is confirmed there, asked first', async () => {
  let answered = false
  await renderPage(OfficialHomePage, {
    routes: [
      on(identity, 'me', officialMe),
      on(exchange, 'studioTripOffers', () => ({
        items: [answered ? { ...offer, state: 'confirmed' as const } : offer],
      })),
      on(exchange, 'answerTrip', () => {
        answered = true
        return { state: 'confirmed' as const, status: 'done' as const }
      }),
    ],
  })
  const section = screen.getByTestId('studio-trip-offers')
  expect(section.textContent).toContain(zh('exchange.trips.studioOffers'))
  expect(screen.getByTestId('trip-offer-studio').textContent).toBe('嘎拉社区石榴籽工作室')
  taroStub.confirm = false
  await tap(screen.getByTestId('trip-confirm'))
  expect(callsTo('exchange').filter((c) => c.action === 'answerTrip')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('trip-confirm'))
  expect(lastInput('exchange', 'answerTrip')).toEqual({
    tripId: offer.tripId,
    namedId: 'named-studio',
    answer: 'confirm',
  })
  expect(screen.getByTestId('trip-offer').getAttribute('data-state')).toBe('confirmed')
})

test('in Tibetan the studio’s offer reads in Tibetan', async () => {
  await renderPage(OfficialHomePage, {
    lang: 'bo',
    routes: [on(identity, 'me', officialMe), on(exchange, 'studioTripOffers', { items: [offer] })],
  })
  expect(screen.getByTestId('studio-trip-offers').textContent).toContain(bo('exchange.trips.studioOffersIntro'))
  expect(screen.getByTestId('trip-offer-studio').textContent).toBe('ཀ་ལ་ཁུལ་གྱི་སེ་འབྲུའི་ལས་ཁང་།')
  expect(screen.getByTestId('trip-offer-state').textContent).toBe(bo('exchange.trips.state.offered'))
})

test('an official of no studio with an offer sees nothing of it', async () => {
  await renderPage(OfficialHomePage, {
    routes: [on(identity, 'me', officialMe), on(exchange, 'studioTripOffers', { items: [] })],
  })
  expect(lastInput('exchange', 'studioTripOffers')).toEqual({})
  expect(screen.queryByTestId('studio-trip-offers')).toBeNull()
})
