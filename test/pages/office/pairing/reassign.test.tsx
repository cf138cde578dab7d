import { fireEvent, screen } from '@testing-library/react'
import ReassignPage from '@/pages/office/pairing/reassign'
import { registry } from '@shared/contracts/registry'
import { HEAD_NAME, HOUSEHOLD_ID, OFFICIAL_ID, officialDetail } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, tap } from '../../helpers'

beforeEach(freshTaro)

const after = {
  ...officialDetail,
  households: [],
  history: [{ ...officialDetail.history[0]!, to: '2026-12-06', endReason: 'retire' }],
}

test('an official is found by number; their households go to another official, and the history shows it', async () => {
  await renderPage(ReassignPage, {
    routes: [
      on(registry, 'official', (_input, n) => (n === 1 ? officialDetail : after)),
      on(registry, 'reassign', {
        closed: 1,
        opened: 1,
        moves: [{ householdId: HOUSEHOLD_ID, to: 'O51330100060', toName: { 'zh-Hans': '李明', bo: '' } }],
        unassigned: [],
        movedRequests: 2,
        outsideRegion: 1,
      }),
    ],
  })
  fireEvent.change(screen.getByTestId('official-id'), { target: { value: ` ${OFFICIAL_ID} ` } })
  await tap(screen.getByText('查找'))
  expect(lastInput('registry', 'official')).toEqual({ officialId: OFFICIAL_ID })
  const detail = screen.getByTestId('official-detail')
  expect(detail.textContent).toContain('扎西卓玛 · 康定市民政局')
  expect(detail.textContent).toContain('当前结对 1 户')
  expect(detail.textContent).toContain(`${HEAD_NAME['zh-Hans']} · KD-H-0001 · 139****2211`)
  expect(detail.textContent).toContain(`${HOUSEHOLD_ID} · 2025-03-01 – 至今`)

  fireEvent.click(screen.getByText('退休'))
  await tap(screen.getByTestId('reassign'))
  expect(lastInput('registry', 'reassign')).toEqual({ officialId: OFFICIAL_ID, endReason: 'retire', keepActive: false })
  expect(screen.getByTestId('reassign-result').textContent).toContain('已移交 1 户，结束原结对 1 条，转交诉求 2 件')
  expect(screen.getByTestId('reassign-result').textContent).toContain(`${HOUSEHOLD_ID} → 李明`)
  expect(screen.getByTestId('reassign-outside').textContent).toBe(
    '1 户不在你负责的区域内，没有调整，由所在区域的办公室处理',
  )
  expect(screen.getByTestId('official-detail').textContent).toContain('2025-03-01 – 2026-12-06 · 退休')
})

test('an unknown official is refused, in Tibetan', async () => {
  await renderPage(ReassignPage, { lang: 'bo', routes: [on(registry, 'official', refuse('NOT_FOUND'))] })
  fireEvent.change(screen.getByTestId('official-id'), { target: { value: 'O0' } })
  await tap(screen.getByText(bo('registry.reassign.find')))
  expect(screen.getByTestId('import-message').textContent).toBe(bo('error.NOT_FOUND'))
  expect(screen.queryByTestId('official-detail')).toBeNull()
})

test('taking over by oneself is refused in Chinese', async () => {
  await renderPage(ReassignPage, {
    routes: [
      on(registry, 'official', officialDetail),
      on(registry, 'reassign', refuse('INVALID_ARGUMENT', 'registry.reassign.sameOfficial')),
    ],
  })
  fireEvent.change(screen.getByTestId('official-id'), { target: { value: OFFICIAL_ID } })
  await tap(screen.getByText('查找'))
  await tap(screen.getByTestId('reassign'))
  expect(screen.getByTestId('import-message').textContent).toBe('不能移交给本人')
})
