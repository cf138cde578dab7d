import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import OfficeLeadPage from '@/pages/office/requests/lead'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { requests } from '@shared/contracts/requests'
import { GALA, HEAD_NAME, LAZHUO, PLACE, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

const townshipMe = { ...officeMe, roles: [{ role: 'office' as const, region: LAZHUO }], cards: [] }
const villageMe = { ...officeMe, roles: [{ role: 'office' as const, region: GALA }], cards: [] }
const gala: ActionOutput<typeof registry, 'regions'> = {
  region: {
    code: GALA,
    level: 'village',
    name: PLACE.gala,
    hasChildren: false,
    counts: { households: 1, officials: 1 },
  },
  children: [],
  path: [{ code: GALA, level: 'village', name: PLACE.gala }],
}
const households = {
  households: [
    {
      id: 'H1',
      externalId: 'X1',
      headName: HEAD_NAME,
      idNumberMasked: '513301********0021',
      phoneMasked: '138****5678',
      villageCode: GALA,
      memberCount: 4,
      officialIds: [],
    },
  ],
  total: 1,
}
const routes = [on(identity, 'me', villageMe), on(registry, 'regions', gala), on(registry, 'households', households)]

test('a village office finds the household, picks the kind, says what happened, is asked, and sends it', async () => {
  const asks = jest.spyOn(Taro, 'showModal')
  await renderPage(OfficeLeadPage, {
    routes: [
      ...routes,
      on(requests, 'riskLead', (input) => ({
        id: input.id,
        status: 'created' as const,
        unit: { kind: 'department' as const, level: 'county' as const },
        due: '2026-12-20T16:00:00.000Z',
      })),
    ],
  })
  await tap(screen.getByTestId('find-household'))
  expect(screen.getByTestId('lead-household').textContent).toContain(
    zh('riskLead.household', { name: HEAD_NAME['zh-Hans'], village: PLACE.gala['zh-Hans'] }),
  )
  await tap(screen.getByTestId('send-lead'))
  expect(callsTo('requests').filter((c) => c.action === 'riskLead')).toHaveLength(0)
  await tap(screen.getByTestId('kind-sudden'))
  fireEvent.input(screen.getByTestId('lead-text'), { target: { value: '户主务工受伤' } })
  await tap(screen.getByTestId('send-lead'))
  expect((asks.mock.calls.at(-1)?.[0] as { content: string }).content).toBe(
    zh('riskLead.confirm', { kind: zh('riskLead.kind.sudden') }),
  )
  expect(lastInput('requests', 'riskLead')).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    householdId: 'H1',
    kind: 'sudden',
    text: '户主务工受伤',
  })
  expect(taroStub.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: zh('riskLead.done') }))
  expect(taroStub.navigations.at(-1)?.kind).toBe('navigateBack')
})

test('in Tibetan; "change" goes back to the household list', async () => {
  await renderPage(OfficeLeadPage, { lang: 'bo', routes })
  expect(screen.getByTestId('find').textContent).toContain(bo('inbox.find.title'))
  await tap(screen.getByTestId('find-household'))
  expect(screen.getByTestId('kind-edge').textContent).toContain(bo('riskLead.kind.edge'))
  expect(screen.getByTestId('send-lead').textContent).toBe(bo('riskLead.send'))
  await tap(screen.getByTestId('lead-change'))
  expect(screen.getByTestId('find-households')).toBeTruthy()
})

test('a county office is told leads are sent by village and township offices', async () => {
  await renderPage(OfficeLeadPage, { routes: [on(identity, 'me', officeMe)] })
  expect(screen.getByTestId('lead-not-local').textContent).toBe(zh('riskLead.notLocal'))
  expect(screen.queryByTestId('find')).toBeNull()
})

test('the office home offers village and township offices a lead and every work office a raised request', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', townshipMe)] })
  expect((await screen.findByTestId('open-office-lead')).textContent).toContain(zh('inbox.lead.title'))
  expect(screen.getByTestId('open-raise').textContent).toContain(zh('inbox.raise.title'))
})

test('a county office gets the raised request but no lead', async () => {
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', officeMe)] })
  expect(await screen.findByTestId('open-raise')).toBeTruthy()
  expect(screen.queryByTestId('open-office-lead')).toBeNull()
})

test('department staff get neither', async () => {
  const departmentMe = { ...officeMe, roles: [{ role: 'department' as const, departmentId: 'D1' }], cards: [] }
  await renderPage(OfficeHomePage, { routes: [on(identity, 'me', departmentMe)] })
  expect(await screen.findByTestId('open-requests')).toBeTruthy()
  expect(screen.queryByTestId('open-raise')).toBeNull()
  expect(screen.queryByTestId('open-office-lead')).toBeNull()
})
