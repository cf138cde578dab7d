import { fireEvent, screen } from '@testing-library/react'
import { SAVED_KEY } from '@/pages/official/households/saved'
import OfficialInvitePage from '@/pages/official/invite/index'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID, householdRows, issuedInvite } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, tap } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(() => {
  freshTaro()
  taroStub.storage.set(SAVED_KEY, JSON.stringify(householdRows))
})

const params = { householdId: HOUSEHOLD_ID }

test('an official invites the head of a paired household: the code binds whoever redeems it as head', async () => {
  await renderPage(OfficialInvitePage, { params, routes: [on(identity, 'inviteHousehold', issuedInvite)] })
  expect(screen.getByText('邀请加入 泽仁拉姆 家')).toBeTruthy()
  fireEvent.click(screen.getByTestId('invite-head'))
  await tap(screen.getByTestId('invite-issue'))

  expect(lastInput('identity', 'inviteHousehold')).toEqual({ householdId: HOUSEHOLD_ID, head: true })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(screen.getByTestId('invite-card').textContent).toContain('邀请加入 泽仁拉姆 家')
})

test('a household the official is not paired with is refused, in Tibetan', async () => {
  await renderPage(OfficialInvitePage, {
    lang: 'bo',
    params,
    routes: [on(identity, 'inviteHousehold', refuse('FORBIDDEN'))],
  })
  expect(screen.getByText(bo('invite.forHousehold', { name: 'ཚེ་རིང་ལྷ་མོ།' }))).toBeTruthy()
  await tap(screen.getByTestId('invite-issue'))
  expect(lastInput('identity', 'inviteHousehold')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByRole('alert').textContent).toBe(bo('error.FORBIDDEN'))
  expect(screen.queryByTestId('invite-card')).toBeNull()
})
