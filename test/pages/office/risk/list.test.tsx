import { screen } from '@testing-library/react'
import RiskListPage from '@/pages/office/risk/list'
import { identity } from '@shared/contracts/identity'
import { requests } from '@shared/contracts/requests'
import { bo, freshTaro, lastInput, on, refuse, renderPage, shownError, zh } from '../../helpers'
import { officeMe } from '../../fixtures'

beforeEach(() => freshTaro())

const TOWNSHIP = '513301100000'
const VILLAGE = '513301100001'
const townshipMe: typeof officeMe = {
  ...officeMe,
  roles: [
    { role: 'reviewer', region: TOWNSHIP },
    { role: 'office', region: TOWNSHIP },
  ],
}
const GALA = { 'zh-Hans': '呷拉村', bo: 'ག་ལ་གྲོང་ཚོ།' }
const list = on(requests, 'riskList', (input: { region: string }) => ({
  region: { code: input.region, name: { 'zh-Hans': '拉绰乡', bo: 'ལ་ཚོ་ཤང་།' } },
  items: [
    {
      village: GALA,
      head: { 'zh-Hans': '泽仁拉姆', bo: 'ཚེ་རིང་ལྷ་མོ།' },
      members: 4,
      kind: 'unstable' as const,
      decidedOn: '2026-11-28',
    },
    {
      village: GALA,
      head: { 'zh-Hans': '格桑', bo: 'སྐལ་བཟང་།' },
      members: 2,
      kind: 'sudden' as const,
      decidedOn: '2026-11-30',
    },
  ],
  more: false,
}))

test("the township office's list: its township, one line per household with the village, head, size, kind and day", async () => {
  await renderPage(RiskListPage, { routes: [on(identity, 'me', townshipMe), list] })
  expect(lastInput('requests', 'riskList')).toEqual({ region: TOWNSHIP })
  expect(screen.getByTestId('risk-list-heading').textContent).toBe(zh('riskList.heading', { region: '拉绰乡' }))
  const lines = screen.getAllByTestId('risk-list-line').map((l) => l.textContent)
  expect(lines).toEqual([
    `呷拉村泽仁拉姆4${zh('riskLead.kind.unstable')}2026-11-28`,
    `呷拉村格桑2${zh('riskLead.kind.sudden')}2026-11-30`,
  ])
  expect(screen.getByText(zh('riskList.note'))).toBeTruthy()
})

test('a village named in the route, in Tibetan; an empty list says so', async () => {
  await renderPage(RiskListPage, {
    lang: 'bo',
    params: { region: VILLAGE },
    routes: [on(requests, 'riskList', { region: { code: VILLAGE, name: GALA }, items: [], more: false })],
  })
  expect(lastInput('requests', 'riskList')).toEqual({ region: VILLAGE })
  expect(screen.getByTestId('risk-list-heading').textContent).toBe(bo('riskList.heading', { region: GALA.bo }))
  expect(screen.getByTestId('risk-list-empty').textContent).toBe(bo('riskList.empty'))
})

test('a county office has no list: the screen says why without asking', async () => {
  await renderPage(RiskListPage, {
    routes: [on(identity, 'me', officeMe), on(requests, 'riskList', refuse('FORBIDDEN', 'riskList.localOnly'))],
  })
  expect(lastInput('requests', 'riskList')).toBeUndefined()
  expect(shownError('FORBIDDEN')).toContain(zh('riskList.localOnly'))
})
