import { screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import RequestInboxPage from '@/pages/office/requests/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { requests } from '@shared/contracts/requests'
import { GALA, LAZHUO, PLACE, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Inbox = ActionOutput<typeof requests, 'inbox'>
type Item = Inbox['items'][number]

const late: Item = {
  id: '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
  category: 'heating',
  text: '冬天取暖的煤不够了，电话 138****5678',
  state: 'assigned',
  region: GALA,
  place: PLACE.gala,
  events: 2,
  due: '2026-12-01T16:00:00.000Z',
  overdue: true,
  escalationLevel: 'county',
  as: 'unit',
  createdAt: '2026-11-20T02:00:00.000Z',
}
const returned: Item = {
  ...late,
  id: '7a2d3b0f-4c8e-4d3f-8b52-3e1e6c9d8f22',
  category: 'other',
  text: 'ཆུ་མེད།',
  state: 'returned',
  overdue: false,
  escalationLevel: 'township',
  due: '2026-12-10T16:00:00.000Z',
  as: 'dispatcher',
}
const categories = on(requests, 'categories', {
  items: [{ key: 'heating', name: { 'zh-Hans': '取暖', bo: 'དྲོད་གཏོང་།' }, active: true }],
})
const inbox = (items: Item[], more = false): Inbox => ({ items, more })
const rows = () => screen.getAllByTestId('inbox-row')

test('each row: the category by name, the masked text, the village by name, why it is here, the deadline and the marks', async () => {
  await renderPage(RequestInboxPage, { routes: [categories, on(requests, 'inbox', inbox([late, returned]))] })
  expect(lastInput('requests', 'inbox')).toEqual({ page: 0 })
  const [first, second] = rows()
  expect(first!.textContent).toContain('取暖')
  expect(first!.textContent).toContain(zh('inbox.state.assigned'))
  expect(first!.textContent).toContain('138****5678')
  expect(first!.querySelector('[data-testid="row-where"]')!.textContent).toBe(`嘎拉社区 · ${zh('inbox.as.unit')}`)
  expect(first!.textContent).toContain(zh('inbox.due', { day: '2026-12-01' }))
  expect(first!.querySelector('[data-testid="overdue"]')!.textContent).toBe(zh('inbox.overdue'))
  expect(first!.querySelector('[data-testid="escalated"]')!.textContent).toBe('已升级到县级')
  expect(second!.textContent).toContain(zh('inbox.category.other'))
  expect(second!.textContent).toContain(zh('inbox.as.dispatcher'))
  expect(second!.querySelector('[data-testid="overdue"]')).toBeNull()
  expect(screen.queryAllByText(LAZHUO)).toHaveLength(0)
  expect(document.body.textContent).not.toContain(GALA)
})

test('a state filter asks again from the first page; more pages come below; a row opens the request', async () => {
  await renderPage(RequestInboxPage, {
    routes: [
      categories,
      on(requests, 'inbox', (input) => (input.page ? inbox([returned]) : inbox([late], !input.state))),
    ],
  })
  await tap(screen.getByTestId('inbox-more'))
  expect(lastInput('requests', 'inbox')).toEqual({ page: 1 })
  expect(rows().map((r) => r.getAttribute('data-id'))).toEqual([late.id, returned.id])
  await tap(screen.getByTestId('state-assigned'))
  expect(lastInput('requests', 'inbox')).toEqual({ state: 'assigned', page: 0 })
  expect(rows()).toHaveLength(1)
  await tap(rows()[0]!)
  expect(taroStub.navigations.at(-1)).toEqual({
    kind: 'navigateTo',
    url: `/pages/office/requests/detail?id=${late.id}`,
  })
})

test('pulling down reads the inbox again', async () => {
  let n = 0
  await renderPage(RequestInboxPage, {
    routes: [categories, on(requests, 'inbox', () => inbox(n++ ? [late, returned] : [late]))],
  })
  expect(rows()).toHaveLength(1)
  taroStub.pullDownRefresh?.()
  await tap(document.body)
  expect(rows()).toHaveLength(2)
})

test('in Tibetan, with nothing waiting, the inbox says so', async () => {
  await renderPage(RequestInboxPage, { lang: 'bo', routes: [categories, on(requests, 'inbox', inbox([]))] })
  expect(document.body.textContent).toContain(bo('inbox.empty'))
  expect(document.body.textContent).toContain(bo('inbox.title'))
})

test('the office home links to the inbox with what waits for the unit and the dispatcher', async () => {
  await renderPage(OfficeHomePage, {
    routes: [
      on(identity, 'me', officeMe),
      on(requests, 'inbox', inbox([late, returned, { ...late, id: 'x', state: 'accepted' }])),
    ],
  })
  const link = await screen.findByTestId('open-requests')
  expect(link.textContent).toContain(zh('inbox.waiting', { count: 2 }))
})

test('a village office and a household see no link', async () => {
  const me = { ...officeMe, roles: [{ role: 'office' as const, region: GALA }], cards: [] }
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', me)] })
  expect(screen.queryByTestId('open-requests')).toBeNull()
})

test('a work office opens the raised request from the inbox; department staff are not offered it', async () => {
  await renderPage(RequestInboxPage, {
    routes: [categories, on(requests, 'inbox', inbox([])), on(identity, 'me', officeMe)],
  })
  await tap(await screen.findByTestId('open-raise'))
  expect(taroStub.navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/pages/office/requests/raise' })
})

test('department staff see no raised request in the inbox', async () => {
  const departmentMe = { ...officeMe, roles: [{ role: 'department' as const, departmentId: 'D1' }], cards: [] }
  await renderPage(RequestInboxPage, {
    routes: [categories, on(requests, 'inbox', inbox([])), on(identity, 'me', departmentMe)],
  })
  expect(document.body.textContent).toContain(zh('inbox.empty'))
  expect(lastInput('identity', 'me')).toEqual({})
  expect(screen.queryByTestId('open-raise')).toBeNull()
})
