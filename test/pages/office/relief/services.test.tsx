import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import ReliefServicesPage from '@/pages/office/relief/services'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { requests } from '@shared/contracts/requests'
import { GALA, KANGDING, LAZHUO, PLACE } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const CIVIL = { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' }
const departmentMe: ActionOutput<typeof identity, 'me'> = {
  bound: true,
  roles: [{ role: 'department', departmentId: 'D1' }],
  displayName: '王芳',
  cards: [{ key: 'department:D1', grant: { role: 'department', departmentId: 'D1' }, label: CIVIL, regionNames: [] }],
}

const RELIEF = {
  id: '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
  departmentId: 'D1',
  category: 'temporary-relief',
  level: 'township' as const,
  regions: [LAZHUO],
  deadlineDays: 5,
  name: { 'zh-Hans': '临时救助申请', bo: 'གནས་སྐབས་ཀྱི་རོགས་སྐྱོར་ཞུ་བ།' },
  prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
  active: true,
  updatedAt: '2026-12-01T02:00:00.000Z',
}
const OLD = {
  ...RELIEF,
  id: '7a2d3b0f-4c8e-4d3f-8b52-3e1e6c9d8f22',
  category: 'subsistence',
  name: { 'zh-Hans': '低保申请', bo: 'འཚོ་བའི་འགན་ལེན་ཉུང་མཐའ་ཞུ་བ།' },
  active: false,
}
const menu: ActionOutput<typeof requests, 'services'> = {
  items: [RELIEF, OLD],
  department: { id: 'D1', name: CIVIL, level: 'county' },
  places: [
    { code: KANGDING, name: PLACE.kangding, level: 'county' },
    { code: LAZHUO, name: PLACE.lazhuo, level: 'township' },
    { code: GALA, name: PLACE.gala, level: 'township' },
  ],
}
const categories: ActionOutput<typeof requests, 'categories'> = {
  items: [
    { key: 'subsistence', name: { 'zh-Hans': '低保', bo: 'འཚོ་བའི་འགན་ལེན་ཉུང་མཐའ།' }, active: false },
    { key: 'temporary-relief', name: { 'zh-Hans': '临时救助', bo: 'གནས་སྐབས་ཀྱི་རོགས་སྐྱོར།' }, active: true },
    { key: 'medical', name: { 'zh-Hans': '医疗保障', bo: 'སྨན་བཅོས་འགན་ལེན།' }, active: true },
    { key: 'other', name: { 'zh-Hans': '其他', bo: 'གཞན།' }, active: true },
  ],
}
const routes = (more: ReturnType<typeof on>[] = []) => [
  on(identity, 'me', departmentMe),
  on(requests, 'services', menu),
  on(requests, 'categories', categories),
  ...more,
]

const cards = () => screen.getAllByTestId('service')
const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })
const marked = (path: string) => document.querySelector(`[data-field="${path}"]`)!.getAttribute('data-invalid')

test("the department's menu: active services with category, level, deadline and places by name; retired apart", async () => {
  await renderPage(ReliefServicesPage, { routes: routes() })
  expect(lastInput('requests', 'services')).toEqual({ departmentId: 'D1' })
  expect(screen.getByText(CIVIL['zh-Hans'])).toBeTruthy()
  expect(cards().map((c) => [c.getAttribute('data-id'), c.getAttribute('data-active')])).toEqual([
    [RELIEF.id, 'true'],
    [OLD.id, 'false'],
  ])
  const [first] = cards()
  expect(first!.textContent).toContain('临时救助 · 乡镇级')
  expect(first!.textContent).toContain(zh('services.days', { days: 5 }))
  expect(first!.querySelector('[data-testid="service-places"]')!.textContent).toBe(PLACE.lazhuo['zh-Hans'])
  expect(cards()[1]!.querySelector('[data-testid="service-retire"]')).toBeNull()
  expect(cards()[1]!.querySelector('[data-testid="service-edit"]')!.textContent).toBe(zh('services.restore'))
})

test('a new service: only active listed categories are offered; empty fields are marked on the phone; a full one is saved', async () => {
  await renderPage(ReliefServicesPage, { routes: routes([on(requests, 'saveService', { id: 'x', updatedAt: 'y' })]) })
  await tap(screen.getByTestId('service-new'))
  expect([...document.querySelectorAll('[data-testid^="service-category-"]')].map((e) => e.textContent)).toEqual([
    '临时救助',
    '医疗保障',
  ])
  await tap(screen.getByTestId('service-save'))
  expect(callsTo('requests').filter((c) => c.action === 'saveService')).toHaveLength(0)
  for (const path of ['category', 'regions', 'deadlineDays']) expect(marked(path)).toBe('true')

  await tap(screen.getByTestId('service-category-medical'))
  await tap(screen.getByTestId('service-level-county'))
  await tap(screen.getByTestId('service-regions').querySelector(`[data-code="${KANGDING}"]`)!)
  type('service-deadline', '10')
  type('service-name-zh-Hans', '医疗救助')
  type('service-prepare-zh-Hans', '诊断证明')
  expect(screen.getByTestId('no-tibetan').textContent).toBe(zh('services.noTibetan'))
  type('service-name-bo', 'སྨན་བཅོས་རོགས་སྐྱོར།')
  type('service-prepare-bo', 'ནད་གཞིའི་ར་སྤྲོད།')
  expect(screen.queryByTestId('no-tibetan')).toBeNull()
  await tap(screen.getByTestId('service-save'))
  expect(lastInput('requests', 'saveService')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    departmentId: 'D1',
    category: 'medical',
    level: 'county',
    regions: [KANGDING],
    deadlineDays: 10,
    name: { 'zh-Hans': '医疗救助', bo: 'སྨན་བཅོས་རོགས་སྐྱོར།' },
    prepare: { 'zh-Hans': '诊断证明', bo: 'ནད་གཞིའི་ར་སྤྲོད།' },
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('services.saved'), icon: 'success' })
  expect(screen.queryByTestId('service-form')).toBeNull()
})

test('editing keeps the id; a category the function refuses is said beside the form', async () => {
  await renderPage(ReliefServicesPage, {
    routes: routes([on(requests, 'saveService', refuse('INVALID_ARGUMENT', 'services.categoryUnknown'))]),
  })
  await tap(cards()[0]!.querySelector('[data-testid="service-edit"]')!)
  type('service-deadline', '7')
  await tap(screen.getByTestId('service-save'))
  expect(lastInput('requests', 'saveService')).toEqual({
    id: RELIEF.id,
    departmentId: 'D1',
    category: RELIEF.category,
    level: 'township',
    regions: [LAZHUO],
    deadlineDays: 7,
    name: RELIEF.name,
    prepare: RELIEF.prepare,
  })
  expect(screen.getByTestId('form-message').textContent).toBe(zh('services.categoryUnknown'))
  expect(taroStub.showToast).not.toHaveBeenCalled()
})

test('retiring asks first, naming the service; a “no” sends nothing', async () => {
  jest.spyOn(Taro, 'showModal')
  await renderPage(ReliefServicesPage, {
    routes: routes([on(requests, 'retireService', { id: RELIEF.id, updatedAt: '2026-12-06T02:00:00.000Z' })]),
  })
  taroStub.confirm = false
  await tap(cards()[0]!.querySelector('[data-testid="service-retire"]')!)
  expect(callsTo('requests').filter((c) => c.action === 'retireService')).toHaveLength(0)
  taroStub.confirm = true
  await tap(cards()[0]!.querySelector('[data-testid="service-retire"]')!)
  expect((jest.mocked(Taro.showModal).mock.calls as [{ content: string }][])[0]![0].content).toBe(
    zh('services.retireService', { name: RELIEF.name['zh-Hans'] }),
  )
  expect(lastInput('requests', 'retireService')).toEqual({ departmentId: 'D1', id: RELIEF.id })
  expect(callsTo('requests').filter((c) => c.action === 'services')).toHaveLength(2)
})

test('in Tibetan: names, places and the form in Tibetan', async () => {
  await renderPage(ReliefServicesPage, { routes: routes(), lang: 'bo' })
  expect(cards()[0]!.textContent).toContain(RELIEF.name.bo)
  expect(cards()[0]!.querySelector('[data-testid="service-places"]')!.textContent).toBe(PLACE.lazhuo.bo)
  await tap(screen.getByTestId('service-new'))
  expect(screen.getByText(bo('services.field.regions'))).toBeTruthy()
  expect(screen.getByTestId('service-regions').textContent).toContain(PLACE.gala.bo)
})
