import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import RaisePage, { RAISE_DRAFT_KEY } from '@/pages/office/requests/raise'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { requests } from '@shared/contracts/requests'
import { GALA, HEAD_NAME, KANGDING, LAZHUO, PLACE, officeMe, regionsOfKangding } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const regionsOf = (code: string): ActionOutput<typeof registry, 'regions'> =>
  code === KANGDING
    ? regionsOfKangding
    : code === LAZHUO
      ? {
          region: {
            code: LAZHUO,
            level: 'township',
            name: PLACE.lazhuo,
            hasChildren: true,
            counts: { households: 240, officials: 60 },
          },
          children: [
            {
              code: GALA,
              level: 'village',
              name: PLACE.gala,
              hasChildren: false,
              counts: { households: 2, officials: 1 },
            },
          ],
          path: [...regionsOfKangding.path, { code: LAZHUO, level: 'township', name: PLACE.lazhuo }],
        }
      : {
          region: {
            code: GALA,
            level: 'village',
            name: PLACE.gala,
            hasChildren: false,
            counts: { households: 2, officials: 1 },
          },
          children: [],
          path: [
            ...regionsOfKangding.path,
            { code: LAZHUO, level: 'township', name: PLACE.lazhuo },
            { code: GALA, level: 'village', name: PLACE.gala },
          ],
        }

const row = (id: string, name: { 'zh-Hans': string; bo: string }) => ({
  id,
  externalId: `X${id}`,
  headName: name,
  idNumberMasked: '513301********0021',
  phoneMasked: '138****5678',
  villageCode: GALA,
  memberCount: 4,
  officialIds: [],
})
const villageHouseholds = {
  households: [row('H1', HEAD_NAME), row('H2', { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' })],
  total: 2,
}
const menu = {
  items: [
    {
      category: 'heating',
      name: { 'zh-Hans': '取暖补助', bo: 'དྲོད་གཏོང་རོགས་སྐྱོར།' },
      prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
      level: 'township' as const,
      deadlineDays: 7,
    },
  ],
}
const routes = [
  on(identity, 'me', officeMe),
  on(registry, 'regions', (input) => regionsOf(input.region)),
  on(registry, 'households', villageHouseholds),
  on(requests, 'menu', menu),
]

async function findHousehold() {
  await tap(document.querySelector(`[data-code="${LAZHUO}"]`) as HTMLElement)
  await tap(document.querySelector(`[data-code="${GALA}"]`) as HTMLElement)
  expect(lastInput('registry', 'households')).toMatchObject({ region: GALA, offset: 0, limit: 50 })
  await tap(screen.getAllByTestId('find-household')[0]!)
}

test('the household is found down the office’s regions by name, then the menu of its place is offered', async () => {
  await renderPage(RaisePage, { routes })
  expect(lastInput('registry', 'regions')).toEqual({ region: KANGDING })
  // the way up stops at the office's own region: no link above Kangding
  expect(screen.queryByTestId('find-up')).toBeNull()
  await tap(document.querySelector(`[data-code="${LAZHUO}"]`) as HTMLElement)
  expect(screen.getByTestId('find-up').textContent).toContain(zh('inbox.find.up', { name: '康定市' }))
  await tap(document.querySelector(`[data-code="${GALA}"]`) as HTMLElement)
  const rows = screen.getAllByTestId('find-household')
  expect(rows[0]!.textContent).toContain('泽仁拉姆')
  expect(rows[0]!.textContent).toContain(zh('inbox.find.row', { idNumber: '513301********0021', members: 4 }))
  await tap(rows[0]!)
  expect(screen.getByTestId('raise-household').textContent).toBe(
    zh('inbox.raise.household', { name: '泽仁拉姆', village: '嘎拉社区' }) + zh('inbox.find.change'),
  )
  expect(lastInput('requests', 'menu')).toEqual({ householdId: 'H1' })
  await tap(screen.getByTestId('category-heating'))
  expect(screen.getByTestId('category-note').textContent).toBe(`${zh('requests.deadlineDays', { days: 7 })} · 户口簿`)
})

test('sending asks first naming the household, reports under the draft’s id, and goes back', async () => {
  const asks = jest.spyOn(Taro, 'showModal')
  await renderPage(RaisePage, {
    routes: [
      ...routes,
      on(requests, 'report', (input) => ({
        id: input.id,
        status: 'created' as const,
        state: 'assigned' as const,
        unit: { kind: 'office' as const, level: 'township' as const },
      })),
    ],
  })
  await findHousehold()
  await tap(screen.getByTestId('raise-send'))
  expect(document.querySelector('[data-field="category"]')!.getAttribute('data-invalid')).toBe('true')
  await tap(screen.getByTestId('category-other'))
  expect(screen.getByTestId('category-note').textContent).toBe(zh('requests.otherHint'))
  fireEvent.input(screen.getByTestId('raise-text'), { target: { value: '房屋漏雨，老人独居' } })
  taroStub.confirm = false
  await tap(screen.getByTestId('raise-send'))
  expect(callsTo('requests').filter((c) => c.action === 'report')).toHaveLength(0)
  expect((asks.mock.calls.at(-1)?.[0] as { content: string }).content).toBe(zh('inbox.raise.ask', { name: '泽仁拉姆' }))
  taroStub.confirm = true
  await tap(screen.getByTestId('raise-send'))
  const sent = lastInput('requests', 'report')
  expect(sent).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    householdId: 'H1',
    category: 'other',
    text: '房屋漏雨，老人独居',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('requests.sent') }))
  expect(taroStub.navigations.at(-1)?.kind).toBe('navigateBack')
  expect(taroStub.storage.has(RAISE_DRAFT_KEY)).toBe(false)
})

test('a failed send keeps the draft with its id and household; sending again uses the same id', async () => {
  await renderPage(RaisePage, {
    routes: [...routes, on(requests, 'report', refuse('UNAVAILABLE'))],
  })
  await findHousehold()
  await tap(screen.getByTestId('category-other'))
  fireEvent.input(screen.getByTestId('raise-text'), { target: { value: '缺冬衣' } })
  await tap(screen.getByTestId('raise-send'))
  expect(screen.getByTestId('raise-kept').textContent).toBe(zh('inbox.raise.kept'))
  const first = lastInput('requests', 'report') as { id: string }
  const kept = JSON.parse(taroStub.storage.get(RAISE_DRAFT_KEY) as string)
  expect(kept).toMatchObject({ id: first.id, household: { id: 'H1' }, category: 'other', text: '缺冬衣' })
  await tap(screen.getByTestId('raise-send'))
  expect((lastInput('requests', 'report') as { id: string }).id).toBe(first.id)
})

test('in Tibetan, and "change" goes back to finding the household', async () => {
  await renderPage(RaisePage, { lang: 'bo', routes })
  expect(document.body.textContent).toContain(bo('inbox.raise.hint'))
  await findHousehold()
  expect(screen.getByTestId('raise-household').textContent).toContain(
    bo('inbox.raise.household', { name: HEAD_NAME.bo, village: PLACE.gala.bo }),
  )
  expect(screen.getByTestId('raise-send').textContent).toBe(bo('inbox.raise.send'))
  await tap(screen.getByTestId('raise-change'))
  expect(screen.getByTestId('find')).toBeTruthy()
  expect(screen.getByTestId('find').textContent).toContain(bo('inbox.find.title'))
})
