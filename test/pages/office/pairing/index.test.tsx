import { act, fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import PairingPage from '@/pages/office/pairing/index'
import { setLang } from '@/services/settings'
import { identity } from '@shared/contracts/identity'
import type { PlanChange } from '@shared/contracts/registry'
import { registry } from '@shared/contracts/registry'
import { HEAD_NAME, KANGDING, LAZHUO, OFFICIAL_NAME, PLACE, officeMe, plan, regionsOfKangding } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  refuse,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const NEW_OFFICIAL = { 'zh-Hans': '李明', bo: 'ལི་མིང་།' }
const change = (n: number): PlanChange => ({
  householdId: `H${n}`,
  headName: n === 1 ? HEAD_NAME : { 'zh-Hans': `户主${n}`, bo: '' },
  phoneMasked: '139****2211',
  village: PLACE.gala,
  begin: [{ id: 'O2', name: NEW_OFFICIAL }],
  end: n === 1 ? [{ id: 'O1', name: OFFICIAL_NAME }] : [],
})
const changes = (offset: number, limit: number) => ({
  changes: Array.from({ length: Math.max(0, Math.min(limit, 25 - offset)) }, (_x, i) => change(offset + i + 1)),
  total: 25,
  more: offset + limit < 25,
})

function modals(): string[] {
  return (jest.mocked(Taro.showModal).mock.calls as [{ content: string }][]).map(([o]) => o.content)
}

beforeEach(() => {
  jest.spyOn(Taro, 'showModal')
})
afterEach(() => jest.restoreAllMocks())

const routes = (confirmPlan = true) => [
  on(identity, 'me', officeMe),
  on(registry, 'regions', regionsOfKangding),
  on(registry, 'planPairing', plan),
  on(registry, 'planChanges', (input) => changes(input.offset ?? 0, input.limit ?? 20)),
  ...(confirmPlan
    ? [
        on(registry, 'confirmPlan', (_input: unknown, n: number) =>
          n === 1
            ? { ...plan, state: 'confirming' as const, batchesDone: 1 }
            : { ...plan, state: 'done' as const, batchesDone: 2 },
        ),
      ]
    : []),
]

test('a region is chosen, the plan previewed with what changes by name, then confirmed batch after batch', async () => {
  await renderPage(PairingPage, { routes: routes() })
  expect(lastInput('registry', 'regions')).toEqual({ region: KANGDING })
  const lazhuo = screen.getByText((_text, el) => el?.getAttribute('data-code') === LAZHUO)
  // a row of its own: the name whole, the counts under it
  expect(lazhuo.textContent).toBe('拉卓镇家庭 240 户 · 干部 60 名')
  fireEvent.click(lazhuo)
  fireEvent.click(screen.getByRole('checkbox'))

  await tap(screen.getByTestId('make-plan'))
  expect(lastInput('registry', 'planPairing')).toEqual({ region: LAZHUO, keepExisting: false })
  const shown = screen.getByTestId('plan')
  expect(shown.textContent).toContain('240 户家庭，60 名干部')
  expect(screen.getByTestId('plan-coverage').textContent).toBe('覆盖：家庭 238/240 户，干部 60/60 名')
  expect(shown.textContent).toContain('同村 158，同乡镇 60，同县 20，跨县 0')
  expect(shown.textContent).toContain('格桑家所在村没有在岗干部')

  // the changes, household by household: whose pairing ends and begins, the phone masked
  const list = screen.getByTestId('plan-changes')
  expect(list.textContent).toContain('变动明细（25 户家庭）')
  const first = list.querySelector('[data-household="H1"]')!
  expect(first.textContent).toContain(`${HEAD_NAME['zh-Hans']} · ${PLACE.gala['zh-Hans']} · 139****2211`)
  expect(first.textContent).toContain('结束结对：扎西卓玛')
  expect(first.textContent).toContain('新结对：李明')
  expect(list.querySelectorAll('[data-household]')).toHaveLength(20)
  await tap(screen.getByTestId('more-changes'))
  expect(lastInput('registry', 'planChanges')).toEqual({ planId: 'P1', offset: 20, limit: 20 })
  expect(screen.getByTestId('plan-changes').querySelectorAll('[data-household]')).toHaveLength(25)

  await tap(screen.getByTestId('confirm-plan'), 6)
  expect(modals()).toEqual(['执行后将结束 2 条现有结对，新建 38 条结对，涉及 25 户家庭。确认执行吗？'])
  expect(callsTo('registry').filter((c) => c.action === 'confirmPlan')).toHaveLength(2)
  expect(screen.getByTestId('plan-done').textContent).toBe('结对已完成')
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '结对已完成' }))
})

test('answering no to the question ends nothing', async () => {
  await renderPage(PairingPage, { routes: routes(false) })
  await tap(screen.getByTestId('make-plan'))
  taroStub.confirm = false
  await tap(screen.getByTestId('confirm-plan'), 4)
  expect(modals()).toHaveLength(1)
  expect(callsTo('registry').filter((c) => c.action === 'confirmPlan')).toEqual([])
  expect(screen.getByTestId('plan').getAttribute('data-state')).toBe('planned')
  expect(taroStub.showToast).not.toHaveBeenCalled()
})

test('in Tibetan: the question and the changes are in Tibetan, and a refusal too', async () => {
  await renderPage(PairingPage, {
    lang: 'bo',
    routes: [...routes(false), on(registry, 'confirmPlan', refuse('FORBIDDEN'))],
  })
  await tap(screen.getByTestId('make-plan'))
  expect(screen.getByTestId('plan-changes').textContent).toContain(bo('registry.pairing.list', { households: 25 }))
  expect(screen.getByTestId('plan-changes').textContent).toContain(
    bo('registry.pairing.end', { names: OFFICIAL_NAME.bo }),
  )
  await tap(screen.getByTestId('confirm-plan'), 4)
  expect(modals()).toEqual([bo('registry.pairing.ask', { end: 2, begin: 38, households: 25 })])
  expect(screen.getByTestId('import-message').textContent).toBe(bo('error.FORBIDDEN'))
})

test('switching to Tibetan asks for the plan again, so its exceptions read in Tibetan', async () => {
  await renderPage(PairingPage, {
    routes: [
      ...routes(false),
      on(registry, 'plan', { ...plan, exceptions: [{ kind: 'noOfficial', message: 'ཁྱིམ་ཚང་འདིར་ལས་བྱེད་པ་མེད།' }] }),
    ],
  })
  await tap(screen.getByTestId('make-plan'))
  expect(screen.getByTestId('plan').textContent).toContain('格桑家所在村没有在岗干部')
  await act(async () => setLang('bo'))
  await settle(3)
  expect(lastInput('registry', 'plan')).toEqual({ planId: 'P1' })
  expect(screen.getByTestId('plan').textContent).toContain('ཁྱིམ་ཚང་འདིར་ལས་བྱེད་པ་མེད།')
})

test('a plan refused is said in Tibetan', async () => {
  await renderPage(PairingPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'regions', regionsOfKangding),
      on(registry, 'planPairing', refuse('FORBIDDEN')),
    ],
  })
  await tap(screen.getByTestId('make-plan'))
  expect(screen.getByTestId('import-message').textContent).toBe(bo('error.FORBIDDEN'))
  expect(screen.queryByTestId('plan')).toBeNull()
})

test('regions that fail to load show the error, and retry lists them', async () => {
  await renderPage(PairingPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'regions', (_input, n) => (n === 1 ? refuse('INTERNAL') : regionsOfKangding)),
    ],
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getByTestId('plan-regions')).toBeTruthy()
})
