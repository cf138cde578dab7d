import { render, screen } from '@testing-library/react'
import DepartmentWishesPage from '@/pages/office/wishes/donor'
import WishesLink from '@/pages/office/wishes/Link'
import type { MyDonor, WishItem } from '@shared/contracts/wishes'
import { wishes } from '@shared/contracts/wishes'
import { KANGDING, PLACE, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, route, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const department: MyDonor = {
  id: '9f8e7d6c-0000-4000-8000-000000000030',
  kind: 'unit',
  name: '康定市民政局',
  region: KANGDING,
  regionName: PLACE.kangding,
  claimed: 0,
}
const published: WishItem = {
  id: '1a2b3c4d-0000-4000-8000-000000000031',
  category: 'other',
  text: '家里缺一台洗衣机',
  village: PLACE.gala,
  state: 'published',
  createdAt: '2026-12-03T02:00:00.000Z',
  updatedAt: '2026-12-03T02:00:00.000Z',
}
const departmentRole = { role: 'department' as const, departmentId: 'D1', grantedBy: 'x', grantedByOffices: [] }

test('department staff see the wishes their department may help with, and claim for it', async () => {
  await renderPage(DepartmentWishesPage, {
    routes: [
      on(wishes, 'myDonors', { items: [department] }),
      on(wishes, 'forDonor', { items: [published], more: false }),
      on(wishes, 'claim', (input) => ({ id: input.id, state: 'claimed' as const, status: 'done' as const })),
    ],
  })
  expect(lastInput('wishes', 'forDonor')).toEqual({ donorId: department.id, page: 0 })
  await tap(screen.getByTestId('claim'))
  expect(lastInput('wishes', 'claim')).toMatchObject({ id: published.id, donorId: department.id })
  expect(screen.getByTestId('wish').getAttribute('data-state')).toBe('claimed')
})

test('in Tibetan', async () => {
  await renderPage(DepartmentWishesPage, {
    lang: 'bo',
    routes: [
      on(wishes, 'myDonors', { items: [department] }),
      on(wishes, 'forDonor', { items: [published], more: false }),
    ],
  })
  expect(screen.getByTestId('donor-intro').textContent).toContain(
    bo('wishes.mine.intro', { region: PLACE.kangding.bo }),
  )
  expect(screen.getByTestId('claim').textContent).toBe(bo('wishes.claim'))
})

test('the office home: the region’s wishes for office staff; for department staff only when their department is a donor', async () => {
  route([on(wishes, 'myDonors', { items: [department] })])
  const office = render(<WishesLink roles={officeMe.roles} />)
  await settle(3)
  expect(screen.getByTestId('open-wishes').textContent).toContain(zh('wishes.title'))
  expect(screen.queryByTestId('open-donor-wishes')).toBeNull()
  // office staff are never asked whether they are a donor
  expect(callsTo('wishes')).toEqual([])
  office.unmount()
  const staff = render(<WishesLink roles={[departmentRole]} />)
  await settle(3)
  expect(screen.queryByTestId('open-wishes')).toBeNull()
  await tap(screen.getByTestId('open-donor-wishes'))
  expect(taroStub.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/office/wishes/donor' })
  staff.unmount()
  route([on(wishes, 'myDonors', { items: [] })])
  render(<WishesLink roles={[departmentRole]} />)
  await settle(3)
  expect(screen.queryByTestId('open-donor-wishes')).toBeNull()
})
