import { fireEvent, screen } from '@testing-library/react'
import PublicityPage from '@/pages/household/exchange/publicity'
import type { Publicity } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const CAMPAIGN = '5a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
const ENTRY = '6b2d3c4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e'
const list = (extra: Partial<Publicity> = {}): Publicity => ({
  campaignId: CAMPAIGN,
  year: 2026,
  kind: 'family',
  title: { 'zh-Hans': '2026年度示范家庭评选', bo: '2026 ལོའི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག' },
  start: '2026-12-10',
  end: '2026-12-16',
  open: true,
  confirmed: false,
  entries: [
    {
      nominationId: ENTRY,
      kind: 'family',
      name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
      village: { 'zh-Hans': '榆林村', bo: 'ཡུས་ལིན་གྲོང་ཚོ།' },
      story: '三代和睦，资助学生上学。电话 139****5678',
      state: 'listed',
    },
  ],
  ...extra,
})

test('the list in Tibetan: the window, each entry by name and village, its story masked', async () => {
  await renderPage(PublicityPage, { lang: 'bo', routes: [on(exchange, 'publicity', { items: [list()] })] })
  const shown = screen.getByTestId('publicity')
  expect(shown.textContent).toContain('2026 ལོའི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག')
  expect(shown.textContent).toContain(bo('exchange.window', { start: '2026-12-10', end: '2026-12-16' }))
  const entry = screen.getByTestId('entry')
  expect(entry.textContent).toContain('བཀྲ་ཤིས།')
  expect(entry.textContent).toContain('ཡུས་ལིན་གྲོང་ཚོ།')
  expect(entry.textContent).toContain('139****5678')
  expect(screen.getByTestId('object-open').textContent).toBe(bo('exchange.object'))
})

test('an objection needs its reason; it is sent once with it and shown with the county’s answer', async () => {
  let objected = false
  await renderPage(PublicityPage, {
    routes: [
      on(exchange, 'publicity', () => ({
        items: [
          objected
            ? list({
                entries: [{ ...list().entries[0]!, objection: { reason: '邻里纠纷未解决' } }],
              })
            : list(),
        ],
      })),
      on(exchange, 'object', () => {
        objected = true
        return { id: 'x', status: 'created' as const }
      }),
    ],
  })
  await tap(screen.getByTestId('object-open'))
  await tap(screen.getByTestId('object-send'))
  expect(callsTo('exchange').filter((c) => c.action === 'object')).toHaveLength(0)
  expect(document.querySelector('[data-field="reason"]')!.getAttribute('data-invalid')).toBe('true')
  fireEvent.change(screen.getByTestId('reason'), { target: { value: '邻里纠纷未解决' } })
  await tap(screen.getByTestId('object-send'))
  expect(lastInput('exchange', 'object')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    campaignId: CAMPAIGN,
    nominationId: ENTRY,
    reason: '邻里纠纷未解决',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('exchange.objected') }))
  expect(screen.getByTestId('my-objection').textContent).toContain(
    zh('exchange.yourObjection', { reason: '邻里纠纷未解决' }),
  )
  expect(screen.queryByTestId('object-open')).toBeNull()
})

test('after the window no objection is offered; an answered one shows the answer; a struck entry is marked', async () => {
  const entries: Publicity['entries'] = [
    { ...list().entries[0]!, objection: { reason: '不属实', answer: '经核实属实', upheld: false } },
    { ...list().entries[0]!, nominationId: 'other', state: 'struck' },
  ]
  await renderPage(PublicityPage, { routes: [on(exchange, 'publicity', { items: [list({ open: false, entries })] })] })
  expect(screen.getByTestId('publicity').textContent).toContain(zh('exchange.windowOver'))
  expect(screen.queryByTestId('object-open')).toBeNull()
  expect(screen.getByTestId('objection-answer').textContent).toBe(
    zh('exchange.answerDismissed', { text: '经核实属实' }),
  )
  expect(screen.getByTestId('entry-state').textContent).toBe(zh('exchange.entry.struck'))
})

test('nothing published for the county: said so', async () => {
  await renderPage(PublicityPage, { routes: [on(exchange, 'publicity', { items: [] })] })
  expect(document.body.textContent).toContain(zh('exchange.noPublicity'))
})
