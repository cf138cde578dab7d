import { fireEvent, screen } from '@testing-library/react'
import HouseholdInvitePage from '@/pages/household/invite/index'
import { identity } from '@shared/contracts/identity'
import { householdMe, issuedInvite } from '../../fixtures'
import {
  bo,
  callsTo,
  freshTaro,
  lastInput,
  on,
  OFFLINE,
  refuse,
  renderPage,
  retry,
  settle,
  shownError,
  tap,
} from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

function qrImage(): HTMLImageElement {
  const image = screen.getByTestId('invite-qr') as HTMLImageElement
  expect(image.tagName).toBe('IMG')
  return image
}

test('a household head issues a code: QR image, digits grouped 4-4, expiry and copy, in Chinese', async () => {
  await renderPage(HouseholdInvitePage, {
    routes: [on(identity, 'me', householdMe), on(identity, 'inviteHousehold', issuedInvite)],
  })
  await tap(screen.getByTestId('invite-issue'))

  expect(lastInput('identity', 'inviteHousehold')).toEqual({ householdId: 'H5133011000010001' })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(qrImage().getAttribute('src')).toMatch(/^data:image\/gif;base64,[A-Za-z0-9+/=]{100,}$/)
  const card = screen.getByTestId('invite-card').textContent ?? ''
  expect(card).toContain('邀请加入 泽仁拉姆 家')
  expect(card).toContain('有效期至 2026-12-06 18:30')

  fireEvent.click(screen.getByTestId('invite-copy'))
  await settle()
  expect(taroStub.setClipboardData).toHaveBeenCalledWith({ data: '48213907' })
  expect(screen.getByTestId('invite-copy').textContent).toBe('已复制')

  // "invite another" goes back to the form, ready for the next code
  await tap(screen.getByTestId('invite-another'))
  expect(screen.queryByTestId('invite-card')).toBeNull()
  expect(screen.getByTestId('invite-issue').textContent).toBe('生成邀请码')
})

test('the same card in Tibetan', async () => {
  await renderPage(HouseholdInvitePage, {
    lang: 'bo',
    routes: [on(identity, 'me', householdMe), on(identity, 'inviteHousehold', issuedInvite)],
  })
  await tap(screen.getByTestId('invite-issue'))

  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(qrImage().getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
  const card = screen.getByTestId('invite-card').textContent ?? ''
  expect(card).toContain(bo('invite.forHousehold', { name: 'ཚེ་རིང་ལྷ་མོ།' }))
  expect(card).toContain(bo('invite.expiresAt', { time: '2026-12-06 18:30' }))
  expect(screen.getByTestId('invite-copy').textContent).toBe(bo('invite.copy'))
})

test('the member limit refusal is shown as the server worded it, in Tibetan', async () => {
  await renderPage(HouseholdInvitePage, {
    lang: 'bo',
    routes: [
      on(identity, 'me', householdMe),
      on(identity, 'inviteHousehold', refuse('CONFLICT', 'invite.memberLimit', { max: 6 })),
    ],
  })
  await tap(screen.getByTestId('invite-issue'))

  const alert = screen.getByRole('alert')
  expect(alert.textContent).toBe('ཁྱིམ་ཚང་རེར་ཁྱིམ་མི་ 6 ལས་འབྲེལ་མཐུད་བྱེད་མི་ཆོག ཚད་གཞི་ལ་སླེབས་ཟིན།')
  expect(alert.getAttribute('data-reason')).toBe('invite.memberLimit')
  expect(screen.queryByTestId('invite-card')).toBeNull()
})

test('a member who is not the head is told so in Chinese', async () => {
  await renderPage(HouseholdInvitePage, {
    routes: [on(identity, 'me', householdMe), on(identity, 'inviteHousehold', refuse('FORBIDDEN', 'invite.notHead'))],
  })
  await tap(screen.getByTestId('invite-issue'))
  expect(screen.getByRole('alert').textContent).toBe('只有户主可以邀请家庭成员')
})

test('without signal the screen says so instead of the form, and retry brings the form', async () => {
  await renderPage(HouseholdInvitePage, {
    routes: [on(identity, 'me', (_input, n) => (n === 1 ? OFFLINE : householdMe))],
  })
  expect(shownError('UNAVAILABLE')).toContain('网络不可用，请稍后再试')
  expect(screen.queryByTestId('invite-issue')).toBeNull()

  await retry()
  expect(screen.getByTestId('invite-issue')).toBeTruthy()
  expect(callsTo('identity').filter((c) => c.action === 'me')).toHaveLength(2)
})
