import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import LeadPage from '@/pages/official/household/lead'
import RiskPage from '@/pages/official/household/risk'
import { contacts } from '@shared/contracts/contacts'
import { requests } from '@shared/contracts/requests'
import type { RiskLeadItem } from '@shared/contracts/risk'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { record } from './record'

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
const lead = (over: Partial<RiskLeadItem> = {}): RiskLeadItem => ({
  id: '7b0c9d2e-1f3a-4b5c-8d6e-9f0a1b2c3d4e',
  kind: 'sudden',
  text: '户主务工受伤，今年收入大减',
  sentAt: '2026-11-20T02:00:00.000Z',
  due: '2026-12-04T16:00:00.000Z',
  overdue: false,
  result: null,
  unit: { kind: 'department', level: 'county' },
  ...over,
})
const leads = (items: RiskLeadItem[]) => on(requests, 'riskOf', { items })
const sent = on(requests, 'riskLead', {
  id: 'x',
  status: 'created',
  unit: { kind: 'department', level: 'county' },
  due: '2026-12-20T16:00:00.000Z',
})

describe('the risk screen lists the leads', () => {
  test('each with its kind, when it was sent and where it is: waiting by its deadline, late, or the result and day', async () => {
    await renderPage(RiskPage, {
      params,
      routes: [
        on(contacts, 'householdRecord', record()),
        leads([
          lead(),
          lead({ id: 'b', overdue: true }),
          lead({ id: 'c', kind: 'edge', result: { identified: true, decidedOn: '2026-11-28' } }),
          lead({
            id: 'd',
            result: { identified: false, decidedOn: '2026-11-29' },
            unit: { kind: 'office', level: 'county' },
          }),
        ]),
      ],
    })
    const shown = screen.getAllByTestId('risk-lead')
    expect(shown).toHaveLength(4)
    expect(shown[0]!.textContent).toContain(zh('riskLead.kind.sudden'))
    expect(shown[0]!.textContent).toContain(zh('riskLead.sent', { date: '2026-11-20' }))
    const states = screen.getAllByTestId('lead-state').map((s) => s.textContent)
    expect(states).toEqual([
      zh('riskLead.waiting', { due: '2026-12-04' }),
      zh('riskLead.late', { due: '2026-12-04' }),
      zh('riskLead.identified', { date: '2026-11-28' }),
      zh('riskLead.notIdentified', { date: '2026-11-29' }),
    ])
    expect(shown[3]!.textContent).toContain(zh('riskLead.noTeam'))
    await tap(screen.getByTestId('open-lead'))
    expect(taroStub.navigations.at(-1)).toEqual({
      kind: 'navigateTo',
      url: `/pages/official/household/lead?id=${HOUSEHOLD_ID}`,
    })
  })

  test('in Tibetan, for a role that only reads it: no way to send one, and none sent yet says so', async () => {
    await renderPage(RiskPage, {
      lang: 'bo',
      params,
      routes: [on(contacts, 'householdRecord', record({ mayEditRisk: false })), leads([])],
    })
    expect(screen.queryByTestId('open-lead')).toBeNull()
    expect(screen.getByText(bo('riskLead.empty'))).toBeTruthy()
  })
})

describe('sending a lead', () => {
  test('names the household from its record; the kind is required, the field marked, nothing asked or sent', async () => {
    await renderPage(LeadPage, { params, routes: [on(contacts, 'householdRecord', record()), sent] })
    expect(screen.getByTestId('lead-household').textContent).toContain('泽仁拉姆 · 呷拉村')
    fireEvent.change(screen.getByTestId('lead-text'), { target: { value: '房屋被泥石流冲毁' } })
    await settle()
    await tap(screen.getByTestId('send-lead'))
    const kind = document.querySelector('[data-field="kind"]')!
    expect(kind.getAttribute('data-invalid')).toBe('true')
    expect(asked).toEqual([])
    expect(callsTo('requests')).toHaveLength(0)
  })

  test('asks first naming the kind; agreed, it is sent once under one id, then the screen goes back', async () => {
    await renderPage(LeadPage, {
      params,
      routes: [
        on(contacts, 'householdRecord', record()),
        on(requests, 'riskLead', (_input, n) =>
          n === 1
            ? refuse('UNAVAILABLE')
            : {
                id: 'x',
                status: 'created' as const,
                unit: { kind: 'department' as const, level: 'county' as const },
                due: '',
              },
        ),
      ],
    })
    await tap(screen.getByTestId('kind-sudden'))
    fireEvent.change(screen.getByTestId('lead-text'), { target: { value: '房屋被泥石流冲毁' } })
    await settle()
    taroStub.confirm = false
    await tap(screen.getByTestId('send-lead'))
    expect(asked).toEqual([zh('riskLead.confirm', { kind: zh('riskLead.kind.sudden') })])
    expect(callsTo('requests')).toHaveLength(0)

    taroStub.confirm = true
    await tap(screen.getByTestId('send-lead'))
    const first = lastInput('requests', 'riskLead') as { id: string }
    expect(first).toMatchObject({ householdId: HOUSEHOLD_ID, kind: 'sudden', text: '房屋被泥石流冲毁' })
    expect(taroStub.navigations).toEqual([])
    // the first send failed: sent again, under the same id, so the function stores one lead
    await tap(screen.getByTestId('send-lead'))
    expect((lastInput('requests', 'riskLead') as { id: string }).id).toBe(first.id)
    expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('riskLead.done'), icon: 'success' })
    expect(taroStub.navigations.at(-1)).toEqual({ kind: 'navigateBack', url: '' })
  })

  test('in Tibetan: the kinds with what each means', async () => {
    await renderPage(LeadPage, { lang: 'bo', params, routes: [on(contacts, 'householdRecord', record()), sent] })
    expect(screen.getByTestId('kind-edge').textContent).toBe(
      `${bo('riskLead.kind.edge')}${bo('riskLead.meaning.edge')}`,
    )
    expect(screen.getByTestId('send-lead').textContent).toBe(bo('riskLead.send'))
  })
})
