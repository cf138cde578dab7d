import { screen } from '@testing-library/react'
import MeSummary from '@/components/MeSummary'
import { identity } from '@shared/contracts/identity'
import type { ActionOutput } from '@shared/contract'
import { KANGDING, PLACE, officeMe, officialMe } from '../fixtures'
import { bo, freshTaro, on, renderPage } from '../helpers'

beforeEach(freshTaro)

const departmentMe: ActionOutput<typeof identity, 'me'> = {
  bound: true,
  roles: [{ role: 'department', departmentId: 'D513301-mz' }],
  cards: [
    {
      key: 'department:D513301-mz',
      grant: { role: 'department', departmentId: 'D513301-mz' },
      label: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' },
      regionNames: [],
      department: { id: 'D513301-mz', name: { 'zh-Hans': '康定市民政局', bo: 'དར་རྩེ་མདོ་གྲོང་ཁྱེར་དམངས་སྲིད་ཅུས' } },
    },
  ],
}

test('an office role is named by its region and level, never by its code', async () => {
  await renderPage(MeSummary, { routes: [on(identity, 'me', officeMe)] })
  const roles = [...screen.getByTestId('me').querySelectorAll('[data-role]')].map((r) => r.textContent)
  expect(roles).toEqual(['工作办公室负责区域：康定市 · 县级', '审核人负责区域：康定市 · 县级'])
  expect(screen.getByTestId('me').textContent).not.toContain(KANGDING)
})

test('in Tibetan the region and level are Tibetan', async () => {
  await renderPage(MeSummary, { lang: 'bo', routes: [on(identity, 'me', officialMe)] })
  const text = screen.getByTestId('me').textContent ?? ''
  expect(text).toContain(`${PLACE.kangding.bo} · ${bo('level.county')}`)
  expect(text).not.toContain(KANGDING)
})

test('a department role shows the department’s name', async () => {
  await renderPage(MeSummary, { routes: [on(identity, 'me', departmentMe)] })
  expect(screen.getByTestId('me').textContent).toContain('康定市民政局')
  expect(screen.getByTestId('me').textContent).not.toContain('D513301-mz')
})
