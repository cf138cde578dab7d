import { fireEvent, screen } from '@testing-library/react'
import OfficeInvitePage from '@/pages/office/invite/index'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { issuedInvite, KANGDING, officeMe, officialRow } from '../../fixtures'
import { bo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

const roster = on(registry, 'officials', { officials: [officialRow], total: 1 })

test('office staff pick an official from their region and get the code that binds that official', async () => {
  await renderPage(OfficeInvitePage, {
    routes: [on(identity, 'me', officeMe), roster, on(identity, 'inviteOfficial', issuedInvite)],
  })

  expect(lastInput('registry', 'officials')).toEqual({ region: KANGDING, offset: 0, limit: 20 })
  const row = screen.getByTestId('invite-official')
  expect(row.textContent).toContain('扎西卓玛')
  expect(row.textContent).toContain('康定市民政局 · 科员')
  await tap(row.querySelector('button')!)

  expect(lastInput('identity', 'inviteOfficial')).toEqual({ officialId: 'O51330100059' })
  expect(screen.getByTestId('invite-code').textContent).toBe('4821 3907')
  expect(screen.getByTestId('invite-card').textContent).toContain('绑定为干部 扎西卓玛')
  expect((screen.getByTestId('invite-qr') as HTMLImageElement).getAttribute('src')).toMatch(/^data:image\/gif;base64,/)
})

test('the filter narrows the list on the page; typing an id issues for that id', async () => {
  await renderPage(OfficeInvitePage, {
    routes: [on(identity, 'me', officeMe), roster, on(identity, 'inviteOfficial', issuedInvite)],
  })
  fireEvent.change(screen.getByTestId('invite-filter'), { target: { value: '格桑' } })
  expect(screen.queryByTestId('invite-official')).toBeNull()
  expect(screen.getByText('暂无内容')).toBeTruthy()

  fireEvent.change(screen.getByTestId('invite-official-id'), { target: { value: 'O51330100077' } })
  await tap(screen.getByTestId('invite-issue'))
  expect(lastInput('identity', 'inviteOfficial')).toEqual({ officialId: 'O51330100077' })
})

test('in Tibetan: an official out of the office’s authority is refused in Tibetan', async () => {
  await renderPage(OfficeInvitePage, {
    lang: 'bo',
    routes: [on(identity, 'me', officeMe), roster, on(identity, 'inviteOfficial', refuse('FORBIDDEN'))],
  })
  expect(screen.getByTestId('invite-official').textContent).toContain('བཀྲ་ཤིས་སྒྲོལ་མ།')
  await tap(screen.getByTestId('invite-official').querySelector('button')!)
  expect(screen.getByRole('alert').textContent).toBe(bo('error.FORBIDDEN'))
  expect(screen.queryByTestId('invite-card')).toBeNull()
})

test('a roster that fails to load shows the error, and retry loads it', async () => {
  await renderPage(OfficeInvitePage, {
    routes: [
      on(identity, 'me', officeMe),
      on(registry, 'officials', (_input, n) => (n === 1 ? refuse('INTERNAL') : { officials: [officialRow], total: 1 })),
    ],
  })
  expect(shownError('INTERNAL')).toContain('系统出错了，请稍后再试')
  await retry()
  expect(screen.getByTestId('invite-official').textContent).toContain('扎西卓玛')
})
