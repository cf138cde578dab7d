import Taro from '@tarojs/taro'
import { screen } from '@testing-library/react'
import FigureListPage from '@/pages/office/dashboard/list'
import { LIST_PAGE, dashboard } from '@shared/contracts/dashboard'
import { KANGDING } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { HOUSEHOLD_A, HOUSEHOLD_B, overdueList } from './fixtures'

beforeEach(freshTaro)

const card = (id: string) => screen.getAllByTestId('list-household').find((c) => c.getAttribute('data-id') === id)!
const inside = (id: string, testId: string) => card(id).querySelector(`[data-testid="${testId}"]`) as HTMLElement

test('the households behind a figure: how many, then each with its village, officials and days since contact', async () => {
  await renderPage(FigureListPage, {
    params: { figure: 'overdue', region: KANGDING },
    routes: [on(dashboard, 'list', overdueList)],
  })
  expect(lastInput('dashboard', 'list')).toEqual({ region: KANGDING, figure: 'overdue', within: 'month', offset: 0 })
  expect(screen.getByTestId('list-title').textContent).toBe(zh('dashboard.list.figure.overdue', { name: '康定市' }))
  expect(screen.getByTestId('list-total').textContent).toBe('共 2 户')
  expect(screen.getByTestId('figure-list').textContent).toContain(zh('dashboard.list.gentle'))
  expect(card(HOUSEHOLD_A).textContent).toContain('泽仁拉姆')
  expect(card(HOUSEHOLD_A).textContent).toContain('嘎拉社区 · 5 口人 · 139****5678')
  expect(inside(HOUSEHOLD_A, 'list-since').textContent).toBe(zh('dashboard.list.never'))
  expect(inside(HOUSEHOLD_B, 'list-since').textContent).toBe('45 天前联系')
  expect(inside(HOUSEHOLD_A, 'list-officials').textContent).toBe('联谊干部：扎西卓玛')
  expect(inside(HOUSEHOLD_B, 'list-reminded').textContent).toBe(zh('dashboard.list.remindedOn', { day: '2026-12-03' }))
  await tap(inside(HOUSEHOLD_A, 'list-open'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([`/pages/official/household/risk?id=${HOUSEHOLD_A}`])
})

test('reminding asks first and says what the officials will see; a "no" sends nothing', async () => {
  taroStub.confirm = false
  const asked = jest.spyOn(Taro, 'showModal')
  await renderPage(FigureListPage, {
    params: { figure: 'overdue', region: KANGDING },
    routes: [
      on(dashboard, 'list', overdueList),
      on(dashboard, 'remind', {
        status: 'reminded',
        remindedAt: '2026-12-06T02:00:00.000Z',
        until: '2026-12-13T02:00:00.000Z',
        officials: 1,
      }),
    ],
  })
  await tap(inside(HOUSEHOLD_A, 'list-remind'))
  expect(asked.mock.calls.at(-1)?.[0]).toMatchObject({
    content: zh('dashboard.list.remindAsk', { officials: '扎西卓玛' }),
  })
  expect(callsTo('dashboard').filter((c) => c.action === 'remind')).toEqual([])
})

test('reminded: a toast, and the household says so; a second time within the week is said to change nothing', async () => {
  await renderPage(FigureListPage, {
    params: { figure: 'overdue', region: KANGDING },
    routes: [
      on(dashboard, 'list', overdueList),
      on(dashboard, 'remind', (input) =>
        input.householdId === HOUSEHOLD_A
          ? ({
              status: 'reminded',
              remindedAt: '2026-12-06T02:00:00.000Z',
              until: '2026-12-13T02:00:00.000Z',
              officials: 1,
            } as const)
          : ({
              status: 'already',
              remindedAt: '2026-12-03T02:00:00.000Z',
              until: '2026-12-10T02:00:00.000Z',
              officials: 1,
            } as const),
      ),
    ],
  })
  await tap(inside(HOUSEHOLD_A, 'list-remind'))
  expect(lastInput('dashboard', 'remind')).toEqual({ householdId: HOUSEHOLD_A })
  expect(taroStub.showToast.mock.calls.at(-1)?.[0]).toMatchObject({ title: zh('dashboard.list.reminded') })
  expect(inside(HOUSEHOLD_A, 'list-reminded').textContent).toBe(zh('dashboard.list.remindedOn', { day: '2026-12-06' }))
  await tap(inside(HOUSEHOLD_B, 'list-remind'))
  expect(inside(HOUSEHOLD_B, 'list-note').textContent).toBe(
    zh('dashboard.list.already', { day: '2026-12-03', until: '2026-12-10' }),
  )
})

test('a department reads the list but has no remind button', async () => {
  await renderPage(FigureListPage, {
    params: { figure: 'notContacted', departmentId: 'D513301-civil', within: 'quarter' },
    routes: [on(dashboard, 'list', { ...overdueList, figure: 'notContacted', within: 'quarter', mayRemind: false })],
  })
  expect(lastInput('dashboard', 'list')).toEqual({
    departmentId: 'D513301-civil',
    figure: 'notContacted',
    within: 'quarter',
    offset: 0,
  })
  expect(screen.queryAllByTestId('list-remind')).toEqual([])
  expect(screen.getByTestId('list-title').textContent).toContain(zh('dashboard.list.within.quarter'))
})

test('a page at a time: more asks for the next one and adds it below', async () => {
  const many = Array.from({ length: LIST_PAGE }, (_, i) => ({ ...overdueList.households[1]!, id: `H${i}` }))
  await renderPage(FigureListPage, {
    params: { figure: 'overdue', region: KANGDING },
    routes: [
      on(dashboard, 'list', (input) =>
        input.offset === 0
          ? { ...overdueList, total: LIST_PAGE + 1, households: many, more: true }
          : { ...overdueList, total: LIST_PAGE + 1, households: [overdueList.households[0]!], more: false },
      ),
    ],
  })
  await tap(screen.getByTestId('list-more'))
  expect(lastInput('dashboard', 'list')).toMatchObject({ offset: LIST_PAGE })
  expect(screen.getAllByTestId('list-household')).toHaveLength(LIST_PAGE + 1)
  expect(screen.queryByTestId('list-more')).toBeNull()
})

test('in Tibetan', async () => {
  await renderPage(FigureListPage, {
    lang: 'bo',
    params: { figure: 'overdue', region: KANGDING },
    routes: [on(dashboard, 'list', overdueList)],
  })
  expect(screen.getByTestId('list-title').textContent).toBe(
    bo('dashboard.list.figure.overdue', { name: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར' }),
  )
  expect(inside(HOUSEHOLD_B, 'list-since').textContent).toBe(bo('dashboard.list.since', { days: 45 }))
  expect(inside(HOUSEHOLD_A, 'list-remind').textContent).toBe(bo('dashboard.list.remind'))
})
