import { fireEvent, screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import OfficeUnitNominatePage from '@/pages/office/exchange/unit'
import type { ActionOutput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { departmentHome } from '../dashboard/fixtures'
import { campaignItem } from './fixtures'

beforeEach(freshTaro)

const CIVIL = { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' }
const departmentMe: ActionOutput<typeof identity, 'me'> = {
  bound: true,
  roles: [{ role: 'department', departmentId: 'D1' }],
  displayName: '王芳',
  cards: [{ key: 'department:D1', grant: { role: 'department', departmentId: 'D1' }, label: CIVIL, regionNames: [] }],
}

const OPEN = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d'
const CLOSED = '2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e'
const open = {
  ...campaignItem,
  id: OPEN,
  kind: 'studio' as const,
  stage: 'nomination' as const,
  title: { 'zh-Hans': '2026年度优秀石榴籽工作室评选', bo: '2026 ལོའི་ཕུལ་བྱུང་སེ་འབྲུའི་ལས་ཁང་འདེམས་སྒྲུག' },
}
const closed = { ...open, id: CLOSED, stage: 'township' as const, year: 2025 }
const studios = [
  {
    id: 'U1',
    name: { 'zh-Hans': '炉城石榴籽工作室', bo: 'ལུའུ་ཁྲེང་སེ་འབྲུའི་ལས་ཁང' },
    place: { 'zh-Hans': '炉城镇', bo: 'ལུའུ་ཁྲེང་གྲོང་རྡལ།' },
  },
  {
    id: 'U2',
    name: { 'zh-Hans': '姑咱石榴籽工作室', bo: 'ཀུ་ཙ་སེ་འབྲུའི་ལས་ཁང' },
    place: { 'zh-Hans': '姑咱镇', bo: 'ཀུ་ཙ་གྲོང་རྡལ།' },
  },
]
const answer = (
  nominations: ActionOutput<typeof exchange, 'unitNominating'>['nominations'] = [],
): ActionOutput<typeof exchange, 'unitNominating'> => ({ campaigns: [open], studios, nominations })

test('a unit picks a studio of its region, writes its story and nominates it; its nomination then shows with its state', async () => {
  let nominated = false
  await renderPage(OfficeUnitNominatePage, {
    routes: [
      on(identity, 'me', departmentMe),
      on(exchange, 'unitNominating', () =>
        answer(
          nominated ? [{ id: 'N1', campaignId: OPEN, unitId: 'U2', name: studios[1]!.name, state: 'nominated' }] : [],
        ),
      ),
      on(exchange, 'nominate', (input) => {
        nominated = true
        return { id: input.id, state: 'nominated' as const, status: 'created' as const }
      }),
    ],
  })
  expect(lastInput('exchange', 'unitNominating')).toEqual({ departmentId: 'D1' })
  const card = screen.getByTestId('unit-campaign')
  expect(card.textContent).toContain('2026年度优秀石榴籽工作室评选')
  expect(card.textContent).toContain(zh('exchange.until', { day: open.deadlines.nomination }))
  expect(card.textContent).toContain(zh('exchange.unit.none'))
  expect(screen.getAllByTestId('nominee').map((n) => n.textContent)).toEqual([
    '炉城石榴籽工作室炉城镇',
    '姑咱石榴籽工作室姑咱镇',
  ])
  // nothing picked: the field is marked and nothing is sent
  fireEvent.input(screen.getByTestId('story'), { target: { value: '组织双语夜校，调解邻里纠纷' } })
  await tap(screen.getByTestId('nominate-send'))
  expect(callsTo('exchange').filter((c) => c.action === 'nominate')).toHaveLength(0)
  expect(document.querySelector('[data-field="unitId"]')!.getAttribute('data-invalid')).toBe('true')
  await tap(screen.getAllByTestId('nominee')[1]!)
  await tap(screen.getByTestId('nominate-send'))
  expect(lastInput('exchange', 'nominate')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    campaignId: OPEN,
    unitId: 'U2',
    story: { text: '组织双语夜校，调解邻里纠纷', photos: [] },
  })
  expect(taroStub.showToast).toHaveBeenLastCalledWith(
    expect.objectContaining({ title: zh('exchange.nominatedStudio') }),
  )
  const mine = screen.getByTestId('unit-nomination')
  expect(mine.textContent).toBe(`姑咱石榴籽工作室${zh('exchange.nomState.nominated')}`)
  // the studio put forward is not offered again
  expect(screen.getAllByTestId('nominee').map((n) => n.getAttribute('data-id'))).toEqual(['U1'])
  // no household anywhere on the screen, and no registry call for one
  expect(callsTo('registry')).toEqual([])
})

test('in Tibetan: a campaign past its nomination deadline shows the unit’s nomination and where it stands, and no form', async () => {
  await renderPage(OfficeUnitNominatePage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', departmentMe),
      on(exchange, 'unitNominating', {
        campaigns: [closed],
        studios,
        nominations: [{ id: 'N2', campaignId: CLOSED, unitId: 'U1', name: studios[0]!.name, state: 'township' }],
      }),
    ],
  })
  const card = screen.getByTestId('unit-campaign')
  expect(card.textContent).toContain(bo('exchange.unit.closed'))
  expect(screen.getByTestId('unit-nomination').textContent).toBe(`ལུའུ་ཁྲེང་སེ་འབྲུའི་ལས་ཁང${bo('exchange.nomState.township')}`)
  expect(screen.queryByTestId('nominate-form')).toBeNull()
  expect(screen.getByText(bo('exchange.unit.intro'))).toBeTruthy()
})

test('in Tibetan: no studio campaign says so', async () => {
  await renderPage(OfficeUnitNominatePage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', departmentMe),
      on(exchange, 'unitNominating', { campaigns: [], studios, nominations: [] }),
    ],
  })
  expect(screen.getByText(bo('exchange.unit.noCampaigns'))).toBeTruthy()
})

test('a region with no studio says so, and offers no form', async () => {
  await renderPage(OfficeUnitNominatePage, {
    routes: [
      on(identity, 'me', departmentMe),
      on(exchange, 'unitNominating', { campaigns: [open], studios: [], nominations: [] }),
    ],
  })
  expect(screen.getByText(zh('exchange.unit.noStudios'))).toBeTruthy()
  expect(screen.queryByTestId('nominate-form')).toBeNull()
})

test('office staff opening it are told it is for units, and nothing is asked of the function', async () => {
  await renderPage(OfficeUnitNominatePage, { routes: [on(identity, 'me', officeMe)] })
  expect(screen.getByText(zh('exchange.unit.notUnit'))).toBeTruthy()
  expect(callsTo('exchange')).toEqual([])
})

const idle = [
  on(notices, 'queue', { items: [] }),
  on(notices, 'mine', { items: [], more: false }),
  on(registry, 'importJobs', { jobs: [] }),
]

test('the office home shows the way to it to department staff only', async () => {
  await renderPage(OfficeHomePage, {
    lang: 'bo',
    routes: [on(identity, 'me', departmentMe), on(dashboard, 'home', departmentHome), ...idle],
  })
  const link = screen.getByTestId('open-exchange-unit')
  expect(link.textContent).toContain(bo('exchange.unit.title'))
  // the campaigns' screen is an office's: a unit has no household to nominate
  expect(screen.queryByTestId('open-exchange')).toBeNull()
  await tap(link)
  expect(taroStub.navigations.at(-1)?.url).toBe('/pages/office/exchange/unit')
})

test('office staff have the campaigns, not the unit’s screen', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe), ...idle] })
  expect(screen.queryByTestId('open-exchange-unit')).toBeNull()
  expect(screen.getByTestId('open-exchange')).toBeTruthy()
})
