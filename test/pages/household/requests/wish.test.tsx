import { fireEvent, screen } from '@testing-library/react'
import HouseholdWishPage from '@/pages/household/requests/wish'
import { requests } from '@shared/contracts/requests'
import type { HouseholdWish } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { assigned } from './fixtures'

beforeEach(freshTaro)

const params = { id: assigned.id, householdId: HOUSEHOLD_ID }
const wish = (state: HouseholdWish['state'], extra: Partial<HouseholdWish> = {}): HouseholdWish => ({
  id: '8d2e1c5a-3b4f-4a6e-9c7d-1f2e3d4c5b6a',
  requestId: assigned.id,
  text: '冬天取暖的煤不够了',
  state,
  consentOnBehalf: false,
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-04T02:00:00.000Z',
  ...extra,
})
const listed = (items: HouseholdWish[]) => on(wishes, 'mine', { items })
const mine = on(requests, 'mine', { items: [assigned] })

test('nothing is published without the household’s consent; with it, the text it read is published once', async () => {
  let published = false
  await renderPage(HouseholdWishPage, {
    params,
    routes: [
      mine,
      on(wishes, 'mine', () => ({ items: published ? [wish('published')] : [] })),
      on(wishes, 'publish', (input) => {
        published = true
        return { id: input.id, state: 'published' as const, status: 'created' as const }
      }),
    ],
  })
  expect(screen.getByTestId('publish-form').textContent).toContain(zh('wishes.intro'))
  expect((screen.getByTestId('wish-text') as HTMLTextAreaElement).value).toBe(assigned.text)
  await tap(screen.getByTestId('publish'))
  expect(callsTo('wishes').filter((c) => c.action === 'publish')).toHaveLength(0)
  const consent = document.querySelector('[data-field="consent"]')!
  expect(consent.getAttribute('data-invalid')).toBe('true')
  expect(consent.textContent).toContain(zh('wishes.consentRequired'))

  fireEvent.change(screen.getByTestId('wish-text'), { target: { value: '需要一些过冬的煤' } })
  fireEvent.click(screen.getByTestId('consent'))
  await tap(screen.getByTestId('publish'))
  expect(lastInput('wishes', 'publish')).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    householdId: HOUSEHOLD_ID,
    requestId: assigned.id,
    text: '需要一些过冬的煤',
    consent: true,
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('wishes.published') }))
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('published')
})

test('a delivered wish names its donor and asks the household to confirm it arrived', async () => {
  let state: HouseholdWish['state'] = 'fulfilled'
  await renderPage(HouseholdWishPage, {
    params,
    routes: [
      mine,
      on(wishes, 'mine', () => ({
        items: [wish(state, { donor: { id: 'd', kind: 'enterprise', name: '甘孜爱心企业' }, note: '已送到村委会' })],
      })),
      on(wishes, 'confirm', (input) => {
        state = 'confirmed'
        return { id: input.id, state: 'confirmed' as const, status: 'done' as const }
      }),
    ],
  })
  const card = screen.getByTestId('wish')
  expect(card.textContent).toContain(zh('wishes.donor', { name: '甘孜爱心企业' }))
  expect(card.textContent).toContain(zh('wishes.note', { note: '已送到村委会' }))
  expect(screen.queryByTestId('withdraw')).toBeNull()
  await tap(screen.getByTestId('confirm'))
  expect(lastInput('wishes', 'confirm')).toEqual({ id: wish('fulfilled').id, householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('confirmed')
  expect(screen.queryByTestId('confirm')).toBeNull()
})

test('withdrawing asks first; declined, nothing is sent', async () => {
  await renderPage(HouseholdWishPage, {
    params,
    routes: [
      mine,
      listed([wish('claimed', { donor: { id: 'd', kind: 'unit', name: '县民政局' } })]),
      on(wishes, 'withdraw', (input) => ({ id: input.id, state: 'withdrawn' as const, status: 'done' as const })),
    ],
  })
  taroStub.confirm = false
  await tap(screen.getByTestId('withdraw'))
  expect(callsTo('wishes').filter((c) => c.action === 'withdraw')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('withdraw'))
  expect(lastInput('wishes', 'withdraw')).toEqual({ id: wish('claimed').id, householdId: HOUSEHOLD_ID })
})

test('after a withdrawal the request may be published again (in Tibetan)', async () => {
  await renderPage(HouseholdWishPage, {
    params,
    lang: 'bo',
    routes: [mine, listed([wish('withdrawn')])],
  })
  const form = screen.getByTestId('publish-form')
  expect(form.textContent).toContain(bo('wishes.again'))
  expect(screen.getByTestId('publish').textContent).toBe(bo('wishes.publish'))
})

test('a request that is not the household’s shows that it was not found', async () => {
  await renderPage(HouseholdWishPage, {
    params: { id: 'b3f0e2d1-0000-4000-8000-000000000000', householdId: HOUSEHOLD_ID },
    routes: [mine, listed([])],
  })
  expect(screen.getByText(zh('wishes.noRequest'))).toBeTruthy()
  expect(screen.queryByTestId('publish-form')).toBeNull()
})

test('a wish published by the paired official says it recorded the household’s consent', async () => {
  await renderPage(HouseholdWishPage, {
    params,
    routes: [mine, listed([wish('published', { consentOnBehalf: true })])],
  })
  expect(screen.getByTestId('wish').textContent).toContain(zh('wishes.onBehalf'))
  expect(screen.getByTestId('withdraw')).toBeTruthy()
})

test('a request no longer worked on is not offered as a wish', async () => {
  await renderPage(HouseholdWishPage, {
    params,
    routes: [on(requests, 'mine', { items: [{ ...assigned, state: 'confirmed' }] }), listed([])],
  })
  expect(screen.getByText(zh('wishes.requestFinished'))).toBeTruthy()
  expect(screen.queryByTestId('publish-form')).toBeNull()
})
