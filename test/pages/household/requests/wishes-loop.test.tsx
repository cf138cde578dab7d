/**
 * The household's end of a wish a donor acted on for itself: delivered by an official donor, confirmed by
 * the household in Tibetan; handed back by its donor, waiting for another with the consent kept.
 */
import { screen } from '@testing-library/react'
import HouseholdWishPage from '@/pages/household/requests/wish'
import { requests } from '@shared/contracts/requests'
import type { HouseholdWish } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { assigned } from './fixtures'

beforeEach(freshTaro)

const params = { id: assigned.id, householdId: HOUSEHOLD_ID }
const wish = (state: HouseholdWish['state'], extra: Partial<HouseholdWish> = {}): HouseholdWish => ({
  id: '8d2e1c5a-3b4f-4a6e-9c7d-1f2e3d4c5b6b',
  requestId: assigned.id,
  text: 'ཁྱིམ་དུ་འཁྲུ་འཕྲུལ་མི་འདུག',
  state,
  consentOnBehalf: false,
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-04T02:00:00.000Z',
  ...extra,
})
const official = { id: 'd', kind: 'official' as const, name: 'བཀྲ་ཤིས་སྒྲོལ་མ།' }

test('in Tibetan: an official donor delivered it, the household confirms, the card says it arrived', async () => {
  let state: HouseholdWish['state'] = 'fulfilled'
  await renderPage(HouseholdWishPage, {
    params,
    lang: 'bo',
    routes: [
      on(requests, 'mine', { items: [assigned] }),
      on(wishes, 'mine', () => ({ items: [wish(state, { donor: official, note: 'ཁྱིམ་དུ་སྤྲད་ཟིན།' })] })),
      on(wishes, 'confirm', (input) => {
        state = 'confirmed'
        return { id: input.id, state: 'confirmed' as const, status: 'done' as const }
      }),
    ],
  })
  const card = screen.getByTestId('wish')
  expect(card.textContent).toContain(bo('wishes.state.fulfilled'))
  expect(card.textContent).toContain(bo('wishes.donor', { name: official.name }))
  expect(card.textContent).toContain(bo('wishes.note', { note: 'ཁྱིམ་དུ་སྤྲད་ཟིན།' }))
  expect(card.textContent).toContain(bo('wishes.confirmHint'))
  expect(screen.getByTestId('confirm').textContent).toBe(bo('wishes.confirm'))
  await tap(screen.getByTestId('confirm'))
  expect(lastInput('wishes', 'confirm')).toEqual({ id: wish('fulfilled').id, householdId: HOUSEHOLD_ID })
  const after = screen.getByTestId('wish')
  expect(after.getAttribute('data-state')).toBe('confirmed')
  expect(after.textContent).toContain(bo('wishes.state.confirmed'))
})

test('a wish its donor handed back waits for another donor; the household may still withdraw it', async () => {
  await renderPage(HouseholdWishPage, {
    params,
    routes: [on(requests, 'mine', { items: [assigned] }), on(wishes, 'mine', { items: [wish('published')] })],
  })
  const card = screen.getByTestId('wish')
  expect(card.textContent).toContain(zh('wishes.state.published'))
  expect(card.textContent).not.toContain(zh('wishes.donor', { name: official.name }))
  expect(screen.getByTestId('withdraw')).toBeTruthy()
  expect(screen.queryByTestId('publish')).toBeNull()
})
