import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import RiskPage from '@/pages/official/household/risk'
import { contacts } from '@shared/contracts/contacts'
import { chinaDay } from '@shared/time'
import { HOUSEHOLD_ID, OFFICIAL_NAME } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { record } from './record'

/** what each confirmation dialog said */
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

const params = { id: HOUSEHOLD_ID }
const afterChange = record({
  risk: { level: 'high', reason: '主要劳动力因病失去收入', date: chinaDay() },
  history: [
    {
      before: 'watch',
      level: 'high',
      reason: '主要劳动力因病失去收入',
      date: chinaDay(),
      at: new Date().toISOString(),
      by: { kind: 'official', name: OFFICIAL_NAME },
    },
    ...record().history,
  ],
})
/** the record as it is, then as it is after a save */
const stored = on(contacts, 'householdRecord', (_input, n) => (n === 1 ? record() : afterChange))
const saved = on(contacts, 'setRiskLevel', { riskLevel: 'high', changed: true })
const sets = () => callsTo('contacts').filter((c) => c.action === 'setRiskLevel')

async function typeReason(text: string) {
  fireEvent.change(screen.getByTestId('reason'), { target: { value: text } })
  await settle()
}

test('shows the three levels with what each means, the current one chosen, today as the date, and the history by name', async () => {
  await renderPage(RiskPage, { params, routes: [stored, saved] })
  expect(screen.getByTestId('risk-current').textContent).toContain('当前：关注')
  expect(screen.getByTestId('level-none').textContent).toBe(`无风险${zh('risk.meaning.none')}`)
  expect(screen.getByTestId('level-high').textContent).toContain(zh('risk.meaning.high'))
  expect(screen.getByTestId('level-watch').getAttribute('data-on')).toBe('true')
  expect(screen.getByTestId('date').textContent).toBe(chinaDay())
  const entries = screen.getAllByTestId('risk-entry')
  expect(entries).toHaveLength(1)
  expect(entries[0]!.textContent).toContain('无风险 → 关注')
  expect(entries[0]!.textContent).toContain('牲畜因雪灾损失过半')
  expect(screen.getByTestId('risk-by').textContent).toBe('拉绰乡工作办公室')
})

test('the reason is required: the field is marked and nothing is asked or sent', async () => {
  await renderPage(RiskPage, { params, routes: [stored, saved] })
  await tap(screen.getByTestId('level-high'))
  await typeReason('   ')
  await tap(screen.getByTestId('save-risk'))
  const reason = document.querySelector('[data-field="reason"]')!
  expect(reason.getAttribute('data-invalid')).toBe('true')
  expect(reason.textContent).toContain(zh('validation.required'))
  expect(asked).toEqual([])
  expect(sets()).toHaveLength(0)
})

test('a change asks first and says what changes; declined, nothing is sent; agreed, it is saved with a toast and the history grows', async () => {
  await renderPage(RiskPage, { params, routes: [stored, saved] })
  await tap(screen.getByTestId('level-high'))
  await typeReason('主要劳动力因病失去收入')
  const date = screen.getByTestId('date').closest('label')!.querySelector('input')!
  fireEvent.change(date, { target: { value: '2026-12-01' } })
  await settle()

  taroStub.confirm = false
  await tap(screen.getByTestId('save-risk'))
  expect(asked).toEqual([zh('risk.confirmChange', { before: '关注', after: '高风险' })])
  expect(sets()).toHaveLength(0)

  taroStub.confirm = true
  await tap(screen.getByTestId('save-risk'))
  expect(lastInput('contacts', 'setRiskLevel')).toEqual({
    householdId: HOUSEHOLD_ID,
    level: 'high',
    reason: '主要劳动力因病失去收入',
    date: '2026-12-01',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('risk.done'), icon: 'success' })
  expect(screen.getByTestId('risk-current').textContent).toContain('当前：高风险')
  expect(screen.getAllByTestId('risk-entry')).toHaveLength(2)
  expect(screen.getAllByTestId('risk-by')[0]!.textContent).toBe('扎西卓玛')
  expect((screen.getByTestId('reason') as HTMLTextAreaElement).value).toBe('')
})

test('keeping the level asks whether to update only the reason and date', async () => {
  await renderPage(RiskPage, {
    params,
    routes: [stored, on(contacts, 'setRiskLevel', { riskLevel: 'watch', changed: false })],
  })
  await typeReason('复核：仍需关注')
  await tap(screen.getByTestId('save-risk'))
  expect(asked).toEqual([zh('risk.confirmSame', { level: '关注' })])
  expect(lastInput('contacts', 'setRiskLevel')).toMatchObject({ level: 'watch', reason: '复核：仍需关注' })
})

test('in Tibetan, for a role that may only read it: the meaning of the level, the history, and no form', async () => {
  await renderPage(RiskPage, {
    lang: 'bo',
    params,
    routes: [on(contacts, 'householdRecord', record({ mayEditRisk: false }))],
  })
  expect(screen.queryByTestId('risk-form')).toBeNull()
  expect(screen.getByTestId('risk-read-only').textContent).toBe(bo('risk.readOnly'))
  expect(screen.getByTestId('risk-current').textContent).toContain(bo('contacts.risk.watch'))
  expect(screen.getByTestId('risk-by').textContent).toBe(bo('record.byOffice', { region: 'ལ་ཚོ་ཤང་།' }))
})

test('a history with no changes yet says so', async () => {
  await renderPage(RiskPage, {
    params,
    routes: [
      on(contacts, 'householdRecord', record({ history: [], risk: { level: 'none', reason: null, date: null } })),
    ],
  })
  expect(screen.getByText(zh('risk.historyEmpty'))).toBeTruthy()
  expect(screen.getByTestId('level-none').getAttribute('data-on')).toBe('true')
})
