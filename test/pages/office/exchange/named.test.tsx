import { fireEvent, screen } from '@testing-library/react'
import OfficeNamedPage from '@/pages/office/exchange/named'
import type { NamedItem } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { KANGDING, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const named = (extra: Partial<NamedItem> = {}): NamedItem => ({
  id: 'n1',
  campaignId: 'c1',
  year: 2026,
  kind: 'family',
  name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
  village: { 'zh-Hans': '榆林村', bo: 'ཡུས་ལིན་གྲོང་ཚོ།' },
  status: 'active',
  namedAt: '2026-12-31T02:00:00.000Z',
  ...extra,
})

test('revoking needs a reason and a question; the record stays, shown revoked with why', async () => {
  let revoked = false
  await renderPage(OfficeNamedPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'named', () => ({
        items: [revoked ? named({ status: 'revoked', reason: '弄虚作假' }) : named()],
      })),
      on(exchange, 'reviewsDue', { count: 0, items: [] }),
      on(exchange, 'reviewNamed', (input) => {
        revoked = true
        return { id: input.id, status: 'revoked' as const }
      }),
    ],
  })
  expect(lastInput('exchange', 'named')).toEqual({ region: KANGDING })
  await tap(screen.getByTestId('revoke'))
  expect(callsTo('exchange').filter((c) => c.action === 'reviewNamed')).toHaveLength(0)
  expect(document.querySelector('[data-field="reason"]')!.textContent).toContain(zh('exchange.reasonRequired'))
  fireEvent.input(screen.getByTestId('revoke-reason'), { target: { value: '弄虚作假' } })
  taroStub.confirm = false
  await tap(screen.getByTestId('revoke'))
  expect(callsTo('exchange').filter((c) => c.action === 'reviewNamed')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('revoke'))
  expect(lastInput('exchange', 'reviewNamed')).toEqual(
    expect.objectContaining({ id: 'n1', outcome: 'revoked', reason: '弄虚作假' }),
  )
  const item = screen.getByTestId('named-item')
  expect(item.getAttribute('data-status')).toBe('revoked')
  expect(item.textContent).toContain(zh('exchange.revokedReason', { reason: '弄虚作假' }))
})

test('in Tibetan, a kept family shows the year it was named and reviewed', async () => {
  await renderPage(OfficeNamedPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'named', { items: [named({ reviewedYear: 2027 })] }),
      on(exchange, 'reviewsDue', { count: 0, items: [] }),
    ],
  })
  const item = screen.getByTestId('named-item')
  expect(item.textContent).toContain(bo('exchange.namedYear', { year: 2026 }))
  expect(item.textContent).toContain(bo('exchange.reviewedYear', { year: 2027 }))
})
