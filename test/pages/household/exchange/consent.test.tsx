import { screen } from '@testing-library/react'
import ConsentPage from '@/pages/household/exchange/consent'
import type { HouseholdExchange } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const NOMINATION = '7c3e4d5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f'
const waiting = (answered: boolean): HouseholdExchange => ({
  consents: answered
    ? []
    : [
        {
          nominationId: NOMINATION,
          campaignId: 'c',
          year: 2026,
          kind: 'family',
          title: { 'zh-Hans': '2026年度示范家庭评选', bo: '2026 ལོའི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག' },
          story: '三代和睦，帮助邻里',
          until: '2026-12-20',
        },
      ],
  named: [],
  publicity: false,
})

test('yes sends the household’s consent, and the card is answered', async () => {
  let answered = false
  await renderPage(ConsentPage, {
    params: { householdId: HOUSEHOLD_ID },
    routes: [
      on(exchange, 'mine', () => waiting(answered)),
      on(exchange, 'consent', (input) => {
        answered = true
        return { id: input.nominationId, state: 'nominated' as const }
      }),
    ],
  })
  const card = screen.getByTestId('consent')
  expect(card.textContent).toContain(zh('exchange.consentIntro', { title: '2026年度示范家庭评选' }))
  expect(card.textContent).toContain(zh('exchange.consentUntil', { day: '2026-12-20' }))
  await tap(screen.getByTestId('consent-yes'))
  expect(lastInput('exchange', 'consent')).toEqual({ householdId: HOUSEHOLD_ID, nominationId: NOMINATION, given: true })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('exchange.consentGivenDone') }))
  expect(document.body.textContent).toContain(zh('exchange.noConsent'))
})

test('no is asked first, in Tibetan; declining the question sends nothing', async () => {
  taroStub.confirm = false
  await renderPage(ConsentPage, {
    lang: 'bo',
    params: { householdId: HOUSEHOLD_ID },
    routes: [on(exchange, 'mine', () => waiting(false))],
  })
  expect(screen.getByTestId('consent-no').textContent).toBe(bo('exchange.consentNo'))
  await tap(screen.getByTestId('consent-no'))
  expect(callsTo('exchange').filter((c) => c.action === 'consent')).toHaveLength(0)
})
