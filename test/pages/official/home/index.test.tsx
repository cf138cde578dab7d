import { screen } from '@testing-library/react'
import OfficialHomePage from '@/pages/official/home/index'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { SAVED_KEY } from '@/pages/official/households/saved'
import { householdRows, officialMe } from '../../fixtures'
import { bo, freshTaro, lastInput, on, OFFLINE, renderPage, retry, shownError, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

test('the official is greeted by name, with their role, and the way to their households and notices', async () => {
  await renderPage(OfficialHomePage, { routes: [on(identity, 'me', officialMe)] })
  const me = screen.getByTestId('me')
  expect(me.textContent).toContain('扎西卓玛，您好')
  expect(me.textContent).toContain('联谊干部')
  expect(lastInput('identity', 'me')).toEqual({})

  await tap(screen.getByTestId('open-households'))
  await tap(screen.getByTestId('open-notices'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/official/households/index',
    '/pages/official/notices/index',
  ])
})

test('in Tibetan the greeting is Tibetan, and the name is asked for in Tibetan', async () => {
  await renderPage(OfficialHomePage, {
    lang: 'bo',
    routes: [on(identity, 'me', { ...officialMe, displayName: 'བཀྲ་ཤིས་སྒྲོལ་མ།' })],
  })
  expect(screen.getByTestId('me').textContent).toContain(bo('official.greeting', { name: 'བཀྲ་ཤིས་སྒྲོལ་མ།' }))
  expect(taroStub.callFunction.mock.calls[0][0].data.lang).toBe('bo')
})

test('without signal the error is shown, and retry greets the official', async () => {
  await renderPage(OfficialHomePage, { routes: [on(identity, 'me', (_i, n) => (n === 1 ? OFFLINE : officialMe))] })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  await retry()
  expect(screen.getByTestId('me').textContent).toContain('扎西卓玛，您好')
})

test('what needs the official, as counts of households, each opening the list narrowed to them', async () => {
  await renderPage(OfficialHomePage, {
    routes: [on(identity, 'me', officialMe), on(contacts, 'myHouseholds', householdRows)],
  })
  expect(screen.getByTestId('count-overdue').textContent).toContain('1 户超期未联系')
  expect(screen.getByTestId('count-unconfirmed').textContent).toContain('1 户的走访待家庭确认')
  await tap(screen.getByTestId('count-overdue'))
  await tap(screen.getByTestId('count-unconfirmed'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual([
    '/pages/official/households/index?filter=overdue',
    '/pages/official/households/index?filter=unconfirmed',
  ])
})

test('nothing overdue and nothing to confirm: said so, and nothing to open', async () => {
  await renderPage(OfficialHomePage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', officialMe),
      on(contacts, 'myHouseholds', {
        households: householdRows.households.map((h) => ({ ...h, overdue: false, unconfirmedVisits: 0 })),
        overdueCount: 0,
        unconfirmedCount: 0,
      }),
    ],
  })
  expect(screen.getByTestId('count-overdue').textContent).toBe(bo('contacts.home.noneOverdue'))
  expect(screen.getByTestId('count-unconfirmed').textContent).toBe(bo('contacts.home.noneUnconfirmed'))
  await tap(screen.getByTestId('count-overdue'))
  expect(taroStub.navigations).toEqual([])
})

test('without signal the counts come from the list kept on the phone', async () => {
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
  await renderPage(OfficialHomePage, {
    routes: [on(identity, 'me', officialMe), on(contacts, 'myHouseholds', OFFLINE)],
  })
  expect(screen.getByTestId('count-overdue').textContent).toContain(zh('contacts.overdueCount', { count: 1 }))
})
