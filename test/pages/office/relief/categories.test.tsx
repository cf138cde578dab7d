import Taro from '@tarojs/taro'
import { fireEvent, render, screen } from '@testing-library/react'
import ReliefLinks from '@/pages/office/relief/Links'
import ReliefCategoriesPage from '@/pages/office/relief/categories'
import type { ActionOutput } from '@shared/contract'
import { requests } from '@shared/contracts/requests'
import { KANGDING, PREFECTURE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type List = ActionOutput<typeof requests, 'categories'>

const MEDICAL = { key: 'medical', name: { 'zh-Hans': '医疗保障', bo: 'སྨན་བཅོས་འགན་ལེན།' }, active: true }
const HOUSING = { key: 'housing', name: { 'zh-Hans': '住房安全', bo: 'སྡོད་ཁང་བདེ་འཇགས།' }, active: false }
const OTHER = {
  key: 'other',
  name: { 'zh-Hans': zh('services.category.other'), bo: bo('services.category.other') },
  active: true,
}
const list: List = { items: [HOUSING, MEDICAL, OTHER] }
const saved = { key: 'medical', updatedAt: '2026-12-06T02:00:00.000Z' }

const rows = () => screen.getAllByTestId('category')
const row = (key: string) => rows().find((r) => r.getAttribute('data-key') === key)!
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })

test('active categories first, retired apart below; `other` is shown and cannot be changed', async () => {
  await renderPage(ReliefCategoriesPage, { routes: [on(requests, 'categories', list)] })
  expect(rows().map((r) => [r.getAttribute('data-key'), r.getAttribute('data-active')])).toEqual([
    ['medical', 'true'],
    ['other', 'true'],
    ['housing', 'false'],
  ])
  expect(row('other').querySelectorAll('button')).toHaveLength(0)
  expect(row('medical').textContent).toContain('སྨན་བཅོས་འགན་ལེན།')
  expect(row('housing').querySelector('[data-testid="category-restore"]')).not.toBeNull()
})

test('a new category: its fields are marked on the phone, a key already listed is refused, a good one is saved', async () => {
  await renderPage(ReliefCategoriesPage, {
    routes: [on(requests, 'categories', list), on(requests, 'saveCategory', saved)],
  })
  await tap(screen.getByTestId('category-save'))
  expect(callsTo('requests').filter((c) => c.action === 'saveCategory')).toHaveLength(0)
  for (const path of ['key', 'name.zh-Hans', 'name.bo'])
    expect(document.querySelector(`[data-field="${path}"]`)!.getAttribute('data-invalid')).toBe('true')

  type('category-key', 'housing')
  type('category-name-zh-Hans', '住房')
  type('category-name-bo', 'སྡོད་ཁང་།')
  await tap(screen.getByTestId('category-save'))
  expect(document.querySelector('[data-field="key"]')!.textContent).toContain(zh('services.keyTaken'))
  expect(lastInput('requests', 'saveCategory')).toBeUndefined()

  type('category-key', 'legal-aid')
  type('category-name-zh-Hans', ' 法律援助 ')
  type('category-name-bo', 'ཁྲིམས་ལུགས་རོགས་སྐྱོར།')
  await tap(screen.getByTestId('category-save'))
  expect(lastInput('requests', 'saveCategory')).toEqual({
    key: 'legal-aid',
    name: { 'zh-Hans': '法律援助', bo: 'ཁྲིམས་ལུགས་རོགས་སྐྱོར།' },
    active: true,
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('services.saved'), icon: 'success' })
  expect(callsTo('requests').filter((c) => c.action === 'categories')).toHaveLength(2)
})

test('renaming keeps the key; retiring asks first and a “no” sends nothing', async () => {
  await renderPage(ReliefCategoriesPage, {
    routes: [on(requests, 'categories', list), on(requests, 'saveCategory', saved)],
  })
  await tap(row('medical').querySelector('[data-testid="category-edit"]')!)
  expect(screen.queryByTestId('category-key')).toBeNull()
  type('category-name-zh-Hans', '医疗保险')
  await tap(screen.getByTestId('category-save'))
  expect(lastInput('requests', 'saveCategory')).toEqual({
    ...MEDICAL,
    name: { ...MEDICAL.name, 'zh-Hans': '医疗保险' },
  })

  const modal = jest.spyOn(Taro, 'showModal')
  taroStub.confirm = false
  await tap(row('medical').querySelector('[data-testid="category-retire"]')!)
  expect((modal.mock.calls as [{ content: string }][])[0]![0].content).toBe(
    zh('services.retireCategory', { name: '医疗保障' }),
  )
  expect(callsTo('requests').filter((c) => c.action === 'saveCategory')).toHaveLength(1)
  taroStub.confirm = true
  await tap(row('medical').querySelector('[data-testid="category-retire"]')!)
  expect(lastInput('requests', 'saveCategory')).toEqual({ ...MEDICAL, active: false })
  await tap(row('housing').querySelector('[data-testid="category-restore"]')!)
  expect(lastInput('requests', 'saveCategory')).toEqual({ ...HOUSING, active: true })
})

test('a refusal from the function is shown in the reader’s language', async () => {
  await renderPage(ReliefCategoriesPage, {
    lang: 'bo',
    routes: [on(requests, 'categories', list), on(requests, 'saveCategory', refuse('FORBIDDEN'))],
  })
  expect(screen.getByText(bo('services.nameBo'))).toBeTruthy()
  await tap(row('housing').querySelector('[data-testid="category-restore"]')!)
  expect(screen.getByRole('alert').textContent).not.toBe('')
  expect(taroStub.showToast).not.toHaveBeenCalled()
})

test('the office home links: list and calendar for the prefecture office and administrators, the menu for department staff', () => {
  const links = (roles: Parameters<typeof ReliefLinks>[0]['roles']) => {
    const view = render(<ReliefLinks roles={roles} />)
    const ids = [...view.container.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid'))
    view.unmount()
    return ids
  }
  expect(links([{ role: 'office', region: PREFECTURE }])).toEqual(['open-categories', 'open-calendar'])
  expect(links([{ role: 'admin' }])).toEqual(['open-categories', 'open-calendar'])
  expect(links([{ role: 'office', region: KANGDING }])).toEqual([])
  expect(links([{ role: 'reviewer', region: PREFECTURE }])).toEqual([])
  expect(links([{ role: 'department', departmentId: 'D1' }])).toEqual(['open-services'])
})
