import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import ReassignPage from '@/pages/office/pairing/reassign'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { HEAD_NAME, HOUSEHOLD_ID, KANGDING, OFFICIAL_ID, officeMe, officialDetail, officialRow } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)
beforeEach(() => {
  jest.spyOn(Taro, 'showModal')
})
afterEach(() => jest.restoreAllMocks())

const SUCCESSOR = {
  ...officialRow,
  id: 'O51330100060',
  externalId: 'KD-0060',
  name: { 'zh-Hans': '李明', bo: 'ལི་མིང་།' },
  phoneMasked: '151****0060',
}
const after = {
  ...officialDetail,
  households: [],
  history: [{ ...officialDetail.history[0]!, to: '2026-12-06', endReason: 'retire' }],
}

function modals(): string[] {
  return (jest.mocked(Taro.showModal).mock.calls as [{ content: string }][]).map(([o]) => o.content)
}

async function search(testId: string, text: string) {
  fireEvent.change(screen.getByTestId(`${testId}-query`), { target: { value: text } })
  await tap(screen.getByTestId(`${testId}-find`))
}

test('an official is found by name; their households go to a successor found by name, asked first, and the history reads by name', async () => {
  await renderPage(ReassignPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'findOfficials', (input) =>
        input.active ? { officials: [SUCCESSOR], more: false } : { officials: [officialRow], more: true },
      ),
      on(registry, 'official', (_input, n) => (n === 1 ? officialDetail : after)),
      on(registry, 'reassign', {
        closed: 1,
        opened: 1,
        moves: [{ householdId: HOUSEHOLD_ID, householdName: HEAD_NAME, to: SUCCESSOR.id, toName: SUCCESSOR.name }],
        unassigned: [],
        movedRequests: 2,
        outsideRegion: 1,
      }),
    ],
  })
  await search('official', ' 卓玛 ')
  expect(lastInput('registry', 'findOfficials')).toEqual({ region: KANGDING, query: '卓玛', active: false, limit: 10 })
  const results = screen.getByTestId('official-results')
  expect(results.textContent).toContain('扎西卓玛')
  expect(results.textContent).toContain('康定市民政局 · 科员 · KD-0059 · 151****9948')
  expect(results.textContent).toContain('只列出前 1 名，请输入更完整的姓名')
  await tap(results.querySelector(`[data-official="${OFFICIAL_ID}"]`)!)
  expect(lastInput('registry', 'official')).toEqual({ officialId: OFFICIAL_ID })

  const detail = screen.getByTestId('official-detail')
  expect(detail.textContent).toContain('扎西卓玛 · 康定市民政局')
  expect(detail.textContent).toContain('当前结对 1 户')
  expect(detail.textContent).toContain(`${HEAD_NAME['zh-Hans']} · KD-H-0001 · 139****2211`)
  expect(screen.getByTestId('history').textContent).toContain(`${HEAD_NAME['zh-Hans']} · 2025-03-01 – 至今`)
  expect(screen.getByTestId('history').textContent).not.toContain(HOUSEHOLD_ID)
  expect(screen.getByTestId('successor-nearest')).toBeTruthy()

  // the successor: only officials in post are asked for
  await search('successor', '李明')
  expect(lastInput('registry', 'findOfficials')).toEqual({ region: KANGDING, query: '李明', active: true, limit: 10 })
  await tap(screen.getByTestId('successor-results').querySelector(`[data-official="${SUCCESSOR.id}"]`)!)
  expect(screen.getByTestId('successor').textContent).toContain('接手干部：李明')

  fireEvent.click(screen.getByText('退休'))
  await tap(screen.getByTestId('reassign'), 5)
  expect(modals()).toEqual(['扎西卓玛 的 1 户结对家庭将交给李明，原结对结束（退休）。确认移交吗？'])
  expect(lastInput('registry', 'reassign')).toEqual({
    officialId: OFFICIAL_ID,
    endReason: 'retire',
    toOfficialId: SUCCESSOR.id,
    keepActive: false,
  })
  const result = screen.getByTestId('reassign-result')
  expect(result.textContent).toContain('已移交 1 户，结束原结对 1 条，转交诉求 2 件')
  expect(result.textContent).toContain(`${HEAD_NAME['zh-Hans']} → 李明`)
  expect(screen.getByTestId('reassign-outside').textContent).toBe(
    '1 户不在你负责的区域内，没有调整，由所在区域的办公室处理',
  )
  expect(screen.getByTestId('history').textContent).toContain('2025-03-01 – 2026-12-06 · 退休')
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '结对家庭已移交' }))
})

test('without a successor the question says the nearest official takes over; answering no moves nothing', async () => {
  await renderPage(ReassignPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'findOfficials', { officials: [officialRow], more: false }),
      on(registry, 'official', officialDetail),
    ],
  })
  await search('official', '扎西')
  await tap(screen.getByTestId('official-results').querySelector('[data-official]')!)
  taroStub.confirm = false
  await tap(screen.getByTestId('reassign'), 4)
  expect(modals()).toEqual(['扎西卓玛 的 1 户结对家庭将交给就近的在岗干部，原结对结束（调出）。确认移交吗？'])
  expect(callsTo('registry').filter((c) => c.action === 'reassign')).toEqual([])
})

test('in Tibetan: a name nobody has says so; a refusal is in Tibetan', async () => {
  await renderPage(ReassignPage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'findOfficials', (_input, n) => (n === 1 ? { officials: [], more: false } : refuse('FORBIDDEN'))),
    ],
  })
  await search('official', 'བཀྲ་ཤིས')
  expect(screen.getByText(bo('registry.reassign.noMatch'))).toBeTruthy()
  await search('official', 'བཀྲ་ཤིས')
  expect(screen.getByTestId('import-message').textContent).toBe(bo('error.FORBIDDEN'))
  expect(screen.queryByTestId('official-detail')).toBeNull()
})

test('taking over by oneself is refused in Chinese', async () => {
  await renderPage(ReassignPage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'findOfficials', { officials: [officialRow], more: false }),
      on(registry, 'official', officialDetail),
      on(registry, 'reassign', refuse('INVALID_ARGUMENT', 'registry.reassign.sameOfficial')),
    ],
  })
  await search('official', OFFICIAL_ID)
  await tap(screen.getByTestId('official-results').querySelector('[data-official]')!)
  await tap(screen.getByTestId('reassign'), 4)
  expect(screen.getByTestId('import-message').textContent).toBe('不能移交给本人')
})
