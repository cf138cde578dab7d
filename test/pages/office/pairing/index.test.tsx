import { fireEvent, screen } from '@testing-library/react'
import PairingPage from '@/pages/office/pairing/index'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { KANGDING, LAZHUO, officeMe, plan, regionsOfKangding } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

test('a region is chosen, the plan previewed, then confirmed batch after batch until done', async () => {
  await renderPage(PairingPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'regions', regionsOfKangding),
      on(registry, 'planPairing', plan),
      on(registry, 'confirmPlan', (_input, n) =>
        n === 1
          ? { ...plan, state: 'confirming' as const, batchesDone: 1 }
          : { ...plan, state: 'done' as const, batchesDone: 2 },
      ),
    ],
  })
  expect(lastInput('registry', 'regions')).toEqual({ region: KANGDING })
  const lazhuo = screen.getByText((_text, el) => el?.getAttribute('data-code') === LAZHUO)
  expect(lazhuo.textContent).toBe('拉卓镇 · 家庭 240 户 · 干部 60 名')
  fireEvent.click(lazhuo)
  fireEvent.click(screen.getByRole('checkbox'))

  await tap(screen.getByTestId('make-plan'))
  expect(lastInput('registry', 'planPairing')).toEqual({ region: LAZHUO, keepExisting: false })
  const shown = screen.getByTestId('plan')
  expect(shown.textContent).toContain('240 户家庭，60 名干部')
  expect(screen.getByTestId('plan-coverage').textContent).toBe('覆盖：家庭 238/240 户，干部 60/60 名')
  expect(shown.textContent).toContain('同村 158，同乡镇 60，同县 20，跨县 0')
  expect(shown.textContent).toContain('格桑家所在村没有在岗干部')

  await tap(screen.getByTestId('confirm-plan'), 5)
  expect(callsTo('registry').filter((c) => c.action === 'confirmPlan')).toHaveLength(2)
  expect(screen.getByTestId('plan-done').textContent).toBe('结对已完成')
})

test('in Tibetan: a plan refused is said in Tibetan', async () => {
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
