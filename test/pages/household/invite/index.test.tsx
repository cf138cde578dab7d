import { fireEvent, render, screen } from '@testing-library/react'
import HouseholdInvitePage from '../../src/pages/household/invite/index'
import OfficeInvitePage from '../../src/pages/office/invite/index'
import { taroStub } from './stubs/taro'
import { answer, callsTo, freshTaro, settle } from './helpers'

const issued = {
  code: '48213907',
  display: '4821 3907',
  qr: 'shiliuzi:invite:48213907',
  // 2026-12-06 18:30 in Ganzi (UTC+8)
  expiresAt: '2026-12-06T10:30:00.000Z',
}

const headMe = {
  bound: true,
  roles: [{ role: 'household', householdId: 'H5133011000010001', head: true }],
  cards: [
    {
      key: 'household:H5133011000010001',
      grant: { role: 'household', householdId: 'H5133011000010001', head: true },
      label: { 'zh-Hans': '泽仁拉姆', bo: 'ཚེ་རིང་ལྷ་མོ།' },
      regionNames: [],
    },
  ],
}

const clipboard = taroStub.setClipboardData

beforeEach(freshTaro)

function qrImage(): HTMLImageElement {
  const image = screen.getByTestId('invite-qr') as HTMLImageElement
  expect(image.tagName).toBe('IMG')
  return image
}

test('a household head issues a code: QR image, digits grouped 4-4, expiry and copy, in Chinese', async () => {
  answer({
    'identity.me': () => ({ ok: true, data: headMe }),
    'identity.inviteHousehold': () => ({ ok: true, data: issued }),
  })
  render(<HouseholdInvitePage />)
  await settle()
  fireEvent.click(screen.getByTestId('invite-issue'))
  await settle()

  expect(callsTo('identity').find((c) => c.action === 'inviteHousehold')?.data).toEqual({
    householdId: 'H5133011000010001',
  })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(qrImage().getAttribute('src')).toMatch(/^data:image\/gif;base64,[A-Za-z0-9+/=]{100,}$/)
  const card = screen.getByTestId('invite-card').textContent ?? ''
  expect(card).toContain('邀请加入 泽仁拉姆 家')
  expect(card).toContain('有效期至 2026-12-06 18:30')

  fireEvent.click(screen.getByTestId('invite-copy'))
  await settle()
  expect(clipboard).toHaveBeenCalledWith({ data: '48213907' })
  expect(screen.getByTestId('invite-copy').textContent).toBe('已复制')
})

test('the same card in Tibetan', async () => {
  taroStub.storage.set('shiliuzi.lang', 'bo')
  answer({
    'identity.me': () => ({ ok: true, data: headMe }),
    'identity.inviteHousehold': () => ({ ok: true, data: issued }),
  })
  render(<HouseholdInvitePage />)
  await settle()
  fireEvent.click(screen.getByTestId('invite-issue'))
  await settle()

  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(qrImage().getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
  const card = screen.getByTestId('invite-card').textContent ?? ''
  expect(card).toContain('ཚེ་རིང་ལྷ་མོ། ཡི་ཁྱིམ་ཚང་དུ་གདན་ཞུ།')
  expect(card).toContain('2026-12-06 18:30 བར་ནུས་ལྡན།')
  expect(screen.getByTestId('invite-copy').textContent).toBe('གདན་ཞུའི་ཨང་རྟགས་འདྲ་བཤུས།')
})

test('the member limit refusal is shown as the server worded it, in Tibetan', async () => {
  taroStub.storage.set('shiliuzi.lang', 'bo')
  const limit = 'ཁྱིམ་ཚང་རེར་ཁྱིམ་མི་ 6 ལས་འབྲེལ་མཐུད་བྱེད་མི་ཆོག ཚད་གཞི་ལ་སླེབས་ཟིན།'
  answer({
    'identity.me': () => ({ ok: true, data: headMe }),
    'identity.inviteHousehold': () => ({
      ok: false,
      error: { code: 'CONFLICT', reason: 'invite.memberLimit', message: limit },
    }),
  })
  render(<HouseholdInvitePage />)
  await settle()
  fireEvent.click(screen.getByTestId('invite-issue'))
  await settle()

  const alert = screen.getByRole('alert')
  expect(alert.textContent).toBe(limit)
  expect(alert.getAttribute('data-reason')).toBe('invite.memberLimit')
  expect(screen.queryByTestId('invite-card')).toBeNull()
})

test('a member who is not the head is told so in Chinese', async () => {
  answer({
    'identity.me': () => ({ ok: true, data: headMe }),
    'identity.inviteHousehold': () => ({
      ok: false,
      error: { code: 'FORBIDDEN', reason: 'invite.notHead', message: '只有户主可以邀请家庭成员' },
    }),
  })
  render(<HouseholdInvitePage />)
  await settle()
  fireEvent.click(screen.getByTestId('invite-issue'))
  await settle()
  expect(screen.getByRole('alert').textContent).toBe('只有户主可以邀请家庭成员')
})

test('office staff pick an official from their region and get the code that binds that official', async () => {
  const official = {
    id: 'O51330100059',
    externalId: 'KD-0059',
    name: { 'zh-Hans': '扎西卓玛', bo: 'བཀྲ་ཤིས་སྒྲོལ་མ།' },
    departmentId: 'D1',
    department: { 'zh-Hans': '康定市民政局', bo: '' },
    regionPath: ['513300000000', '513301000000'],
    position: { 'zh-Hans': '科员', bo: '' },
    phoneMasked: '151****9948',
    active: true,
  }
  answer({
    'identity.me': () => ({
      ok: true,
      data: { bound: true, roles: [{ role: 'office', region: '513301000000' }], cards: [] },
    }),
    'registry.officials': () => ({ ok: true, data: { officials: [official], total: 1 } }),
    'identity.inviteOfficial': () => ({ ok: true, data: issued }),
  })
  render(<OfficeInvitePage />)
  await settle()
  await settle()

  expect(callsTo('registry')[0]?.data).toEqual({ region: '513301000000', offset: 0, limit: 20 })
  const row = screen.getByTestId('invite-official')
  expect(row.textContent).toContain('扎西卓玛')
  fireEvent.click(row.querySelector('button')!)
  await settle()

  expect(callsTo('identity').find((c) => c.action === 'inviteOfficial')?.data).toEqual({ officialId: 'O51330100059' })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(screen.getByTestId('invite-card').textContent).toContain('绑定为干部 扎西卓玛')
  expect(qrImage().getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
})
