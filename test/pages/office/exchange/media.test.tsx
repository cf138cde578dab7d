import { screen } from '@testing-library/react'
import OfficeCampaignPage from '@/pages/office/exchange/campaign'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { officeMe } from '../../fixtures'
import {
  audioPlays,
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  refuse,
  renderPage,
  shownError,
  tap,
  zh,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { CAMPAIGN, NOMINATION, campaignDetail, nomination } from './fixtures'

beforeEach(freshTaro)

const params = { id: CAMPAIGN }
const FOLDER = `cloud://shiliuzi-test/nominations/${NOMINATION}`
const media = {
  photos: [
    { fileId: `${FOLDER}/0.jpg`, url: 'https://tmp.example/0.jpg?sign=a' },
    { fileId: `${FOLDER}/1.jpg`, url: 'https://tmp.example/1.jpg?sign=b' },
  ],
  voice: { fileId: `${FOLDER}/voice.mp3`, url: 'https://tmp.example/voice.mp3?sign=c' },
}

test('the reviewer asks for the photos and recording, sees the photos, opens one full size and plays the recording', async () => {
  const played = audioPlays()
  await renderPage(OfficeCampaignPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', { campaign: campaignDetail(), items: [nomination({ next: 'county', media: true })] }),
      on(exchange, 'media', media),
    ],
  })
  // nothing is fetched (nor recorded as looked at) until asked
  expect(callsTo('exchange').filter((c) => c.action === 'media')).toHaveLength(0)
  const open = screen.getByTestId('media-open')
  expect(open.textContent).toBe(zh('exchange.media.open'))
  await tap(open)
  expect(lastInput('exchange', 'media')).toEqual({ nominationId: NOMINATION })
  const photos = screen.getAllByTestId('media-photo')
  expect(photos.map((p) => p.getAttribute('src'))).toEqual(media.photos.map((p) => p.url))
  await tap(photos[1]!)
  expect(taroStub.previews.at(-1)).toEqual({ current: media.photos[1]!.url, urls: media.photos.map((p) => p.url) })
  const player = screen.getByTestId('media').querySelector('[data-testid="audio-player"]')!
  expect(player.textContent).toContain(zh('exchange.media.voice'))
  await tap(player.querySelector('[data-testid="audio-toggle"]')!)
  expect(played).toEqual([media.voice.url])
  expect(screen.getByTestId('media').textContent).toContain(zh('exchange.media.recorded'))
  // the review form is still there beside them
  expect(screen.getByTestId('review-form')).toBeTruthy()
})

test('in Tibetan: a file the function could not link is said to be missing; a refusal is shown with why', async () => {
  await renderPage(OfficeCampaignPage, {
    params,
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', {
        campaign: campaignDetail(),
        items: [nomination({ media: true }), nomination({ id: '8d4f5e6a-7b8c-4d9e-8f1a-2b3c4d5e6f70', media: true })],
      }),
      on(exchange, 'media', (input, n) =>
        n === 1
          ? { photos: [{ ...media.photos[0]!, url: '' }], voice: null }
          : refuse('FORBIDDEN', 'exchange.notYourMedia'),
      ),
    ],
  })
  const [first, second] = screen.getAllByTestId('media-open')
  expect(first!.textContent).toBe(bo('exchange.media.open'))
  await tap(first!)
  expect(screen.queryAllByTestId('media-photo')).toHaveLength(0)
  expect(screen.getByTestId('media').textContent).toContain(bo('exchange.media.gone'))
  await tap(second!)
  expect(shownError('FORBIDDEN')).toContain(bo('exchange.notYourMedia'))
  expect(screen.getAllByTestId('media-open')).toHaveLength(1)
})

test('an office that may not open them (the nominator, or a nomination without files) gets no button, and the counts stay', async () => {
  await renderPage(OfficeCampaignPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', { campaign: campaignDetail(), items: [nomination({ mine: true })] }),
    ],
  })
  expect(screen.queryByTestId('media-open')).toBeNull()
  expect(screen.getByTestId('nomination').textContent).toContain(zh('exchange.photos', { count: 2 }))
})
