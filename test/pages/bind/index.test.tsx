import { fireEvent, screen } from '@testing-library/react'
import BindPage from '@/pages/bind/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { GALA, HEAD_NAME, HOUSEHOLD_ID, OFFICIAL_ID, OFFICIAL_NAME } from '../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, tap } from '../helpers'
import { taroStub } from '../stubs/taro'

beforeEach(freshTaro)

const joined: ActionOutput<typeof identity, 'redeemInvite'> = {
  grant: { role: 'household', householdId: HOUSEHOLD_ID, regionPath: [GALA] },
  name: HEAD_NAME,
}

function typeCode(code: string) {
  fireEvent.change(screen.getByTestId('bind-code'), { target: { value: code } })
}

test('a family member types the 8 digits read out to them and joins the household', async () => {
  await renderPage(BindPage, {
    routes: [on(identity, 'redeemInvite', joined)],
  })
  typeCode('4821390')
  // the button waits for all 8 digits; what is typed is shown grouped, as it is read out
  expect((screen.getByTestId('bind-submit') as HTMLButtonElement).disabled).toBe(true)
  typeCode('48213907')
  expect(screen.getByText('4821 3907')).toBeTruthy()
  await tap(screen.getByTestId('bind-submit'))

  expect(lastInput('identity', 'redeemInvite')).toEqual({ code: '48213907' })
  expect(screen.getByTestId('bind-done').textContent).toContain('绑定成功：您已是 泽仁拉姆 家的成员')
  fireEvent.click(screen.getByText('进入'))
  expect(taroStub.navigations).toEqual([{ kind: 'reLaunch', url: '/pages/start/index' }])
})

test('an official binds in Tibetan and is greeted by their Tibetan name', async () => {
  await renderPage(BindPage, {
    lang: 'bo',
    routes: [
      on(identity, 'redeemInvite', { grant: { role: 'official', officialId: OFFICIAL_ID }, name: OFFICIAL_NAME }),
    ],
  })
  typeCode('48213907')
  await tap(screen.getByTestId('bind-submit'))
  expect(screen.getByTestId('bind-done').textContent).toContain(bo('bind.doneOfficial', { name: 'བཀྲ་ཤིས་སྒྲོལ་མ།' }))
})

test('an expired code is refused in the user’s language, and the code can be typed again', async () => {
  await renderPage(BindPage, {
    routes: [on(identity, 'redeemInvite', (_input, n) => (n === 1 ? refuse('NOT_FOUND', 'invite.expired') : joined))],
  })
  typeCode('48213907')
  await tap(screen.getByTestId('bind-submit'))
  const alert = screen.getByRole('alert')
  expect(alert.textContent).toBe('邀请码已过期，请联系发码人重新生成')
  expect(alert.getAttribute('data-reason')).toBe('invite.expired')

  typeCode('11112222')
  await tap(screen.getByTestId('bind-submit'))
  expect(screen.getByTestId('bind-done')).toBeTruthy()
})

test('in Tibetan, a used code is refused in Tibetan', async () => {
  await renderPage(BindPage, { lang: 'bo', routes: [on(identity, 'redeemInvite', refuse('CONFLICT', 'invite.used'))] })
  typeCode('48213907')
  await tap(screen.getByTestId('bind-submit'))
  expect(screen.getByRole('alert').textContent).toBe(bo('invite.used'))
})
