import { screen } from '@testing-library/react'
import OfficialHouseholdPage from '@/pages/official/household/index'
import OfficialHouseholdsPage from '@/pages/official/households/index'
import { contacts } from '@shared/contracts/contacts'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { GALA, HEAD_NAME, HOUSEHOLD_ID, KANGDING, LAZHUO, OFFICIAL_ID, PREFECTURE, householdRows } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const params = { householdId: HOUSEHOLD_ID }

const sheet = (revealed: boolean): ActionOutput<typeof identity, 'householdDetail'> => ({
  id: HOUSEHOLD_ID,
  regionPath: [PREFECTURE, KANGDING, LAZHUO, GALA],
  head: { name: HEAD_NAME, idNumber: revealed ? '513301198503152026' : '513301********2026' },
  phone: revealed ? '13950192211' : '139****2211',
  members: [
    {
      name: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      relation: 'child',
      birthYear: 2010,
      idNumber: revealed ? '513301201004011234' : '513301********1234',
    },
  ],
  riskLevel: 'watch',
  officialIds: [OFFICIAL_ID],
  revealed,
  mayReveal: true,
  sensitiveShown: true,
})

const detail = on(identity, 'householdDetail', (input) => sheet(input.reveal === true))

test('the sheet opens masked; “show full numbers” asks, says it is recorded, and reveals', async () => {
  await renderPage(OfficialHouseholdPage, { params, routes: [detail] })
  expect(lastInput('identity', 'householdDetail')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('head-id').textContent).toBe('513301********2026')
  expect(screen.getByTestId('phone').textContent).toBe('139****2211')
  expect(screen.getByTestId('detail-member').textContent).toContain('格桑 · 子女')
  expect(screen.getByTestId('masked').textContent).toContain('查看完整号码会被记录')

  taroStub.confirm = false
  await tap(screen.getByTestId('reveal'))
  expect(callsTo('identity')).toHaveLength(1)

  taroStub.confirm = true
  await tap(screen.getByTestId('reveal'))
  expect(lastInput('identity', 'householdDetail')).toEqual({ householdId: HOUSEHOLD_ID, reveal: true })
  expect(screen.getByTestId('head-id').textContent).toBe('513301198503152026')
  expect(screen.getByTestId('phone').textContent).toBe('13950192211')
  expect(screen.getByTestId('revealed').textContent).toBe('已显示完整号码，这次查看已记录。')
  expect(screen.queryByTestId('reveal')).toBeNull()
})

test('in Tibetan: a role that may not see full numbers gets no reveal button', async () => {
  await renderPage(OfficialHouseholdPage, {
    lang: 'bo',
    params,
    routes: [on(identity, 'householdDetail', { ...sheet(false), mayReveal: false })],
  })
  expect(screen.getByTestId('detail-head').textContent).toContain('ཚེ་རིང་ལྷ་མོ།')
  expect(screen.getByTestId('masked').textContent).toContain(bo('detail.noReveal'))
  expect(screen.queryByTestId('reveal')).toBeNull()
})

test('a refused reveal is shown and the numbers stay masked', async () => {
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [on(identity, 'householdDetail', (input) => (input.reveal ? refuse('FORBIDDEN') : sheet(false)))],
  })
  await tap(screen.getByTestId('reveal'))
  expect(shownError('FORBIDDEN')).toBeTruthy()
  expect(screen.getByTestId('head-id').textContent).toBe('513301********2026')
})

test('a sheet that fails to load shows the error, and retry loads it', async () => {
  await renderPage(OfficialHouseholdPage, {
    params,
    routes: [on(identity, 'householdDetail', (_input, n) => (n === 1 ? refuse('UNAVAILABLE') : sheet(false)))],
  })
  expect(shownError('UNAVAILABLE')).toBeTruthy()
  await retry()
  expect(screen.getByTestId('head-id').textContent).toBe('513301********2026')
})

test('an official opens it from a row of “my households”', async () => {
  await renderPage(OfficialHouseholdsPage, { routes: [on(contacts, 'myHouseholds', householdRows)] })
  await tap(screen.getAllByTestId('open-household')[0]!)
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    `/pages/official/household/index?householdId=${HOUSEHOLD_ID}`,
  ])
})
