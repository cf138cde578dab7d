import { fireEvent, render, screen } from '@testing-library/react'
import OfficeWishesPage from '@/pages/office/wishes/index'
import WishesLink from '@/pages/office/wishes/Link'
import { identity } from '@shared/contracts/identity'
import type { DonorItem, WishItem } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { HEAD_NAME, KANGDING, LAZHUO, PLACE, officeMe, officialMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, route, settle, tap, zh } from '../../helpers'

beforeEach(freshTaro)

type Me = typeof officeMe

const townshipMe: Me = {
  ...officeMe,
  roles: [{ role: 'office', region: LAZHUO }],
  cards: [],
}

const published: WishItem = {
  id: '1a2b3c4d-0000-4000-8000-000000000001',
  category: 'other',
  text: '孩子缺一件冬天的棉衣，电话 139****0776',
  village: PLACE.gala,
  state: 'published',
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-03T02:00:00.000Z',
}
const claimed: WishItem = {
  ...published,
  id: '1a2b3c4d-0000-4000-8000-000000000002',
  state: 'claimed',
  donor: { id: 'd1', kind: 'enterprise', name: '甘孜爱心企业' },
}
const donor: DonorItem = {
  id: '9f8e7d6c-0000-4000-8000-000000000001',
  kind: 'enterprise',
  name: '甘孜爱心企业',
  region: KANGDING,
  above: false,
  claimed: 0,
  createdAt: '2026-12-01T02:00:00.000Z',
}

const base = (me: Me, items: WishItem[], donors: DonorItem[] = [donor]) => [
  on(identity, 'me', me),
  on(wishes, 'donors', { items: donors }),
  on(wishes, 'list', { items, more: false }),
]

test('the region’s wishes open on those waiting for a donor, masked, with the village only', async () => {
  await renderPage(OfficeWishesPage, { routes: base(officeMe, [published]) })
  expect(lastInput('wishes', 'list')).toEqual({ region: KANGDING, state: 'published', page: 0 })
  expect(lastInput('wishes', 'donors')).toEqual({ region: KANGDING })
  const card = screen.getByTestId('wish')
  expect(card.textContent).toContain(PLACE.gala['zh-Hans'])
  expect(card.textContent).toContain('139****0776')
  expect(card.textContent).toContain(zh('wishes.state.published'))
  // a county office does not deliver: it is not offered who the household is
  expect(screen.queryByTestId('who')).toBeNull()
  await tap(screen.getByTestId('state-all'))
  expect(lastInput('wishes', 'list')).toEqual({ region: KANGDING, page: 0 })
})

test('claiming for a donor: a donor must be chosen; the claim is sent with its own id and shown at once', async () => {
  await renderPage(OfficeWishesPage, {
    routes: [
      ...base(officeMe, [published]),
      on(wishes, 'claim', (input) => ({ id: input.id, state: 'claimed' as const, status: 'done' as const })),
    ],
  })
  expect(screen.getByTestId('claim').hasAttribute('disabled')).toBe(true)
  await tap(screen.getByTestId(`donor-${donor.id}`))
  await tap(screen.getByTestId('claim'))
  expect(lastInput('wishes', 'claim')).toEqual({
    id: published.id,
    claimId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    donorId: donor.id,
  })
  const card = screen.getByTestId('wish')
  expect(card.getAttribute('data-state')).toBe('claimed')
  expect(card.textContent).toContain(zh('wishes.donor', { name: donor.name }))
  expect(screen.getByTestId('fulfil')).toBeTruthy()
})

test('a wish another donor took meanwhile says so on the card', async () => {
  await renderPage(OfficeWishesPage, {
    routes: [...base(officeMe, [published]), on(wishes, 'claim', refuse('CONFLICT', 'wishes.taken'))],
  })
  await tap(screen.getByTestId(`donor-${donor.id}`))
  await tap(screen.getByTestId('claim'))
  expect(screen.getByTestId('form-message').textContent).toBe(zh('wishes.taken'))
})

test('with no donor registered the office is told to register one', async () => {
  await renderPage(OfficeWishesPage, { routes: base(officeMe, [published], []) })
  expect(screen.getByTestId('no-donors').textContent).toBe(zh('wishes.noDonors'))
  await tap(screen.getByTestId('open-donors'))
})

test('marking fulfilled sends the note; a township office may look up who the household is', async () => {
  await renderPage(OfficeWishesPage, {
    routes: [
      ...base(townshipMe, [claimed]),
      on(wishes, 'fulfil', (input) => ({ id: input.id, state: 'fulfilled' as const, status: 'done' as const })),
      on(wishes, 'detail', {
        id: claimed.id,
        householdId: 'H1',
        requestId: 'r',
        head: HEAD_NAME,
        village: PLACE.gala,
      }),
    ],
  })
  expect(screen.getByText(zh('wishes.whoHint'))).toBeTruthy()
  await tap(screen.getByTestId('who'))
  expect(screen.getByTestId('who-shown').textContent).toBe(
    zh('wishes.head', { name: HEAD_NAME['zh-Hans'], village: PLACE.gala['zh-Hans'] }),
  )
  fireEvent.change(screen.getByTestId('fulfil-note'), { target: { value: '棉衣已送到村委会' } })
  await tap(screen.getByTestId('fulfil'))
  expect(lastInput('wishes', 'fulfil')).toEqual({ id: claimed.id, note: '棉衣已送到村委会' })
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('fulfilled')
  expect(callsTo('wishes').filter((c) => c.action === 'detail')).toHaveLength(1)
})

test('a wish its donor handed back says why, in Chinese and in Tibetan', async () => {
  const back = { ...published, handedBack: '这周下乡，送不到' }
  const view = await renderPage(OfficeWishesPage, { routes: base(officeMe, [back]) })
  expect(screen.getByTestId('handed-back').textContent).toBe(
    zh('wishes.handedBackNote', { reason: '这周下乡，送不到' }),
  )
  view.unmount()
})

test('in Tibetan', async () => {
  await renderPage(OfficeWishesPage, { lang: 'bo', routes: base(officeMe, [{ ...published, handedBack: 'ལམ་རྒྱང་།' }]) })
  expect(screen.getByTestId('handed-back').textContent).toBe(bo('wishes.handedBackNote', { reason: 'ལམ་རྒྱང་།' }))
  expect(screen.getByTestId('wish').textContent).toContain(bo('wishes.state.published'))
  expect(screen.getByTestId('claim').textContent).toBe(bo('wishes.claim'))
})

test('the region’s wishes link shows for office staff only', async () => {
  const { unmount } = render(<WishesLink roles={officeMe.roles} />)
  expect(screen.getByTestId('open-wishes').textContent).toContain(zh('wishes.title'))
  unmount()
  route([on(wishes, 'myDonors', { items: [] })])
  render(<WishesLink roles={[...officialMe.roles, { role: 'department', departmentId: 'D1' }]} />)
  await settle(3)
  expect(screen.queryByTestId('open-wishes')).toBeNull()
})
