import { screen } from '@testing-library/react'
import OfficeNoticeRatesPage from '@/pages/office/notices/rates'
import type { ActionOutput } from '@shared/contract'
import { notices } from '@shared/contracts/notices'
import { GALA, KANGDING, LAZHUO, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const rates: ActionOutput<typeof notices, 'readRates'> = {
  roles: 'both',
  readers: 'households',
  rows: [
    { code: LAZHUO, name: PLACE.lazhuo, level: 'township', reads: 30, audience: 40, hasChildren: true },
    { code: GALA, name: PLACE.gala, level: 'village', reads: 0, audience: 0, hasChildren: false },
  ],
  total: { reads: 30, audience: 40 },
}

test('reads by region with the total; a region with regions under it opens one level down', async () => {
  await renderPage(OfficeNoticeRatesPage, { params: { id: 'N7' }, routes: [on(notices, 'readRates', rates)] })
  expect(lastInput('notices', 'readRates')).toEqual({ id: 'N7' })
  const rows = screen.getAllByTestId('rate-row')
  expect(rows[0]!.textContent).toContain('拉卓镇')
  expect(rows[0]!.textContent).toContain('30 / 40（75.0%）')
  expect(rows[1]!.textContent).toContain('0 / 0（—）')
  expect(screen.getByTestId('rates-table').textContent).toContain('合计30 / 40（75.0%）')

  await tap(rows[0]!)
  await tap(rows[1]!)
  expect(taroStub.navigations).toEqual([
    { kind: 'navigateTo', url: `/pages/office/notices/rates?id=N7&region=${LAZHUO}&readers=households` },
  ])
})

test('a notice to both: the officials’ reads are chosen at the top', async () => {
  await renderPage(OfficeNoticeRatesPage, {
    params: { id: 'N7', region: KANGDING },
    routes: [on(notices, 'readRates', (input) => ({ ...rates, readers: input.readers ?? 'households' }))],
  })
  await tap(screen.getByTestId('rates-readers-officials'))
  expect(lastInput('notices', 'readRates')).toEqual({ id: 'N7', region: KANGDING, readers: 'officials' })
  expect(screen.getByTestId('rates-table').getAttribute('data-readers')).toBe('officials')
})

test('in Tibetan: region names in Tibetan; a refusal in Tibetan, and retry', async () => {
  await renderPage(OfficeNoticeRatesPage, {
    lang: 'bo',
    params: { id: 'N7' },
    routes: [on(notices, 'readRates', (_input, n) => (n === 1 ? refuse('FORBIDDEN', 'notice.outsideRegion') : rates))],
  })
  expect(shownError('FORBIDDEN')).toContain(bo('notice.outsideRegion'))
  await retry()
  expect(screen.getAllByTestId('rate-row')[0]!.textContent).toContain(PLACE.lazhuo.bo)
})
