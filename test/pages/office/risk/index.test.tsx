import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import RiskTeamPage from '@/pages/office/risk/index'
import { requests } from '@shared/contracts/requests'
import type { TeamLead } from '@shared/contracts/risk'
import { chinaDay } from '@shared/time'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

let asked: string[] = []

beforeEach(() => {
  freshTaro()
  asked = []
  const showModal = Taro.showModal
  jest.spyOn(Taro, 'showModal').mockImplementation((options) => {
    asked.push(options?.content ?? '')
    return showModal(options)
  })
})

afterEach(() => jest.restoreAllMocks())

const HEAD = { 'zh-Hans': '泽仁拉姆', bo: 'ཚེ་རིང་ལྷ་མོ།' }
const VILLAGE = { 'zh-Hans': '呷拉村', bo: 'ག་ལ་གྲོང་ཚོ།' }
const lead = (over: Partial<TeamLead> = {}): TeamLead => ({
  id: '7b0c9d2e-1f3a-4b5c-8d6e-9f0a1b2c3d4e',
  events: 2,
  kind: 'sudden',
  text: '户主务工受伤，电话 139****0776',
  head: HEAD,
  village: VILLAGE,
  sentAt: '2026-11-20T02:00:00.000Z',
  due: '2026-12-04T16:00:00.000Z',
  overdue: false,
  result: null,
  ...over,
})
const result = on(requests, 'riskResult', (input) => ({
  id: input.id,
  events: 4,
  result: { identified: input.identified, decidedOn: input.decidedOn },
}))

test('waiting leads name the household and its village, what happened and the deadline; a late one is marked', async () => {
  await renderPage(RiskTeamPage, {
    routes: [on(requests, 'riskLeads', { items: [lead(), lead({ id: 'late', overdue: true })], more: false }), result],
  })
  expect(lastInput('requests', 'riskLeads')).toEqual({ decided: false, page: 0 })
  const [first, late] = screen.getAllByTestId('team-lead')
  expect(first!.textContent).toContain('泽仁拉姆 · 呷拉村')
  expect(first!.textContent).toContain('户主务工受伤，电话 139****0776')
  expect(screen.getAllByTestId('lead-due').map((d) => d.textContent)).toEqual([
    zh('riskLead.waiting', { due: '2026-12-04' }),
    zh('riskLead.late', { due: '2026-12-04' }),
  ])
  expect(late!.className).toContain('card--alert')
  expect(screen.getAllByTestId('decided-on')[0]!.textContent).toBe(chinaDay())
})

test('recording a result asks first with the name, the result and the day; agreed, only those are sent', async () => {
  await renderPage(RiskTeamPage, {
    routes: [
      on(requests, 'riskLeads', (_input, n) =>
        n === 1 ? { items: [lead()], more: false } : { items: [], more: false },
      ),
      result,
    ],
  })
  const day = screen.getByTestId('decided-on').closest('label')!.querySelector('input')!
  fireEvent.change(day, { target: { value: '2026-12-01' } })
  await settle()
  taroStub.confirm = false
  await tap(screen.getByTestId('identify-yes'))
  expect(asked).toEqual([zh('riskTeam.confirm', { name: '泽仁拉姆', result: zh('riskTeam.yes'), date: '2026-12-01' })])
  expect(callsTo('requests').filter((c) => c.action === 'riskResult')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('identify-yes'))
  expect(lastInput('requests', 'riskResult')).toEqual({
    id: lead().id,
    events: 2,
    identified: true,
    decidedOn: '2026-12-01',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('riskTeam.done'), icon: 'success' })
  // the list is read again: the decided lead has left it
  expect(screen.getByText(zh('riskTeam.empty'))).toBeTruthy()
})

test("a refusal of the day is shown under it; the decided tab shows each lead's result, in Tibetan", async () => {
  await renderPage(RiskTeamPage, {
    lang: 'bo',
    routes: [
      on(requests, 'riskLeads', (input) =>
        input.decided
          ? { items: [lead({ result: { identified: false, decidedOn: '2026-11-30' } })], more: false }
          : { items: [lead()], more: false },
      ),
      on(requests, 'riskResult', refuse('INVALID_ARGUMENT', 'riskLead.day.beforeLead')),
    ],
  })
  await tap(screen.getByTestId('identify-no'))
  expect(asked).toEqual([bo('riskTeam.confirm', { name: HEAD.bo, result: bo('riskTeam.no'), date: chinaDay() })])
  expect(screen.getByText(bo('riskLead.day.beforeLead'))).toBeTruthy()
  await tap(screen.getByTestId('tab-decided'))
  expect(lastInput('requests', 'riskLeads')).toEqual({ decided: true, page: 0 })
  expect(screen.getByTestId('lead-result').textContent).toBe(bo('riskLead.notIdentified', { date: '2026-11-30' }))
  expect(screen.queryByTestId('identify-yes')).toBeNull()
})
