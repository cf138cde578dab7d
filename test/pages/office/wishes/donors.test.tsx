import { fireEvent, screen } from '@testing-library/react'
import OfficeDonorsPage from '@/pages/office/wishes/donors'
import { identity } from '@shared/contracts/identity'
import type { DonorItem } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { KANGDING, PREFECTURE, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'

beforeEach(freshTaro)

const donor = (name: string, extra: Partial<DonorItem> = {}): DonorItem => ({
  id: `9f8e7d6c-0000-4000-8000-00000000000${name.length}`,
  kind: 'unit',
  name,
  region: KANGDING,
  above: false,
  claimed: 0,
  createdAt: '2026-12-01T02:00:00.000Z',
  ...extra,
})

test('donors of the region and those registered above it, with the wishes each holds', async () => {
  await renderPage(OfficeDonorsPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(wishes, 'donors', {
        items: [donor('县民政局', { claimed: 2 }), donor('州红十字会', { region: PREFECTURE, above: true })],
      }),
    ],
  })
  expect(lastInput('wishes', 'donors')).toEqual({ region: KANGDING })
  const [first, second] = screen.getAllByTestId('donor')
  expect(first!.textContent).toContain(zh('wishes.holding', { count: 2 }))
  expect(first!.textContent).not.toContain(zh('wishes.above'))
  expect(second!.textContent).toContain(zh('wishes.above'))
})

test('registering: a name is required on the phone; the donor is sent with its id and the list read again', async () => {
  let registered: DonorItem[] = []
  await renderPage(OfficeDonorsPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(wishes, 'donors', () => ({ items: registered })),
      on(wishes, 'registerDonor', (input) => {
        registered = [donor(input.name, { kind: input.kind })]
        return { id: input.id, status: 'created' as const }
      }),
    ],
  })
  expect(screen.getByText(zh('wishes.donorsEmpty'))).toBeTruthy()
  await tap(screen.getByTestId('register-send'))
  expect(callsTo('wishes').filter((c) => c.action === 'registerDonor')).toHaveLength(0)
  expect(document.querySelector('[data-field="name"]')!.getAttribute('data-invalid')).toBe('true')
  await tap(screen.getByTestId('kind-enterprise'))
  fireEvent.change(screen.getByTestId('name'), { target: { value: '甘孜爱心企业' } })
  await tap(screen.getByTestId('register-send'))
  expect(lastInput('wishes', 'registerDonor')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    region: KANGDING,
    kind: 'enterprise',
    name: '甘孜爱心企业',
  })
  expect(screen.getAllByTestId('donor')[0]!.textContent).toContain('甘孜爱心企业')
  expect((screen.getByTestId('name') as HTMLInputElement).value).toBe('')
})

test('in Tibetan', async () => {
  await renderPage(OfficeDonorsPage, {
    lang: 'bo',
    routes: [on(identity, 'me', officeMe), on(wishes, 'donors', { items: [] })],
  })
  expect(screen.getByTestId('register').textContent).toContain(bo('wishes.donorsIntro'))
  expect(screen.getByTestId('kind-official').textContent).toBe(bo('wishes.kind.official'))
})
