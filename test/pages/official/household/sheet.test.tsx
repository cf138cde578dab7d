import { fireEvent, screen, within } from '@testing-library/react'
import SheetPage from '@/pages/official/household/sheet'
import { contacts } from '@shared/contracts/contacts'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, settle, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { chinaDay } from '@shared/time'
import { firstRecord, record, storedSheet } from './record'

beforeEach(freshTaro)

const params = { id: HOUSEHOLD_ID }
const saved = on(contacts, 'updateInfoSheet', { version: 4 })

/** a picker set to the option at `index`, as WeChat's selector reports it */
async function choose(within: HTMLElement, testId: string, index: number) {
  const picker = within.querySelector(`[data-testid="${testId}"] input`)
  if (!picker) throw new Error(`no picker ${testId}`)
  fireEvent.change(picker, { target: { value: String(index) } })
  await settle()
}

test('opens with what is stored: members as one line each, income chosen, students, and when it was last confirmed', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', record()), saved] })
  expect(lastInput('contacts', 'householdRecord')).toEqual({ householdId: HOUSEHOLD_ID })
  expect(screen.getByTestId('sheet-confirmed').textContent).toBe('上次确认：2026-06-02，扎西卓玛')
  expect(screen.getAllByTestId('sheet-member').map((m) => m.firstChild?.textContent)).toEqual([
    '泽仁拉姆 · 户主 · 1972 年生 · 小学 · 慢性病 · 放牧',
    '格桑 · 子女 · 2010 年生 · 初中 · 健康 · 在校学生',
  ])
  expect(screen.getByTestId('income-herding').getAttribute('data-on')).toBe('true')
  expect(screen.getByTestId('income-cordyceps').getAttribute('data-on')).toBe('true')
  expect(screen.getByTestId('income-subsidy').getAttribute('data-on')).toBeNull()
  expect((screen.getByTestId('annual-income') as HTMLInputElement).value).toBe('36000')
  expect((screen.getByTestId('student-school') as HTMLInputElement).value).toBe('康定市第二中学')
  expect(screen.queryByTestId('member-editor')).toBeNull()
  expect(screen.getByTestId('save-sheet').textContent).toBe('没有变化，确认')
})

test('nothing changed: one tap records the confirmation with the stored sheet, a toast, and back', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', record()), saved] })
  await tap(screen.getByTestId('save-sheet'))
  expect(lastInput('contacts', 'updateInfoSheet')).toEqual({ householdId: HOUSEHOLD_ID, sheet: storedSheet })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('sheet.confirmed'), icon: 'success' })
  expect(taroStub.navigations).toEqual([{ kind: 'navigateBack', url: '' }])
})

test('a change is a few taps: a member opens, a picker sets the work, a chip adds an income source', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', record()), saved] })
  const child = screen.getAllByTestId('sheet-member')[1]!
  await tap(within(child).getByTestId('edit-member'))
  // WORK: farming, herding, migrant … — the child left school to herd
  await choose(child, 'member-work', 1)
  await tap(screen.getByTestId('income-subsidy'))
  expect(screen.getByTestId('save-sheet').textContent).toBe('保存修改')
  await tap(screen.getByTestId('save-sheet'))
  const input = lastInput('contacts', 'updateInfoSheet') as { sheet: typeof storedSheet }
  expect(input.sheet.members[1]).toEqual({ ...storedSheet.members[1], work: 'herding' })
  expect(input.sheet.members[0]).toEqual(storedSheet.members[0])
  // in the order the sheet lists them, whatever order they were tapped
  expect(input.sheet.incomeSources).toEqual(['herding', 'cordyceps', 'subsidy'])
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('sheet.saved'), icon: 'success' })
})

test('the first time it is filled from the roster; a member the roster left incomplete is opened and marked', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', firstRecord), saved] })
  expect(screen.getByTestId('from-roster').textContent).toBe(zh('sheet.fromRoster'))
  expect(screen.getByTestId('sheet-confirmed').textContent).toBe(zh('sheet.never'))
  await tap(screen.getByTestId('save-sheet'))
  expect(callsTo('contacts').filter((c) => c.action === 'updateInfoSheet')).toHaveLength(0)
  const spouse = screen.getAllByTestId('sheet-member')[1]!
  expect(spouse.getAttribute('data-invalid')).toBe('true')
  const year = spouse.querySelector('[data-field="members.1.birthYear"]')!
  expect(year.getAttribute('data-invalid')).toBe('true')
  expect(screen.getByTestId('form-message').textContent).toBe(zh('form.checkMarked'))

  // the year picker lists this year first; the spouse was born 30 years before
  const thisYear = Number(chinaDay().slice(0, 4))
  await choose(spouse, 'member-birthYear', 30)
  await tap(screen.getByTestId('save-sheet'))
  const input = lastInput('contacts', 'updateInfoSheet') as { sheet: typeof storedSheet }
  expect(input.sheet.members[1]).toMatchObject({ name: '次仁', birthYear: thisYear - 30 })
})

test('a cleared name and a sheet without members are marked, and nothing is sent', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', record()), saved] })
  const head = screen.getAllByTestId('sheet-member')[0]!
  await tap(within(head).getByTestId('edit-member'))
  fireEvent.change(within(head).getByTestId('member-name'), { target: { value: '  ' } })
  await tap(screen.getByTestId('save-sheet'))
  const name = head.querySelector('[data-field="members.0.name"]')!
  expect(name.getAttribute('data-invalid')).toBe('true')
  expect(name.textContent).toContain(zh('validation.required'))

  await tap(within(head).getByTestId('remove-member'))
  const child = screen.getAllByTestId('sheet-member')[0]!
  await tap(within(child).getByTestId('edit-member'))
  await tap(within(child).getByTestId('remove-member'))
  expect(screen.queryAllByTestId('sheet-member')).toHaveLength(0)
  await tap(screen.getByTestId('save-sheet'))
  expect(screen.getByTestId('members-issue').textContent).toBe(zh('validation.required'))
  expect(callsTo('contacts').filter((c) => c.action === 'updateInfoSheet')).toHaveLength(0)
})

test('a new member and a student are added with a few taps', async () => {
  await renderPage(SheetPage, { params, routes: [on(contacts, 'householdRecord', record()), saved] })
  await tap(screen.getByTestId('add-member'))
  const added = screen.getAllByTestId('sheet-member')[2]!
  fireEvent.change(within(added).getByTestId('member-name'), { target: { value: '卓玛' } })
  await choose(added, 'member-relation', 4)
  await choose(added, 'member-birthYear', 1)
  await choose(added, 'member-schooling', 1)
  await choose(added, 'member-health', 1)
  await choose(added, 'member-work', 8)
  await tap(screen.getByTestId('add-student'))
  const student = screen.getAllByTestId('sheet-student')[1]!
  fireEvent.change(within(student).getByTestId('student-name'), { target: { value: '卓玛' } })
  await tap(screen.getByTestId('save-sheet'))
  const input = lastInput('contacts', 'updateInfoSheet') as { sheet: typeof storedSheet }
  expect(input.sheet.members[2]).toEqual({
    name: '卓玛',
    relation: 'grandchild',
    birthYear: Number(chinaDay().slice(0, 4)) - 1,
    schooling: 'preschool',
    health: 'chronic',
    work: 'none',
  })
  expect(input.sheet.students[1]).toEqual({ name: '卓玛', school: '', grade: '' })
})

test('in Tibetan, for a role that may only read it: no editing, and it says who may change it', async () => {
  await renderPage(SheetPage, {
    lang: 'bo',
    params,
    routes: [on(contacts, 'householdRecord', record({ mayEditSheet: false }))],
  })
  expect(screen.getByTestId('sheet-read-only').textContent).toBe(bo('sheet.readOnly'))
  expect(screen.getAllByTestId('sheet-member')[0]!.firstChild?.textContent).toContain(bo('sheet.work.herding'))
  expect(screen.queryByTestId('save-sheet')).toBeNull()
  expect(screen.queryByTestId('edit-member')).toBeNull()
  await tap(screen.getByTestId('income-subsidy'))
  expect(screen.getByTestId('income-subsidy').getAttribute('data-on')).toBeNull()
})
