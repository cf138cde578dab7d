import { screen } from '@testing-library/react'
import CoveragePage from '@/pages/office/coverage/index'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { coverageOfKangding, KANGDING, LAZHUO, officeMe, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

const lazhuo = { ...coverageOfKangding, total: { ...coverageOfKangding.byRegion[0]! }, byRegion: [] }

test('the office’s region: totals, regions one level down (tap to go down), departments, names to act on', async () => {
  await renderPage(CoveragePage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'coverage', (input) => (input.region === KANGDING ? coverageOfKangding : lazhuo)),
    ],
  })
  expect(lastInput('registry', 'coverage')).toEqual({ region: KANGDING })
  expect(screen.getByTestId('coverage-total').textContent).toContain('康定市')
  // households by name and village, never by a code; the phone masked
  expect(screen.getByText('格桑 · 嘎拉社区 · 139****2211')).toBeTruthy()
  expect(screen.getByText('扎西卓玛 · 7 户')).toBeTruthy()
  expect(screen.getByText('结对超过 5 户的干部')).toBeTruthy()

  await tap(screen.getByText('拉卓镇 ›'))
  expect(lastInput('registry', 'coverage')).toEqual({ region: LAZHUO })
  expect(screen.getByTestId('coverage-total').textContent).toContain('拉卓镇')
  await tap(screen.getByText('返回'))
  expect(screen.getByTestId('coverage-total').textContent).toContain('康定市')
})

test('in Tibetan, names in Tibetan; a failed load shows the error and retry loads it', async () => {
  await renderPage(CoveragePage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'coverage', (_input, n) => (n === 1 ? refuse('INTERNAL') : coverageOfKangding)),
    ],
  })
  expect(shownError('INTERNAL')).toContain(bo('error.INTERNAL'))
  await retry()
  expect(screen.getByTestId('coverage-total').textContent).toContain(PLACE.kangding.bo)
  expect(screen.getByText(bo('registry.coverage.byRegion'))).toBeTruthy()
})

test('officials with no household are named; a department without a registered name is never shown by its code', async () => {
  await renderPage(CoveragePage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'coverage', {
        ...coverageOfKangding,
        byDepartment: [
          { ...coverageOfKangding.byDepartment[0]!, key: 'D513300-land', name: { 'zh-Hans': '', bo: '' } },
        ],
        underOfficials: [{ id: 'O2', name: { 'zh-Hans': '李明', bo: 'ལི་མིང་།' }, load: 0 }],
      }),
    ],
  })
  expect(screen.getByTestId('coverage-idle').textContent).toContain('没有结对家庭的干部李明')
  expect(document.body.textContent).not.toContain('D513300-land')
  expect(screen.getByText('未登记名称的单位')).toBeTruthy()
})
