import { screen } from '@testing-library/react'
import ReliefRatesPage from '@/pages/office/relief/rates'
import type { ActionOutput } from '@shared/contract'
import type { RatesRow } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import { GALA, KANGDING, LAZHUO, PLACE } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type View = ActionOutput<typeof requests, 'rates'>

const counters = (c: Partial<RatesRow['counters']>): RatesRow['counters'] => ({
  collected: 0,
  assigned: 0,
  responded: 0,
  answered: 0,
  solved: 0,
  solvedOnTime: 0,
  rated: 0,
  satisfied: 0,
  merged: 0,
  closed: 0,
  unconfirmed: 0,
  ...c,
})
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null)
function row(key: string, kind: RatesRow['kind'], name: RatesRow['name'], c: Partial<RatesRow['counters']>): RatesRow {
  const all = counters(c)
  return {
    key,
    kind,
    name,
    counters: all,
    rates: {
      response: share(all.responded, all.assigned),
      solution: share(all.solved, all.answered),
      onTime: share(all.solvedOnTime, all.solved),
      satisfaction: share(all.satisfied, all.rated),
    },
  }
}

const BAO = '513301101000'
const baoName = { 'zh-Hans': '炉城镇', bo: 'དར་མདོ་གྲོང་རྡལ' }
const civil = { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོའི་མི་དམངས་སྲིད་དོན་ཅུས' }

const county: View = {
  region: { code: KANGDING, name: PLACE.kangding, level: 'county' },
  total: row(KANGDING, 'region', PLACE.kangding, {
    collected: 40,
    assigned: 40,
    responded: 36,
    answered: 20,
    solved: 18,
    solvedOnTime: 15,
    rated: 16,
    satisfied: 12,
  }),
  byRegion: [
    row(LAZHUO, 'region', PLACE.lazhuo, {
      collected: 30,
      assigned: 30,
      responded: 27,
      answered: 10,
      solved: 9,
      rated: 8,
      satisfied: 8,
    }),
    row(BAO, 'region', baoName, {
      collected: 10,
      assigned: 10,
      responded: 9,
      answered: 10,
      solved: 9,
      rated: 8,
      satisfied: 4,
    }),
    // a township with nothing counted: no data, not 0 %
    row('513301102000', 'region', { 'zh-Hans': '姑咱镇', bo: 'ཀུ་ཙ་གྲོང་རྡལ' }, {}),
  ],
  byUnit: [
    row(`office:${KANGDING}`, 'office', PLACE.kangding, { collected: 4, assigned: 4, responded: 1 }),
    row('department:D513301-civil', 'department', civil, {
      assigned: 12,
      responded: 12,
      answered: 6,
      solved: 6,
      rated: 5,
      satisfied: 5,
    }),
  ],
}

const cells = (r: Element) => [...r.querySelectorAll('.relief-rates__cell')].map((c) => c.textContent)

test('the region’s figures and rates, its townships by name side by side, and the units at its level', async () => {
  await renderPage(ReliefRatesPage, { routes: [on(requests, 'rates', county)] })
  expect(lastInput('requests', 'rates')).toEqual({})
  const total = screen.getByTestId('rates-total')
  expect(total.textContent).toContain(PLACE.kangding['zh-Hans'])
  expect(screen.getByTestId('total-collected').textContent).toBe(`40${zh('rates.collected')}`)
  expect(screen.getByTestId('total-response').textContent).toBe(`90.0%${zh('rates.response')}`)
  expect(screen.getByTestId('total-solution').textContent).toBe(`90.0%${zh('rates.solution')}`)
  expect(screen.getByTestId('total-satisfaction').textContent).toBe(`75.0%${zh('rates.satisfaction')}`)
  expect(total.textContent).toContain(zh('rates.legend'))

  const regions = screen.getByTestId('rates-regions').querySelectorAll('[data-testid="rates-row"]')
  // by name first; no codes on screen
  expect([...regions].map((r) => r.getAttribute('data-key'))).toEqual(
    [LAZHUO, BAO, '513301102000'].sort((a, b) => {
      const names: Record<string, string> = { [LAZHUO]: '拉卓镇', [BAO]: '炉城镇', '513301102000': '姑咱镇' }
      return names[a]!.localeCompare(names[b]!, 'zh-Hans-CN')
    }),
  )
  expect(screen.getByTestId('rates-regions').textContent).not.toContain(LAZHUO)
  const lazhuo = [...regions].find((r) => r.getAttribute('data-key') === LAZHUO)!
  expect(cells(lazhuo)).toEqual(['拉卓镇 ›', '30', '90.0%', '90.0%', '100.0%'])
  const empty = [...regions].find((r) => r.getAttribute('data-key') === '513301102000')!
  expect(cells(empty)).toEqual(['姑咱镇 ›', '0', '—', '—', '—'])

  const units = screen.getByTestId('rates-units').querySelectorAll('[data-testid="rates-row"]')
  expect([...units].map((u) => cells(u)[0])).toEqual(
    expect.arrayContaining([zh('rates.office', { place: '康定市' }), '康定市民政局']),
  )
  expect(cells([...units].find((u) => u.getAttribute('data-key') === `office:${KANGDING}`)!)).toEqual([
    zh('rates.office', { place: '康定市' }),
    '4',
    '25.0%',
    '—',
    '—',
  ])

  await tap(lazhuo)
  expect(taroStub.navigations).toEqual([{ kind: 'navigateTo', url: `/pages/office/relief/rates?region=${LAZHUO}` }])
})

test('a heading sorts by its column, highest first, again lowest first; rows with no figure stay last', async () => {
  await renderPage(ReliefRatesPage, { routes: [on(requests, 'rates', county)] })
  const table = screen.getByTestId('rates-regions')
  const order = () => [...table.querySelectorAll('[data-testid="rates-row"]')].map((r) => r.getAttribute('data-key'))
  await tap(screen.getAllByTestId('sort-satisfaction')[0]!)
  expect(table.getAttribute('data-sort')).toBe('satisfaction:desc')
  expect(order()).toEqual([LAZHUO, BAO, '513301102000'])
  await tap(screen.getAllByTestId('sort-satisfaction')[0]!)
  expect(order()).toEqual([BAO, LAZHUO, '513301102000'])
  await tap(screen.getAllByTestId('sort-solution')[0]!)
  expect(screen.getAllByTestId('sort-solution')[0]!.getAttribute('aria-sort')).toBe('descending')
  // equal solution rates: by name
  expect(order().slice(0, 2).sort()).toEqual([LAZHUO, BAO].sort())
  await tap(screen.getAllByTestId('sort-collected')[0]!)
  expect(order()).toEqual([LAZHUO, BAO, '513301102000'])
})

test('a township’s villages do not open further; the region named in the address is asked for', async () => {
  const township: View = {
    region: { code: LAZHUO, name: PLACE.lazhuo, level: 'township' },
    total: row(LAZHUO, 'region', PLACE.lazhuo, { collected: 3 }),
    byRegion: [row(GALA, 'region', PLACE.gala, { collected: 3 })],
    byUnit: [],
  }
  await renderPage(ReliefRatesPage, { params: { region: LAZHUO }, routes: [on(requests, 'rates', township)] })
  expect(lastInput('requests', 'rates')).toEqual({ region: LAZHUO })
  const gala = screen.getAllByTestId('rates-row')[0]!
  expect(cells(gala)[0]).toBe('嘎拉社区')
  await tap(gala)
  expect(taroStub.navigations).toEqual([])
  expect(screen.getByText(zh('rates.noUnits'))).toBeTruthy()
})

test('department staff: their department’s units by place; in Tibetan, with a refusal and retry', async () => {
  const department: View = {
    total: row('department:D513301-civil', 'department', civil, { assigned: 2, responded: 1 }),
    byRegion: [],
    byUnit: [
      {
        ...row(`department:D513301-civil:${LAZHUO}`, 'department', civil, { assigned: 2, responded: 1 }),
        place: PLACE.lazhuo,
      },
    ],
  }
  await renderPage(ReliefRatesPage, {
    lang: 'bo',
    routes: [on(requests, 'rates', (_input, n) => (n === 1 ? refuse('FORBIDDEN') : department))],
  })
  expect(shownError('FORBIDDEN')).toBeTruthy()
  await retry()
  expect(screen.queryByTestId('rates-regions')).toBeNull()
  expect(screen.getByText(bo('rates.units'))).toBeTruthy()
  const unit = screen.getAllByTestId('rates-row')[0]!
  expect(cells(unit)).toEqual([`${civil.bo} · ${PLACE.lazhuo.bo}`, '2', '50.0%', '—', '—'])
  // a unit collects nothing itself: what was assigned to it is its count
  expect(screen.getByTestId('rates-units').textContent).toContain(bo('rates.assigned'))
  expect(screen.getByTestId('total-assigned').textContent).toBe(`2${bo('rates.assigned')}`)
  expect(screen.getByTestId('rates-total').textContent).toContain(civil.bo)
})
