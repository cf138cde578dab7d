import Taro from '@tarojs/taro'
import { fireEvent, render, screen } from '@testing-library/react'
import OfficialWishesPage from '@/pages/official/wishes/index'
import DonorLink from '@/pages/official/wishes/Link'
import type { MyDonor, WishItem } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { KANGDING, LAZHUO, PLACE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const me: MyDonor = {
  id: '9f8e7d6c-0000-4000-8000-000000000010',
  kind: 'official',
  name: '扎西卓玛',
  region: KANGDING,
  regionName: PLACE.kangding,
  claimed: 1,
}
const published: WishItem = {
  id: '1a2b3c4d-0000-4000-8000-000000000011',
  category: 'other',
  text: '孩子缺一件冬天的棉衣，电话 139****0776',
  village: PLACE.gala,
  state: 'published',
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-03T02:00:00.000Z',
}
const claimed: WishItem = {
  ...published,
  id: '1a2b3c4d-0000-4000-8000-000000000012',
  text: '家里缺一台洗衣机',
  state: 'claimed',
  donor: { id: me.id, kind: 'official', name: me.name },
}
const step = (state: WishItem['state']) => (input: { id: string }) => ({
  id: input.id,
  state,
  status: 'done' as const,
})

const base = (items: WishItem[], donors: MyDonor[] = [me]) => [
  on(wishes, 'myDonors', { items: donors }),
  on(wishes, 'forDonor', { items, more: false }),
]

test('the wishes the official may help with, masked to the village, and a claim in one tap', async () => {
  await renderPage(OfficialWishesPage, { routes: [...base([published]), on(wishes, 'claim', step('claimed'))] })
  expect(lastInput('wishes', 'forDonor')).toEqual({ donorId: me.id, page: 0 })
  expect(screen.getByTestId('donor-intro').textContent).toContain(
    zh('wishes.mine.intro', { region: PLACE.kangding['zh-Hans'] }),
  )
  const card = screen.getByTestId('wish')
  expect(card.textContent).toContain(PLACE.gala['zh-Hans'])
  expect(card.textContent).toContain('139****0776')
  // one donor: nothing to choose
  expect(screen.queryByTestId(`as-${me.id}`)).toBeNull()
  await tap(screen.getByTestId('claim'))
  expect(lastInput('wishes', 'claim')).toEqual({
    id: published.id,
    claimId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    donorId: me.id,
  })
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('claimed')
  expect(screen.getByTestId('fulfil')).toBeTruthy()
  expect(screen.getByTestId('hand-back-open')).toBeTruthy()
})

test('a wish another donor took meanwhile says so on its card', async () => {
  await renderPage(OfficialWishesPage, {
    routes: [...base([published]), on(wishes, 'claim', refuse('CONFLICT', 'wishes.taken'))],
  })
  await tap(screen.getByTestId('claim'))
  expect(screen.getByTestId('form-message').textContent).toBe(zh('wishes.taken'))
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('published')
})

test('marking delivered sends the optional note, then the card waits for the household', async () => {
  await renderPage(OfficialWishesPage, { routes: [...base([claimed]), on(wishes, 'fulfil', step('fulfilled'))] })
  fireEvent.change(screen.getByTestId('fulfil-note'), { target: { value: '洗衣机已送到家' } })
  await tap(screen.getByTestId('fulfil'))
  expect(lastInput('wishes', 'fulfil')).toEqual({ id: claimed.id, note: '洗衣机已送到家' })
  const card = screen.getByTestId('wish')
  expect(card.getAttribute('data-state')).toBe('fulfilled')
  expect(card.textContent).toContain(zh('wishes.waitingHousehold'))
  expect(card.textContent).toContain(zh('wishes.note', { note: '洗衣机已送到家' }))
})

test('handing back: a reason is required, the question says what changes, a no sends nothing', async () => {
  await renderPage(OfficialWishesPage, { routes: [...base([claimed]), on(wishes, 'handBack', step('published'))] })
  await tap(screen.getByTestId('hand-back-open'))
  await tap(screen.getByTestId('hand-back'))
  expect(document.querySelector('[data-field="reason"]')!.getAttribute('data-invalid')).toBe('true')
  fireEvent.change(screen.getByTestId('hand-back-reason'), { target: { value: '这周下乡，送不到' } })
  const asked = jest.spyOn(Taro, 'showModal')
  taroStub.confirm = false
  await tap(screen.getByTestId('hand-back'))
  expect(asked.mock.calls[0]![0]).toMatchObject({ content: zh('wishes.handBackAsk') })
  expect(callsTo('wishes').filter((c) => c.action === 'handBack')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('hand-back'))
  expect(lastInput('wishes', 'handBack')).toEqual({ id: claimed.id, reason: '这周下乡，送不到' })
  const card = screen.getByTestId('wish')
  expect(card.getAttribute('data-state')).toBe('published')
  // published again: any donor may claim it, this one too
  expect(screen.getByTestId('claim')).toBeTruthy()
  expect(screen.getByTestId('handed-back').textContent).toBe(
    zh('wishes.handedBackNote', { reason: '这周下乡，送不到' }),
  )
})

test('keeping the claim closes the hand back form', async () => {
  await renderPage(OfficialWishesPage, { routes: base([claimed]) })
  await tap(screen.getByTestId('hand-back-open'))
  expect(screen.getByTestId('hand-back-form')).toBeTruthy()
  await tap(screen.getByTestId('hand-back-keep'))
  expect(screen.queryByTestId('hand-back-form')).toBeNull()
})

test('an official registered as donor for two places chooses which one it acts as', async () => {
  const other: MyDonor = { ...me, id: '9f8e7d6c-0000-4000-8000-000000000020', region: LAZHUO, regionName: PLACE.lazhuo }
  await renderPage(OfficialWishesPage, { routes: base([published], [me, other]) })
  await tap(screen.getByTestId(`as-${other.id}`))
  expect(lastInput('wishes', 'forDonor')).toEqual({ donorId: other.id, page: 0 })
  expect(screen.getByTestId('donor-intro').textContent).toContain(PLACE.lazhuo['zh-Hans'])
})

test('an official who is no donor is told how to become one', async () => {
  await renderPage(OfficialWishesPage, { routes: base([], []) })
  expect(screen.getByText(zh('wishes.mine.none'))).toBeTruthy()
  expect(callsTo('wishes').filter((c) => c.action === 'forDonor')).toHaveLength(0)
})

test('delivered and confirmed wishes in Tibetan', async () => {
  const confirmed: WishItem = {
    ...claimed,
    id: '1a2b3c4d-0000-4000-8000-000000000013',
    state: 'confirmed',
    note: 'ཁྱིམ་དུ་སྤྲད་ཟིན།',
  }
  await renderPage(OfficialWishesPage, {
    lang: 'bo',
    routes: base([published, { ...claimed, state: 'fulfilled' }, confirmed]),
  })
  const [first, second, third] = screen.getAllByTestId('wish')
  expect(first!.textContent).toContain(bo('wishes.state.published'))
  expect(screen.getByTestId('claim').textContent).toBe(bo('wishes.claim'))
  expect(second!.textContent).toContain(bo('wishes.waitingHousehold'))
  expect(third!.textContent).toContain(bo('wishes.thanks'))
  expect(screen.getByTestId('donor-intro').textContent).toContain(
    bo('wishes.mine.intro', { region: PLACE.kangding.bo }),
  )
})

test('handing back in Tibetan', async () => {
  await renderPage(OfficialWishesPage, { lang: 'bo', routes: base([claimed]) })
  await tap(screen.getByTestId('hand-back-open'))
  expect(screen.getByTestId('hand-back-form').textContent).toContain(bo('wishes.handBackReason'))
  expect(screen.getByTestId('hand-back-keep').textContent).toBe(bo('wishes.keep'))
})

test('the home link shows only when the official is a donor, with the wishes it holds', async () => {
  const { unmount } = await renderPage(() => <DonorLink url="/pages/official/wishes/index" />, {
    routes: base([], [me]),
  })
  expect(screen.getByTestId('open-donor-wishes').textContent).toContain(zh('wishes.mine.holding', { count: 1 }))
  await tap(screen.getByTestId('open-donor-wishes'))
  unmount()
  await renderPage(() => <DonorLink url="/pages/official/wishes/index" />, { routes: base([], []) })
  expect(screen.queryByTestId('open-donor-wishes')).toBeNull()
})

test('the home link stays away when the check fails', async () => {
  render(<DonorLink url="/pages/official/wishes/index" />)
  await settle(3)
  expect(screen.queryByTestId('open-donor-wishes')).toBeNull()
})
