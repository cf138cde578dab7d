import { fireEvent, screen } from '@testing-library/react'
import OfficeDonorsPage from '@/pages/office/wishes/donors'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import type { DonorItem } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { KANGDING, LAZHUO, PREFECTURE, officeMe } from '../../fixtures'
import type { Route } from '../../helpers'
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

const found = {
  id: 'O51330100059',
  externalId: 'E59',
  name: { 'zh-Hans': '扎西卓玛', bo: 'བཀྲ་ཤིས་སྒྲོལ་མ།' },
  departmentId: 'D1',
  department: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས།' },
  regionPath: [PREFECTURE, KANGDING],
  position: { 'zh-Hans': '科员', bo: 'ལས་བྱེད་པ།' },
  phoneMasked: '139****0776',
  active: true,
}

const registering = (extra: Route[] = []): Route[] => [
  on(identity, 'me', officeMe),
  on(wishes, 'donors', { items: [] }),
  on(wishes, 'registerDonor', (input) => ({ id: input.id, status: 'created' as const })),
  ...extra,
]

test('an individual official donor is linked to the official found by name; the name fills in', async () => {
  await renderPage(OfficeDonorsPage, {
    routes: [
      ...registering(),
      on(registry, 'findOfficials', { officials: [found], more: false }),
      on(registry, 'departments', { departments: [] }),
    ],
  })
  await tap(screen.getByTestId('kind-official'))
  expect(screen.getByTestId('link-hint').textContent).toBe(zh('wishes.linkHint'))
  fireEvent.change(screen.getByTestId('official-query'), { target: { value: '扎西' } })
  await tap(screen.getByTestId('official-find'))
  expect(lastInput('registry', 'findOfficials')).toMatchObject({ region: KANGDING, query: '扎西', active: true })
  const row = screen.getByTestId('official-found')
  expect(row.textContent).toContain('139****0776')
  await tap(row)
  expect(screen.getByTestId('linked').textContent).toContain(zh('wishes.linked', { name: '扎西卓玛' }))
  expect((screen.getByTestId('name') as HTMLInputElement).value).toBe('扎西卓玛')
  await tap(screen.getByTestId('register-send'))
  expect(lastInput('wishes', 'registerDonor')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    region: KANGDING,
    kind: 'official',
    name: '扎西卓玛',
    officialId: found.id,
  })
})

test('unlinking keeps the donor without an account; the office then claims for it', async () => {
  await renderPage(OfficeDonorsPage, {
    routes: [...registering(), on(registry, 'findOfficials', { officials: [found], more: false })],
  })
  await tap(screen.getByTestId('kind-official'))
  fireEvent.change(screen.getByTestId('official-query'), { target: { value: '扎西' } })
  await tap(screen.getByTestId('official-find'))
  await tap(screen.getByTestId('official-found'))
  await tap(screen.getByTestId('unlink'))
  expect(screen.queryByTestId('linked')).toBeNull()
  await tap(screen.getByTestId('register-send'))
  expect(lastInput('wishes', 'registerDonor')).not.toHaveProperty('officialId')
})

test('a unit donor is linked to one of the county’s own departments, not the prefecture’s bureaus', async () => {
  await renderPage(OfficeDonorsPage, {
    routes: registering([
      on(registry, 'departments', {
        departments: [
          { id: 'D1', name: found.department, level: 'county', officials: 12 },
          {
            id: 'P1',
            name: { 'zh-Hans': '甘孜州民政局', bo: 'དཀར་མཛེས་ཁུལ་དམངས་སྲིད་ཅུས།' },
            level: 'prefecture',
            officials: 3,
          },
        ],
      }),
    ]),
  })
  expect(lastInput('registry', 'departments')).toEqual({ region: KANGDING })
  expect(screen.queryByTestId('department-P1')).toBeNull()
  await tap(screen.getByTestId('department-D1'))
  expect((screen.getByTestId('name') as HTMLInputElement).value).toBe('康定市民政局')
  await tap(screen.getByTestId('register-send'))
  expect(lastInput('wishes', 'registerDonor')).toMatchObject({ kind: 'unit', departmentId: 'D1' })
})

test('a township office has no departments of its own to link; an enterprise has no account', async () => {
  await renderPage(OfficeDonorsPage, {
    routes: [
      on(identity, 'me', { ...officeMe, roles: [{ role: 'office', region: LAZHUO }], cards: [] }),
      on(wishes, 'donors', { items: [] }),
    ],
  })
  expect(screen.getByText(zh('wishes.noDepartments'))).toBeTruthy()
  expect(callsTo('registry')).toEqual([])
  await tap(screen.getByTestId('kind-enterprise'))
  expect(screen.getByTestId('link-hint').textContent).toBe(zh('wishes.noAccountHint'))
  await tap(screen.getByTestId('kind-individual'))
  expect(screen.queryByTestId('official-query')).toBeNull()
})

test('the list names the account a donor is linked to', async () => {
  const linked = donor('扎西卓玛', { kind: 'official', linked: { kind: 'official', name: found.name } })
  const unit = donor('康定市民政局', { linked: { kind: 'department', name: found.department } })
  const routes = [on(identity, 'me', officeMe), on(wishes, 'donors', { items: [linked, unit] })]
  await renderPage(OfficeDonorsPage, { routes })
  const [first, second] = screen.getAllByTestId('donor-linked')
  expect(first!.textContent).toBe(zh('wishes.linkedOfficial', { name: '扎西卓玛' }))
  expect(second!.textContent).toBe(zh('wishes.linkedDepartment', { name: '康定市民政局' }))
})

test('in Tibetan, the linked account and the kinds', async () => {
  const linked = donor('扎西卓玛', { kind: 'official', linked: { kind: 'official', name: found.name } })
  const routes = [on(identity, 'me', officeMe), on(wishes, 'donors', { items: [linked] })]
  await renderPage(OfficeDonorsPage, { lang: 'bo', routes })
  expect(screen.getAllByTestId('donor-linked')[0]!.textContent).toBe(
    bo('wishes.linkedOfficial', { name: found.name.bo }),
  )
  expect(screen.getByTestId('kind-individual').textContent).toBe(bo('wishes.kind.individual'))
})
