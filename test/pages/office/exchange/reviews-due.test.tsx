/**
 * The annual review prompted: the selection's home tells a county office how many named families and studios
 * are due for their yearly review and opens the named list narrowed to them, where each is kept in one tap;
 * the list's filter counts them; an office that does not review (a village's) is never asked.
 */
import { screen } from '@testing-library/react'
import OfficeExchangePage from '@/pages/office/exchange/index'
import OfficeNamedPage from '@/pages/office/exchange/named'
import type { ActionOutput } from '@shared/contract'
import type { DueReview, NamedItem } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { chinaDay } from '@shared/time'
import { GALA, KANGDING, PLACE, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { campaignItem } from './fixtures'

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

const named = (id: string, extra: Partial<NamedItem> = {}): NamedItem => ({
  id,
  campaignId: 'c1',
  year: 2025,
  kind: 'family',
  name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
  village: { 'zh-Hans': '榆林村', bo: 'ཡུས་ལིན་གྲོང་ཚོ།' },
  status: 'active',
  namedAt: '2025-03-09T02:00:00.000Z',
  ...extra,
})

const due = (id: string, day: string, extra: Partial<NamedItem> = {}): DueReview => ({ ...named(id, extra), due: day })

const twoDue = {
  count: 2,
  items: [
    due('n1', '2026-03-09'),
    due('n2', '2026-11-02', { kind: 'studio', name: { 'zh-Hans': '团结工作室', bo: 'མཐུན་སྒྲིལ་ལས་ཁང་།' } }),
  ],
}

const exchangeHome = (me: typeof officeMe, count: ActionOutput<typeof exchange, 'reviewsDue'>) => [
  on(identity, 'me', me),
  on(exchange, 'campaigns', { items: [campaignItem] }),
  on(exchange, 'reviewsDue', count),
]

test('the county office’s home counts the reviews due and opens the named list narrowed to them', async () => {
  await renderPage(OfficeExchangePage, { routes: exchangeHome(officeMe, twoDue) })
  expect(lastInput('exchange', 'reviewsDue')).toEqual({ region: KANGDING })
  const card = screen.getByTestId('reviews-due')
  expect(card.textContent).toContain(zh('exchange.reviewsDue.count', { n: 2 }))
  expect(card.textContent).toContain(zh('exchange.reviewsDue.why'))
  await tap(screen.getByTestId('reviews-due-open'))
  expect(taroStub.navigations.at(-1)?.url).toBe('/pages/office/exchange/named?due=1')
})

test('in Tibetan the count reads in Tibetan', async () => {
  await renderPage(OfficeExchangePage, { lang: 'bo', routes: exchangeHome(officeMe, twoDue) })
  expect(screen.getByTestId('reviews-due').textContent).toContain(bo('exchange.reviewsDue.count', { n: 2 }))
  expect(screen.getByTestId('reviews-due-open').textContent).toBe(bo('exchange.reviewsDue.open'))
})

test('with none due the home shows nothing of it', async () => {
  await renderPage(OfficeExchangePage, { routes: exchangeHome(officeMe, { count: 0, items: [] }) })
  expect(screen.queryAllByTestId('reviews-due')).toHaveLength(0)
})

test('a village office, which does not review, is never asked for the count', async () => {
  await renderPage(OfficeExchangePage, { routes: exchangeHome(villageMe, twoDue) })
  expect(screen.getByTestId('campaign')).toBeTruthy()
  expect(screen.queryByTestId('reviews-due')).toBeNull()
  expect(callsTo('exchange').map((c) => c.action)).not.toContain('reviewsDue')
})

test('a village office’s named list has no filter and no review', async () => {
  await renderPage(OfficeNamedPage, {
    params: { due: '1' },
    routes: [on(identity, 'me', villageMe), on(exchange, 'named', { items: [named('n1')] })],
  })
  expect(screen.queryByTestId('named-filter-due')).toBeNull()
  expect(screen.getByTestId('named-item').getAttribute('data-id')).toBe('n1')
  expect(screen.queryByTestId('keep')).toBeNull()
  expect(callsTo('exchange').map((c) => c.action)).not.toContain('reviewsDue')
})

test('opened from the prompt, the list shows only those due, the longest first, each kept in one tap', async () => {
  let kept = false
  await renderPage(OfficeNamedPage, {
    params: { due: '1' },
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'named', { items: [named('n1'), named('n2'), named('n3', { year: 2026 })] }),
      on(exchange, 'reviewsDue', () => (kept ? { count: 1, items: [twoDue.items[1]!] } : twoDue)),
      on(exchange, 'reviewNamed', (input) => {
        kept = true
        return { id: input.id, status: 'active' as const }
      }),
    ],
  })
  expect(screen.getByTestId('named-filter-due').getAttribute('aria-checked')).toBe('true')
  expect(screen.getByTestId('named-filter-due').textContent).toBe(zh('exchange.reviewsDue.filterN', { n: 2 }))
  const items = screen.getAllByTestId('named-item')
  expect(items.map((i) => i.getAttribute('data-id'))).toEqual(['n1', 'n2'])
  expect(items[0]!.textContent).toContain(zh('exchange.reviewsDue.since', { day: '2026-03-09' }))
  await tap(items[0]!.querySelector('[data-testid="keep"]')!)
  expect(lastInput('exchange', 'reviewNamed')).toEqual({
    id: 'n1',
    outcome: 'kept',
    year: Number(chinaDay().slice(0, 4)),
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('exchange.kept') }))
  expect(screen.getAllByTestId('named-item').map((i) => i.getAttribute('data-id'))).toEqual(['n2'])
  expect(screen.getByTestId('named-filter-due').textContent).toBe(zh('exchange.reviewsDue.filterN', { n: 1 }))
  // the whole list is one tap away
  await tap(screen.getByTestId('named-filter-all'))
  expect(screen.getAllByTestId('named-item')).toHaveLength(3)
})

test('in Tibetan: the list opens whole with the filter counting those due; none due says so', async () => {
  await renderPage(OfficeNamedPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'named', { items: [named('n1'), named('n3', { year: 2026 })] }),
      on(exchange, 'reviewsDue', { count: 0, items: [] }),
    ],
  })
  expect(screen.getAllByTestId('named-item')).toHaveLength(2)
  expect(screen.getByTestId('named-filter-due').textContent).toBe(bo('exchange.reviewsDue.filterN', { n: 0 }))
  await tap(screen.getByTestId('named-filter-due'))
  expect(screen.queryAllByTestId('named-item')).toHaveLength(0)
  expect(document.body.textContent).toContain(bo('exchange.reviewsDue.none'))
})

test('more due than shown: the first ones are listed and the count says there are more', async () => {
  await renderPage(OfficeNamedPage, {
    params: { due: '1' },
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'named', { items: [] }),
      on(exchange, 'reviewsDue', { count: 150, items: [twoDue.items[0]!] }),
    ],
  })
  expect(screen.getByTestId('named-due-list').textContent).toContain(zh('exchange.reviewsDue.first', { n: 1 }))
})
