import { act, screen } from '@testing-library/react'
import RequestsLink, { DRAFT_KEY, WAITING_KEY } from '@/pages/household/requests/Link'
import RequestsPage from '@/pages/household/requests/index'
import { requests } from '@shared/contracts/requests'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, on, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { assigned, categories, resolved } from './fixtures'

beforeEach(freshTaro)

const params = { householdId: HOUSEHOLD_ID }

test('each request says where it is in plain words: state, unit, deadline, why the township office has it', async () => {
  await renderPage(RequestsPage, {
    params,
    routes: [on(requests, 'mine', { items: [resolved, assigned] }), on(requests, 'categories', categories)],
  })
  const [first, second] = screen.getAllByTestId('request')
  expect(first!.getAttribute('data-state')).toBe('resolved')
  expect(first!.textContent).toContain('其他')
  expect(first!.textContent).toContain('已办结，等您回复')
  expect(first!.textContent).toContain('（语音反映）')
  expect(first!.textContent).toContain('办理单位：乡镇工作办公室')
  expect(first!.textContent).toContain('由乡镇工作办公室兜底办理')
  expect(first!.querySelector('[data-testid="answer-waiting"]')).toBeTruthy()
  expect(first!.querySelector('[data-testid="due"]')).toBeNull()
  expect(second!.textContent).toContain('冬季取暖')
  expect(second!.textContent).toContain('正在办理')
  expect(second!.textContent).toContain('办理单位：乡镇有关部门')
  expect(second!.querySelector('[data-testid="due"]')!.textContent).toBe('最迟 2026-12-10 办结')
  // the home shows how many wait for the household's answer
  expect(taroStub.storage.get(WAITING_KEY)).toBe(1)
  await tap(first!)
  expect(taroStub.navigations.at(-1)?.url).toBe(
    `/pages/household/requests/detail?id=${resolved.id}&householdId=${HOUSEHOLD_ID}`,
  )
})

test('an overdue request says so; pulling down asks again', async () => {
  await renderPage(RequestsPage, {
    params,
    routes: [
      on(requests, 'mine', () => ({ items: [{ ...assigned, overdue: true }] })),
      on(requests, 'categories', categories),
    ],
  })
  expect(screen.getByTestId('due').textContent).toBe('已超过办理期限')
  act(() => taroStub.pullDownRefresh!())
  await settle(3)
  expect(callsTo('requests').filter((c) => c.action === 'mine')).toHaveLength(2)
  expect(taroStub.stopPullDownRefresh).toHaveBeenCalled()
})

test('with no requests the list invites a report, and the button opens the form', async () => {
  taroStub.storage.set(WAITING_KEY, 2)
  await renderPage(RequestsPage, {
    params,
    routes: [on(requests, 'mine', { items: [] }), on(requests, 'categories', categories)],
  })
  expect(screen.getByText(zh('requests.empty'))).toBeTruthy()
  expect(taroStub.storage.has(WAITING_KEY)).toBe(false)
  await tap(screen.getByTestId('open-report'))
  expect(taroStub.navigations.at(-1)?.url).toBe(`/pages/household/requests/report?householdId=${HOUSEHOLD_ID}`)
})

test('in Tibetan', async () => {
  await renderPage(RequestsPage, {
    params,
    lang: 'bo',
    routes: [on(requests, 'mine', { items: [resolved, assigned] }), on(requests, 'categories', categories)],
  })
  const [first, second] = screen.getAllByTestId('request')
  expect(first!.textContent).toContain(bo('requests.state.resolved'))
  expect(first!.textContent).toContain(bo('requests.handledBy', { unit: bo('requests.unit.office.township') }))
  expect(second!.textContent).toContain('དགུན་དུས་དྲོད་གསོ།')
  expect(screen.getByTestId('open-report').textContent).toBe(bo('requests.reportButton'))
})

test('the home link shows the answers waiting, or a report not yet sent, without a call', async () => {
  taroStub.storage.set(WAITING_KEY, 2)
  await renderPage(() => <RequestsLink householdId={HOUSEHOLD_ID} />)
  expect(screen.getByTestId('open-requests').textContent).toContain('2 条等您回复')
  expect(taroStub.callFunction).not.toHaveBeenCalled()
  taroStub.storage.set(DRAFT_KEY, '{"id":"x"}')
  await renderPage(() => <RequestsLink householdId={HOUSEHOLD_ID} />)
  expect(screen.getAllByTestId('open-requests')[1]!.textContent).toContain(zh('requests.draftWaiting'))
})
