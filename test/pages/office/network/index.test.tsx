import { screen } from '@testing-library/react'
import NetworkPage from '@/pages/office/network/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { KANGDING, officeMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, OFFLINE, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

type Network = ActionOutput<typeof registry, 'network'>
const unit = (id: string, zh: string, bo: string): Network['units'][number] => ({
  id,
  kind: 'centre',
  name: { 'zh-Hans': zh, bo },
  regionPath: [KANGDING],
  members: 12,
  cultivators: 3,
  lead: { 'zh-Hans': '扎西卓玛', bo: 'བཀྲ་ཤིས་སྒྲོལ་མ།' },
})
const counts = { centres: 2, studios: 5, teams: 9, cultivators: 40 }
const first: Network = { counts, units: [unit('U1', '康定市石榴籽工作中心', 'དར་རྩེ་མདོའི་ལས་དོན་ལྟེ་བ།')], more: true }
const studios: Network = { counts, units: [{ ...unit('U9', '嘎拉社区石榴籽工作室', ''), kind: 'studio' }], more: false }
const second: Network = { counts, units: [unit('U2', '拉卓镇石榴籽工作中心', '')], more: false }

test('counts by kind and the units a page at a time; a kind chip lists that kind', async () => {
  await renderPage(NetworkPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'network', (input) => (input.kind === 'studio' ? studios : input.offset === 0 ? first : second)),
    ],
  })
  expect(screen.getByTestId('network-counts').textContent).toContain('工作中心 2 · 工作室 5 · 工作队 9 · 育籽员 40')
  expect(screen.getByText('康定市石榴籽工作中心')).toBeTruthy()
  expect(screen.getByText(/扎西卓玛 · 12 人，其中育籽员 3 人/)).toBeTruthy()

  await tap(screen.getByText('加载更多'))
  expect(lastInput('registry', 'network')).toEqual({ region: KANGDING, kind: 'centre', offset: 20, limit: 20 })
  expect(screen.getByText('拉卓镇石榴籽工作中心')).toBeTruthy()
  expect(screen.getByText('康定市石榴籽工作中心')).toBeTruthy()

  await tap(screen.getByText('工作室'))
  expect(lastInput('registry', 'network')).toEqual({ region: KANGDING, kind: 'studio', offset: 0, limit: 20 })
  // another kind starts from its first page: the centres listed before are gone
  expect(screen.getByText('嘎拉社区石榴籽工作室')).toBeTruthy()
  expect(screen.queryByText('康定市石榴籽工作中心')).toBeNull()
})

test('in Tibetan: a failed first load shows the error in Tibetan, and retry loads it', async () => {
  await renderPage(NetworkPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'network', (_input, n) => (n === 1 ? refuse('INTERNAL') : first)),
    ],
  })
  expect(shownError('INTERNAL')).toContain(bo('error.INTERNAL'))
  await retry()
  expect(screen.getByText('དར་རྩེ་མདོའི་ལས་དོན་ལྟེ་བ།')).toBeTruthy()
})

test('a later page that fails keeps the units shown, with the error and its retry below', async () => {
  await renderPage(NetworkPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'network', (input, n) => (input.offset === 0 ? first : n === 2 ? OFFLINE : second)),
    ],
  })
  await tap(screen.getByText('加载更多'))
  expect(screen.getByText('康定市石榴籽工作中心')).toBeTruthy()
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByText('拉卓镇石榴籽工作中心')).toBeTruthy()
  expect(screen.queryByRole('alert')).toBeNull()
})
